"""A plain (non-editable) install works: the wheel carries the knowledge files and the sample corpus.

Builds the wheel, installs it into a fresh virtual environment and runs the main job from an
unrelated folder, as a user would after `pip install graphbuild`. The fresh environment gets the
dependencies of the test environment through a path file (no network), not its graphbuild.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "-w", str(work / "dist"), str(ROOT)], check=True, capture_output=True)
    wheels = list((work / "dist").glob("graphbuild-*.whl"))
    assert len(wheels) == 1
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--force-reinstall", str(wheels[0])], check=True, capture_output=True)
    # only now the dependencies (installed before, pip would take the test environment's graphbuild for this one)
    (site / "_test_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return env_dir


def _run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], check=False, cwd=cwd, env=environ, capture_output=True, text=True,
                          timeout=300)


def test_wheel_carries_knowledge_and_runs_the_main_job(installed: Path, tmp_path: Path) -> None:
    python = installed / "bin" / "python"
    where = _run(installed, python, "-c", "import graphbuild; print(graphbuild.__file__)", cwd=tmp_path)
    assert str(installed) in where.stdout, where.stdout + where.stderr  # the wheel's copy, not the checkout
    result = _run(installed, installed / "bin" / "kg", "build", "--formats", "all", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml", "graph.gexf", "csv/nodes.csv"):
        assert (tmp_path / "data" / name).stat().st_size > 0, name
    rows = _run(installed, installed / "bin" / "kg", "query", "agency_load", "--top", "3", "--format", "json",
                cwd=tmp_path)
    assert rows.returncode == 0, rows.stderr
    assert len(json.loads(rows.stdout)) == 3


def test_version_from_console_script_and_module(installed: Path, tmp_path: Path) -> None:
    from graphbuild import __version__

    for command in ([installed / "bin" / "kg", "--version"], [installed / "bin" / "python", "-m", "graphbuild",
                                                              "--version"]):
        result = _run(installed, *command, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().endswith(__version__)
