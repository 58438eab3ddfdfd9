"""The README documents every command and every ``kg serve`` setting."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from kg.cli import make_parser
from kg.web import SETTINGS

README = Path(__file__).resolve().parents[1] / "README.md"


def command_names() -> list[str]:
    parser = make_parser()
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(commands.choices)


def test_every_serve_setting_is_in_the_readme_table() -> None:
    rows = [
        line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("|")
    ]
    for setting in SETTINGS:
        name = re.compile(rf"^\|\s*`{re.escape(setting.name)}[ `]")
        matching = [row for row in rows if name.search(row)]
        assert matching, f"no README table row for {setting.name}"
        assert f"`{setting.default}`" in matching[0], f"{setting.name}: default {setting.default}"


def test_every_command_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    for name in command_names():
        assert f"kg {name}" in text, name


def test_the_readme_screenshot_exists() -> None:
    image = README.parent / "docs" / "graph.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert image.stat().st_size < 400_000
