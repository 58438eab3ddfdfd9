"""Triple stores behind one interface: in memory (rdflib), on disk (Oxigraph), remote (HTTP).

Layout, the same in every store:

* the **default graph** is the graph of the output contract: exactly what ``to_rdf`` gives
  for all the documents in the store (actors, places, documents, claims, direct relations,
  the run). Queries run on it, with no dataset tricks, so any SPARQL endpoint answers them;
* one **named graph per document**, named by the document's IRI (``kgr:doc-…``), holds the
  triples that document may share with others (the actors and places it names with the
  names it uses, the direct relations it asserts, the run) plus one bookkeeping triple
  ``<kgr:doc-…> kgs:contentHash "…"`` (:data:`CONTENT_HASH`), which is never copied into the
  default graph. What only that document can state, the triples about the document itself
  and about the nodes it declares ``prov:wasDerivedFrom`` it (its claims), is written to
  the default graph alone (:func:`split_document`): a claim's IRI includes its document, so
  a copy would only tell the store what it finds by subject anyway.

A triple several documents contribute (an actor's label, a direct ``S kgo:fights O``) sits
in each of their graphs and once in the default graph. Removing or replacing a document
removes its own triples and its claims' from the default graph by subject, then the shared
triples no other document graph holds, and drops its graph, so the default graph always
equals a full rebuild of the documents in the store. (Stores written before this layout
hold a document's own triples in its graph too; removal handles both.)

Every write commits one document (or a batch of them) whole or not at all: an Oxigraph
transaction (``extend`` / one ``update``), one SPARQL Update request to a remote endpoint.
The content hash is part of the committed graph, so a document is "in the store" exactly
when its hash is, and an interrupted build simply resumes.

Error codes (all :class:`~kg.errors.StoreError`):

======  ===============================================================================
E1001   the store folder cannot be opened (not a kg store, locked by another process)
E1002   no store at that path (query/serve need one built first)
E1003   a remote endpoint cannot be reached or answers with an error
E1004   a bad endpoint URL
E1005   a write to the store failed
E1006   unknown export format
E1007   a parameter value that cannot be bound safely (an invalid IRI)
E1008   conflicting options (--store with --endpoint or --graph, --infer with a store)
======  ===============================================================================
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD
from rdflib.term import Identifier, Node

from kg.catalog.vocab import ACTOR_CLASSES, document_iri
from kg.errors import Errors, StoreError
from kg.sparql import DEFAULT_PREFIXES, NamedQuery, QueryResult, bind_parameters, prepare_query
from kg.sparql.formats import json_to_term
from kg.sparql.run import as_named_query, with_timeout
from kg.sparql.safety import query_kind

__all__ = [
    "CONTENT_HASH",
    "DocumentTriples",
    "MemoryStore",
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "inject_values",
    "open_store",
    "run_store_query",
    "split_document",
]

STORE_NS = "https://w3id.org/kg-news/store#"
#: ``<kgr:doc-…> kgs:contentHash "…"`` in the document's own graph: what was extracted
CONTENT_HASH = URIRef(STORE_NS + "contentHash")
GRAPH_FORMATS = {"turtle": "turtle", "ntriples": "nt", "nt": "nt"}
DATASET_FORMATS = {"nquads": "nquads", "nq": "nquads", "trig": "trig"}

Triple = tuple[Node, Node, Node]
FLUSH_EVERY = 50_000  # quads written to Oxigraph between flushes of its memory tables


@dataclass
class DocumentTriples:
    """One document's contribution, ready to commit."""

    doc_id: str
    content_hash: str
    triples: Iterable[Triple]


def split_document(doc_id: str, triples: Iterable[Triple]) -> tuple[list[Triple], list[Triple]]:
    """``(shared, own)``: the document's triples another document may also state, for its
    named graph and the default graph, and those only it can state, for the default graph
    alone. Its own are the triples whose subject is the document or a node the document
    declares ``prov:wasDerivedFrom`` it (its claims)."""
    document = document_iri(doc_id)
    triples = list(triples)
    derived = {s for s, p, o in triples if p == PROV.wasDerivedFrom and o == document}
    derived.add(document)
    shared: list[Triple] = []
    own: list[Triple] = []
    for triple in triples:
        (own if triple[0] in derived else shared).append(triple)
    return shared, own


# --------------------------------------------------------------------------- binding


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\s(){}.,;]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s(){}<>,;"']*)?)
  | (?P<open>\{) | (?P<close>\}) | (?P<lparen>\() | (?P<rparen>\))
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
_IRI_OK = re.compile(r'[^<>"{}|^`\\\x00-\x20]+')


def _tokens(text: str) -> list[tuple[str, str, int]]:
    return [
        (match.lastgroup or "other", match.group(), match.start())
        for match in _TOKEN.finditer(text)
        if match.lastgroup not in ("ws", "comment")
    ]


def _serialise(term: Identifier) -> str:
    """An RDF term as SPARQL text, built from the term, never from user text."""
    if isinstance(term, URIRef):
        if not _IRI_OK.fullmatch(str(term)):
            raise Errors.E1007_not_an_iri(term=str(term))
        return f"<{term}>"
    if isinstance(term, Literal):
        value = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*", term.language):
                raise Errors.E1007_bad_language(language=term.language)
            return f'"{value}"@{term.language}'
        datatype = term.datatype
        if datatype is None or datatype == XSD.string:
            return f'"{value}"'
        return f'"{value}"^^{_serialise(URIRef(datatype))}'
    raise Errors.E1007_cannot_bind_kind(error_type=type(term).__name__)


