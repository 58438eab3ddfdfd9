"""Commands that only read a graph must not pay for loading spaCy."""

from __future__ import annotations

import subprocess
import sys


def test_reading_commands_do_not_import_spacy():
    code = (
        "import sys, kg.cli, kg.rdf.convert, kg.sparql, kg.rdf.export, "
        "kg.viz.graph_page, kg.graph.knowledge_graph; "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def imported_after(code: str) -> set[str]:
    """The top-level packages imported by running ``code`` in a fresh interpreter."""
    listing = "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    script = f"import sys\n{code}\n{listing}"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


HEAVY = {"spacy", "rdflib", "networkx", "starlette", "pyshacl", "owlrl", "pyoxigraph"}


def test_building_the_command_line_parser_imports_no_heavy_library():
    assert imported_after("import kg.cli; kg.cli.make_parser()") & HEAVY == set()


def test_query_on_a_graph_file_loads_only_oxigraph_and_rdflib_terms(tmp_path, monkeypatch):
    """``kg query --graph`` runs on Oxigraph; rdflib's SPARQL parser (a tenth of a second to
    import, another to parse a named query) is needed only until the query's check is
    cached."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    graph = tmp_path / "graph.ttl"
    graph.write_text(
        "@prefix kgo: <https://w3id.org/kg-news/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/kg-news/resource/actor-isil> a kgo:ArmedGroup ; rdfs:label 'ISIL' .\n",
        encoding="utf-8",
    )
    run = (
        "from kg.cli import main\n"
        f"assert main(['query', 'most-connected', '--graph', {str(graph)!r}]) == 0\n"
        "print('sparql-engine' if 'rdflib.plugins.sparql' in sys.modules else '')"
    )
    cold, warm = imported_after(run), imported_after(run)
    assert {"rdflib", "pyoxigraph", "sparql-engine"} <= cold
    assert cold & HEAVY == warm & HEAVY == {"rdflib", "pyoxigraph"}
    assert "sparql-engine" not in warm


def test_the_command_line_repeats_the_library_defaults():
    from kg.cli import export as export_command
    from kg.cli import serve as serve_command
    from kg.rdf.export import EXPORT_FORMATS
    from kg.web import DEFAULT_HOST, DEFAULT_MAX_ROWS, DEFAULT_PORT, DEFAULT_TIMEOUT

    assert export_command.EXPORT_FORMATS == EXPORT_FORMATS
    assert (
        serve_command.DEFAULT_HOST,
        serve_command.DEFAULT_PORT,
        serve_command.DEFAULT_TIMEOUT,
        serve_command.DEFAULT_MAX_ROWS,
    ) == (DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS)
