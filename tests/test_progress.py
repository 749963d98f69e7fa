"""The progress line: on a terminal, for large inputs, never with --json or
-q, never when stderr is not a terminal."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest

from xsif import cli, samples
from xsif.read import progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_line_shows_octets_records_rate_and_time_left() -> None:
    out = FakeTerminal()
    ticks = itertools.count(0.0, 0.5)
    bar = progress.Progress(out, "guest.xsi", total=1 << 30, clock=lambda: next(ticks))
    bar.advance(octets=256 << 20, records=64)
    text = out.getvalue()
    assert text.startswith("\rguest.xsi: [######")
    assert "25%" in text and "256.0 MiB of 1.00 GiB" in text and "64 records" in text
    assert "MiB/s" in text and "s left" in text
    bar.finish()
    assert out.getvalue().endswith("\r\x1b[K")


def test_unknown_size_shows_no_bar_until_the_threshold() -> None:
    out = FakeTerminal()
    ticks = itertools.count(0.0, 1.0)
    bar = progress.Progress(out, "<stdin>", total=None, clock=lambda: next(ticks))
    bar.advance(octets=1 << 20)
    assert out.getvalue() == ""
    bar.advance(octets=progress.THRESHOLD)
    assert "<stdin>:" in out.getvalue() and "left" not in out.getvalue()
    assert "#" not in out.getvalue() and "%" not in out.getvalue()


def test_redraws_at_most_every_interval() -> None:
    out = FakeTerminal()
    now = [0.0]
    bar = progress.Progress(out, "x", total=1 << 30, clock=lambda: now[0])
    for _ in range(100):
        now[0] += progress.INTERVAL / 10
        bar.advance(octets=1 << 20)
    assert 8 <= out.getvalue().count("\r") <= 11


@pytest.fixture
def image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(progress, "THRESHOLD", 0)  # a small image counts as large
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    path = tmp_path / "guest.xsi"
    path.write_bytes(samples.standard().build())
    return path


def _run(args: list[str], stderr: io.StringIO, monkeypatch: pytest.MonkeyPatch
         ) -> tuple[int, str]:
    monkeypatch.setattr("sys.stderr", stderr)
    stdout = io.StringIO()
    monkeypatch.setattr("sys.stdout", stdout)
    return cli.main(args), stdout.getvalue()


def test_shown_on_a_terminal_and_erased(image: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    err = FakeTerminal()
    code, out = _run(["validate", str(image)], err, monkeypatch)
    assert code == 0 and ": OK" in out
    assert "records" in err.getvalue() and err.getvalue().endswith("\r\x1b[K")


@pytest.mark.parametrize("flag", ["--json", "-q", "--quiet", "--no-progress"])
def test_not_with_json_or_quiet(image: Path, monkeypatch: pytest.MonkeyPatch, flag: str) -> None:
    err = FakeTerminal()
    code, _ = _run(["validate", flag, str(image)], err, monkeypatch)
    assert code == 0 and err.getvalue() == ""


def test_not_when_stderr_is_not_a_terminal(image: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    code, _ = _run(["validate", str(image)], err, monkeypatch)
    assert code == 0 and err.getvalue() == ""


def test_not_for_small_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "small.xsi"
    path.write_bytes(samples.standard().build())
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    err = FakeTerminal()
    code, _ = _run(["validate", str(path)], err, monkeypatch)
    assert code == 0 and err.getvalue() == ""
