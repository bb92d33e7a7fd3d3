"""Progress shows on a terminal and stays silent anywhere else."""
import io

from graphbuild.progress import Meter


def test_a_terminal_sees_each_phase_and_the_line_is_cleared_after() -> None:
    out = io.StringIO()
    with Meter(stream=out, enabled=True, per_second=1e9) as report:
        report("extract", 1, 4)
        report("extract", 4, 4)
        report("build", 10, None)
    text = out.getvalue()
    assert "extract  1/4" in text and "extract  4/4" in text and "build  10" in text
    assert text.endswith("\r")  # the last line is wiped, so the summary starts on a clean line


def test_a_pipe_or_a_log_sees_nothing(monkeypatch) -> None:
    out = io.StringIO()  # not a terminal
    with Meter(stream=out) as report:
        for i in range(100):
            report("extract", i, 100)
    assert out.getvalue() == ""
