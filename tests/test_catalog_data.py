"""Well-formedness of the actor catalog ``ontology/actors.ttl``.

The catalog is hand-written data; these checks keep it consistent with the output contract
(``kgr:actor-<slug of label>``), free of aliases that would make two actors compete for the
same surface form, and restricted to the few terms the catalog model uses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS

from kg.catalog.vocab import slug

CATALOG = Path(__file__).resolve().parents[1] / "ontology" / "actors.ttl"

KGO = Namespace("https://w3id.org/kg-news/ontology#")
KGR = "https://w3id.org/kg-news/resource/"
WD = "http://www.wikidata.org/entity/"

ACTOR_CLASS_NAMES = (
    "State",
    "Government",
    "ArmedGroup",
    "Militia",
    "InsurgentGroup",
    "Organization",
    "Person",
)
ACTOR_CLASSES = {KGO[name] for name in ACTOR_CLASS_NAMES}
ALLOWED_PREDICATES = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SKOS.altLabel,
    KGO.demonym,
    KGO.metonym,
    KGO.governs,
    KGO.memberOf,
    OWL.sameAs,
}
NAME_PREDICATES = (RDFS.label, SKOS.altLabel, KGO.demonym, KGO.metonym)
LITERAL_PREDICATES = (*NAME_PREDICATES, RDFS.comment)

# Surface forms too generic to stand for one actor, whatever the catalog says.
GENERIC = {
    "army",
    "military",
    "government",
    "regime",
    "the regime",
    "forces",
    "troops",
    "militants",
    "rebels",
    "insurgents",
    "fighters",
    "militia",
    "militias",
    "coalition",
    "security forces",
    "government forces",
    "the government",
    "authorities",
    "junta",
    "opposition",
    "jihadists",
    "state",
    "islamic",
    "kurdish",
    "kurds",
    "shia",
    "shiite",
    "sunni",
    "arab",
    "arabs",
}
# Titles are stripped by the tool; a catalogued alias must not carry one.
TITLES = re.compile(
    r"^(President|Prime Minister|PM|King|Queen|Prince|Emir|Sheikh|Shaikh|Grand Ayatollah|"
    r"Ayatollah|General|Gen\.|Marshal|Field Marshal|Mullah|Sayyed|Sayyid|Sayed|Hojatoleslam|"
    r"Mr\.?|Dr\.?|Secretary|Minister|Senator|Sen\.|Chancellor|Supreme Leader|Commander|"
    r"Colonel|Col\.|Senior General)\s"
)


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(CATALOG, format="turtle")
    return g


@pytest.fixture(scope="module")
def actors(graph: Graph) -> dict[URIRef, URIRef]:
    """Every typed subject → its single actor class."""
    out: dict[URIRef, URIRef] = {}
    for s in set(graph.subjects(RDF.type, None)):
        types = set(graph.objects(s, RDF.type))
        assert len(types) == 1, f"{s} has types {types}"
        (cls,) = types
        assert cls in ACTOR_CLASSES, f"{s} has non-actor class {cls}"
        out[s] = cls
    return out


def names(graph: Graph, actor: URIRef, *preds: URIRef) -> list[str]:
    return [str(o) for p in (preds or NAME_PREDICATES) for o in graph.objects(actor, p)]


def test_catalog_is_substantial(actors):
    assert len(actors) >= 150
    assert set(actors.values()) == ACTOR_CLASSES, "every actor class is used"


def test_every_subject_is_a_typed_actor(graph, actors):
    for s in set(graph.subjects()):
        assert isinstance(s, URIRef), f"blank node subject {s}"
        assert s in actors, f"{s} has statements but no actor type"


def test_only_allowed_predicates(graph):
    used = set(graph.predicates())
    assert used <= ALLOWED_PREDICATES, f"unexpected predicates: {used - ALLOWED_PREDICATES}"


def test_exactly_one_label_and_iri_is_slug_of_label(graph, actors):
    for actor in actors:
        labels = list(graph.objects(actor, RDFS.label))
        assert len(labels) == 1, f"{actor} has labels {labels}"
        assert str(actor) == f"{KGR}actor-{slug(str(labels[0]))}", f"{actor} vs label {labels[0]!r}"


def test_labels_unique(graph, actors):
    seen: dict[str, URIRef] = {}
    for actor in actors:
        key = str(graph.value(actor, RDFS.label)).casefold()
        assert key not in seen, f"label {key!r} on {seen.get(key)} and {actor}"
        seen[key] = actor


def test_literals_are_plain_and_clean(graph, actors):
    for actor in actors:
        for p in LITERAL_PREDICATES:
            for o in graph.objects(actor, p):
                assert isinstance(o, Literal), f"{actor} {p} {o!r} is not a literal"
                assert o.language is None and o.datatype is None, f"{actor} {p} {o!r} not plain"
                text = str(o)
                assert text and text == text.strip() and "  " not in text, f"{actor} {p} {text!r}"


def test_no_alias_shared_by_two_actors(graph, actors):
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for actor in actors:
        for name in names(graph, actor):
            owners[name.casefold()].add(actor)
    shared = {name: sorted(map(str, who)) for name, who in owners.items() if len(who) > 1}
    assert not shared, f"aliases shared by several actors: {shared}"


def test_no_generic_or_titled_alias(graph, actors):
    for actor in actors:
        for name in names(graph, actor):
            assert name.casefold() not in GENERIC, f"{actor}: generic alias {name!r}"
            if actors[actor] == KGO.Person:
                assert not TITLES.match(name), f"{actor}: alias with a title {name!r}"


def test_demonyms_only_on_states(graph, actors):
    for actor, demonym in graph.subject_objects(KGO.demonym):
        assert actors[actor] == KGO.State, f"demonym {demonym!r} on non-state {actor}"
        assert str(demonym)[0].isupper(), f"demonym {demonym!r} of {actor} not capitalised"


def test_metonyms_only_on_states_governments_organizations(graph, actors):
    allowed = {KGO.State, KGO.Government, KGO.Organization}
    for actor, metonym in graph.subject_objects(KGO.metonym):
        assert actors[actor] in allowed, f"metonym {metonym!r} on {actors[actor]} {actor}"


def test_governs_links_a_government_to_a_catalogued_state(graph, actors):
    for gov, state in graph.subject_objects(KGO.governs):
        assert actors[gov] == KGO.Government, f"{gov} governs but is {actors[gov]}"
        assert actors.get(state) == KGO.State, f"{gov} governs {state}, not a catalogued State"


def test_member_of_targets_are_catalogued_and_acyclic(graph, actors):
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for child, parent in graph.subject_objects(KGO.memberOf):
        assert parent in actors, f"{child} memberOf unknown {parent}"
        assert child != parent, f"{child} memberOf itself"
        assert actors[parent] != KGO.Person, f"{child} memberOf a person {parent}"
        parents[child].add(parent)

    def reaches(start: URIRef, target: URIRef, seen: set[URIRef]) -> bool:
        for p in parents.get(start, ()):
            if p == target or (p not in seen and reaches(p, target, seen | {p})):
                return True
        return False

    for child in parents:
        assert not reaches(child, child, {child}), f"memberOf cycle through {child}"


def test_same_as_are_unique_wikidata_items(graph, actors):
    seen: dict[URIRef, URIRef] = {}
    for actor, target in graph.subject_objects(OWL.sameAs):
        assert actor in actors
        assert isinstance(target, URIRef), f"{actor} sameAs {target!r}"
        assert str(target).startswith(WD), f"{actor} sameAs non-Wikidata {target}"
        assert re.fullmatch(r"Q[0-9]+", str(target)[len(WD) :]), f"{actor} sameAs {target}"
        assert target not in seen, f"{target} on {seen.get(target)} and {actor}"
        seen[target] = actor
    assert len(list(graph.objects(None, OWL.sameAs))) == len(seen)


def test_core_actors_present(graph, actors):
    """A few anchors other code and documentation rely on."""
    for local, cls in {
        "actor-iraq": KGO.State,
        "actor-government-of-iraq": KGO.Government,
        "actor-iraqi-army": KGO.ArmedGroup,
        "actor-islamic-state": KGO.InsurgentGroup,
        "actor-peshmerga": KGO.ArmedGroup,
        "actor-kurdistan-regional-government": KGO.Government,
        "actor-united-states": KGO.State,
        "actor-nouri-al-maliki": KGO.Person,
    }.items():
        assert actors.get(URIRef(KGR + local)) == cls, local
    government, iraq = URIRef(KGR + "actor-government-of-iraq"), URIRef(KGR + "actor-iraq")
    assert (government, KGO.governs, iraq) in graph
