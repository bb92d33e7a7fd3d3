"""Progress of long steps (extract, build, export, load) on a terminal, and silence everywhere else.

Library functions take a `Report` callback, `report(phase, done, total)`, and know nothing about
terminals; the CLI passes `Meter(...)`, which draws one self-overwriting line per phase on stderr
when stderr is a terminal and prints nothing when it is not (a pipe, a log file, a test).

    >>> import io
    >>> out = io.StringIO()
    >>> with Meter(stream=out) as report:
    ...     report("extract", 1, 2)
    ...     report("extract", 2, 2)
    >>> out.getvalue()  # not a terminal: quiet
    ''
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Self

Report = Callable[[str, int, int | None], None]  # (phase, done, total or None when unknown)


def quiet(phase: str, done: int, total: int | None) -> None:
    """A Report that reports nothing."""


class Meter:
    """A Report drawing `phase  done/total  rate  eta` on a terminal, at most `per_second` times a second."""

    def __init__(self, stream: IO[str] | None = None, enabled: bool | None = None, per_second: float = 8.0) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled if enabled is not None else bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = 1.0 / per_second
        self.phase: str | None = None
        self.started = self.drawn = 0.0
        self.width = 0

    def __call__(self, phase: str, done: int, total: int | None = None) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if phase != self.phase:
            self._finish()
            self.phase, self.started, self.drawn = phase, now, 0.0
        if now - self.drawn < self.interval and (total is None or done < total):
            return
        self.drawn = now
        elapsed = max(now - self.started, 1e-9)
        text = f"{phase}  {done}" + (f"/{total}" if total else "")
        if done and elapsed > 0.5:
            text += f"  {done / elapsed:.0f}/s"
            if total and done < total:
                text += f"  {(total - done) * elapsed / done:.0f} s left"
        self.stream.write("\r" + text.ljust(self.width))
        self.width = len(text)
        self.stream.flush()

    def _finish(self) -> None:
        if self.phase is not None and self.width:
            self.stream.write(f"\r{' ' * self.width}\r")
            self.stream.flush()
        self.width = 0

    def close(self) -> None:
        if self.enabled:
            self._finish()
        self.phase = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
