"""The pages of ``kg serve`` other than the SPARQL endpoint: what the handlers share (the
served graph or store, the query list, the graph page made at start: :class:`State`), the
``/queries`` page (named queries as forms, a box for your own SPARQL, results as an HTML
table with every value escaped, downloads) rendered from ``kg/templates/queries.html.j2``, and
the static files of ``kg/static`` the pages load.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from rdflib import BNode, Graph, Literal, URIRef
from starlette.responses import Response

from kg.catalog.vocab import KGR_IRI, MODALITIES, RELATIONS
from kg.errors import Errors, KgError
from kg.sparql import (
    DEFAULT_PREFIXES,
    NamedQuery,
    QueryResult,
    format_result,
    list_queries,
    load_query,
    run_query,
    short_value,
)
from kg.sparql.formats import prefixed_name
from kg.web.config import ServeConfig
from kg.web.protocol import TRUNCATED_HEADER, adhoc_query, cut_to, error_response, http_status

if TYPE_CHECKING:  # kg.graph.knowledge_graph pulls in spaCy, which serving does not need
    from kg.graph.knowledge_graph import KnowledgeGraph
    from kg.store.backends import Store


class State:
    """What the handlers share: the graph, the limits and the pages made at start."""

    def __init__(
        self, graph: Graph, kg: KnowledgeGraph, config: ServeConfig, store: Store | None = None
    ) -> None:
        from kg.viz import graph_page as viz

        self.graph = graph
        self.store = store
        self.config = config
        self.queries = list_queries()
        self.names = sorted(
            {
                str(name)
                for _, attrs in kg.graph.nodes(data=True)
                for name in (attrs.get("label"), *(attrs.get("aliases") or ()))
                if name
            },
            key=lambda name: (name.casefold(), name),
        )
        self.graph_page = viz.to_html(kg, title=config.title, links=[("Queries", "queries")])

    def run(
        self, query: NamedQuery, params: Mapping[str, str] | None = None
    ) -> tuple[QueryResult, bool]:
        limit = self.config.max_rows + 1  # one more than is shown: tells that it was cut
        if self.store is not None:
            from kg.store.backends import run_store_query

            result = run_store_query(
                self.store, query, params, timeout=self.config.timeout, row_limit=limit
            )
        else:
            result = run_query(
                self.graph, query, params, timeout=self.config.timeout, row_limit=limit
            )
        return result, cut_to(result, self.config.max_rows)


# --------------------------------------------------------------------------- the query page


@dataclass
class Outcome:
    """What running one query from the query page gave."""

    heading: str
    result: QueryResult | None = None
    truncated: bool = False
    error: KgError | None = None
    seconds: float = 0.0

    @property
    def status(self) -> int:
        return http_status(self.error) if self.error is not None else 200


def attempt(state: State, name: str | None, text: str | None, params: Mapping[str, str]) -> Outcome:
    started = time.perf_counter()
    heading = "Your query"
    try:
        if name is not None:
            query = load_query(name) if _is_listed(state, name) else _unknown(state, name)
            heading = query.title
        else:
            query = adhoc_query(text or "")
        result, truncated = state.run(query, params)
    except KgError as error:
        return Outcome(heading, error=error, seconds=time.perf_counter() - started)
    return Outcome(heading, result, truncated, seconds=time.perf_counter() - started)


def _is_listed(state: State, name: str) -> bool:
    return any(query.name == name for query in state.queries)


def _unknown(state: State, name: str) -> NamedQuery:
    listed = ", ".join(query.name for query in state.queries)
    raise Errors.E201_unknown_served_query(name=name, listed=listed)


CODEMIRROR = "codemirror-5.65.18"  # the vendored editor's folder in kg/static
PAGE_SIZE = 50  # result rows per page of the query page's table

_SAFE_IRI = re.compile(r"[^<>\"{}|^`\\\s]+")
_ACTOR = f"{KGR_IRI}actor-"
_CLAIM = f"{KGR_IRI}claim-"
_DOCUMENT = f"{KGR_IRI}doc-"

#: what the query page shows for a claim: its statement, sentence and document
CLAIM_QUERY = """\
SELECT ?subject ?subjectLabel ?relation ?object ?objectLabel ?modality ?evidence ?document
       ?title ?date ?source
