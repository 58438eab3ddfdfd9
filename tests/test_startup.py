"""Commands that only read a graph must not pay for loading spaCy."""

from __future__ import annotations

import subprocess
import sys


def test_reading_commands_do_not_import_spacy():
    code = (
        "import sys, kg.cli, kg.rdf, kg.query, kg.export, kg.viz, kg.graph; "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