def inject_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """``text`` with a ``VALUES`` block binding ``bindings`` at the start of every group
    that uses them.

    rdflib's ``initBindings`` bind a variable everywhere in the query, subqueries included;
    a ``VALUES (?a ?b) { (<…> "…") }`` block at the top of every group graph pattern (every
    ``WHERE``, ``OPTIONAL``, ``UNION`` branch, ``GRAPH``, ``EXISTS`` and sub-select body)
    does the same on any SPARQL engine. Groups are found by tokenising the query (strings,
    IRIs and comments are skipped), not by searching its text; the block is built from RDF
    terms (:func:`_serialise`), so no user text reaches the query. A group that holds only a
    sub-select is wrapped: ``{ VALUES … { SELECT … } }``.

    Each group but the outermost binds only the variables it mentions (itself or in a nested
    group), and a group that mentions none is left alone: the same solutions, since a block
    there binds a variable nothing in the group reads. The outermost group binds them all,
    so a projected parameter is still bound. It matters on Oxigraph, which runs an
    ``OPTIONAL`` whose body is a plain pattern as a lookup per solution, but evaluates a body
    that starts with a ``VALUES`` block once for the whole graph (a hash join): ``OPTIONAL {
    ?doc dcterms:date ?date }`` with a block of unrelated parameters in it turns a query
    over one actor's claims into a scan of every document.

    >>> from rdflib import Literal, URIRef
    >>> inject_values('SELECT ?x WHERE { ?x ?p ?v }', {"v": Literal('a"}')})
    'SELECT ?x WHERE { VALUES (?v) { ("a\\\\"}") } ?x ?p ?v }'
    >>> inject_values('SELECT * { ?x ?p ?v OPTIONAL { ?x ?q ?o } }', {"v": URIRef("urn:v")})
    'SELECT * { VALUES (?v) { (<urn:v>) } ?x ?p ?v OPTIONAL { ?x ?q ?o } }'
    """
    if not bindings:
        return text
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise Errors.E1007_bad_variable(name=name)
    terms = {name: _serialise(bindings[name]) for name in names}

    def block(chosen: Sequence[str]) -> str:
        row = " ".join(terms[name] for name in chosen)
        return f"VALUES ({' '.join('?' + name for name in chosen)}) {{ ({row}) }}"

    tokens = _tokens(text)
    inserts: list[tuple[int, str]] = []
    skip_until: int | None = None  # inside a VALUES data block or a CONSTRUCT template
    depth = 0
    pending: str | None = None  # "values" or "template": the next "{" opens data, not a group
    outermost = True
    for index, (kind, value, start) in enumerate(tokens):
        if kind == "open":
            depth += 1
            if skip_until is not None:
                continue
            if pending is not None:
                skip_until = depth
                pending = None
                continue
            chosen = names
            if not outermost:
                used = _variables_in(tokens, index)
                chosen = [name for name in names if name in used]
            outermost = False
            if not chosen:
                continue
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following and following[0] == "word" and following[1].upper() == "SELECT":
                inserts.append((start + 1, f" {block(chosen)} {{"))
                close = _matching_close(tokens, index)
                inserts.append((tokens[close][2], "} "))
            else:
                inserts.append((start + 1, f" {block(chosen)}"))
        elif kind == "close":
            if skip_until is not None and depth == skip_until:
                skip_until = None
            depth -= 1
        elif kind == "word" and skip_until is None:
            upper = value.upper()
            if upper == "VALUES":
                pending = "values"
            elif upper == "CONSTRUCT":
                following = tokens[index + 1] if index + 1 < len(tokens) else None
                if following and following[0] == "open":
                    pending = "template"
    out = text
    for position, addition in sorted(inserts, key=lambda item: -item[0]):
        out = out[:position] + addition + out[position:]
    return out


def _variables_in(tokens: list[tuple[str, str, int]], index: int) -> set[str]:
    """The names of the variables between the brace at ``index`` and its match."""
    found: set[str] = set()
    for kind, value, _ in tokens[index : _matching_close(tokens, index) + 1]:
        if kind in ("var", "other", "word"):
            found.update(re.findall(r"[?$]([A-Za-z0-9_]+)", value))
    return found


def _matching_close(tokens: list[tuple[str, str, int]], index: int) -> int:
    depth = 0
    for position in range(index, len(tokens)):
        if tokens[position][0] == "open":
            depth += 1
        elif tokens[position][0] == "close":
            depth -= 1
            if depth == 0:
                return position
    raise Errors.E1007_unbalanced_braces()


# --------------------------------------------------------------------------- the interface