WHERE {{
  BIND(<{iri}> AS ?claim)
  ?claim rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object ;
         kgo:modality ?modality .
  OPTIONAL {{ ?subject rdfs:label ?subjectLabel }}
  OPTIONAL {{ ?object rdfs:label ?objectLabel }}
  OPTIONAL {{ ?claim kgo:evidence ?evidence }}
  OPTIONAL {{
    ?claim prov:wasDerivedFrom ?doc .
    OPTIONAL {{ ?doc dcterms:identifier ?document }}
    OPTIONAL {{ ?doc dcterms:title ?title }}
    OPTIONAL {{ ?doc dcterms:date ?date }}
    OPTIONAL {{ ?doc dcterms:source ?source }}
  }}
}}
"""

#: what the query page shows for a document: its claims in text order, with their sentences
DOCUMENT_QUERY = """\
SELECT ?title ?date ?claim ?subjectLabel ?relation ?objectLabel ?modality ?evidence
WHERE {{
  BIND(<{iri}> AS ?doc)
  OPTIONAL {{ ?doc dcterms:title ?title }}
  OPTIONAL {{ ?doc dcterms:date ?date }}
  OPTIONAL {{
    ?claim prov:wasDerivedFrom ?doc ; rdf:subject ?subject ; rdf:predicate ?relation ;
           rdf:object ?object ; kgo:modality ?modality .
    OPTIONAL {{ ?claim kgo:sentenceStart ?start }}
    OPTIONAL {{ ?claim kgo:evidence ?evidence }}
    OPTIONAL {{ ?subject rdfs:label ?subjectLabel }}
    OPTIONAL {{ ?object rdfs:label ?objectLabel }}
  }}
}}
ORDER BY ?start ?claim
"""

#: the SPARQL box's examples: (title, query)
EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "Asserted claims per pair and relation",
        """\
SELECT ?subject ?relation ?object (COUNT(?claim) AS ?claims)
WHERE {
  ?claim rdf:subject ?s ; rdf:predicate ?relation ; rdf:object ?o ;
         kgo:modality kgo:Asserted .
  ?s rdfs:label ?subject .
  ?o rdfs:label ?object .
}
GROUP BY ?subject ?relation ?object
ORDER BY DESC(?claims) ?subject
""",
    ),
    (
        "Every actor with its class and aliases",
        """\
SELECT ?actor ?label ?class (GROUP_CONCAT(DISTINCT ?alias; separator=" | ") AS ?aliases)
WHERE {
  ?actor a ?class ; rdfs:label ?label .
  FILTER(?class IN (kgo:State, kgo:Government, kgo:ArmedGroup, kgo:Militia,
                    kgo:InsurgentGroup, kgo:Organization, kgo:Person))
  OPTIONAL { ?actor skos:altLabel ?alias }
}
GROUP BY ?actor ?label ?class
ORDER BY ?label
""",
    ),
    (
        "Hostile claims with their sentences, oldest first",
        """\
SELECT ?date ?subject ?relation ?object ?modality ?evidence ?claim
WHERE {
  ?claim rdf:subject ?s ; rdf:predicate ?relation ; rdf:object ?o ; kgo:modality ?modality .
  FILTER(?relation IN (kgo:fights, kgo:threatens, kgo:opposes))
  ?s rdfs:label ?subject .
  ?o rdfs:label ?object .
  OPTIONAL { ?claim kgo:evidence ?evidence }
  OPTIONAL { ?claim dcterms:date ?date }
}
ORDER BY (!BOUND(?date)) ?date ?subject
""",
    ),
    (
        "Documents with their number of claims",
        """\
SELECT ?doc ?title ?date (COUNT(?claim) AS ?claims)
WHERE {
  ?doc a kgo:Document ; dcterms:title ?title .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?claim prov:wasDerivedFrom ?doc }
}
GROUP BY ?doc ?title ?date
ORDER BY DESC(?claims)
""",
    ),
    (
        "Is anyone stated to fight Iran? (ASK)",
        "ASK { ?someone kgo:fights kgr:actor-iran }\n",
    ),
    (
        "Everything said about Iran (CONSTRUCT)",
        """\
