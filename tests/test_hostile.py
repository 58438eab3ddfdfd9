"""kg probed as a hostile user would (issue 14): queries that try to reach other hosts or
outlive their limits, documents that try to sink a build, requests that try to hold or
misuse the server. Each test failed before the fix it covers."""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg import web
from kg.build.pipeline import build
from kg.catalog.vocab import KGO, document_iri
from kg.cli import main
from kg.corpus.reader import Document, read_corpus
from kg.errors import InputError, QueryError
from kg.extract.nlp import parse_documents, split_text
from kg.sparql import prepare_query, run_query
from kg.store.backends import DocumentTriples, OxigraphStore, open_store, run_store_query
from kg.web import protocol
from kg.web import server as web_server

ISSUE_QUERY = (
    'SELECT * WHERE { BIND(CONCAT("a\\u0022, \\u0027b") AS ?x) '
    "SERVICE <URL> { ?s ?p ?o } "
    "BIND(CONCAT(', \"z\", \\u0027d') AS ?y) }"
)
# three independent patterns over every triple: 2,000³ rows, as in the issue
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CARTESIAN_SORTED = CARTESIAN + " ORDER BY ?c ?f ?i"


def numbers_graph(size: int = 2000) -> Graph:
    """Triples whose objects mix numbers, strings, dates and IRIs, as a kg graph's do (so
    that sorting them goes through rdflib's mixed-type comparisons)."""
    graph = Graph()
    kinds = [
        Literal,
        lambda i: Literal(f"name {i}"),
        lambda i: Literal(f"2014-06-{1 + i % 28:02d}", datatype=XSD.date),
        lambda i: URIRef(f"urn:o{i}"),
    ]
    for i in range(size):
        graph.add((URIRef(f"urn:s{i % 50}"), URIRef(f"urn:p{i % 7}"), kinds[i % 4](i)))
    return graph


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on loopback that records every request a SERVICE call would make."""
    hits: list[str] = []
    handler = type("Recorder", (_Recorder,), {"hits": hits})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", hits
    httpd.shutdown()


@pytest.fixture(scope="module")
def oxstore(tmp_path_factory) -> Iterator[OxigraphStore]:
    path = tmp_path_factory.mktemp("hostile") / "store"
    with OxigraphStore(path) as store:
        store.add_documents([DocumentTriples("numbers", "h", list(numbers_graph()))])
    with open_store(path, read_only=True) as reader:
        yield reader


# --------------------------------------------------------------------------- SERVICE escapes


def test_the_issue_query_is_refused_and_contacts_nobody(listener, oxstore):
    url, hits = listener
    text = ISSUE_QUERY.replace("URL", url)
    with pytest.raises(QueryError) as refused:
        prepare_query(text)
    assert refused.value.code == "E204"
    with pytest.raises(QueryError) as on_store:
        run_store_query(oxstore, text, timeout=10)
    assert on_store.value.code == "E204"
    assert hits == []


@pytest.mark.parametrize(
    "escape",
    ["\\u0022", "\\u0027", "\\U00000022", "\\U00000027", "\\u005C", "\\u005c", "\\u000A",
     "\\u000d", "\\U0000000A"],
)  # fmt: skip
def test_escapes_that_could_end_a_string_are_refused(escape):
    with pytest.raises(QueryError) as refused:
        prepare_query(f'SELECT * WHERE {{ ?s ?p "a{escape}b" }}')
    assert refused.value.code == "E204"
    assert escape in refused.value.message


@pytest.mark.parametrize(
    "text",
    [
        "\\u0053ELECT * WHERE { ?s ?p ?o }",  # a keyword
        "SELECT * WHERE { ?s ?p ?o \\u0053ERVICE <http://x/> { ?a ?b ?c } }",
        "SELECT * WHERE { ?s <http://example.org/\\u0070> ?o }",  # an IRI
        "SELECT * WHERE { ?s ?p ?o } # \\u000A SERVICE <http://x/> { }",  # a comment
        "SELECT * WHERE { ?s ?p ?o } # \\U00000041",
        "SELECT ?\\u0078 WHERE { ?s ?p ?x }",  # a variable
    ],
)
def test_escapes_outside_strings_are_refused(text):
    with pytest.raises(QueryError) as refused:
        prepare_query(text)
    assert refused.value.code == "E204"
    assert "outside a string" in refused.value.message


def test_harmless_escapes_in_strings_still_work(oxstore):
    graph = Graph()
    graph.add((URIRef("urn:x"), URIRef("urn:name"), Literal("café")))
    text = 'SELECT ?s WHERE { ?s ?p "caf\\u00e9" }'
    assert run_query(graph, text).rows == [(URIRef("urn:x"),)]
    with pytest.raises(QueryError) as bad:
        prepare_query('SELECT * WHERE { ?s ?p "\\UFFFFFFFF" }')
    assert bad.value.code == "E203"  # not a character: a coded error, not "internal error"


# --------------------------------------------------------------------------- time limits


def _wait_until(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _query_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "kg-query"]


@pytest.mark.parametrize("text", [CARTESIAN, CARTESIAN_SORTED])
def test_a_timed_out_rdflib_query_stops(text):
    before = len(_query_threads())
    with pytest.raises(QueryError) as late:
        run_query(numbers_graph(), text, timeout=0.5)
    assert late.value.code == "E205"
    assert "stopped" in late.value.message
    assert _wait_until(lambda: len(_query_threads()) <= before)


def test_twenty_timed_out_queries_at_once_all_stop():
    """A cancellation that lands in one of rdflib's bare ``except:`` clauses is swallowed:
    with twenty at once some did, and those went on computing for ever."""
    graph = numbers_graph()
    codes: list[str] = []

    def ask() -> None:
        try:
            run_query(graph, CARTESIAN_SORTED, timeout=0.5)
        except QueryError as error:
            codes.append(error.code)

    before = len(_query_threads())
    clients = [threading.Thread(target=ask) for _ in range(20)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    assert codes == ["E205"] * 20
    assert _wait_until(lambda: len(_query_threads()) <= before)


def test_a_cancellation_landing_in_a_finalizer_is_dropped(monkeypatch):
    """Under load a cancellation landed in a finalizer of the unwinding query, and Python
    handed it to ``sys.unraisablehook`` (pytest's, which then failed the test)."""
    import gc

    from kg.sparql.run import QueryCancelled, with_timeout

    seen: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_type))
    with_timeout(lambda: None, 5.0)

    class Finalized:
        def __init__(self, exception: type[BaseException]) -> None:
            self.exception = exception

        def __del__(self) -> None:
            raise self.exception

    Finalized(QueryCancelled)
    Finalized(ValueError)
    gc.collect()
    assert seen == [ValueError]