class Store(ABC):
    """Where a graph lives: the default graph is the contract graph, one named graph per
    document (see the module docstring)."""

    description: str = "store"

    @abstractmethod
    def document_hashes(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """The content hash of each of ``doc_ids`` that is in the store."""

    def document_hash(self, doc_id: str) -> str | None:
        return self.document_hashes([doc_id]).get(doc_id)

    @abstractmethod
    def add_documents(self, batch: Sequence[DocumentTriples]) -> None:
        """Commit documents, replacing any already stored under the same id; each document
        is committed whole or not at all (the whole batch, where the backend allows)."""

    def add_document(self, doc_id: str, content_hash: str, triples: Iterable[Triple]) -> None:
        self.add_documents([DocumentTriples(doc_id, content_hash, triples)])

    @abstractmethod
    def remove_document(self, doc_id: str) -> bool:
        """Remove a document and what only it contributed; ``False`` if it was not there."""

    @abstractmethod
    def _execute(self, text: str, kind: str, row_limit: int | None = None) -> QueryResult:
        """Run checked query text on the default graph; keep at most ``row_limit`` rows."""

    @abstractmethod
    def update_default_graph(self, text: str) -> None:
        """Run kg's own SPARQL Update on the default graph (the edge aggregates of
        :mod:`kg.rdf.aggregates`); never for user text."""

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Identifier] | None = None,
        *,
        timeout: float | None = 30.0,
        row_limit: int | None = None,
    ) -> QueryResult:
        """Run a read-only query on the default graph, ``bindings`` bound as values.

        The query is checked first (:func:`kg.sparql.safety.prepare_query`: no update, ``SERVICE``
        or ``FROM``); nothing runs if it is refused. Past ``timeout`` seconds the query is
        stopped (E205); ``row_limit``: collect at most this many rows (or triples).
        """
        kind = query_kind(sparql)
        text = inject_values(sparql, bindings or {})
        return self._execute_in_time(text, kind, row_limit, timeout)

    def _execute_in_time(
        self, text: str, kind: str, row_limit: int | None, timeout: float | None
    ) -> QueryResult:
        """:meth:`_execute` checked text, stopped after ``timeout`` seconds (E205)."""
        return with_timeout(lambda: self._execute(text, kind, row_limit), timeout)

    @abstractmethod
    def export(self, fmt: str = "turtle") -> bytes:
        """``turtle`` / ``ntriples``: the default graph; ``nquads`` / ``trig``: the dataset."""

    @abstractmethod
    def __len__(self) -> int:
        """Triples in the default graph."""

    def names_graph(self) -> Graph:
        """Actors and places with their classes, names and ``owl:sameAs``: what
        :func:`kg.sparql.parameters.resolve_actor` needs to turn a name into an IRI."""
        classes = ", ".join(f"kgo:{name}" for name in ("Actor", *ACTOR_CLASSES, "Place"))
        text = (
            "PREFIX kgo: <https://w3id.org/kg-news/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
            "CONSTRUCT { ?s a ?c . ?s rdfs:label ?l . ?s skos:altLabel ?a . ?s owl:sameAs ?w }\n"
            f"WHERE {{ ?s a ?c . FILTER(?c IN ({classes}))\n"
            "  { ?s rdfs:label ?l } UNION { ?s skos:altLabel ?a } UNION { ?s owl:sameAs ?w } }"
        )
        query_kind(text, cache_as="query-kind-names")  # kg's own query: checked once
        result = self.query(text, timeout=None)
        return result.graph if result.graph is not None else Graph()

    def labels(self, iris: Sequence[URIRef]) -> dict[URIRef, Literal]:
        """The ``rdfs:label`` the store holds for each of ``iris`` that has one (the first in
        sort order, should a store hold two)."""
        found: dict[URIRef, Literal] = {}
        for start in range(0, len(iris), 500):
            chunk = " ".join(_serialise(iri) for iri in iris[start : start + 500])
            text = (
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {chunk} }} ?s rdfs:label ?l }}"
            )
            for row in self.query(text, timeout=None).rows:
                subject, label = row
                if not isinstance(subject, URIRef) or not isinstance(label, Literal):
                    continue
                if subject not in found or str(label) < str(found[subject]):
                    found[subject] = label
        return found

    def graph(self) -> Graph:
        """The whole default graph in memory (for the picture of ``kg serve``)."""
        graph = Graph()
        graph.parse(data=self.export("ntriples").decode("utf-8"), format="nt")
        return graph

    def close(self) -> None:  # noqa: B027 - most stores hold nothing to release
        """Release the store (flush files, close connections)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_store_query(
    store: Store,
    query: NamedQuery | str,
    params: Mapping[str, str] | None = None,
    *,
    timeout: float | None = 30.0,
    row_limit: int | None = None,
) -> QueryResult:
    """:func:`kg.sparql.run.run_query` on a store: the same checks, parameters and results."""
    named = as_named_query(query)
    # refuse before resolving anything; a query from a file keeps its verdict in kg's cache
    query_kind(named.text, cache_as=f"query-kind-{named.name}" if named.path else None)
    names = store.graph_for_names() if isinstance(store, MemoryStore) else store.names_graph()
    bindings = bind_parameters(names, named, params)
    return store.query(named.text, bindings, timeout=timeout, row_limit=row_limit)


def content_hash(fields: Sequence[str]) -> str:
    """The hash a document is stored under: its fields and what extracted it."""
    digest = hashlib.sha256()
    for field in fields:
        digest.update(field.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


# --------------------------------------------------------------------------- memory


class MemoryStore(Store):
    """An rdflib graph in memory, with each document's triples counted: the current
    behaviour, and what pyshacl and owlrl work on."""

    description = "memory"

    def __init__(self, graph: Graph | None = None) -> None:
        from kg.rdf.convert import new_graph

        self.graph_ = graph if graph is not None else new_graph()
        self._documents: dict[str, tuple[str, set[Triple]]] = {}
        self._counts: Counter[Triple] = Counter()

    def graph_for_names(self) -> Graph:
        return self.graph_

    def graph(self) -> Graph:
        return self.graph_

    def document_hashes(self, doc_ids: Sequence[str]) -> dict[str, str]:
        return {d: self._documents[d][0] for d in doc_ids if d in self._documents}

    def add_documents(self, batch: Sequence[DocumentTriples]) -> None:
        staged = [(item.doc_id, item.content_hash, set(item.triples)) for item in batch]
        for doc_id, _, _ in staged:  # only now: a failing iterable changed nothing
            self._drop(doc_id)
        for doc_id, digest, triples in staged:
            self._documents[doc_id] = (digest, triples)
            for triple in triples:
                self._counts[triple] += 1
                self.graph_.add(triple)

    def remove_document(self, doc_id: str) -> bool:
        from kg.rdf.aggregates import counts_in_triples
        from kg.store import aggregates

        triples = self._drop(doc_id)
        if triples is None:
            return False
        aggregates.apply_changes(self, Counter(), counts_in_triples(triples))
        return True

    def _drop(self, doc_id: str) -> set[Triple] | None:
        """Remove a document's triples (not the edge counts); what they were."""
        if doc_id not in self._documents:
            return None
        _, triples = self._documents.pop(doc_id)
        for triple in triples:
            self._counts[triple] -= 1
            if self._counts[triple] <= 0:
                del self._counts[triple]
                self.graph_.remove(triple)
        return triples

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Identifier] | None = None,
        *,
        timeout: float | None = 30.0,
        row_limit: int | None = None,
    ) -> QueryResult:
        from kg.sparql.run import materialise

        prepared = prepare_query(sparql)
        return with_timeout(
            lambda: materialise(
                self.graph_.query(prepared, initBindings=dict(bindings or {})), row_limit
            ),
            timeout,
        )

    def _execute(
        self, text: str, kind: str, row_limit: int | None = None
    ) -> QueryResult:  # pragma: no cover - unused
        return self.query(text, row_limit=row_limit)

    def update_default_graph(self, text: str) -> None:
        self.graph_.update(text)

    def export(self, fmt: str = "turtle") -> bytes:
        if fmt in GRAPH_FORMATS:
            return self.graph_.serialize(format=GRAPH_FORMATS[fmt], encoding="utf-8")
        if fmt in DATASET_FORMATS:
            from rdflib import Dataset

            dataset = Dataset()
            for triple in self.graph_:
                dataset.add(triple)
            for doc_id, (digest, triples) in self._documents.items():
                named = dataset.graph(document_iri(doc_id))
                shared, _ = split_document(doc_id, triples)
                for triple in shared:
                    named.add(triple)
                named.add((document_iri(doc_id), CONTENT_HASH, Literal(digest)))
            return dataset.serialize(format=DATASET_FORMATS[fmt], encoding="utf-8")
        raise _unknown_format(fmt)

    def __len__(self) -> int:
        return len(self.graph_)


