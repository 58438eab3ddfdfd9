"""Stores: memory, Oxigraph on disk, a remote Oxigraph server; incremental builds."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

from kg.build.incremental import build_into_store
from kg.build.pipeline import build
from kg.corpus.reader import sample_corpus_path
from kg.errors import KgError
from kg.sparql import QueryResult, list_queries, prepare_query, run_query
from kg.store.backends import (
    CONTENT_HASH,
    DocumentTriples,
    GraphFilesStore,
    MemoryStore,
    OxigraphStore,
    RemoteStore,
    Store,
    inject_values,
    run_store_query,
)

pytestmark = pytest.mark.filterwarnings(
    "ignore:Dataset.default_context is deprecated:DeprecationWarning",  # rdflib's N-Quads
    "ignore:Dataset.contexts is deprecated:DeprecationWarning",
)

# parameters for every named query: required ones, and some optional ones too
PARAMS: dict[str, list[dict[str, str]]] = {
    "actor-profile": [{"actor": "ISIL"}, {"actor": "Iran"}],
    "allies-of": [{"actor": "Iran"}, {"actor": "ISIL", "modality": "any"}],
    "considered-not-done": [{}, {"actor": "United States"}, {"relation": "fights"}],
    "contested-pairs": [{}, {"actor": "ISIL"}],
    "denied": [{}, {"actor": "ISIL", "relation": "any"}],
    "enemies-of": [{"actor": "ISIL"}, {"actor": "Iraq", "modality": "negated"}],
    "enemy-of-my-enemy": [{}, {"actor": "Iran"}],
    "events-by-type": [{}, {"type": "DISAPPROVE", "actor": "Turkey"}, {"modality": "any"}],
    "evidence-for": [{"a": "ISIL", "b": "Iraq"}, {"a": "ISIL", "b": "Mosul"}],
    "most-connected": [{}, {"relation": "fights"}],
    "places-controlled": [{}, {"actor": "ISIL"}],
    "sources-for": [{"actor": "ISIL"}],
    "supporters-of": [{"actor": "Iraq"}],
    "timeline": [{}, {"actor": "ISIL", "since": "2014-06-11", "until": "2014-06-13"}],
    "who-threatens-whom": [{}, {"since": "2014-06-12"}],
}


def canon(term: object) -> object:
    """A term compared by value where Oxigraph canonicalises the lexical form (0.90 → 0.9)."""
    if isinstance(term, Literal):
        if term.datatype in (XSD.decimal, XSD.double, XSD.float):
            return ("number", Decimal(str(term.toPython())))
        return ("literal", str(term), str(term.datatype or ""), term.language or "")
    return term


def canon_graph(graph: Graph) -> set[tuple[object, ...]]:
    return {tuple(canon(t) for t in triple) for triple in graph}


def rows(result: QueryResult) -> object:
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return canon_graph(result.graph or Graph())
    return result.variables, Counter(tuple(canon(t) for t in row) for row in result.rows)


def quads(store: Store) -> set[tuple[object, ...]]:
    dataset = Dataset()
    dataset.parse(data=store.export("nquads").decode("utf-8"), format="nquads")
    return {tuple(canon(t) for t in quad) for quad in dataset.quads((None, None, None, None))}


def default_graph(store: Store) -> Graph:
    graph = Graph()
    graph.parse(data=store.export("ntriples").decode("utf-8"), format="nt")
    return graph


@pytest.fixture(scope="module")
def reference() -> Graph:
    """The in-memory build of the sample corpus: what every store must equal."""
    return build([], output_dir=None).rdf


@pytest.fixture(scope="module")
def oxstore(tmp_path_factory) -> OxigraphStore:
    path = tmp_path_factory.mktemp("ox") / "store"
    result = build_into_store([], store=path)
    assert result.summary.added == 6
    store = OxigraphStore(path)
    yield store
    store.close()


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in sorted(sample_corpus_path().iterdir())[:4]:
        shutil.copy(path, folder / path.name)
    return folder


# --------------------------------------------------------------------------- same results


def test_oxigraph_store_holds_the_in_memory_graph(oxstore, reference):
    assert len(oxstore) == len(reference)
    assert canon_graph(default_graph(oxstore)) == canon_graph(reference)


def test_memory_store_holds_the_in_memory_graph(reference):
    store = MemoryStore()
    build_into_store([], store=store)
    assert len(store) == len(reference)
    assert isomorphic(store.graph(), reference)


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_named_queries_give_rdflib_results_on_oxigraph(name, oxstore, reference):
    assert {q.name for q in list_queries()} == set(PARAMS)
    for params in PARAMS[name]:
        expected = run_query(reference, name, params)
        got = run_store_query(oxstore, name, params)
        assert rows(got) == rows(expected), (name, params)
        if expected.kind == "select":
            assert got.rows or not expected.rows


@pytest.fixture(scope="module")
def files_store(tmp_path_factory, reference) -> GraphFilesStore:
    """The sample graph as ``kg query --graph`` reads it: the file in an in-memory Oxigraph."""
    path = tmp_path_factory.mktemp("files") / "graph.ttl"
    reference.serialize(path, format="turtle")
    store = GraphFilesStore([path])
    yield store
    store.close()


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_named_queries_give_rdflib_results_on_graph_files(name, files_store, reference):
    for params in PARAMS[name]:
        expected = run_query(reference, name, params)
        assert rows(run_store_query(files_store, name, params)) == rows(expected), params


def test_graph_files_read_like_rdflib_reads_them(tmp_path, reference):
    """Each file's default graph, whatever its format; more files add up; a bad file is one
    coded error."""
    reference.serialize(tmp_path / "graph.nt", format="nt", encoding="utf-8")
    reference.serialize(tmp_path / "graph.jsonld", format="json-ld")
    (tmp_path / "more.trig").write_text(
        "<urn:a> <urn:p> <urn:b> .\n<urn:g> { <urn:c> <urn:p> <urn:d> . }\n"
    )
    for name in ("graph.nt", "graph.jsonld"):
        with GraphFilesStore([tmp_path / name]) as store:
            assert canon_graph(default_graph(store)) == canon_graph(reference)
    with GraphFilesStore([tmp_path / "graph.nt", tmp_path / "more.trig"]) as store:
        assert len(store) == len(reference) + 1  # the named graph's triple is not read
    (tmp_path / "bad.ttl").write_text("<urn:a> <urn:p> .\n")
    for path, code in ((tmp_path / "bad.ttl", "E302"), (tmp_path / "none.ttl", "E301")):
        with pytest.raises(KgError) as error:
            GraphFilesStore([path])
        assert error.value.code == code and str(path) in error.value.message


def test_a_timed_out_query_on_graph_files_is_killed_with_its_process(tmp_path):
    """Oxigraph sorts in one step a thread cannot leave: the query runs in a forked child,
    killed at the limit, so nothing goes on computing (or holding memory) after E205."""
    import multiprocessing

    lines = [f"<urn:s{i}> <urn:p{i % 7}> {i} ." for i in range(3000)]
    (tmp_path / "numbers.ttl").write_text("\n".join(lines) + "\n")
    with GraphFilesStore([tmp_path / "numbers.ttl"]) as store:
        started = time.monotonic()
        with pytest.raises(KgError) as late:
            store.query("SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i", timeout=1)
        assert late.value.code == "E205"
        assert time.monotonic() - started < 10
        assert multiprocessing.active_children() == []
        assert store.query("ASK { <urn:s1> ?p 1 }", timeout=30).boolean is True


def test_graph_files_are_queried_in_process_where_there_is_no_fork(files_store, monkeypatch):
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(multiprocessing, "get_context", None)  # would fail if reached
    assert run_store_query(files_store, "most-connected", timeout=30).rows


def test_a_query_from_a_file_is_checked_once_and_again_when_it_changes(
    tmp_path, monkeypatch, capsys
):
    """rdflib's check of a query is most of a 'kg query': its verdict is cached, keyed by the
    text, so an edited file is checked again, and a refused query is never cached."""
    from kg.cli import main

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    graph = tmp_path / "graph.nt"
    graph.write_text("<urn:a> <urn:p> <urn:b> .\n")
    query = tmp_path / "mine.rq"
    query.write_text("SELECT ?s WHERE { ?s ?p ?o }")
    assert main(["query", str(query), "--graph", str(graph), "-f", "csv"]) == 0
    assert len(list((tmp_path / "cache").glob("query-kind-mine-*.pickle"))) == 1
    query.write_text("SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    capsys.readouterr()
    assert main(["query", str(query), "--graph", str(graph)]) == 1
    assert "[E204]" in capsys.readouterr().err  # refused, not run
    assert len(list((tmp_path / "cache").glob("query-kind-mine-*.pickle"))) == 1


def test_undated_documents_and_one_sided_pairs_agree_on_both_engines(tmp_path):
    """Dates come from the dated claims only, and an actor with no hostile claims has no
    contested pair: Oxigraph used to give no earliest date when one claim was undated, and
    rdflib a pair built from an empty group."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "dated.txt").write_text(
        "Rebels hold Kandor\n\nKANDOR, March 3, 2019 — The Northern Front seized the town of "
        "Kandor on Sunday. Chad supports the Northern Front.\n",
        encoding="utf-8",
    )
    (folder / "undated.txt").write_text(
        "The Northern Front captured Kandor after a long siege. Chad supports the "
        "Northern Front with weapons, and Chad held talks with the Northern Front.\n",
        encoding="utf-8",
    )
    graph = build([folder], output_dir=None).rdf
    store = OxigraphStore(tmp_path / "store")
    store.add_documents([DocumentTriples("all", "x", list(graph))])
    cases = [
        ("places-controlled", {"actor": "Northern Front"}, "earliest"),
        ("supporters-of", {"actor": "Northern Front"}, "first"),
        ("contested-pairs", {"actor": "Chad"}, None),
        ("most-connected", {"relation": "threatens", "modality": "any"}, None),
    ]
    for name, params, date_column in cases:
        expected = run_query(graph, name, params)
        got = run_store_query(store, name, params)
        assert rows(got) == rows(expected), name
        if date_column is None:
            assert expected.rows == []
        else:
            column = expected.variables.index(date_column)
            assert [str(row[column]) for row in expected.rows] == ["2019-03-03"]
    store.close()


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DROP ALL",
    ],
)
def test_refusals_apply_on_every_engine(text, oxstore):
    for store in (oxstore, MemoryStore()):
        with pytest.raises(KgError) as caught:
            run_store_query(store, text)
        assert caught.value.code == "E204"
    before = len(oxstore)
    assert len(oxstore) == before