def test_a_timed_out_oxigraph_query_is_killed_with_its_process(oxstore):
    """Oxigraph sorts inside one step the worker thread cannot leave: the query runs in a
    child process, and the process is killed at the limit."""
    with open_store(oxstore.path, read_only=True, query_processes=1) as store:
        (process,) = store._processes._all
        first = process._process
        with pytest.raises(QueryError) as late:
            store.query(CARTESIAN_SORTED, timeout=1)
        assert late.value.code == "E205"
        assert not first.is_alive()
        assert store.query("ASK { ?s ?p ?o }", timeout=30).boolean is True  # a fresh one


def test_rows_are_capped_while_collecting(oxstore):
    """A result of 8·10⁹ rows cut at 5: collecting stops at the cap, so it is quick enough
    to answer well within the limit, on both engines."""
    graph = numbers_graph()
    assert len(run_query(graph, CARTESIAN, timeout=60, row_limit=6).rows) == 6
    assert len(run_store_query(oxstore, CARTESIAN, timeout=60, row_limit=6).rows) == 6
    with web.BackgroundServer(
        web.create_app(graph, config=web.ServeConfig(max_rows=5, timeout=60))
    ) as server:
        answer = httpx.get(server.url + "sparql", params={"query": CARTESIAN}, timeout=120)
    assert answer.status_code == 200
    assert answer.headers[protocol.TRUNCATED_HEADER] == "true"
    assert len(answer.json()["results"]["bindings"]) == 5


def test_cli_queries_have_the_time_limit(tmp_path, capsys):
    path = tmp_path / "numbers.ttl"
    numbers_graph().serialize(path, format="turtle")
    query = tmp_path / "slow.rq"
    query.write_text(CARTESIAN_SORTED)
    assert main(["query", str(query), "--graph", str(path), "--timeout", "0.5"]) == 1
    assert "[E205]" in capsys.readouterr().err


# --------------------------------------------------------------------------- documents


def test_long_documents_are_parsed_in_parts_with_the_offsets_of_the_whole(nlp):
    paragraphs = [
        "Iran supports Iraq against ISIS.",
        "Kurdish forces fight ISIS near Kirkuk.",
        "Turkey opposes Syria.",
    ]
    text = "Title\n\n" + "\n\n".join(paragraphs) + "\n"
    document = Document("long", "Title", text, None, "test")
    (whole,) = parse_documents(nlp, [document], batch_size=1)
    (parts,) = parse_documents(nlp, [document], batch_size=1, part_chars=45)
    assert parts.doc.text == text
    assert [(e.text, e.start_char, e.ent_id_) for e in parts.doc.ents] == [
        (e.text, e.start_char, e.ent_id_) for e in whole.doc.ents
    ]
    assert [s.text for s in parts.doc.sents] == [s.text for s in whole.doc.sents]


