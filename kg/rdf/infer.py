"""Inference: the relations between actors that the ontology entails but the graph does not state.

The graph kg builds states only what text asserts: ``Iran kgo:supports Assad``,
``ISIS kgo:fights Peshmerga``. The ontology adds that ``fights``, ``alliedWith`` and
``negotiatesWith`` are symmetric, and that ``fights``/``threatens``/``opposes`` are
sub-properties of ``kgo:hostileTo`` and ``alliedWith``/``supports``/``negotiatesWith`` of
``kgo:cooperatesWith``. :func:`infer` materialises what follows (``Peshmerga kgo:fights
ISIS``, ``ISIS kgo:hostileTo Peshmerga``, …) as a separate graph named ``kgr:inferred``,
so asserted facts stay distinguishable from derived ones::

    inferred = infer(result.rdf)                 # only the new triples
    dataset = with_inferred(result.rdf, inferred)  # asserted = default graph, + kgr:inferred
    dataset.query("SELECT ?o WHERE { kgr:actor-iran kgo:hostileTo ?o }")  # over both

Only direct relation triples between resources are considered (not the RDFS closure of claim
nodes or types). Two engines give the same triples (a test checks): ``"owlrl"`` (default: the
OWL 2 RL closure, with owlrl, of those triples plus the ontology, which also finds an
inconsistency such as something that both controls a place and is fought as a place; ~0.3 s
for the sample corpus) and ``"rules"`` (a direct pass over the ontology's
``owl:SymmetricProperty`` and ``rdfs:subPropertyOf`` axioms; milliseconds, no consistency
check).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.catalog.vocab import KGO, KGR
from kg.errors import Errors
from kg.rdf.convert import PREFIXES
from kg.resources import data_path

INFERRED_GRAPH = KGR["inferred"]
INFERRED_NAME = "inferred.ttl"
ENGINES = ("owlrl", "rules")
HEADER = (
    "# Triples entailed by kg's ontology (ontology/kg.ttl) from the direct relations in\n"
    "# graph.ttl: the reverse of symmetric relations and the super-properties kgo:hostileTo\n"
    "# and kgo:cooperatesWith. None of them is stated in graph.ttl; load this file as the\n"
    "# named graph <https://w3id.org/kg-news/resource/inferred> to keep them apart.\n"
)

Triple = tuple[URIRef, URIRef, URIRef]


@dataclass(frozen=True)
class RelationAxioms:
    """What the ontology says about the relations between actors."""

    relations: frozenset[URIRef]  # every relation property, super-properties included
    symmetric: frozenset[URIRef]
    super_properties: dict[URIRef, frozenset[URIRef]]  # transitive, without the property itself


def load_ontology() -> Graph:
    graph = Graph()
    try:
        graph.parse(data=data_path("ontology", "kg.ttl").read_text("utf-8"), format="turtle")
    except Exception as exc:  # a broken installation: the bundled ontology is unreadable
        raise Errors.E801(reason=exc) from None
    return graph


def relation_axioms(ontology: Graph | None = None) -> RelationAxioms:
    """The relation properties (``kgo:RelationType`` and their super-properties), which of
    them are symmetric, and each one's super-properties, read from ``kg.ttl``."""
    ontology = ontology if ontology is not None else load_ontology()
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct.setdefault(sub, set()).add(sup)
    relations = {r for r in ontology.subjects(RDF.type, KGO.RelationType) if isinstance(r, URIRef)}
    supers: dict[URIRef, frozenset[URIRef]] = {}
    for relation in sorted(relations):
        found: set[URIRef] = set()
        todo = list(direct.get(relation, ()))
        while todo:
            parent = todo.pop()
            if parent not in found and parent != relation:
                found.add(parent)
                todo.extend(direct.get(parent, ()))
        supers[relation] = frozenset(found)
    everything = relations | {p for found in supers.values() for p in found}
    for prop in everything - relations:  # super-properties of super-properties
        supers.setdefault(prop, frozenset())
    symmetric = {p for p in ontology.subjects(RDF.type, OWL.SymmetricProperty) if p in everything}
    return RelationAxioms(frozenset(everything), frozenset(symmetric), supers)


