"""The kg ontology as a Python namespace, and the resource namespace.

``KGO`` is a :class:`rdflib.namespace.DefinedNamespace` with ``_fail = True``: a typo such
as ``KGO.aliedWith`` raises instead of quietly minting a new IRI. A test keeps this list and
``ontology/kg.ttl`` identical.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

KGO_IRI = "https://w3id.org/kg-news/ontology#"
KGR_IRI = "https://w3id.org/kg-news/resource/"
WD_IRI = "http://www.wikidata.org/entity/"
PLOVER_IRI = "https://w3id.org/kg-news/plover/"


class KGO(DefinedNamespace):
    _NS = Namespace(KGO_IRI)
    _fail = True

    # classes
    Actor: URIRef
    State: URIRef
    Government: URIRef
    ArmedGroup: URIRef
    Militia: URIRef
    InsurgentGroup: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Document: URIRef
    Claim: URIRef
    Modality: URIRef
    ExtractionActivity: URIRef
    RelationType: URIRef
    PloverType: URIRef

    # modality individuals
    Asserted: URIRef
    Hypothetical: URIRef
    Negated: URIRef

    # relations between actors (and places)
    alliedWith: URIRef
    supports: URIRef
    fights: URIRef
    threatens: URIRef
    opposes: URIRef
    negotiatesWith: URIRef
    controls: URIRef
    memberOf: URIRef
    hostileTo: URIRef
    cooperatesWith: URIRef

    # catalog knowledge about actors
    governs: URIRef
    demonym: URIRef
    metonym: URIRef

    # claims and evidence
    modality: URIRef
    evidence: URIRef
    sentenceStart: URIRef
    sentenceEnd: URIRef
    subjectStart: URIRef
    subjectEnd: URIRef
    objectStart: URIRef
    objectEnd: URIRef
    subjectText: URIRef
    objectText: URIRef
    trigger: URIRef
    confidence: URIRef
    reportedBy: URIRef
    eventDate: URIRef
    ploverType: URIRef
    mapsToRelation: URIRef

    # documents and runs
    charCount: URIRef
    pipelineName: URIRef
    pipelineVersion: URIRef
    softwareVersion: URIRef

    # graph analytics (kg analyze)
    Analysis: URIRef
    Bloc: URIRef
    bloc: URIRef
    degreeCentrality: URIRef
    betweennessCentrality: URIRef
    frustration: URIRef
    balancedTriads: URIRef
    unbalancedTriads: URIRef

    # edge aggregates (kg.rdf.aggregates): claims per subject, relation, object and modality
    Edge: URIRef
    edgeSubject: URIRef
    edgeRelation: URIRef
    edgeObject: URIRef
    edgeModality: URIRef
    claimCount: URIRef


KGR = Namespace(KGR_IRI)
WD = Namespace(WD_IRI)
PLOVER = Namespace(PLOVER_IRI)

RELATIONS: tuple[str, ...] = (
    "alliedWith",
    "supports",
    "fights",
    "threatens",
    "opposes",
    "negotiatesWith",
    "controls",
    "memberOf",
)
SYMMETRIC_RELATIONS: frozenset[str] = frozenset({"alliedWith", "fights", "negotiatesWith"})
HOSTILE_RELATIONS: frozenset[str] = frozenset({"fights", "threatens", "opposes"})
COOPERATIVE_RELATIONS: frozenset[str] = frozenset({"alliedWith", "supports", "negotiatesWith"})
MODALITIES: tuple[str, ...] = ("asserted", "hypothetical", "negated")
ACTOR_CLASSES: tuple[str, ...] = (
    "State",
    "Government",
    "ArmedGroup",
    "Militia",
    "InsurgentGroup",
    "Organization",
    "Person",
)


def slug(text: str) -> str:
    """A lowercase ASCII slug, stable across runs: the local part of a resource IRI.

    >>> slug("Nouri al-Maliki")
    'nouri-al-maliki'
    >>> slug("Peshmerga’s forces")
    'peshmergas-forces'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def actor_iri(label: str) -> URIRef:
    return KGR[f"actor-{slug(label)}"]


def place_iri(label: str) -> URIRef:
    return KGR[f"place-{slug(label)}"]


def document_iri(doc_id: str) -> URIRef:
    """``kgr:doc-<slug>``; when the slug is not the id itself, a hash of the id follows,
    so that two ids never share an IRI (``Foo Bar`` and ``foo-bar``).

    >>> document_iri("01-mosul-falls")
    rdflib.term.URIRef('https://w3id.org/kg-news/resource/doc-01-mosul-falls')
    >>> document_iri("Foo Bar")
    rdflib.term.URIRef('https://w3id.org/kg-news/resource/doc-foo-bar-55282c18')
    """
    local = slug(doc_id)
    if local != doc_id:
        local += "-" + hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:8]
    return KGR[f"doc-{local}"]


def modality_iri(modality: str) -> URIRef:
    return KGO[modality.capitalize()]


def relation_iri(relation: str) -> URIRef:
    return KGO[relation]


def plover_iri(event_type: str) -> URIRef:
    """The concept of a PLOVER event type (``"ASSAULT"`` → ``plover:ASSAULT``)."""
    return PLOVER[event_type]


def claim_iri(key: str) -> URIRef:
    return KGR[f"claim-{key}"]
