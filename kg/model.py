"""The values the extraction stages pass along: entities, mentions, candidates, claims.

Every stage imports these from here and from nowhere else, so the stages depend on the data
they exchange rather than on each other::

    parse (kg.extract.nlp) → mentions (kg.extract.mentions) → reference
    (kg.extract.reference) → relation typing (kg.extract.typers) → modality and time
    (kg.extract.modality) → ontology constraints (kg.extract.constraints) → assembly
    (kg.extract.assemble) → graph (kg.graph.knowledge_graph)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is only needed to parse, not to read or query a graph
    from spacy.tokens import Token

# Doc.user_data key: the document's text before kg.extract.nlp.parse_text normalised it
ORIGINAL_TEXT = "kg_original_text"


@dataclass(frozen=True)
class Entity:
    """A node: an actor or a place."""

    iri: str
    label: str
    kind: str  # actor class local name, or "Place"
    wikidata: str | None = None

    @property
    def is_place(self) -> bool:
        return self.kind == "Place"


@dataclass(frozen=True)
class Mention:
    """A span of text that names an entity."""

    entity: Entity
    start: int  # token index
    end: int  # token index, exclusive
    start_char: int
    end_char: int
    text: str
    head: int  # token index of the span's syntactic head
    how: str  # catalog | demonym | metonym | ner | description | anaphor


@dataclass(frozen=True)
class Candidate:
    """A relation a typer read between two mentions of one sentence, before modality,
    constraints and assembly."""

    subject: Mention
    relation: str
    object: Mention
    trigger: Token
    confidence: float
    modality: str | None = None  # set by typers whose wording fixes it
    plover: str | None = None  # the PLOVER event type of the trigger, where it has one


@dataclass(frozen=True)
class Claim:
    """One sentence's statement that ``subject`` stands in ``relation`` to ``object``."""

    doc_id: str
    subject: Entity
    relation: str
    object: Entity
    modality: str  # asserted | hypothetical | negated
    sentence: str
    sentence_start: int
    sentence_end: int
    subject_start: int
    subject_end: int
    subject_text: str
    object_start: int
    object_end: int
    object_text: str
    trigger: str
    confidence: float
    reported_by: Entity | None = None
    event_date: str | None = None  # when the text says it happened: YYYY[-MM[-DD]]
    plover: str | None = None  # PLOVER event type (ASSAULT, AID …); memberOf/controls: none

    @property
    def key(self) -> str:
        """A stable identity: the same input always gives the same claim IRI."""
        parts = (
            self.doc_id,
            self.subject.iri,
            self.relation,
            self.object.iri,
            self.modality,
            str(self.sentence_start),
            str(self.subject_start),
            str(self.object_start),
        )
        return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]