def _direct_triples(graph: Graph, axioms: RelationAxioms) -> set[Triple]:
    found: set[Triple] = set()
    for prop in axioms.relations:
        for s, o in graph.subject_objects(prop):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                found.add((s, prop, o))
    return found


def _rules(asserted: set[Triple], axioms: RelationAxioms) -> set[Triple]:
    closed = set(asserted)
    todo = list(asserted)
    while todo:
        s, p, o = todo.pop()
        derived = [(s, q, o) for q in axioms.super_properties.get(p, ())]
        if p in axioms.symmetric:
            derived.append((o, p, s))
        for triple in derived:
            if triple not in closed:
                closed.add(triple)
                todo.append(triple)
    return closed - asserted


def _owlrl(asserted: set[Triple], axioms: RelationAxioms, ontology: Graph) -> set[Triple]:
    import owlrl
    from owlrl.Namespaces import ERRNS

    work = Graph()
    for triple in ontology:
        work.add(triple)
    for triple in asserted:
        work.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(work)
    errors = sorted(str(m) for m in work.objects(None, ERRNS.error))
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise Errors.E802(errors=errors[0], more=more)
    terms = set(ontology.subjects())
    derived: set[Triple] = set()
    for prop in axioms.relations:
        for s, o in work.subject_objects(prop):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and s not in terms:
                derived.add((s, prop, o))
    return derived - asserted


def infer(graph: Graph, *, engine: str = "owlrl", ontology: Graph | None = None) -> Graph:
    """The relation triples the ontology entails from ``graph``'s direct relations and that
    ``graph`` does not state, as a new graph named ``kgr:inferred``."""
    if engine not in ENGINES:
        raise Errors.E803(engine=engine, engines=", ".join(ENGINES))
    ontology = ontology if ontology is not None else load_ontology()
    axioms = relation_axioms(ontology)
    asserted = _direct_triples(graph, axioms)
    derived = _rules(asserted, axioms) if engine == "rules" else _owlrl(asserted, axioms, ontology)
    return _named_graph(derived - set(graph))


def _named_graph(triples: Iterable[Triple]) -> Graph:
    result = Graph(identifier=INFERRED_GRAPH, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        result.bind(prefix, namespace)
    for triple in sorted(triples):
        result.add(triple)
    return result


def inconsistencies(graph: Graph, ontology: Graph | None = None) -> list[str]:
    """What the OWL 2 RL closure (owlrl) of the ontology plus the whole of ``graph`` finds
    inconsistent: owlrl's error messages and anything typed ``owl:Nothing``. Empty when the
    graph is consistent with the ontology. A few seconds for the sample corpus."""
    import owlrl
    from owlrl.Namespaces import ERRNS

    work = Graph()
    for triple in ontology if ontology is not None else load_ontology():
        work.add(triple)
    for triple in graph:
        work.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(work)
    found = sorted(str(m) for m in work.objects(None, ERRNS.error))
    found += sorted(
        f"{node} is a member of owl:Nothing" for node in work.subjects(RDF.type, OWL.Nothing)
    )
    return found


def with_inferred(graph: Graph, inferred: Graph | None = None) -> Dataset:
    """A dataset whose default graph holds ``graph`` and whose named graph ``kgr:inferred``
    holds the inferred triples; queries over its default graph see the union of both."""
    inferred = inferred if inferred is not None else infer(graph)
    dataset = Dataset(default_union=True)
    for prefix, namespace in graph.namespaces():
        dataset.bind(prefix, namespace)
    default = dataset.default_graph
    default.addN((s, p, o, default) for s, p, o in graph)
    named = dataset.graph(INFERRED_GRAPH)
    named.addN((s, p, o, named) for s, p, o in inferred)
    return dataset


def serialize_inferred(inferred: Graph) -> bytes:
    """Turtle of the inferred triples, with a comment saying what they are."""
    return HEADER.encode("utf-8") + b"\n" + inferred.serialize(format="turtle", encoding="utf-8")
