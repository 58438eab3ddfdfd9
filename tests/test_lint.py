"""The code stays ruff-clean (lint and format), as the project asks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PATHS = [p for p in ("kg", "tests", "benchmarks") if (REPO / p).is_dir()]


def test_ruff_check():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *PATHS],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "kg", "tests", "benchmarks"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