def _unknown_format(fmt: str) -> StoreError:
    known = ", ".join([*GRAPH_FORMATS, *DATASET_FORMATS])
    return Errors.E1006(fmt=fmt, formats=known)


# --------------------------------------------------------------------------- oxigraph


def _unless_elsewhere(subject: str, graph: str) -> str:
    """A filter that spares ``subject ?p ?o`` when a graph other than ``graph`` holds it."""
    return f"FILTER NOT EXISTS {{ GRAPH ?other {{ {subject} ?p ?o }} FILTER(?other != {graph}) }}"


def _removal_update(doc_ids: Iterable[str]) -> str:
    """SPARQL Update that removes documents: from the default graph, their claims' triples
    and their own (by subject), then the shared triples no other document graph holds;
    then the document graphs. No deletion takes a triple another document's graph holds."""
    parts = []
    for doc_id in doc_ids:
        g = f"<{document_iri(doc_id)}>"
        parts += [
            f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s <{PROV.wasDerivedFrom}> {g} ; ?p ?o "
            f"{_unless_elsewhere('?s', g)} }}",
            f"DELETE {{ {g} ?p ?o }} WHERE {{ {g} ?p ?o {_unless_elsewhere(g, g)} }}",
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER(?p != <{CONTENT_HASH}>) {_unless_elsewhere('?s', g)} }}",
            f"DROP SILENT GRAPH {g}",
        ]
    return " ;\n".join(parts)


