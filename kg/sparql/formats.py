"""Query results and how they are written: an rdflib result → a :class:`QueryResult`
(rows, a boolean or a graph) → text as a terminal table, CSV, TSV, SPARQL JSON or NDJSON
(:func:`format_result`); and RDF terms as short names or N-Triples.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.catalog.vocab import (
    ACTOR_CLASSES,
    KGO,
    MODALITIES,
    RELATIONS,
    modality_iri,
    relation_iri,
)
from kg.errors import Errors
from kg.sparql.safety import DEFAULT_PREFIXES

FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "ndjson")


@dataclass
class QueryResult:
    """A materialised result: rows for SELECT, a boolean for ASK, a graph otherwise."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str]
    rows: list[tuple[Node | None, ...]]
    boolean: bool | None = None
    graph: Graph | None = None

    def __len__(self) -> int:
        if self.kind == "graph" and self.graph is not None:
            return len(self.graph)
        return len(self.rows)


# --------------------------------------------------------------------------- formatting


_SHORTEN = sorted(DEFAULT_PREFIXES.items(), key=lambda item: -len(item[1]))


def prefixed_name(iri: str) -> str | None:
    """``kgr:actor-isis`` for an IRI in one of :data:`DEFAULT_PREFIXES`' namespaces (the
    longest that fits), else None."""
    for prefix, namespace in _SHORTEN:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return None


def shorten(iri: Node) -> str:
    """An IRI as a prefixed name, or ``<iri>`` when no default prefix fits."""
    text = str(iri)
    return prefixed_name(text) or f"<{text}>"


def _plain(term: Node | None) -> str:
    """The SPARQL CSV form: IRIs and literal values as is, blank nodes as ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


#: kg's own terms by the name an analyst knows them by: ``kgo:fights`` is "fights" and
#: ``kgo:Asserted`` "asserted", as ``kg export --format csv`` writes them.
_TERM_NAMES: dict[str, str] = {
    **{str(relation_iri(relation)): relation for relation in RELATIONS},
    **{str(modality_iri(modality)): modality for modality in MODALITIES},
    **{str(KGO[name]): name for name in (*ACTOR_CLASSES, "Actor", "Place")},
}


def short_value(term: Node | None) -> str:
    """A cell for analysts: relation, modality and class IRIs by their short names, literal
    text without leading or trailing blank lines, anything else as in SPARQL CSV.

    >>> short_value(KGO.fights), short_value(KGO.Negated), short_value(Literal("A war.\\n\\n"))
    ('fights', 'negated', 'A war.')
    """
    if isinstance(term, URIRef):
        return _TERM_NAMES.get(str(term), str(term))
    if isinstance(term, Literal) and isinstance(term.value, str | None):
        return str(term).strip()
    return _plain(term)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def ntriples(term: Node | None) -> str:
    """The SPARQL TSV form: an N-Triples term; empty for unbound."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    return str(term)


def json_term(term: Node) -> dict[str, str]:
    """An RDF term as a SPARQL JSON results term (``{"type": "uri", "value": …}``); the
    inverse of :func:`json_to_term`."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
    return out


def json_to_term(value: Mapping[str, str] | None) -> Node | None:
    """A SPARQL JSON results term as an RDF term (``None`` for an unbound value); the inverse
    of :func:`json_term`. Raises ``ValueError`` for a term of an unknown type."""
    if value is None:
        return None
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != str(XSD.string):
            return Literal(value["value"], datatype=URIRef(datatype))
        return Literal(value["value"])
    raise ValueError(f"unexpected term in a result: {value!r}", value)


def _cell(term: Node | None, width: int = 60) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = _TERM_NAMES.get(str(term)) or shorten(term)
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = " ".join(str(term).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def text_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, empty: str = "(no results)"
) -> str:
    """Rows as a plain-text table under ``header``, columns two spaces apart; ``empty`` (a
    line) when there are no rows."""
    rows = [list(row) for row in rows]
    if not rows:
        return f"{empty}\n"
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]
    lines = [
        "  ".join(name.ljust(width) for name, width in zip(header, widths, strict=True)),
        "  ".join("-" * width for width in widths),
    ]
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in DEFAULT_PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_json(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def format_result(result: QueryResult, fmt: str, *, short_names: bool = True) -> str:
    """The result as text, ending with a newline.

    ``table``: fixed-width text for a terminal (relations, modalities and classes by their
    short names — ``fights``, ``asserted``, ``State`` —, other IRIs shortened to ``kgr:``,
    ``wd:`` … prefixed names, cells cut at 60 characters with "…", "(no results)" when
    empty). ``csv`` / ``tsv``: SPARQL 1.1 CSV (CRLF line ends, as RFC 4180 says) and TSV; in
    ``csv`` (and ``ndjson``) relations, modalities and classes are short names too and text
    is trimmed of blank lines (:func:`short_value`), unless ``short_names=False``, which
    gives the SPARQL 1.1 CSV values exactly (full IRIs), as the ``/sparql`` endpoint must.
    ``json``: SPARQL 1.1 Query Results JSON. ``ndjson``: one JSON object per row, each
    variable mapped to its plain value as a string (as in ``csv``; ``null`` when unbound),
    for ``jq`` and line-oriented tools. ASK gives ``true`` / ``false``, except in ``json``
    and ``ndjson`` (``{"boolean": true}``). CONSTRUCT / DESCRIBE give Turtle, except
    ``json`` which gives JSON-LD (expanded form, nodes sorted) and ``ndjson`` which gives
    one ``{"subject", "predicate", "object"}`` object per triple, sorted.
    """
    if fmt not in FORMATS:
        raise Errors.E209_unknown_format(fmt=fmt, formats=", ".join(FORMATS))
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
        if fmt == "ndjson":
            return json.dumps({"boolean": bool(result.boolean)}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        graph = _bind_prefixes(result.graph if result.graph is not None else Graph())
        if fmt == "json":
            data = json.loads(graph.serialize(format="json-ld"))
            return json.dumps(_sorted_json(data), indent=2, ensure_ascii=False) + "\n"
        if fmt == "ndjson":
            triples = sorted(graph, key=lambda triple: tuple(ntriples(t) for t in triple))
            return "".join(
                json.dumps(
                    {"subject": _plain(s), "predicate": _plain(p), "object": _plain(o)},
                    ensure_ascii=False,
                )
                + "\n"
                for s, p, o in triples
            )
        return graph.serialize(format="turtle")
    value = short_value if short_names else _plain
    if fmt == "ndjson":
        return "".join(
            json.dumps(
                {
                    name: None if term is None else value(term)
                    for name, term in zip(result.variables, row, strict=True)
                },
                ensure_ascii=False,
            )
            + "\n"
            for row in result.rows
        )
    if fmt == "json":
        bindings = [
            {
                name: json_term(term)
                for name, term in zip(result.variables, row, strict=True)
                if term is not None
            }
            for row in result.rows
        ]
        document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([value(term) for term in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{name}" for name in result.variables)]
        lines += ["\t".join(ntriples(term) for term in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    return text_table(result.variables, ([_cell(term) for term in row] for row in result.rows))
