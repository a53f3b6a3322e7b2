"""Times and lengths on the command line are finite numbers within their range: Python's
float() reads "inf" and "nan", and `render --time inf` ended in a traceback (a glow's
phase of inf is nan), `--time nan` was refused as "not greater than or equal to 0"."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fusionsmile.cli import app
from fusionsmile.portrait.photo import sample_portrait_path

SHOWCASE = Path(__file__).parents[2] / "presets" / "showcase.json"
runner = CliRunner()


def _commands(out: Path) -> dict[str, tuple[list[str], str, str]]:
    """command -> (arguments before the number, its option, the refusal's words)."""
    design, photo = str(SHOWCASE), str(sample_portrait_path())
    return {
        "render": (["render", design, "-o", str(out), "--size", "64x64"], "--time", "0-3600"),
        "export": (["export", design, "-o", str(out.with_suffix(".glb"))], "--time", "0-3600"),
        "photo": (["photo", photo, design, "-o", str(out)], "--time", "0-3600"),
        "quilt": (["quilt", design, "-o", str(out)], "--seconds", "0.1-12"),
        # Its own check names the range (a length above 0 and at most 60 s).
        "animate": (["animate", design, "-o", str(out.with_suffix(".gif"))], "--seconds", "60"),
    }


@pytest.mark.parametrize("command", ["render", "export", "photo", "quilt", "animate"])
@pytest.mark.parametrize("number", ["inf", "-inf", "nan", "1e400"])
def test_a_number_that_is_not_finite_is_one_clear_line(
    command: str, number: str, tmp_path: Path
) -> None:
    arguments, option, refusal = _commands(tmp_path / "out.png")[command]
    result = runner.invoke(app, [*arguments, option, number])
    output = result.stdout + result.stderr
    flat = " ".join(output.replace("│", " ").split())  # typer's box, unwrapped
    assert result.exit_code in (1, 2), output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    shown = (number, f"{float(number):g}")  # as typed, or as read (1e400 is inf)
    assert option in flat and any(n in flat for n in shown) and refusal in flat, output
    assert not any(tmp_path.iterdir())  # nothing written


def test_a_time_past_an_hour_is_refused_and_an_hour_is_not(tmp_path: Path) -> None:
    arguments, option, _ = _commands(tmp_path / "out.png")["render"]
    result = runner.invoke(app, [*arguments, option, "3600.5"])
    assert result.exit_code == 2
    assert "3600.5 is not 0-3600 seconds" in " ".join(result.stderr.replace("│", " ").split())
    assert runner.invoke(app, [*arguments, option, "3600"]).exit_code == 0
    assert (tmp_path / "out.png").is_file()