CONSTRUCT { kgr:actor-iran ?relation ?other }
WHERE {
  kgr:actor-iran ?relation ?other .
  FILTER(STRSTARTS(STR(?relation), STR(kgo:)))
}
""",
    ),
)


def _short(iri: str) -> str:
    return prefixed_name(iri) or iri


def _profile_link(iri: str) -> str:
    return "queries?" + urlencode({"run": "actor-profile", "actor": iri})


def _iri_link(iri: str) -> str | None:
    """Where a cell holding ``iri`` links to on the query page: an actor's profile, a
    claim's sentence and document, a document's claims; None for anything else."""
    if not _SAFE_IRI.fullmatch(iri):  # never pasted into a query unless it is a clean IRI
        return None
    if iri.startswith(_ACTOR):
        return _profile_link(iri)
    if iri.startswith(_CLAIM):
        return "queries?" + urlencode({"query": CLAIM_QUERY.format(iri=iri)})
    if iri.startswith(_DOCUMENT):
        return "queries?" + urlencode({"query": DOCUMENT_QUERY.format(iri=iri)})
    return None


def _table_cells(result: QueryResult) -> list[list[dict[str, Any]]]:
    """The result's rows as cells for the template: text, a link, a sort key, a tooltip.

    Relations, modalities and classes show by their short names (as ``kg query -f csv``);
    an actor's label links to its profile as the actor's IRI does (``ally`` / ``allyLabel``).
    """
    index = {name: position for position, name in enumerate(result.variables)}
    rows = []
    for row in result.rows:
        cells = []
        for name, term in zip(result.variables, row, strict=True):
            cell: dict[str, Any] = {"text": "", "href": None, "sort": None, "title": None}
            cell["cls"] = None
            if isinstance(term, URIRef):
                iri = str(term)
                named = short_value(term)
                cell["text"] = named if named != iri else _short(iri)
                cell["title"] = iri
                cell["href"] = _iri_link(iri)
                cell["cls"] = "kg-iri" if named == iri else None
            elif isinstance(term, BNode):
                cell["text"], cell["cls"] = f"_:{term}", "kg-iri"
            elif isinstance(term, Literal):
                cell["text"] = short_value(term)
                value = term.toPython()
                if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    cell["sort"], cell["cls"] = str(value), "kg-num"
                owner = index.get(name[: -len("Label")]) if name.endswith("Label") else None
                if owner is not None and str(row[owner] or "").startswith(_ACTOR):
                    cell["href"] = _iri_link(str(row[owner]))
            cells.append(cell)
        rows.append(cells)
    return rows


def _downloads(values: Mapping[str, str]) -> dict[str, str]:
    """Links that give the same result as a file (``format=csv``, ``json``, ``turtle``)."""
    asked = {key: value for key, value in values.items() if key != "format"}
    return {
        fmt: "queries?" + urlencode({**asked, "format": fmt}) for fmt in ("csv", "json", "turtle")
    }


def _outcome_view(outcome: Outcome, values: Mapping[str, str]) -> dict[str, Any]:
    view: dict[str, Any] = {
        "heading": outcome.heading,
        "error": str(outcome.error) if outcome.error is not None else None,
        "took": f"{outcome.seconds:.2f} s",
        "truncated": outcome.truncated,
        "downloads": _downloads(values),
        "kind": None,
    }
    result = outcome.result
    if outcome.error is None and result is not None:
        view["kind"] = result.kind
        view["rows"] = len(result)
        if result.kind == "ask":
            view["boolean"] = "true" if result.boolean else "false"
        elif result.kind == "graph":
            view["turtle"] = format_result(result, "table")
        else:
            view["variables"] = result.variables
            view["table"] = _table_cells(result)
    return view


def _form_fields(query: NamedQuery, values: Mapping[str, str]) -> list[dict[str, Any]]:
    fields = []
    for parameter in query.parameters:
        mine = values.get("run") == query.name
        value = values.get(parameter.name, "") if mine else ""
        if not value and parameter.default is not None:
            value = parameter.default
        choices = None
        if parameter.kind in ("modality", "relation"):
            choices = ["any", *(MODALITIES if parameter.kind == "modality" else RELATIONS)]
            value = value or "any"
        fields.append(
            {
                "id": f"{query.name}-{parameter.name}",
                "name": parameter.name,
                "required": parameter.required,
                "hint": parameter.description,
                "value": value,
                "choices": choices,
                "type": {"date": "date", "integer": "number"}.get(parameter.kind, "text"),
                "actor": parameter.kind == "actor",
            }
        )
    return fields


def _completions() -> list[str]:
    """What Ctrl-Space offers in the editor: kg's terms as prefixed names, and keywords."""
    from kg.catalog.vocab import ACTOR_CLASSES

    words = [f"kgo:{name}" for name in (*RELATIONS, *ACTOR_CLASSES, "Actor", "Place")]
    words += [f"kgo:{name.capitalize()}" for name in MODALITIES]
    words += [
        f"kgo:{name}"
        for name in (
            *("Claim", "Document", "modality", "evidence", "trigger", "confidence"),
            *("sentenceStart", "sentenceEnd", "reportedBy", "eventDate", "hostileTo"),
            *("cooperatesWith", "bloc", "degreeCentrality", "betweennessCentrality"),
        )
    ]
    words += ["rdf:subject", "rdf:predicate", "rdf:object", "rdfs:label", "skos:altLabel"]
    words += ["owl:sameAs", "prov:wasDerivedFrom", "dcterms:title", "dcterms:date"]
    words += ["dcterms:identifier", "dcterms:source", "dcterms:references"]
    words += [f"{prefix}:" for prefix in DEFAULT_PREFIXES]
    keywords = "SELECT DISTINCT WHERE OPTIONAL FILTER BIND GROUP BY ORDER DESC ASC LIMIT"
    keywords += " COUNT GROUP_CONCAT SAMPLE UNION MINUS EXISTS NOT VALUES ASK CONSTRUCT DESCRIBE"
    return sorted(set(words)) + keywords.split()