def test_a_document_over_spacys_max_length_is_parsed(nlp):
    text = "Title\n\n" + "\n\n".join(["Iran supports Iraq against ISIS."] * 40) + "\n"
    saved = nlp.max_length
    nlp.max_length = 500  # spaCy refused anything longer, aborting the build
    try:
        (parsed,) = parse_documents(
            nlp, [Document("d", "Title", text, None, "t")], batch_size=1, part_chars=400
        )
    finally:
        nlp.max_length = saved
    assert parsed.doc.text == text
    assert sum(e.text == "Iran" for e in parsed.doc.ents) == 40


@pytest.mark.parametrize(
    "text, limit",
    [
        ("a" * 250, 100),  # no space at all: cut at the limit
        ("word " * 100, 64),
        ("One sentence. Two sentence. " * 20, 50),
        ("line\n" * 90, 33),
        ("para one.\n\npara two is here.\n\n" * 9, 70),
    ],
)
def test_parts_join_back_and_keep_to_the_limit(text, limit):
    parts = split_text(text, limit)
    assert "".join(parts) == text
    assert all(0 < len(part) <= limit for part in parts)


def test_parts_end_at_paragraphs_when_they_can():
    text = "A first paragraph.\nStill it.\n\nA second one.\n\nA third, longer paragraph here."
    assert split_text(text, 50) == [
        "A first paragraph.\nStill it.\n\nA second one.\n\n",
        "A third, longer paragraph here.",
    ]


def test_a_50_mb_single_line_file_is_skipped_and_the_others_built(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("w") as handle:
        for _ in range(50):
            handle.write("word " * 200_000)  # 1 MB at a time, no line break
    (tmp_path / "good.txt").write_text("Iran backs Iraq\n\nIran supports Iraq against ISIS.\n")
    jsonl = tmp_path / "lines.jsonl"
    jsonl.write_text(json.dumps({"id": "big", "text": "x " * 3_000_000}) + "\n")
    result = build([tmp_path], output_dir=tmp_path / "out", html=False)
    assert result.summary.documents == 1
    skipped = {Path(s.source.split(":")[0]).name: s.reason for s in result.summary.skipped}
    assert "over the limit of 5,000,000 characters" in skipped["huge.txt"]
    assert "over the limit" in skipped["lines.jsonl"]
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_document_ids_that_slug_alike_get_two_iris(tmp_path):
    (tmp_path / "Foo Bar.txt").write_text("First\n\nIran supports Iraq.\n")
    (tmp_path / "foo-bar.txt").write_text("Second\n\nTurkey opposes Syria.\n")
    assert document_iri("Foo Bar") != document_iri("foo-bar")
    result = build([tmp_path], output_dir=None)
    documents = set(result.rdf.subjects(RDF.type, KGO.Document))
    assert documents == {document_iri("Foo Bar"), document_iri("foo-bar")}


def test_ids_that_still_share_an_iri_are_a_duplicate_with_a_reason(tmp_path):
    crafted = str(document_iri("Foo Bar")).rsplit("doc-", 1)[1]  # 'foo-bar-<hash>'
    lines = [{"id": "Foo Bar", "text": "Iran supports Iraq."}, {"id": crafted, "text": "x y."}]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    corpus = read_corpus([tmp_path])
    assert [d.doc_id for d in corpus.documents] == ["Foo Bar"]
    assert "same IRI" in corpus.skipped[0].reason


# --------------------------------------------------------------------------- coded errors


def test_deep_nesting_is_one_coded_line():
    text = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
    with pytest.raises(QueryError) as deep:
        prepare_query(text)
    assert deep.value.code == "E203"
    with web.BackgroundServer(web.create_app(numbers_graph(10))) as server:
        answer = httpx.post(server.url + "sparql", data={"query": text}, timeout=60)
    assert answer.status_code == 400
    assert answer.headers[protocol.ERROR_HEADER] == "E203"


def test_an_unwritable_output_folder_fails_first(tmp_path, capsys):
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "in.txt").write_text("Title\n\nIran supports Iraq.\n")
    with pytest.raises(InputError) as unwritable:
        build([tmp_path / "in.txt"], output_dir=tmp_path / "a-file" / "out", model="no-such-model")
    assert unwritable.value.code == "E007"  # before the (missing) model is even loaded
    code = main(["build", str(tmp_path / "in.txt"), "-o", str(tmp_path / "a-file" / "o"), "-q"])
    assert code == 1
    err = capsys.readouterr().err
    assert "[E007]" in err and "internal error" not in err