class OxigraphStore(Store):
    """A persistent Oxigraph store in a folder (``kg build --store DIR``)."""

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        create: bool = True,
        query_processes: int = 0,
    ) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.path = Path(path)
        self.description = f"Oxigraph store {self.path}"
        if not self.path.exists():
            if read_only or not create:
                raise Errors.E1002(path=self.path)
            try:  # like mkdir -p: Oxigraph creates only the last folder
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise Errors.E1001_cannot_create(path=self.path, reason=_first_line(exc)) from None
        elif not self.path.is_dir():
            raise Errors.E1001_a_file(path=self.path)
        elif any(self.path.iterdir()) and not (self.path / "CURRENT").is_file():
            raise Errors.E1001_not_a_store(path=self.path)
        self.read_only = read_only
        try:
            # read-only needs no lock: queries read the last committed state even while a
            # build writes (RocksDB secondary-style open; the state is that of the moment
            # the store was opened)
            self.store = (
                ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
            )
        except OSError as exc:
            hint = (
                "another kg process is writing to it; the lock is released when that build "
                "ends (queries do not need it: kg query/serve open stores read-only)"
                if "lock" in str(exc).lower()
                else "is it a store written by 'kg build --store'?"
            )
            raise Errors.E1001_cannot_open(
                path=self.path, reason=_first_line(exc), hint=hint
            ) from None
        self._names: Graph | None = None
        self._unflushed = 0
        # queries from outside (a server's users) run in child processes that can be killed
        # at the time limit: Oxigraph cannot be interrupted inside one step of a query (a
        # sort, an aggregate), and only a process takes its memory with it
        self._processes = _QueryProcesses(self.path, query_processes) if query_processes else None

    # terms ---------------------------------------------------------------
    def _ox(self, term: Node) -> Any:
        ox = self.ox
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
        raise Errors.E1005_cannot_store(error_type=type(term).__name__)

    def _quads(self, item: DocumentTriples) -> Iterator[Any]:
        ox = self.ox
        graph = ox.NamedNode(str(document_iri(item.doc_id)))
        default = ox.DefaultGraph()
        shared, own = split_document(item.doc_id, item.triples)
        for s, p, o in shared:
            triple = (self._ox(s), self._ox(p), self._ox(o))
            yield ox.Quad(*triple, graph)
            yield ox.Quad(*triple, default)
        for s, p, o in own:
            yield ox.Quad(self._ox(s), self._ox(p), self._ox(o), default)
        yield ox.Quad(graph, ox.NamedNode(str(CONTENT_HASH)), ox.Literal(item.content_hash), graph)

    # interface -----------------------------------------------------------
    def document_hashes(self, doc_ids: Sequence[str]) -> dict[str, str]:
        ox = self.ox
        predicate = ox.NamedNode(str(CONTENT_HASH))
        found: dict[str, str] = {}
        for doc_id in doc_ids:
            node = ox.NamedNode(str(document_iri(doc_id)))
            for quad in self.store.quads_for_pattern(node, predicate, None, node):
                found[doc_id] = quad.object.value
        return found

    def add_documents(self, batch: Sequence[DocumentTriples]) -> None:
        if not batch:
            return
        ox = self.ox
        present = [
            item.doc_id
            for item in batch
            if self.store.contains_named_graph(ox.NamedNode(str(document_iri(item.doc_id))))
        ]
        try:
            if present:
                # replaced documents: removal and insertion in one update, one transaction
                fresh = {item.doc_id for item in batch} - set(present)
                replaced = [item for item in batch if item.doc_id in present]
                inserted = [q for item in replaced for q in self._quads(item)]
                data = " .\n".join(
                    f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
                    if not isinstance(q.graph_name, ox.DefaultGraph)
                    else f"{q.subject} {q.predicate} {q.object}"
                    for q in inserted
                )
                self.store.update(f"{_removal_update(present)} ;\nINSERT DATA {{ {data} }}")
                # what the update wrote counts towards the flush like an extend: the quads it
                # inserted and as many removed (the old versions), else replacing thousands
                # of documents held every one of them in memory (3.1 GiB for 10,000, measured)
                self._wrote(2 * len(inserted))
                batch = [item for item in batch if item.doc_id in fresh]
            if batch:
                quads = [q for item in batch for q in self._quads(item)]
                self.store.extend(quads)
                self._wrote(len(quads))
        except OSError as exc:
            raise Errors.E1005_cannot_write(path=self.path, reason=_first_line(exc)) from None
        self._names = None

    def remove_document(self, doc_id: str) -> bool:
        node = self.ox.NamedNode(str(document_iri(doc_id)))
        if not self.store.contains_named_graph(node):
            return False
        from kg.store import aggregates

        removed = aggregates.document_counts(self, [doc_id])  # what the edges lose
        written = self._removal_size(node)
        self.store.update(_removal_update([doc_id]))
        aggregates.apply_changes(self, Counter(), removed)
        self._wrote(written)
        self._names = None
        return True

    def _removal_size(self, node: Any) -> int:
        """How many quads removing the document ``node`` deletes, at most: its graph's, as
        many shared ones in the default graph, its own triples and its claims'. They count
        towards the flush of the memory tables as written quads do.

        A method of its own so that no caller's frame holds a store iterator: a frame kept
        by a reference cycle (rdflib's query parser leaves some) would keep the store open
        and locked after :meth:`close`."""
        ox, default = self.ox, self.ox.DefaultGraph()
        claims = self.store.quads_for_pattern(
            None, ox.NamedNode(str(PROV.wasDerivedFrom)), node, default
        )
        own = [node, *(quad.subject for quad in claims)]
        shared = sum(1 for _ in self.store.quads_for_pattern(None, None, None, node))
        return 2 * shared + sum(
            1 for s in own for _ in self.store.quads_for_pattern(s, None, None, default)
        )

    def _wrote(self, quads: int) -> None:
        """Count ``quads`` more written; past :data:`FLUSH_EVERY`, flush the memory tables."""
        self._unflushed += quads
        if self._unflushed >= FLUSH_EVERY:
            # RocksDB keeps written data in memory tables until they are flushed: without
            # this, memory grows with the store (~0.5 GiB per million quads, measured)
            self.store.flush()
            self._unflushed = 0

    def names_graph(self) -> Graph:
        if self._names is None:
            self._names = super().names_graph()
        return self._names

    def update_default_graph(self, text: str) -> None:
        try:
            self.store.update(text)
        except OSError as exc:
            raise Errors.E1005_cannot_write(path=self.path, reason=_first_line(exc)) from None

    def _execute_in_time(
        self, text: str, kind: str, row_limit: int | None, timeout: float | None
    ) -> QueryResult:
        if self._processes is None or timeout is None or timeout <= 0:
            return super()._execute_in_time(text, kind, row_limit, timeout)
        return self._processes.run(text, kind, row_limit, timeout)

    def _execute(self, text: str, kind: str, row_limit: int | None = None) -> QueryResult:
        try:
            result = self.store.query(text, prefixes=DEFAULT_PREFIXES)
        except SyntaxError as exc:
            raise Errors.E203_oxigraph_syntax(reason=_first_line(exc)) from None
        try:
            return _from_ox(result, kind, row_limit)
        finally:
            # Oxigraph's result iterators belong to the thread that made them: drop this
            # one here, not wherever a traceback or a caller would let go of it
            del result

    def export(self, fmt: str = "turtle") -> bytes:
        ox = self.ox
        buffer = io.BytesIO()
        if fmt in GRAPH_FORMATS:
            media = (
                ox.RdfFormat.TURTLE if GRAPH_FORMATS[fmt] == "turtle" else ox.RdfFormat.N_TRIPLES
            )
            self.store.dump(buffer, media, from_graph=ox.DefaultGraph())
        elif fmt in DATASET_FORMATS:
            media = ox.RdfFormat.N_QUADS if DATASET_FORMATS[fmt] == "nquads" else ox.RdfFormat.TRIG
            self.store.dump(buffer, media)
        else:
            raise _unknown_format(fmt)
        return buffer.getvalue()

    def export_to(self, path: str | Path, fmt: str = "turtle") -> Path:
        """Stream the default graph to a file, atomically, without holding it in memory."""
        from kg.io import atomic_open

        ox = self.ox
        media = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
        with atomic_open(path, "wb") as handle:
            self.store.dump(handle, media, from_graph=ox.DefaultGraph())
        return Path(path)

    def __len__(self) -> int:
        result = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(result))["n"].value)

    def close(self) -> None:
        if getattr(self, "_processes", None) is not None:
            self._processes.close()
            self._processes = None
        if hasattr(self, "store"):
            if not self.read_only:
                with contextlib.suppress(OSError):
                    self.store.flush()
            del self.store


