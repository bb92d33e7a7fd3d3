"""A real Oxigraph server for tests: `oxigraph serve` on a free local port, in a temporary folder.

Import the fixture into a test module (`from support.oxigraph import oxigraph_server`). When the
binary is missing the tests skip, except on CI (CI=true) where a missing store is a failure.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import unavailable

STARTUP_SECONDS = 20.0


def oxigraph_binary() -> str | None:
    """The `oxigraph` executable next to the running Python (the venv), else on PATH."""
    local = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    return str(local) if local.is_file() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status < 500
    except urllib.error.HTTPError as err:
        return err.code < 500
    except OSError:
        return False


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """Start `oxigraph serve`, wait until it answers, yield its base URL, stop it."""
    binary = oxigraph_binary()
    if binary is None:
        message = "oxigraph binary not found (pip install oxigraph)"
        unavailable(message)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "oxigraph.log").open("wb")
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(url + "/"):
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                output = (tmp_path / "oxigraph.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"oxigraph did not start on {url} (exit code {process.poll()}): {output}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
