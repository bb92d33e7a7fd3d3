"""`python -m graphbuild` is the `kg` command."""
from graphbuild.cli import main

main()