class GraphFilesStore(OxigraphStore):
    """Graph files read into an in-memory Oxigraph store: how ``kg query --graph`` answers.

    Oxigraph reads the sample graph in milliseconds and answers the named queries 5–100×
    faster than rdflib, with the same results (``tests/test_store.py``); the files' default
    graphs make the store's, as :func:`kg.rdf.convert.read_graph` reads them. A query with a
    time limit runs in a forked child process, killed at the limit: Oxigraph cannot be
    interrupted inside one step of a query (a sort), and only a process takes its memory
    with it. The child inherits the store, so it starts in milliseconds.
    """

    def __init__(self, paths: Sequence[str | Path]) -> None:
        import pyoxigraph as ox

        from kg.rdf.convert import graph_file_format

        self.ox = ox
        self.path = None  # type: ignore[assignment]
        self.description = "graph files " + ", ".join(str(p) for p in paths)
        self.read_only = True  # nothing to flush on close
        self._names = None
        self._unflushed = 0
        self._processes = None
        self.store = ox.Store()
        formats = {
            "turtle": ox.RdfFormat.TURTLE,
            "nt": ox.RdfFormat.N_TRIPLES,
            "json-ld": ox.RdfFormat.JSON_LD,
            "xml": ox.RdfFormat.RDF_XML,
            "trig": ox.RdfFormat.TRIG,
            "nquads": ox.RdfFormat.N_QUADS,
        }
        for path in map(Path, paths):
            if not path.is_file():
                raise Errors.E301(path=path)
            fmt = graph_file_format(path)
            try:
                self.store.bulk_load(path=str(path), format=formats[fmt])
            except (SyntaxError, ValueError, OSError) as exc:
                raise Errors.E302(path=path, fmt=fmt, reason=_first_line(exc)) from None

    def _execute_in_time(
        self, text: str, kind: str, row_limit: int | None, timeout: float | None
    ) -> QueryResult:
        import multiprocessing

        if timeout is None or timeout <= 0 or "fork" not in multiprocessing.get_all_start_methods():
            # no limit, or no fork (Windows): in this process, stopped between solutions
            return super()._execute_in_time(text, kind, row_limit, timeout)
        return _forked_answer(self.store, text, kind, row_limit, timeout)

    def close(self) -> None:
        if hasattr(self, "store"):
            del self.store


def _forked_answer(
    store: Any, text: str, kind: str, row_limit: int | None, timeout: float
) -> QueryResult:
    """Answer a query in a forked child that has ``store`` from its parent; kill it after
    ``timeout`` seconds (E205)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe(duplex=False)
    child = context.Process(
        target=_forked_main, args=(store, text, kind, row_limit, theirs), daemon=True
    )
    child.start()
    theirs.close()
    try:
        if not ours.poll(timeout):
            raise Errors.E205_store_timeout(timeout=timeout)
        try:
            status, payload = ours.recv()
        except (EOFError, OSError):
            raise Errors.E208_process_died() from None
        return _reply(status, payload)
    finally:
        child.kill()
        child.join()
        ours.close()


def _forked_main(store: Any, text: str, kind: str, row_limit: int | None, connection: Any) -> None:
    connection.send(_answer(store, text, kind, row_limit))
    connection.close()


def _rdflib(term: Any) -> Node | None:
    """A pyoxigraph term as the rdflib term rdflib's own engine would give."""
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "NamedNode":
        return URIRef(term.value)
    if kind == "BlankNode":
        return BNode(term.value)
    if kind == "Literal":
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise Errors.E1005_unexpected_term(term=term)


