"""gunicorn started as the README says (`python -m newsroom.serve`, which reads
gunicorn.conf.py) refuses a bad variable with one line naming it, not a traceback."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def print_config(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "WEB_"))}
    return subprocess.run(
        [sys.executable, "-m", "newsroom.serve", "--print-config"],
        cwd=ROOT,
        env={**clean, "GUNICORN_CONTROL_SOCKET": "", **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY=0 is too small; give 1 or more."),
        ("WEB_CONCURRENCY", "-3", "WEB_CONCURRENCY=-3 is too small; give 1 or more."),
        ("WEB_CONCURRENCY", "four", "WEB_CONCURRENCY='four' is not a whole number."),
        ("GUNICORN_TIMEOUT", "30s", "GUNICORN_TIMEOUT='30s' is not a whole number."),
        ("GUNICORN_THREADS", "0", "GUNICORN_THREADS=0 is too small; give 1 or more."),
    ],
)
def test_a_bad_variable_stops_gunicorn_with_one_line_naming_it(variable, value, said):
    result = print_config(**{variable: value})
    assert result.returncode != 0
    assert result.stderr.strip() == said
    assert "Traceback" not in result.stderr


def test_good_values_are_used():
    result = print_config(WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="45")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^workers\s+= 3$", result.stdout, re.MULTILINE)
    assert re.search(r"^timeout\s+= 45$", result.stdout, re.MULTILINE)
