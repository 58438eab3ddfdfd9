"""The command line, end to end: real processes where the process boundary matters
(exit status, stdout vs stderr), ``main()`` in-process elsewhere for speed."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import Graph

from kg.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli-build")
    assert main(["build", "-o", str(out), "--quiet"]) == 0
    return out / "graph.ttl"


def run_kg(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_build_writes_outputs_and_summary(tmp_path):
    result = run_kg("build", str(REPO / "kg" / "sample_corpus"), "-o", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # data only on stdout; the summary is a message
    for word in ("documents:", "actors:", "claims:", "fights", "hypothetical", "seconds:"):
        assert word in result.stderr
    Graph().parse(tmp_path / "o" / "graph.ttl")
    assert (tmp_path / "o" / "graph.html").read_text().startswith("<!DOCTYPE html>")


def test_build_is_byte_identical(tmp_path, built):
    assert main(["build", "-o", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "graph.ttl").read_bytes() == built.read_bytes()


def test_build_reports_skipped_inputs(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("Talks\n\nIran held talks with Turkey.\n")
    (tmp_path / "in" / "bad.jsonl").write_text('{"id": "a", "text": "x"}\n{broken\n')
    assert main(["build", str(tmp_path / "in"), "-o", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "skipped: 1" in err and "bad.jsonl:2" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "/no/such/folder"], "/no/such/folder: no such file or folder"),
        (["query", "no-such-query"], "unknown query"),
        (["query", "-", "--graph", "GRAPH"], "line"),
        (["query", "allies-of", "--graph", "GRAPH", "--param", "nope=1"], "nope"),
        (
            ["query", "allies-of", "--graph", "/no/graph.ttl", "--param", "actor=Iran"],
            "no such graph file",
        ),
        (["build", "--model", "no_such_pipeline_xyz"], "no_such_pipeline_xyz"),
        (["export", "--graph", "GRAPH", "--format", "yaml", "-o", "x"], "invalid choice"),
    ],
)
def test_errors_are_one_line_without_traceback(args, message, built):
    args = [str(built) if a == "GRAPH" else a for a in args]
    result = run_kg(*args, stdin="SELECT ?x WHERE { ?x ?y }\n  oops")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_query_list_json(built, capsys):
    assert main(["query", "--list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert all({"name", "description", "parameters"} <= set(q) for q in listed)
    assert {
        "allies-of",
        "enemies-of",
        "who-threatens-whom",
        "evidence-for",
        "actor-profile",
        "places-controlled",
    } <= {q["name"] for q in listed}


def test_query_by_alias_json_is_sparql_results(built, capsys):
    assert (
        main(
            [
                "query",
                "enemies-of",
                "--graph",
                str(built),
                "--param",
                "actor=ISIS",
                "--format",
                "json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert "vars" in data["head"] and data["results"]["bindings"]


def test_query_from_stdin(built):
    result = run_kg(
        "query",
        "-",
        "--graph",
        str(built),
        "--format",
        "csv",
        stdin="PREFIX kgo: <https://w3id.org/kg-news/ontology#>\n"
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c a kgo:Claim }",
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["n"] and int(rows[1][0]) > 10


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_export_rdf_round_trips(fmt, built, tmp_path):
    from rdflib.compare import isomorphic

    target = tmp_path / f"g.{fmt}"
    assert main(["export", "--graph", str(built), "--format", fmt, "-o", str(target)]) == 0
    parsed = Graph().parse(target, format={"ntriples": "nt", "jsonld": "json-ld"}.get(fmt, fmt))
    assert isomorphic(parsed, Graph().parse(built))


def test_export_graphml_and_csv(built, tmp_path):
    import networkx as nx

    assert (
        main(
            [
                "export",
                "--graph",
                str(built),
                "--format",
                "graphml",
                "-o",
                str(tmp_path / "g.graphml"),
            ]
        )
        == 0
    )
    # networkx reads a graph of one kind of edge only: read the mixed graph without the
    # per-edge direction, then check that from the XML
    text = (tmp_path / "g.graphml").read_text(encoding="utf-8")
    graph = nx.parse_graphml(text.replace(' directed="false"', ""))
    assert graph.number_of_nodes() >= 10
    assert {d["relation"] for _, _, d in graph.edges(data=True)} >= {"fights", "controls"}
    namespace = "{http://graphml.graphdrawing.org/xmlns}"
    edges = list(ElementTree.fromstring(text.encode()).iter(f"{namespace}edge"))
    undirected = {e.get("id") for e in edges if e.get("directed") == "false"}
    for source, target, key, data in graph.edges(keys=True, data=True):
        symmetric = data["relation"] in {"alliedWith", "fights", "negotiatesWith"}
        assert data["symmetric"] is symmetric
        assert (key in undirected) is symmetric, (source, target, data)
    # a symmetric relation stated both ways is one undirected edge
    pairs = [
        (frozenset((s, t)), d["relation"], d["modality"])
        for s, t, d in graph.edges(data=True)
        if d["symmetric"]
    ]
    assert len(pairs) == len(set(pairs))
    assert (
        main(["export", "--graph", str(built), "--format", "csv", "-o", str(tmp_path / "c.csv")])
        == 0
    )
    rows = list(csv.DictReader((tmp_path / "c.csv").open()))
    assert (
        rows
        and rows[0]["evidence"]
        and rows[0]["modality"] in {"asserted", "hypothetical", "negated"}
    )
    assert all(row["evidence"] == row["evidence"].strip() for row in rows)  # no blank lines


def test_export_to_stdout(built):
    result = run_kg("export", "--graph", str(built), "--format", "ntriples", "-o", "-")
    assert result.returncode == 0 and result.stdout.count(" .\n") > 100


def test_viz_command(built, tmp_path):
    assert main(["viz", "--graph", str(built), "-o", str(tmp_path / "v.html")]) == 0
    html = (tmp_path / "v.html").read_text()
    assert "vis.Network" in html and 'src="http' not in html


def test_help_teaches():
    result = run_kg("--help")
    assert result.returncode == 0
    for command in ("build", "query", "export", "viz"):
        assert command in result.stdout
    build_help = run_kg("build", "--help").stdout
    assert "--actors" in build_help and "jsonl" in build_help


def test_no_half_written_output_on_failure(tmp_path, monkeypatch):
    import kg.build.pipeline

    out = tmp_path / "o"
    out.mkdir()
    (out / "graph.ttl").write_text("previous")

    def broken(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(kg.build.pipeline, "serialize", broken, raising=False)
    # the build writes its Turtle with turtle_of (from the triples, no rdflib graph)
    monkeypatch.setattr(kg.build.pipeline, "turtle_of", broken)
    import kg.rdf.convert

    monkeypatch.setattr(kg.rdf.convert, "serialize", broken)
    assert main(["build", "-o", str(out), "--quiet"]) == 1
    assert (out / "graph.ttl").read_text() == "previous"
    assert [p.name for p in out.iterdir()] == ["graph.ttl"]