# --------------------------------------------------------------------------- query processes


def _answer(store: Any, text: str, kind: str, row_limit: int | None) -> tuple[str, Any]:
    """A query's answer in a child process, as a reply the parent reads with :func:`_reply`."""
    try:
        result = store.query(text, prefixes=DEFAULT_PREFIXES)
        reply: tuple[str, Any] = ("ok", _from_ox(result, kind, row_limit))
        del result
    except SyntaxError as exc:
        reply = ("syntax", _first_line(exc))
    except Exception as exc:
        reply = ("failed", f"{type(exc).__name__}: {_first_line(exc)}")
    return reply


def _reply(status: str, payload: Any) -> QueryResult:
    if status == "ok":
        return payload
    if status == "syntax":
        raise Errors.E203_oxigraph_syntax(reason=payload)
    raise Errors.E208_failed_in_process(reason=payload)


def _query_process_main(path: str, connection: Any) -> None:
    """A child process's loop: run queries on the store opened read-only, send results."""
    import pyoxigraph as ox

    store = ox.Store.read_only(path)
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        connection.send(_answer(store, *request))


class _QueryProcess:
    """One child process that answers queries on a store, and can be killed mid-query."""

    def __init__(self, path: Path) -> None:
        import multiprocessing

        # spawn, not fork: the server that owns this has threads (uvicorn, the thread pool)
        self._context = multiprocessing.get_context("spawn")
        self._path = path
        self._start()

    def _start(self) -> None:
        ours, theirs = self._context.Pipe()
        self._process = self._context.Process(
            target=_query_process_main,
            args=(str(self._path), theirs),
            name="kg-query",
            daemon=True,
        )
        self._process.start()
        theirs.close()
        self._connection = ours

    def _restart(self) -> None:
        self._process.kill()  # the query's memory goes with the process
        self._process.join()
        self._connection.close()
        self._start()

    def run(
        self, text: str, kind: str, row_limit: int | None, timeout: float | None
    ) -> QueryResult:

        self._connection.send((text, kind, row_limit))
        if not self._connection.poll(timeout if timeout is not None and timeout > 0 else None):
            self._restart()
            raise Errors.E205_store_timeout(timeout=timeout)
        try:
            status, payload = self._connection.recv()
        except (EOFError, OSError):
            self._restart()
            raise Errors.E208_process_died() from None
        return _reply(status, payload)

    def close(self) -> None:
        self._connection.close()
        self._process.kill()
        self._process.join()


class _QueryProcesses:
    """A few :class:`_QueryProcess` es shared by the threads of a server."""

    def __init__(self, path: Path, count: int) -> None:
        import queue

        self._idle: queue.Queue[_QueryProcess] = queue.Queue()
        self._all = [_QueryProcess(path) for _ in range(count)]
        for process in self._all:
            self._idle.put(process)

    def run(
        self, text: str, kind: str, row_limit: int | None, timeout: float | None
    ) -> QueryResult:
        process = self._idle.get()
        try:
            return process.run(text, kind, row_limit, timeout)
        finally:
            self._idle.put(process)

    def close(self) -> None:
        for process in self._all:
            process.close()


def _from_ox(result: Any, kind: str, row_limit: int | None = None) -> QueryResult:
    """A pyoxigraph result as a :class:`QueryResult`, reading at most ``row_limit`` rows:
    Oxigraph computes solutions as they are read, so stopping early stops the query."""
    if kind == "ask":
        return QueryResult("ask", [], [], boolean=bool(result))
    if kind == "graph":
        graph = Graph()
        for triple in itertools.islice(result, row_limit):
            graph.add((_rdflib(triple.subject), _rdflib(triple.predicate), _rdflib(triple.object)))
        return QueryResult("graph", [], [], graph=graph)
    variables = [variable.value for variable in result.variables]
    rows = [
        tuple(_rdflib(solution[i]) for i in range(len(variables)))
        for solution in itertools.islice(result, row_limit)
    ]
    return QueryResult("select", variables, rows)


