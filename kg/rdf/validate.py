"""Check a graph against the kg SHACL shapes (``ontology/shapes.ttl``) with pyshacl.

::

    from kg.rdf.validate import validate, format_report
    report = validate(result.rdf)
    report.conforms              # no result of severity "violation"
    print(format_report(report)) # one line per result, or format_report(report, "json")

The graph is validated as it is: no ontology is mixed in and no inference runs, so the file
alone must state what the shapes ask for (and validation stays fast). Results of severity
``warning`` are reported but do not make a graph non-conforming.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import Errors, ValidationError
from kg.resources import data_path

REPORT_FORMATS = ("table", "json")
SHAPES_NS = "https://w3id.org/kg-news/shapes#"
_SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
_SEVERITY_ORDER = {"violation": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Violation:
    """One validation result: which node, which property, what is wrong, how bad."""

    focus: str  # the node that fails, compacted ("kgr:claim-…")
    path: str | None  # the property, compacted ("kgo:objectEnd"), when the result names one
    message: str
    severity: str  # "violation", "warning" or "info"
    shape: str  # the named shape that reports it ("kgsh:ClaimShape")
    value: str | None = None  # the offending value, when the result names one


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for v in self.violations if v.severity == severity)

    def summary(self) -> str:
        """One line: ``conforms`` or how many results of each severity."""
        counts = [
            f"{n} {severity}{'s' if n != 1 else ''}"
            for severity in _SEVERITY_ORDER
            if (n := self.count(severity))
        ]
        if self.conforms:
            return "conforms to the kg shapes" + (f" ({', '.join(counts)})" if counts else "")
        return f"does not conform to the kg shapes: {', '.join(counts)}"


def load_shapes(path: str | Path | None = None) -> Graph:
    """The shapes graph: ``path``, or the bundled ``ontology/shapes.ttl``."""
    graph = Graph()
    try:
        if path is None:
            graph.parse(
                data=data_path("ontology", "shapes.ttl").read_text("utf-8"), format="turtle"
            )
        else:
            if not Path(path).is_file():
                raise Errors.E501(path=path)
            graph.parse(path, format="turtle")
    except ValidationError:
        raise
    except Exception as exc:  # rdflib's parsers raise many exception types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise Errors.E502(path=path or "shapes.ttl", reason=first) from None
    return graph


_DEFAULT_SHAPES: Graph | None = None


def _default_shapes() -> Graph:
    global _DEFAULT_SHAPES
    if _DEFAULT_SHAPES is None:
        _DEFAULT_SHAPES = load_shapes()
    return _DEFAULT_SHAPES


class _PreparedQueryGraph(Graph):
    """A view of a graph (same store, no copy) that parses each distinct SPARQL text once.

    pyshacl sends the text of a SPARQL constraint again for every focus node; parsing it is
    ~40 ms, evaluating it well under 1 ms. Pre-binding ``$this`` goes through
    ``initBindings`` either way, so the results are the same.
    """

    _cache: ClassVar[dict[str, Any]] = {}

    def query(  # type: ignore[override]
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,  # rdflib's parameter names
        initBindings: Mapping[str, Node] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str):
            prepared = self._cache.get(query_object)
            if prepared is None:
                prepared = prepareQuery(query_object, initNs=dict(initNs or {}))
                self._cache[query_object] = prepared
            query_object = prepared
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def validate(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``graph`` against ``shapes`` (default: the bundled kg shapes)."""
    import pyshacl

    shapes = shapes if shapes is not None else _default_shapes()
    view = _PreparedQueryGraph(store=graph.store, identifier=graph.identifier)
    try:
        _conforms, results, text = pyshacl.validate(
            view,
            shacl_graph=shapes,
            inference="none",
            advanced=False,
            allow_warnings=True,
            allow_infos=True,
        )
    except Exception as exc:  # pyshacl reports broken shapes as exceptions of its own
        raise Errors.E503(reason=exc) from None
    if not isinstance(results, Graph):
        first = str(text).strip().splitlines()[0] if str(text).strip() else "unknown error"
        raise Errors.E503(reason=first)
    violations = sorted(
        (_violation(results, node, graph, shapes) for node in _result_nodes(results)),
        key=lambda v: (_SEVERITY_ORDER.get(v.severity, 9), v.focus, v.path or "", v.message),
    )
    conforms = not any(v.severity == "violation" for v in violations)
    return ValidationReport(conforms, violations)


def _result_nodes(results: Graph) -> list[Node]:
    """Top-level results: pyshacl also types the nested ``sh:detail`` results of ``sh:node``
    constraints as results; their messages are folded into their parent's."""
    details = set(results.objects(None, SH.detail))
    return [n for n in results.subjects(RDF.type, SH.ValidationResult) if n not in details]


def _messages(results: Graph, node: Node, graph: Graph) -> list[str]:
    own = sorted(_compact_text(str(m), graph) for m in results.objects(node, SH.resultMessage))
    if own and not all(m.startswith("Value does not conform to Shape") for m in own):
        return own
    nested = sorted(
        message
        for detail in results.objects(node, SH.detail)
        for message in _messages(results, detail, graph)
    )
    return nested or own


def _compact(node: Node | None, graph: Graph) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        if str(node).startswith(SHAPES_NS):
            return "kgsh:" + str(node)[len(SHAPES_NS) :]
        try:
            compact = graph.namespace_manager.normalizeUri(node)
        except Exception:  # not expressible with a bound prefix
            compact = f"<{node}>"
        return compact if not compact.startswith("<") else str(node)
    if isinstance(node, Literal):
        return str(node)
    return node.n3()


_IRI = re.compile(r"https?://[^\s,;()<>\"]+")


def _compact_text(text: str, graph: Graph) -> str:
    """Full IRIs inside a message (pyshacl fills ``{?path}`` with them) as prefixed names."""
    return _IRI.sub(lambda m: _compact(URIRef(m.group(0)), graph) or m.group(0), text)


def _named_shape(shape: Node | None, shapes: Graph) -> Node | None:
    """The nearest named (IRI) shape: property shapes are often blank nodes."""
    seen: set[Node] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        shape = next(iter(shapes.subjects(None, shape)), None)
    return shape


def _violation(results: Graph, node: Node, graph: Graph, shapes: Graph) -> Violation:
    messages = _messages(results, node, graph)
    severity = _SEVERITIES.get(results.value(node, SH.resultSeverity), "violation")
    path = results.value(node, SH.resultPath)
    source = _named_shape(results.value(node, SH.sourceShape), shapes)
    return Violation(
        focus=_compact(results.value(node, SH.focusNode), graph) or "?",
        path=_compact(path, graph) if isinstance(path, URIRef) else None,
        message="; ".join(messages) or "constraint not met",
        severity=severity,
        shape=_compact(source, graph) or "?",
        value=_compact(results.value(node, SH.value), graph),
    )


def format_report(report: ValidationReport, fmt: str = "table") -> str:
    """``table``: one aligned line per result (empty when there are none); ``json``:
    ``{"conforms": …, "violations": [{focus, path, value, message, severity, shape}, …]}``."""
    if fmt == "json":
        return json.dumps(
            {"conforms": report.conforms, "violations": [asdict(v) for v in report.violations]},
            indent=2,
            ensure_ascii=False,
        )
    if fmt != "table":
        raise Errors.E504(fmt=fmt, formats=", ".join(REPORT_FORMATS))
    if not report.violations:
        return ""
    rows = [("severity", "focus", "path", "message")]
    for v in report.violations:
        rows.append((v.severity, v.focus, v.path or "-", v.message))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]
        for row in rows
    )
