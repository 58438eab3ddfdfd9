"""``kg serve``: the SPARQL 1.1 Protocol endpoint, the query page, limits, CORS and the CLI.

Every test talks to a real server (uvicorn in a thread, on a free loopback port): SPARQLWrapper
and rdflib's SPARQLStore for what a SPARQL client does, httpx for the requests that must fail.
"""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Graph

from kg import web
from kg.cli import main
from kg.errors import ServeError
from kg.graph.knowledge_graph import DocumentInfo, build_graph
from kg.model import Claim, Entity
from kg.rdf.convert import to_rdf, write_graph
from kg.web import app, protocol

KGR = "https://w3id.org/kg-news/resource/"
ISIL = Entity(f"{KGR}actor-isil", "ISIL", "InsurgentGroup")
IRAQ = Entity(f"{KGR}actor-iraq", "Iraq", "State")
IRAN = Entity(f"{KGR}actor-iran", "Iran", "State")
PESHMERGA = Entity(f"{KGR}actor-peshmerga", "Peshmerga", "ArmedGroup")
MOSUL = Entity(f"{KGR}place-mosul", "Mosul", "Place")
XSS = '<img src=x onerror="window.kgPwned=1"><script>alert(1)</script>'
SELECT_LABELS = "SELECT ?actor ?label WHERE { ?actor rdfs:label ?label } ORDER BY ?label"


def claim(
    n: int,
    subject: Entity,
    relation: str,
    obj: Entity,
    modality: str = "asserted",
    sentence: str | None = None,
    subject_text: str | None = None,
) -> Claim:
    text = sentence or f"{subject.label} {relation} {obj.label}."
    start = 100 * n
    return Claim(
        doc_id=f"doc{1 + n % 3}",
        subject=subject,
        relation=relation,
        object=obj,
        modality=modality,
        sentence=text,
        sentence_start=start,
        sentence_end=start + len(text),
        subject_start=start,
        subject_end=start + 4,
        subject_text=subject_text or subject.label,
        object_start=start + 10,
        object_end=start + 14,
        object_text=obj.label,
        trigger=relation,
        confidence=0.9,
    )


def small_graph() -> Graph:
    """A small graph as `kg build` would write it, made without spaCy."""
    documents = [
        DocumentInfo("doc1", "Mosul falls", "2014-06-10", "doc1.txt", 5000),
        DocumentInfo("doc2", "Kurds move", "2014-06-12", "doc2.txt", 5000),
        DocumentInfo("doc3", "Iran offers help", "2014-06-14", "doc3.txt", 5000),
    ]
    claims = [
        claim(0, ISIL, "fights", IRAQ, subject_text="ISIS"),
        claim(1, ISIL, "controls", MOSUL),
        claim(2, IRAN, "supports", IRAQ),
        claim(3, IRAN, "alliedWith", IRAQ),
        claim(4, PESHMERGA, "fights", ISIL, "hypothetical"),
        claim(5, PESHMERGA, "alliedWith", IRAQ, "negated"),
        claim(6, ISIL, "threatens", IRAQ, sentence=f"ISIL said {XSS} to Iraq."),
    ]
    return to_rdf(build_graph(documents, claims))


@pytest.fixture(scope="module")
def graph() -> Graph:
    return small_graph()


def start(graph: Graph, **settings: Any) -> web.BackgroundServer:
    config = web.ServeConfig(title="Test graph", **settings)
    return web.BackgroundServer(web.create_app(graph, config=config)).start()


@pytest.fixture(scope="module")
def server(graph: Graph) -> Iterator[web.BackgroundServer]:
    running = start(graph)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def endpoint(server: web.BackgroundServer) -> str:
    return server.url + "sparql"