def queries_page(state: State, values: Mapping[str, str], outcome: Outcome | None) -> str:
    from kg.viz.graph_page import json_for_script, template_environment

    forms = [
        {
            "name": query.name,
            "title": query.title,
            "description": query.description,
            "text": query.text,
            "fields": _form_fields(query, values),
        }
        for query in state.queries
    ]
    free = values.get("query", "") if "query" in values else EXAMPLES[0][1]
    page_data = {
        "pageSize": PAGE_SIZE,
        "examples": [{"title": title, "text": text} for title, text in EXAMPLES],
        "completions": _completions(),
    }
    return (
        template_environment()
        .get_template("queries.html.j2")
        .render(
            title=state.config.title,
            codemirror=CODEMIRROR,
            outcome=_outcome_view(outcome, values) if outcome is not None else None,
            max_rows=state.config.max_rows,
            timeout=f"{state.config.timeout:g}",
            forms=forms,
            names=state.names,
            examples=[{"title": title} for title, _ in EXAMPLES],
            prefixes=list(DEFAULT_PREFIXES.items()),
            free=free,
            page_data=json_for_script(page_data),
        )
    )


def download(outcome: Outcome, fmt: str, name: str) -> Response:
    """A result as a file: CSV (short names, as ``kg query -f csv``), SPARQL JSON, Turtle."""
    if outcome.error is not None:
        return error_response(outcome.error)
    result = outcome.result
    assert result is not None
    if result.kind == "graph":
        fmt = "turtle"
    elif fmt == "turtle":
        fmt = "json"  # a table has no Turtle form
    text = format_result(result, "table" if fmt == "turtle" else fmt)
    media = {
        "csv": "text/csv; charset=utf-8",
        "json": "application/sparql-results+json",
        "turtle": "text/turtle; charset=utf-8",
    }[fmt]
    suffix = {"csv": "csv", "json": "json", "turtle": "ttl"}[fmt]
    headers = {
        "Content-Disposition": f'attachment; filename="{name}.{suffix}"',
        TRUNCATED_HEADER: "true" if outcome.truncated else "false",
    }
    return Response(text.encode("utf-8"), media_type=media, headers=headers)


@cache
def static_files() -> dict[str, tuple[bytes, str]]:
    """Every file of ``kg/static`` by its path under ``/static/``, with its media type: read
    once; nothing outside this list is ever served."""
    media = {".js": "text/javascript", ".css": "text/css", ".md": "text/markdown"}
    found: dict[str, tuple[bytes, str]] = {}

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.is_file():
                suffix = Path(entry.name).suffix
                kind = media.get(suffix, "text/plain")
                found[f"{prefix}{entry.name}"] = (entry.read_bytes(), kind)

    walk(files("kg") / "static", "")
    return found