HOSTILE = [
    '"} ; DROP ALL ; #',
    "'''} } INSERT DATA { <urn:x> <urn:y> <urn:z> } #",
    'a\\"b\nc\r\td } UNION { ?s ?p ?o }',
    '""" SERVICE <http://evil/> { ?a ?b ?c } """',
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_values(value, oxstore):
    text = (
        "# param: v (string, required) — any text\n"
        "SELECT ?v ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c } } "
        "OPTIONAL { ?x ?y ?v } }"
    )
    injected = inject_values(text, {"v": Literal(value)})
    prepared = prepare_query(injected)
    assert prepared.algebra.name == "SelectQuery"
    before = len(oxstore)
    result = run_store_query(oxstore, text, {"v": value})
    assert [str(row[0]) for row in result.rows] == [value]
    assert len(oxstore) == before
    with pytest.raises(KgError) as caught:
        run_store_query(oxstore, "allies-of", {"actor": value})
    assert caught.value.code == "E206"


def test_bad_iris_are_not_bound():
    with pytest.raises(KgError) as caught:
        inject_values("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("urn:a> } DROP ALL #")})
    assert caught.value.code == "E1007"


def test_values_skip_strings_iris_templates_and_wrap_subselects():
    text = (
        'CONSTRUCT { ?a <urn:p> "{" } WHERE { VALUES ?z { <urn:z> } '
        '{ SELECT ?a WHERE { ?a <urn:q> "}" ; <urn:r> ?b } } }'
    )
    out = inject_values(text, {"b": URIRef("urn:b")})
    # the WHERE group, the group holding the sub-select (wrapped), the sub-select's WHERE;
    # not the template, the VALUES data or the strings
    assert out.count("VALUES (?b)") == 3
    assert out.startswith('CONSTRUCT { ?a <urn:p> "{" } WHERE { VALUES (?b)')
    assert prepare_query(out).algebra.name == "ConstructQuery"
    sub = inject_values(
        "SELECT * WHERE { { SELECT ?a WHERE { ?a ?p ?b } } }", {"b": URIRef("urn:b")}
    )
    assert "{ VALUES (?b) { (<urn:b>) } { SELECT ?a WHERE { VALUES (?b)" in sub


def test_values_only_where_a_group_uses_them():
    """An OPTIONAL that does not read a parameter gets no block: Oxigraph evaluates a body
    that starts with VALUES once over the whole graph instead of looking it up."""
    text = "SELECT * WHERE { ?c <urn:s> ?a OPTIONAL { ?c <urn:d> ?d } { ?c <urn:o> ?b } }"
    out = inject_values(text, {"a": URIRef("urn:a"), "b": URIRef("urn:b")})
    assert out.startswith("SELECT * WHERE { VALUES (?a ?b) { (<urn:a> <urn:b>) } ?c")
    assert "OPTIONAL { ?c <urn:d> ?d }" in out
    assert "{ VALUES (?b) { (<urn:b>) } ?c <urn:o> ?b }" in out


# --------------------------------------------------------------------------- incremental


def test_incremental_add_skip_replace_and_idempotent(tmp_path, corpus):
    path = tmp_path / "store"
    first = build_into_store([corpus], store=path)
    assert (first.summary.added, first.summary.unchanged) == (4, 0)
    with OxigraphStore(path) as store:
        snapshot, size = quads(store), len(store)
    again = build_into_store([corpus], store=path)  # the same input twice
    assert (again.summary.added, again.summary.replaced, again.summary.unchanged) == (0, 0, 4)
    with OxigraphStore(path) as store:
        assert len(store) == size
        assert quads(store) == snapshot
        assert isomorphic(default_graph(store), build([corpus], output_dir=None).rdf) or (
            canon_graph(default_graph(store)) == canon_graph(build([corpus], output_dir=None).rdf)
        )
    # a new document is added, an edited one replaced, the others skipped
    extra = sorted(sample_corpus_path().iterdir())[4]
    shutil.copy(extra, corpus / extra.name)
    edited = sorted(corpus.iterdir())[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.split("\n\n")[0] + "\n\nIran fought ISIL in Mosul.\n", encoding="utf-8")
    third = build_into_store([corpus], store=path)
    assert (third.summary.added, third.summary.replaced, third.summary.unchanged) == (1, 1, 3)
    expected = build([corpus], output_dir=None).rdf
    with OxigraphStore(path) as store:
        assert canon_graph(default_graph(store)) == canon_graph(expected)
        assert len(store) == len(expected)
        # removing a document leaves what a build of the others gives
        doc_id = edited.stem
        assert store.remove_document(doc_id)
        assert not store.remove_document(doc_id)
        assert store.document_hash(doc_id) is None
    edited.unlink()
    with OxigraphStore(path) as store:
        assert canon_graph(default_graph(store)) == canon_graph(
            build([corpus], output_dir=None).rdf
        )


def test_interrupted_build_leaves_whole_documents_and_resumes(tmp_path, corpus, monkeypatch):
    import kg.build.incremental

    path = tmp_path / "store"
    real = kg.build.incremental.extract

    def failing(documents, **options):
        for count, item in enumerate(real(documents, **options)):
            if count == 3:  # the middle of the second batch of two
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(kg.build.incremental, "extract", failing)
    with pytest.raises(KeyboardInterrupt):
        build_into_store([corpus], store=path, flush_size=2)
    monkeypatch.setattr(kg.build.incremental, "extract", real)
    with OxigraphStore(path) as store:
        ids = [p.stem for p in sorted(corpus.iterdir())]
        stored = store.document_hashes(ids)
        assert sorted(stored) == ids[:2]  # the first batch, whole; nothing of the second
        part = build(sorted(corpus.iterdir())[:2], output_dir=None).rdf
        assert canon_graph(default_graph(store)) == canon_graph(part)
    resumed = build_into_store([corpus], store=path, flush_size=2)
    assert (resumed.summary.added, resumed.summary.unchanged) == (2, 2)
    with OxigraphStore(path) as store:
        assert canon_graph(default_graph(store)) == canon_graph(
            build([corpus], output_dir=None).rdf
        )


@pytest.mark.parametrize("kind", ["oxigraph", "memory"])
def test_failed_batch_commits_nothing(tmp_path, kind, reference):
    store: Store = OxigraphStore(tmp_path / "s") if kind == "oxigraph" else MemoryStore()
    triples = list(reference)[:50]
    store.add_document("a", "h1", triples[:20])
    before = quads(store)

    def broken():
        yield from triples[20:40]
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        store.add_documents(
            [DocumentTriples("b", "h2", triples[:30]), DocumentTriples("a", "h3", broken())]
        )
    assert quads(store) == before
    assert store.document_hashes(["a", "b"]) == {"a": "h1"}
    store.close()


def test_build_cli_with_store_and_query(tmp_path, capsys):
    from kg.cli import main

    path = tmp_path / "stores" / "2014" / "store"  # missing parents are created
    assert main(["build", "--store", str(path), "-q"]) == 0
    assert not (Path("out") / "never").exists()
    assert main(["build", "--store", str(path), "-o", str(tmp_path / "o"), "-q"]) == 0
    assert (tmp_path / "o" / "graph.ttl").is_file()
    capsys.readouterr()
    assert main(["query", "enemies-of", "-p", "actor=ISIL", "--store", str(path), "-f", "csv"]) == 0
    from_store = capsys.readouterr().out
    graph = tmp_path / "o" / "graph.ttl"
    assert (
        main(["query", "enemies-of", "-p", "actor=ISIL", "--graph", str(graph), "-f", "csv"]) == 0
    )
    assert sorted(from_store.splitlines()) == sorted(capsys.readouterr().out.splitlines())
    assert main(["query", "enemies-of", "--store", str(tmp_path / "none"), "-p", "actor=x"]) == 1
    assert "E1002" in capsys.readouterr().err
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "file.txt").write_text("x")
    assert main(["build", "--store", str(tmp_path / "junk"), "-q"]) == 1
    assert "E1001" in capsys.readouterr().err
    under_a_file = tmp_path / "junk" / "file.txt" / "store"
    assert main(["build", "--store", str(under_a_file), "-q"]) == 1
    assert "E1001" in capsys.readouterr().err
    assert not under_a_file.exists()