@pytest.fixture(scope="module")
def client(server: web.BackgroundServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def labels_of(document: dict[str, Any]) -> list[str]:
    return [row["label"]["value"] for row in document["results"]["bindings"]]


# --------------------------------------------------------------------------- SPARQL clients


def test_sparqlwrapper_select_json(endpoint: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(SELECT_LABELS)
    client.setReturnFormat(JSON)
    answer = client.query()
    assert answer.info()["content-type"].startswith("application/sparql-results+json")
    assert answer.info()["x-kg-truncated"] == "false"
    document = answer.convert()
    assert document["head"]["vars"] == ["actor", "label"]
    assert labels_of(document) == ["ISIL", "Iran", "Iraq", "Mosul", "Peshmerga"]
    assert document["truncated"] is False


@pytest.mark.parametrize("method", ["POST", "POSTDIRECTLY"])
def test_sparqlwrapper_posts(endpoint: str, method: str) -> None:
    from SPARQLWrapper import JSON, POST, POSTDIRECTLY, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setRequestMethod(POSTDIRECTLY if method == "POSTDIRECTLY" else "urlencoded")
    client.setQuery(SELECT_LABELS)
    client.setReturnFormat(JSON)
    assert labels_of(client.queryAndConvert())[0] == "ISIL"


def test_sparqlwrapper_xml_ask_and_construct(endpoint: str) -> None:
    from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setReturnFormat(XML)
    client.setQuery(SELECT_LABELS)
    dom = client.queryAndConvert()  # a minidom document
    literals = [node.firstChild.data for node in dom.getElementsByTagName("literal")]
    assert literals == ["ISIL", "Iran", "Iraq", "Mosul", "Peshmerga"]

    client.setReturnFormat(JSON)
    client.setQuery("ASK { ?claim kgo:modality kgo:Hypothetical }")
    assert client.queryAndConvert()["boolean"] is True

    construct = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a kgo:State ; rdfs:label ?l }"
    for fmt in (XML, TURTLE):  # application/rdf+xml and text/turtle
        client.setReturnFormat(fmt)
        client.setQuery(construct)
        result = client.query()
        body = result.response.read()
        parsed = Graph().parse(data=body, format="xml" if fmt == XML else "turtle")
        assert sorted(str(o) for o in parsed.objects()) == ["Iran", "Iraq"]


def test_rdflib_sparqlstore(endpoint: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = Graph(store=SPARQLStore(endpoint))
    rows = list(remote.query(SELECT_LABELS))
    assert [str(row.label) for row in rows] == ["ISIL", "Iran", "Iraq", "Mosul", "Peshmerga"]
    described = remote.query(f"DESCRIBE <{MOSUL.iri}>")
    assert len(described.graph) > 0


# --------------------------------------------------------------------------- negotiation


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
    ],
)
def test_select_content_negotiation(client: httpx.Client, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("sparql", params={"query": SELECT_LABELS}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    assert response.headers["x-kg-truncated"] == "false"


def test_csv_and_tsv_bodies(client: httpx.Client) -> None:
    response = client.get("sparql", params={"query": SELECT_LABELS}, headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["actor", "label"] and rows[1] == [ISIL.iri, "ISIL"]
    response = client.get("sparql", params={"query": SELECT_LABELS, "format": "tsv"})
    lines = response.text.splitlines()
    assert lines[0] == "?actor\t?label" and lines[1] == f'<{ISIL.iri}>\t"ISIL"'


def test_construct_defaults_to_turtle(client: httpx.Client) -> None:
    query = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a kgo:State ; rdfs:label ?l }"
    response = client.post(
        "sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.text, format="turtle")) == 2
    for fmt, rdflib_format in (("ntriples", "nt"), ("rdfxml", "xml")):
        answer = client.get("sparql", params={"query": query, "format": fmt})
        assert answer.status_code == 200, fmt
        assert len(Graph().parse(data=answer.text, format=rdflib_format)) == 2
    answer = client.get(
        "sparql", params={"query": query}, headers={"Accept": "application/ld+json"}
    )
    assert answer.headers["content-type"] == "application/ld+json"
    nodes = json.loads(answer.text)
    assert sorted(node["@id"] for node in nodes) == [IRAN.iri, IRAQ.iri]


def test_unacceptable_formats(client: httpx.Client) -> None:
    response = client.get(
        "sparql", params={"query": SELECT_LABELS}, headers={"Accept": "text/html"}
    )
    assert response.status_code == 406 and response.headers["x-kg-error"] == "E704"
    response = client.get("sparql", params={"query": SELECT_LABELS, "format": "yaml"})
    assert response.status_code == 406 and "format" in response.text
    # a format for the other kind of result defers to Accept (SPARQLWrapper sends format=xml)
    response = client.get("sparql", params={"query": SELECT_LABELS, "format": "turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    response = client.get(
        "sparql",
        params={"query": "CONSTRUCT WHERE { ?a a kgo:State }", "format": "xml"},
        headers={"Accept": "application/rdf+xml"},
    )
    assert response.headers["content-type"] == "application/rdf+xml"
    response = client.get("sparql", params={"query": "ASK {}", "format": "csv"})
    assert response.status_code == 200 and response.text.strip() == "true"


def test_negotiate_prefers_quality_then_order() -> None:
    assert protocol.negotiate("select", "text/csv, application/json") == "text/csv"
    assert protocol.negotiate("select", "text/csv;q=0.4, application/json") == (
        "application/sparql-results+json"
    )
    assert protocol.negotiate("select", "text/*") == "text/csv"
    assert protocol.negotiate("graph", "*/*") == "text/turtle"
    assert protocol.negotiate("ask", "text/csv, application/sparql-results+xml") == (
        "application/sparql-results+xml"
    )
    with pytest.raises(ServeError, match="E704"):
        protocol.negotiate("select", "text/csv;q=0, image/png")


# --------------------------------------------------------------------------- read-only, refusals


@pytest.mark.parametrize(
    ("request_kwargs", "status", "code"),
    [
        ({"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403, "E705"),
        ({"params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403, "E204"),
        ({"data": {"query": "DELETE WHERE { ?s ?p ?o }"}}, 403, "E204"),
        ({"data": {"query": "LOAD <http://example.org/x.ttl>"}}, 403, "E204"),
        ({"data": {"query": "CLEAR ALL"}}, 403, "E204"),
        (
            {"params": {"query": "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"}},
            403,
            "E204",
        ),
        (
            {"params": {"query": "SELECT * FROM <http://example.org/g.ttl> WHERE { ?s ?p ?o }"}},
            403,
            "E204",
        ),
        (
            {"params": {"query": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { ?s ?p ?o }"}},
            403,
            "E204",
        ),
        (
            {"params": {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "urn:g"}},
            403,
            "E706",
        ),
        ({"params": {"query": "SELEKT * WHERE { ?s ?p ?o }"}}, 400, "E203"),
        ({"params": {"query": "SELECT * WHERE { ?s nope:p ?o }"}}, 400, "E203"),
        ({"params": {}}, 400, "E703"),
        ({"params": {"query": ["ASK {}", "ASK {}"]}}, 400, "E703"),
    ],
)
def test_bad_requests_are_refused(
    client: httpx.Client, request_kwargs: dict[str, Any], status: int, code: str
) -> None:
    method = "POST" if "data" in request_kwargs else "GET"
    response = client.request(method, "sparql", **request_kwargs)
    assert response.status_code == status, response.text
    assert response.headers["x-kg-error"] == code
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith(f"[{code}] ") and "Traceback" not in response.text


def test_update_media_type_body_size_and_methods(client: httpx.Client, graph: Graph) -> None:
    before = len(graph)
    response = client.post(
        "sparql",
        content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Content-Type": "application/sparql-update"},
    )
    assert response.status_code == 403 and response.headers["x-kg-error"] == "E705"
    assert len(graph) == before
    response = client.post("sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    huge = "# " + "x" * (protocol.MAX_BODY_BYTES + 10) + "\nASK {}"
    response = client.post(
        "sparql", content=huge, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413
    assert client.put("sparql", content="ASK {}").status_code == 405
    assert client.delete("sparql").status_code == 405
    response = client.post(
        "sparql", content=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400 and "UTF-8" in response.text


def test_other_hosts_are_refused_on_loopback(server: web.BackgroundServer) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 gets nothing."""
    response = httpx.get(
        server.url + "sparql", params={"query": "ASK {}"}, headers={"Host": "evil.example"}
    )
    assert response.status_code == 421
    for host in ("localhost", "localhost:8000", "127.0.0.1:1", "[::1]:8000", "127.1.2.3"):
        assert app.is_loopback_name(host), host
    for host in ("evil.example", "10.0.0.1", "[2001:db8::1]:80", "localhost.evil.example"):
        assert not app.is_loopback_name(host), host


# --------------------------------------------------------------------------- limits, CORS


def test_row_cap_cuts_and_flags(graph: Graph) -> None:
    with start(graph, max_rows=2) as small:
        url = small.url + "sparql"
        response = httpx.get(url, params={"query": SELECT_LABELS})
        document = response.json()
        assert labels_of(document) == ["ISIL", "Iran"]
        assert document["truncated"] is True
        assert response.headers["x-kg-truncated"] == "true"
        response = httpx.get(url, params={"query": SELECT_LABELS, "format": "csv"})
        assert response.headers["x-kg-truncated"] == "true"
        assert len(response.text.strip().splitlines()) == 3  # header and two rows
        query = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a rdfs:label ?l }"
        response = httpx.get(url, params={"query": query})
        assert response.headers["x-kg-truncated"] == "true"
        assert len(Graph().parse(data=response.text, format="turtle")) == 2
        response = httpx.get(url, params={"query": SELECT_LABELS + " LIMIT 2"})
        assert response.headers["x-kg-truncated"] == "false"
        page = httpx.post(small.url + "queries", data={"query": SELECT_LABELS}).text
        assert "cut at 2 rows" in page


def test_time_limit(graph: Graph) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
    with start(graph, timeout=0.001) as hasty:
        response = httpx.get(hasty.url + "sparql", params={"query": slow})
        assert response.status_code == 503
        assert response.headers["x-kg-error"] == "E205"


def test_cors_off_by_default_and_on_request(graph: Graph, client: httpx.Client) -> None:
    origin = {"Origin": "https://yasgui.example"}
    response = client.get("sparql", params={"query": "ASK {}"}, headers=origin)
    assert "access-control-allow-origin" not in response.headers
    with start(graph, cors=True) as open_server:
        response = httpx.get(open_server.url + "sparql", params={"query": "ASK {}"}, headers=origin)
        assert response.headers["access-control-allow-origin"] == "*"
        assert "X-KG-Truncated" in response.headers["access-control-expose-headers"]
        preflight = httpx.options(
            open_server.url + "sparql",
            headers={
                **origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.status_code == 200
        assert "POST" in preflight.headers["access-control-allow-methods"]


def test_settings_are_validated() -> None:
    with pytest.raises(ServeError, match="E702"):
        web.ServeConfig(timeout=0)
    with pytest.raises(ServeError, match="E702"):
        web.ServeConfig(max_rows=0)
    with pytest.raises(ServeError, match="E702"):
        web.listen("127.0.0.1", 70000)


# --------------------------------------------------------------------------- pages


def test_graph_page_is_the_offline_viz_of_the_served_data(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<title>Test graph</title>" in page and 'href="queries"' in page
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1))
    assert sorted(node["label"] for node in data["nodes"]) == [
        "ISIL",
        "Iran",
        "Iraq",
        "Mosul",
        "Peshmerga",
    ]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)


def test_query_page_lists_named_queries_with_their_parameters(client: httpx.Client) -> None:
    from kg.sparql import list_queries

    page = client.get("queries").text
    for query in list_queries():
        assert f'id="query-{query.name}"' in page
        form = re.search(rf'id="query-{re.escape(query.name)}".*?</form>', page, re.S).group(0)
        assert f'name="run" value="{query.name}"' in form
        for parameter in query.parameters:
            assert f'name="{parameter.name}"' in form
            if parameter.required:
                assert re.search(rf'name="{parameter.name}" required', form)
    assert '<textarea name="query"' in page
    assert '<option value="ISIS">' in page  # actor names and aliases to pick from


def test_query_page_runs_a_named_query(client: httpx.Client) -> None:
    response = client.get("queries", params={"run": "allies-of", "actor": "Iraq"})
    assert response.status_code == 200
    table = re.search(r'<table class="kg-results">.*?</table>', response.text, re.S).group(0)
    assert '<th scope="col">allyLabel</th>' in table
    iran = "https%3A%2F%2Fw3id.org%2Fkg-news%2Fresource%2Factor-iran"
    profile = f"queries?run=actor-profile&amp;actor={iran}"
    assert f'<a href="{profile}">Iran</a>' in table  # the label links to the actor's profile
    assert f'<a href="{profile}">kgr:actor-iran</a>' in table  # and so does the IRI
    assert '<td class="kg-num" data-sort="1">1</td>' in table  # numbers sort as numbers
    followed = client.get(profile.replace("&amp;", "&"))
    assert followed.status_code == 200 and "Result: Profile of an actor" in followed.text
    assert '<td class="kg-iri" title="https://w3id.org/kg-news/resource/actor-iran">' in (
        followed.text
    )
    assert "Peshmerga" not in table  # that alliance is negated
    assert 'value="Iraq"' in response.text  # the form keeps what was asked


def test_query_page_reports_errors_and_escapes(client: httpx.Client) -> None:
    response = client.get("queries", params={"run": "allies-of"})
    assert response.status_code == 400 and "E202" in response.text
    response = client.get("queries", params={"run": "no-such-query"})
    assert response.status_code == 404 and "E201" in response.text
    response = client.post("queries", data={"query": "DROP ALL"})
    assert response.status_code == 403 and "E204" in response.text
    response = client.post(
        "queries", data={"query": "SELECT ?e WHERE { ?c kgo:evidence ?e } ORDER BY ?e"}
    )
    assert response.status_code == 200
    assert XSS not in response.text and "<script>alert" not in response.text
    assert html_escaped(XSS) in response.text
    response = client.post("queries", data={"query": f"SELECT ('{XSS}' AS ?x) WHERE {{}}"})
    assert XSS not in response.text and "&lt;textarea" not in response.text.split("<main>")[0]


def test_result_downloads_as_csv_and_json(client: httpx.Client) -> None:
    page = client.get("queries", params={"run": "enemies-of", "actor": "Iraq"}).text
    csv_link = re.search(r'id="kg-download-csv" href="([^"]+)"', page).group(1)
    json_link = re.search(r'id="kg-download-json" href="([^"]+)"', page).group(1)
    response = client.get(csv_link.replace("&amp;", "&"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="enemies-of.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {row["relation"] for row in rows} >= {"fights"}  # short names, as kg query -f csv
    assert "ISIL" in {row["enemyLabel"] for row in rows}
    document = client.get(json_link.replace("&amp;", "&")).json()
    assert document["head"]["vars"][:2] == ["enemy", "enemyLabel"]
    # your own SPARQL: the link carries the query
    page = client.post("queries", data={"query": SELECT_LABELS}).text
    link = re.search(r'id="kg-download-csv" href="([^"]+)"', page).group(1)
    response = client.get(link.replace("&amp;", "&"))
    labels = [row["label"] for row in csv.DictReader(io.StringIO(response.text))]
    assert labels == sorted(labels) and "Iran" in labels
    assert client.get("queries", params={"run": "allies-of", "format": "csv"}).status_code == 400


def test_claims_and_documents_link_to_their_evidence(client: httpx.Client) -> None:
    page = client.get("queries", params={"run": "evidence-for", "a": "ISIL", "b": "Iraq"}).text
    claim_link = re.search(r'<a href="(queries\?query=[^"]+)">kgr:claim-', page).group(1)
    page = client.get(claim_link.replace("&amp;", "&")).text
    table = re.search(r'<table class="kg-results">.*?</table>', page, re.S).group(0)
    assert "ISIL fights Iraq." in table and "Mosul falls" in table  # sentence, document
    # a document lists its claims
    page = client.post(
        "queries", data={"query": "SELECT ?doc WHERE { ?doc a kgo:Document } ORDER BY ?doc"}
    ).text
    document_link = re.search(r'<a href="(queries\?query=[^"]+)">kgr:doc-doc1', page).group(1)
    page = client.get(document_link.replace("&amp;", "&")).text
    assert "ISIL fights Iraq." in page and "Mosul falls" in page


def test_query_page_assets_are_served_from_the_package(client: httpx.Client) -> None:
    page = client.get("queries").text
    assets = re.findall(r'(?:src|href)="(static/[^"]+)"', page)
    assert "static/codemirror-5.65.18/codemirror.js" in assets
    assert "static/codemirror-5.65.18/sparql.js" in assets and "static/queries.js" in assets
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 100, asset
    assert client.get("static/codemirror-5.65.18/LICENSE").status_code == 200
    assert client.get("static/../serve.py").status_code == 404
    assert client.get("static/nothing.js").status_code == 404
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    examples = json.loads(re.search(r'id="kg-page-data">(.*?)</script>', page, re.S).group(1))
    assert len(examples["examples"]) >= 4 and "kgo:fights" in examples["completions"]


def html_escaped(text: str) -> str:
    """``text`` as the pages escape it (Jinja2's autoescape: ``"`` as ``&#34;``)."""
    from markupsafe import escape

    return str(escape(text))


# --------------------------------------------------------------------------- the command


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory, graph: Graph) -> Path:
    return write_graph(graph, tmp_path_factory.mktemp("serve") / "graph.ttl")


def test_cli_help_lists_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    text = capsys.readouterr().out
    for setting in web.SETTINGS:
        assert setting.name in text, setting.name
    assert "127.0.0.1" in text and "8000" in text and "10000" in text


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--graph", "missing.ttl"], "E301"),
        (["--timeout", "0"], "E702"),
        (["--max-rows", "0"], "E702"),
        (["--port", "70000"], "E702"),
        (["--host", "no-such-host.invalid"], "E701"),
    ],
)
def test_cli_errors_are_one_line(
    graph_file: Path, argv: list[str], code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["serve", "--graph", str(graph_file), *argv]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg serve: error: [") and f"[{code}]" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_port_in_use(graph_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["serve", "--graph", str(graph_file), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert "[E701]" in err and "--port" in err and len(err.strip().splitlines()) == 1


SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_cli_serves_logs_requests_and_stops_cleanly(graph_file: Path, stop: signal.Signals) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--graph", str(graph_file), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stderr])
    reader.start()
    seen: list[str] = []
    try:
        url = None
        while url is None:
            seen.append(lines.get(timeout=60))
            url = re.search(r"at (http://127\.0\.0\.1:\d+/)", seen[-1])
        response = httpx.get(
            url.group(1) + "sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60
        )
        assert response.json() == {"head": {}, "boolean": True}
        httpx.get(url.group(1) + "nowhere", timeout=60)
        # a query that runs for minutes is in progress when the signal comes: the stop does
        # not wait for it (it used to, up to --timeout, and SIGTERM then killed the process)
        slow = threading.Thread(
            target=lambda: httpx.post(url.group(1) + "sparql", data={"query": SLOW_QUERY}),
            daemon=True,
        )
        slow.start()
        slow.join(0.5)  # lets the request reach the server; it will not finish by then
        process.send_signal(stop)
        assert process.wait(timeout=60) == 0, "".join(seen)
        reader.join(timeout=10)
        while not lines.empty():
            seen.append(lines.get())
        output = "".join(seen)
        assert "kg serve: stopped" in output and "Traceback" not in output, output
        # the request log: method, path, status, milliseconds; one line each
        assert re.search(r"^GET /sparql 200 \d+ ms$", output, re.M), output
        assert re.search(r"^GET /nowhere 404 \d+ ms$", output, re.M), output
        assert "ASK" not in output  # the query string is not logged
    finally:
        if process.poll() is None:
            process.kill()
        reader.join(timeout=10)


def test_request_log_of_the_app(graph: Graph) -> None:
    logged: list[str] = []
    app = web.create_app(graph, config=web.ServeConfig(), request_log=logged.append)
    with web.BackgroundServer(app) as running:
        assert httpx.get(running.url + "queries", timeout=30).status_code == 200
        httpx.get(running.url + "sparql", timeout=30)  # no query: 400
        httpx.get(running.url, headers={"Host": "evil.example"}, timeout=30)  # refused: 421
    assert [line.rsplit(" ", 2)[0] for line in logged] == [
        "GET /queries 200",
        "GET /sparql 400",
        "GET / 421",
    ]
    assert all(re.fullmatch(r".* \d+ ms", line) for line in logged)