def test_folder_links_are_listed_not_followed(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "real").mkdir(parents=True)
    (corpus / "real" / "a.txt").write_text("A\n\nIran supports Iraq.\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text("B\n\nTurkey opposes Syria.\n")
    (corpus / "link").symlink_to(elsewhere, target_is_directory=True)
    found = read_corpus([corpus])
    assert [d.doc_id for d in found.documents] == ["a"]
    assert [(Path(s.source).name, "link to a folder" in s.reason) for s in found.skipped] == [
        ("link", True)
    ]


@pytest.mark.skipif(
    not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0,
    reason="root reads every folder",
)
def test_unreadable_subfolders_are_listed(tmp_path):
    (tmp_path / "ok.txt").write_text("A\n\nIran supports Iraq.\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("B\n\nTurkey opposes Syria.\n")
    locked.chmod(0)
    try:
        found = read_corpus([tmp_path])
    finally:
        locked.chmod(0o755)
    assert any("cannot read the folder" in s.reason for s in found.skipped)


def test_input_messages_say_things_once(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 title\n\nbody\n".encode("latin-1"))
    rows = [
        '{"id": "a", "text": "unterminated',
        json.dumps({"id": "n", "text": 42}),
        json.dumps({"id": "z", "text": None}),
        json.dumps({"id": "m"}),
    ]
    (tmp_path / "bad.jsonl").write_text("\n".join(rows) + "\n")
    reasons = [f"{s.source}: {s.reason}" for s in read_corpus([tmp_path]).skipped]
    latin = next(r for r in reasons if "latin1" in r)
    assert latin.count("latin1.txt") == 1 and "line 1: not valid UTF-8" in latin
    assert not any("at at" in r for r in reasons)
    assert any(r.endswith("the 'text' field is a number, not a string") for r in reasons)
    assert any(r.endswith("the 'text' field is null, not a string") for r in reasons)
    assert any(r.endswith("no 'text' field") for r in reasons)


# --------------------------------------------------------------------------- the server


@pytest.fixture(scope="module")
def server() -> Iterator[web.BackgroundServer]:
    with web.BackgroundServer(web.create_app(numbers_graph(10))) as running:
        yield running


def test_a_half_sent_request_is_dropped(server, monkeypatch):
    monkeypatch.setattr(web_server, "HEADER_TIMEOUT", 0.5)
    host, port = server.url.split("//")[1].rstrip("/").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert sock.recv(1024) == b""  # closed, no answer: the headers never ended


def test_answers_carry_security_headers(server):
    for path in ("", "queries", "sparql?query=ASK%7B%7D", "sparql"):
        answer = httpx.get(server.url + path)
        assert "default-src 'self'" in answer.headers["content-security-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_cross_origin_posts_are_refused(server):
    query = {"query": "ASK { ?s ?p ?o }"}
    for headers in ({"Origin": "https://evil.example"}, {"Referer": "https://evil.example/x"}):
        for path in ("sparql", "queries"):
            answer = httpx.post(server.url + path, data=query, headers=headers)
            assert answer.status_code == 403, (path, headers)
            assert answer.headers[protocol.ERROR_HEADER] == "E707"
    own = server.url.rstrip("/")
    assert httpx.post(server.url + "sparql", data=query, headers={"Origin": own}).status_code == 200
    assert httpx.post(server.url + "sparql", data=query).status_code == 200  # curl, SPARQLWrapper
    config = web.ServeConfig(cors=True)
    with web.BackgroundServer(web.create_app(numbers_graph(10), config=config)) as open_one:
        answer = httpx.post(
            open_one.url + "sparql", data=query, headers={"Origin": "https://evil.example"}
        )
    assert answer.status_code == 200


def test_a_store_can_be_queried_while_a_build_holds_it(tmp_path, capsys):
    path = tmp_path / "store"
    with OxigraphStore(path) as writer:
        writer.add_documents([DocumentTriples("numbers", "h", list(numbers_graph(20)))])
        with open_store(path, read_only=True) as reader:
            assert len(reader) == 20
        query = tmp_path / "count.rq"
        query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert main(["query", str(query), "--store", str(path), "-f", "csv"]) == 0
        assert capsys.readouterr().out.splitlines()[1] == "20"


RACE = """
import threading
from kg.sparql import prepare_query
barrier = threading.Barrier(20)
failures = []
def parse():
    barrier.wait()
    try:
        prepare_query("SELECT ?r (COUNT(?c) AS ?n) WHERE { ?c rdf:predicate ?r . "
                      "FILTER(STRLEN(STR(?r)) > 2) OPTIONAL { ?c rdfs:label ?l } } GROUP BY ?r")
    except BaseException as exc:
        failures.append(exc)
threads = [threading.Thread(target=parse) for _ in range(20)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
raise SystemExit(len(failures))
"""


def test_queries_parsed_at_once_by_many_threads_all_parse():
    """The server parses queries on a pool of threads: rdflib's parser is not thread-safe
    (a fresh process, so that nothing is warmed up)."""
    done = subprocess.run([sys.executable, "-c", RACE], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-500:]