def test_an_actor_keeps_one_label_across_incremental_builds(tmp_path):
    """Two documents spelling one name two ways: one rdfs:label, the other spelling an
    altLabel, as in a one-shot build (two labels used to reach the store)."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "one.txt").write_text(
        "Talks\n\nGeneral Ousmane al-Kandari met Chad officials on Monday.\n", encoding="utf-8"
    )
    (second / "two.txt").write_text(
        "More talks\n\nGeneral Ousmane al Kandari said Chad had attacked his fighters.\n",
        encoding="utf-8",
    )
    path = tmp_path / "store"
    build_into_store([first], store=path)
    build_into_store([second], store=path)
    store = OxigraphStore(path)
    text = (
        "SELECT ?p ?l WHERE { ?s ?p ?l FILTER(?p IN (rdfs:label, skos:altLabel)) "
        "FILTER(CONTAINS(?l, 'Kandari')) }"
    )
    names = {(str(p).rsplit("#", 1)[1], str(label)) for p, label in store.query(text).rows}
    store.close()
    assert names == {("label", "Ousmane al-Kandari"), ("altLabel", "Ousmane al Kandari")}
    one_shot = build([first, second], output_dir=None).rdf
    labels = {str(o) for o in one_shot.objects(None, RDFS.label) if "Kandari" in str(o)}
    assert labels == {"Ousmane al-Kandari"}


def test_serve_answers_from_a_store(oxstore):
    import httpx

    from kg.web import BackgroundServer, create_app

    with (
        BackgroundServer(create_app(store=oxstore)).start() as server,
        httpx.Client(base_url=server.url, timeout=30) as client,
    ):
        response = client.get(
            "/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert response.status_code == 200
        assert response.json()["results"]["bindings"][0]["n"]["value"] == str(len(oxstore))
        refused = client.get("/sparql", params={"query": "SELECT * { SERVICE <http://x/> {} }"})
        assert refused.status_code == 403 and "E204" in refused.text
        page = client.get("/queries", params={"run": "allies-of", "actor": "Iran"})
        assert page.status_code == 200 and "Syria" in page.text


# --------------------------------------------------------------------------- remote


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A real ``oxigraph serve`` on a free loopback port, stopped with SIGTERM after."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not os.path.exists(binary):
        pytest.skip("the oxigraph server is not installed: pip install -e '.[test]'")
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                error = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"oxigraph serve did not start: {error}")
            time.sleep(0.1)
    yield f"{url}/query"
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_remote_store_against_a_real_oxigraph_server(oxigraph_server, reference, corpus):
    store = RemoteStore(oxigraph_server)
    assert store.update_url.endswith("/update") and store.store_url.endswith("/store")
    first = build_into_store([], endpoint=oxigraph_server)
    assert first.summary.added == 6
    assert len(store) == len(reference)
    assert canon_graph(default_graph(store)) == canon_graph(reference)
    snapshot = quads(store)
    assert any(str(q[1]) == str(CONTENT_HASH) for q in snapshot)
    again = build_into_store([], endpoint=oxigraph_server)
    assert again.summary.unchanged == 6
    assert quads(store) == snapshot
    for name in ("enemies-of", "evidence-for", "timeline", "most-connected"):
        for params in PARAMS[name]:
            assert rows(run_store_query(store, name, params)) == rows(
                run_query(reference, name, params)
            )
    with pytest.raises(KgError) as caught:
        run_store_query(store, "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")
    assert caught.value.code == "E204"
    doc_id = sorted(sample_corpus_path().iterdir())[5].stem
    assert store.remove_document(doc_id)
    others = build([corpus], output_dir=None).rdf  # 4 of the other 5
    assert len(store) > len(others)
    for path in sorted(sample_corpus_path().iterdir())[:4]:
        assert store.document_hash(path.stem) is not None
    assert store.document_hash(doc_id) is None


def test_unreachable_endpoint_is_one_line_error():
    store = RemoteStore(f"http://127.0.0.1:{_free_port()}/query", timeout=2)
    with pytest.raises(KgError) as caught:
        len(store)
    assert caught.value.code == "E1003"
    with pytest.raises(KgError) as caught:
        RemoteStore("ftp://example.org/")
    assert caught.value.code == "E1004"


@pytest.mark.parametrize("kind", ["oxigraph", "memory", "remote"])
def test_replacing_a_document_with_hostile_text(tmp_path, kind, request):
    from kg.catalog.vocab import KGO, KGR

    if kind == "remote":
        store: Store = RemoteStore(request.getfixturevalue("oxigraph_server"))
    elif kind == "oxigraph":
        store = OxigraphStore(tmp_path / "s")
    else:
        store = MemoryStore()
    node, shared = KGR["claim-hostile"], (KGR["actor-a"], KGO.fights, KGR["actor-b"])
    texts = ['a"""b\\c\n}{ DROP ALL ; #', "x'''y } INSERT DATA { <urn:a> <urn:b> <urn:c> }"]
    store.add_document("hostile", "h1", [(node, KGO.evidence, Literal(texts[0])), shared])
    store.add_document("other", "h9", [shared])
    store.add_document("hostile", "h2", [(node, KGO.evidence, Literal(texts[1]))])
    graph = default_graph(store)
    assert set(graph.objects(node, KGO.evidence)) == {Literal(texts[1])}
    assert shared in graph  # "other" still states it
    assert store.document_hashes(["hostile", "other"]) == {"hostile": "h2", "other": "h9"}
    store.remove_document("other")
    assert shared not in default_graph(store)
    store.remove_document("hostile")
    store.close()


def test_a_document_graph_holds_only_what_another_document_may_state(oxstore, reference):
    """The document's own triples and its claims' go to the default graph alone (a claim's
    IRI includes its document); its graph keeps the shared ones, for removal."""
    from rdflib.namespace import PROV

    dataset = Dataset()
    dataset.parse(data=oxstore.export("nquads").decode("utf-8"), format="nquads")
    documents = set(reference.objects(None, PROV.wasDerivedFrom))
    own = documents | set(reference.subjects(PROV.wasDerivedFrom, None))
    assert len(documents) == 6
    memory = MemoryStore()
    for document in documents:
        named = dataset.graph(document)
        assert {s for s in named.subjects() if s in own} == {document}
        assert set(named.predicates(document)) == {CONTENT_HASH}
        assert (None, RDFS.label, None) in named  # the actors it names
        doc_id = str(document).rsplit("/doc-", 1)[1]
        memory.add_document(doc_id, "h", [t for t in reference if t[0] == document])
    # the in-memory store lays its dataset out the same way
    exported = Dataset()
    exported.parse(data=memory.export("nquads").decode("utf-8"), format="nquads")
    assert all(
        set(exported.graph(document).predicates(document)) == {CONTENT_HASH}
        for document in documents
    )


def test_removal_from_a_store_written_with_whole_document_graphs(tmp_path):
    """Stores written before the split held a document's own triples in its graph too:
    removing a document from one still leaves exactly what the others state."""
    import pyoxigraph as ox
    from rdflib.namespace import PROV

    from kg.catalog.vocab import KGO, KGR, document_iri

    def contribution(doc_id: str) -> list[tuple[URIRef, URIRef, object]]:
        document, claim = document_iri(doc_id), KGR[f"claim-{doc_id}"]
        return [
            (document, RDFS.label, Literal(doc_id)),
            (claim, PROV.wasDerivedFrom, document),
            (claim, KGO.trigger, Literal("fought")),
            (KGR["actor-a"], KGO.fights, KGR["actor-b"]),
        ]

    store = OxigraphStore(tmp_path / "s")
    for doc_id in ("one", "two"):
        graph = ox.NamedNode(str(document_iri(doc_id)))
        for triple in contribution(doc_id):
            terms = [store._ox(term) for term in triple]
            store.store.add(ox.Quad(*terms, graph))
            store.store.add(ox.Quad(*terms, ox.DefaultGraph()))
        store.store.add(ox.Quad(graph, ox.NamedNode(str(CONTENT_HASH)), ox.Literal("h"), graph))
    assert store.remove_document("one")
    assert set(default_graph(store)) == set(contribution("two"))
    store.add_document("one", "h2", contribution("one"))  # in the new layout, beside it
    assert store.remove_document("two")
    assert set(default_graph(store)) == set(contribution("one"))
    store.close()


def test_analyze_reads_a_store(tmp_path):
    from kg.cli import main

    store = tmp_path / "kgdb"
    assert main(["build", "--store", str(store), "--quiet"]) == 0
    assert main(["analyze", "--store", str(store), "--format", "json", "--no-write"]) == 0
    assert main(["analyze", "--store", str(store), "--graph", "x.ttl"]) == 1


def test_unchanged_rebuild_says_so_and_exports_the_plain_turtle(tmp_path, corpus, capsys):
    from kg.cli import main

    path = tmp_path / "store"
    assert main(["build", str(corpus), "--store", str(path), "-q"]) == 0
    capsys.readouterr()
    assert main(["build", str(corpus), "--store", str(path), "-o", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "nothing changed: 4 documents unchanged" in err
    assert "relation" not in err and "asserted" not in err  # no table of zeros
    plain = build([corpus], output_dir=tmp_path / "plain")
    totals = plain.summary
    store_line = next(line for line in err.splitlines() if line.startswith("store: "))
    assert store_line.endswith(
        f": 4 documents, {totals.actors} actors, {totals.places} places, {totals.claims} claims"
    )
    # the same bytes as a plain build: prefixes, order, "0.90" rather than Oxigraph's "0.9"
    exported = (tmp_path / "o" / "graph.ttl").read_bytes()
    assert exported == (tmp_path / "plain" / "graph.ttl").read_bytes()
    assert b"@prefix kgo:" in exported and b"kgo:confidence 0.90" in exported


def test_replacing_documents_flushes_memory_tables_like_adding(tmp_path, monkeypatch):
    """Replacement writes through a SPARQL update, not ``extend``: its quads count towards
    the periodic flush too, or replacing thousands of documents held them all in memory."""
    from kg.catalog.vocab import KGR
    from kg.store import backends as store_module

    class Spy:
        def __init__(self, inner):
            self.inner, self.flushes = inner, 0

        def flush(self):
            self.flushes += 1
            self.inner.flush()

        def __getattr__(self, name):
            return getattr(self.inner, name)

    def doc(i: int, version: int) -> DocumentTriples:
        triples = [
            (KGR[f"claim-{i}-{j}"], RDFS.comment, Literal(f"version {version} of {i}.{j}"))
            for j in range(100)
        ]
        return DocumentTriples(f"d{i}", f"hash{version}", triples)

    monkeypatch.setattr(store_module, "FLUSH_EVERY", 1000)
    target = OxigraphStore(tmp_path / "store")
    spy = Spy(target.store)
    target.store = spy
    target.add_documents([doc(i, 1) for i in range(4)])  # 804 quads: under the limit
    assert spy.flushes == 0
    target.add_documents([doc(i, 2) for i in range(4)])  # replaces all four
    assert spy.flushes == 1
    assert target.document_hashes(["d0", "d3"]) == {"d0": "hash2", "d3": "hash2"}
    assert len(target) == 400
    monkeypatch.setattr(store_module, "FLUSH_EVERY", 500)
    for i in range(4):  # removing them writes 808 quads
        assert target.remove_document(f"d{i}")
    assert spy.flushes == 2
    assert len(target) == 0 and target.document_hashes(["d0"]) == {}
    target.close()