def _ntriples(triples: Iterable[Triple]) -> str:
    from kg.rdf.convert import ntriples_lines

    return b"\n".join(ntriples_lines(triples)).decode("utf-8")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --------------------------------------------------------------------------- remote


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint: queries by the SPARQL Protocol, writes by SPARQL Update (one
    request per batch, which the server runs as one transaction), the dataset read back by
    the Graph Store Protocol.

    ``endpoint`` is the query URL. The update and graph store URLs default to the usual
    siblings: ``…/query`` → ``…/update`` and ``…/store`` (Oxigraph), ``…/sparql`` →
    ``…/update`` and ``…/data`` (Fuseki); otherwise the endpoint URL itself.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        parsed = urllib.parse.urlsplit(endpoint)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise Errors.E1004(endpoint=endpoint)
        self.endpoint = endpoint
        base, _, last = endpoint.rstrip("/").rpartition("/")
        siblings = {"query": ("update", "store"), "sparql": ("update", "data")}.get(last)
        self.update_url = update_url or (f"{base}/{siblings[0]}" if siblings else endpoint)
        self.store_url = store_url or (f"{base}/{siblings[1]}" if siblings else endpoint)
        self.timeout = timeout
        self.description = f"SPARQL endpoint {endpoint}"
        self._names: Graph | None = None

    def _request(
        self,
        url: str,
        *,
        method: str = "GET",
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        allow: Sequence[int] = (),
    ) -> bytes:
        request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            if exc.code in allow:
                return b""
            body = exc.read().decode("utf-8", "replace").strip().splitlines()
            detail = f": {body[0][:200]}" if body else ""
            raise Errors.E1003_http_error(
                method=method, url=url, http_status=exc.code, detail=detail
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise Errors.E1003_unreachable(url=url, reason=reason) from None

    def update_default_graph(self, text: str) -> None:
        self._update(text)

    def _update(self, text: str) -> None:
        self._request(
            self.update_url,
            method="POST",
            data=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
        self._names = None

    def _run(self, text: str, kind: str) -> QueryResult:
        accept = "application/n-triples" if kind == "graph" else "application/sparql-results+json"
        body = self._request(
            self.endpoint,
            method="POST",
            data=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
        )
        if kind == "graph":
            graph = Graph()
            graph.parse(data=body.decode("utf-8"), format="nt")
            return QueryResult("graph", [], [], graph=graph)
        try:
            document = json.loads(body)
        except ValueError:
            raise Errors.E1003_not_sparql_json(endpoint=self.endpoint) from None
        if kind == "ask":
            return QueryResult("ask", [], [], boolean=bool(document.get("boolean")))
        variables = list(document.get("head", {}).get("vars", []))
        try:
            rows = [
                tuple(json_to_term(binding.get(name)) for name in variables)
                for binding in document.get("results", {}).get("bindings", [])
            ]
        except ValueError as exc:
            raise Errors.E1003_unexpected_term(term=exc.args[1]) from None
        return QueryResult("select", variables, rows)

    def _execute(self, text: str, kind: str, row_limit: int | None = None) -> QueryResult:
        declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in DEFAULT_PREFIXES.items())
        result = self._run(declared + text, kind)
        if row_limit is not None:
            result.rows = result.rows[:row_limit]
        return result

    def document_hashes(self, doc_ids: Sequence[str]) -> dict[str, str]:
        if not doc_ids:
            return {}
        by_iri = {str(document_iri(doc_id)): doc_id for doc_id in doc_ids}
        values = " ".join(f"<{iri}>" for iri in by_iri)
        result = self._run(
            f"SELECT ?g ?h WHERE {{ VALUES ?g {{ {values} }} "
            f"GRAPH ?g {{ ?g <{CONTENT_HASH}> ?h }} }}",
            "select",
        )
        return {by_iri[str(g)]: str(h) for g, h in result.rows if str(g) in by_iri}

    def add_documents(self, batch: Sequence[DocumentTriples]) -> None:
        if not batch:
            return
        parts = []
        for item in batch:
            shared, own = split_document(item.doc_id, item.triples)
            shared_lines, own_lines = (_ntriples(triples) for triples in (shared, own))
            g = f"<{document_iri(item.doc_id)}>"
            marker = f'{g} <{CONTENT_HASH}> "{item.content_hash}" .'
            parts.append(f"{shared_lines}\n{own_lines}\nGRAPH {g} {{\n{shared_lines}\n{marker}\n}}")
        ids = [item.doc_id for item in batch]
        self._update(f"{_removal_update(ids)} ;\nINSERT DATA {{\n{chr(10).join(parts)}\n}}")

    def remove_document(self, doc_id: str) -> bool:
        if not self.document_hashes([doc_id]):
            return False
        from kg.store import aggregates

        removed = aggregates.document_counts(self, [doc_id])  # what the edges lose
        self._update(_removal_update([doc_id]))
        aggregates.apply_changes(self, Counter(), removed)
        return True

    def names_graph(self) -> Graph:
        if self._names is None:
            self._names = super().names_graph()
        return self._names

    def export(self, fmt: str = "turtle") -> bytes:
        if fmt in GRAPH_FORMATS:
            graph = Graph()
            body = self._request(
                f"{self.store_url}?default", headers={"Accept": "application/n-triples"}
            )
            graph.parse(data=body.decode("utf-8"), format="nt")
            return graph.serialize(format=GRAPH_FORMATS[fmt], encoding="utf-8")
        if fmt in DATASET_FORMATS:
            body = self._request(self.store_url, headers={"Accept": "application/n-quads"})
            if DATASET_FORMATS[fmt] == "nquads":
                return body
            from rdflib import Dataset

            dataset = Dataset()
            dataset.parse(data=body.decode("utf-8"), format="nquads")
            return dataset.serialize(format="trig", encoding="utf-8")
        raise _unknown_format(fmt)

    def __len__(self) -> int:
        result = self._run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "select")
        return int(str(result.rows[0][0])) if result.rows else 0


# --------------------------------------------------------------------------- opening


def open_store(
    store: str | Path | Store | None = None,
    endpoint: str | None = None,
    *,
    read_only: bool = False,
    query_processes: int = 0,
) -> Store:
    """The store a command names: a folder (Oxigraph), an endpoint URL, or a store itself.

    ``read_only``: open an Oxigraph folder without its write lock, so that it can be
    queried while a build writes to it. ``query_processes``: run time-limited queries in
    that many child processes, killed at the limit (for a long-lived server)."""
    if store is not None and endpoint is not None:
        raise Errors.E1008_store_and_endpoint()
    if isinstance(store, Store):
        return store
    if endpoint is not None:
        return RemoteStore(endpoint)
    if store is None:
        raise Errors.E1008_no_store()
    return OxigraphStore(store, read_only=read_only, query_processes=query_processes)
