"""Stage: assembly. The typed candidates of every sentence → claims, one per (sentence,
pair, relation, modality), with modality, event date, reporter, PLOVER type and evidence.

The stages, in order: mentions (:mod:`kg.extract.mentions`) and document-level reference
(:mod:`kg.extract.reference`) → relation typing (:mod:`kg.extract.typers`: construction
patterns, phrases, dependency paths) → modality and time (:mod:`kg.extract.modality`) →
ontology constraints (:mod:`kg.extract.constraints`) → assembly (here).

A claim may state a second event, which assembly adds with its own modality: a refused
cooperation is a rejection ("refused to meet Y": REJECT), an ended one a sanction
("suspended aid to Y": SANCTION), an attack announced for the future a threat ("said it would
attack Y": THREATEN), a stated intent to cooperate an agreement ("will give Y a grant":
AGREE). An order within one side (a government to its own army) is no claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.catalog.lexicon import Lexicon
from kg.extract.arguments import STATE_KINDS
from kg.extract.constraints import admits
from kg.extract.mentions import (
    ARMED_KINDS,
    DocumentActors,
    catalog_entity,
    handed_over,
    lemma_of,
    noun_forms,
    original_text,
    place_entity,
)
from kg.extract.reference import resolve_mentions
from kg.extract.typers import (
    FUTURE_AUXILIARIES,
    AdvocacyTyper,
    PathTyper,
    PatternTyper,
    PhraseTyper,
    ProtestPurposeTyper,
    ReciprocalTyper,
    RelationTyper,
    SentenceReading,
    UltimatumTyper,
)
from kg.model import Candidate, Claim, Entity

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.catalog.actor_catalog import ActorCatalog
    from kg.extract.nlp import ParsedDocument

__all__ = ["Claim", "default_typers", "extract_claims"]


def default_typers() -> list[RelationTyper]:
    """The rule typers, in the order they run."""
    return [
        PatternTyper(),
        PhraseTyper(),
        ReciprocalTyper(),
        AdvocacyTyper(),
        UltimatumTyper(),
        ProtestPurposeTyper(),
        PathTyper(),
    ]


def _office_holder_of(
    state: Entity, trigger: Token, actors: DocumentActors, lexicon: Lexicon
) -> Entity:
    """An office of state belongs to the state's government where the catalog has one
    ("Iraq's prime minister" → the Government of Iraq)."""
    offices = lexicon.actors["government_nouns"]  # not clerics or generals: offices of state
    if actors.catalog is None or lemma_of(trigger) not in offices:
        return state
    government = actors.catalog.government_of(state.iri)
    return catalog_entity(government) if government is not None else state


def _trigger_kind(trigger: Token, lexicon: Lexicon) -> str:
    if trigger.pos_ in ("VERB", "AUX"):
        return "verb"
    if trigger.pos_ == "ADJ":
        return "adjective"
    word, lemma = trigger.lower_, lemma_of(trigger)
    return "role" if word in lexicon.role_index or lemma in lexicon.role_index else "noun"


def _typed_relation(candidate: Candidate, actors: DocumentActors, lexicon: Lexicon) -> tuple:
    """The candidate's (subject, relation, object) after the lexicon's own corrections."""
    s, o, relation = candidate.subject.entity, candidate.object.entity, candidate.relation
    if relation == "controls" and not o.is_place and candidate.object.how == "ner":
        # what is seized or held is a place, whatever NER guessed ("seized Palmyra")
        o = place_entity(o.label)
    if relation == "memberOf" and o.kind == "State":
        o = _office_holder_of(o, candidate.trigger, actors, lexicon)
    joins = lexicon.relations["memberOf"].words("alliance_join_verbs")
    if (
        relation == "memberOf"
        and lemma_of(candidate.trigger) in joins
        and (s.kind in ARMED_KINDS and o.kind in ARMED_KINDS | {"Government"})
    ):
        relation = "alliedWith"
    return s, relation, o


def extract_claims(
    actors: DocumentActors,
    lexicon: Lexicon,
    typers: Sequence[RelationTyper] | None = None,
) -> list[Claim]:
    """Every claim the document's sentences make, one per (sentence, pair, relation)."""
    typers = default_typers() if typers is None else typers
    claims: dict[tuple, Claim] = {}
    affiliations: dict[str, Entity] = {}  # person → the state the document ties them to
    for sent in actors.doc.sents:
        reading = SentenceReading(sent, actors, lexicon, affiliations)
        linked: set[frozenset[str]] = set()  # actor pairs a typer already related here
        for typer in typers:
            found: set[frozenset[str]] = set()
            for candidate in typer.candidates(reading):
                s, relation, o = _typed_relation(candidate, actors, lexicon)
                pair = frozenset((s.iri, o.iri))
                if typer.fallback and pair in linked:
                    continue
                if not admits(relation, s, o):
                    continue
                if _command_within_a_side(candidate, s, o, actors, affiliations, lexicon):
                    continue
                found.add(pair)
                claim = _assemble(candidate, s, relation, o, reading, lexicon)
                if relation == "memberOf" and s.kind == "Person" and o.kind in STATE_KINDS:
                    affiliations.setdefault(s.iri, o)
                derived = (
                    _rejection(candidate, claim, lexicon),
                    _threat(candidate, claim, lexicon),
                    _agreement(candidate, claim, lexicon),
                )
                for made in filter(None, (claim, *derived)):
                    key = (sent.start_char, made.subject.iri, made.relation, made.object.iri)
                    key = (*key, made.modality)
                    if key not in claims or claims[key].confidence < made.confidence:
                        claims[key] = made
            linked |= found
    return sorted(
        _without_own_side(claims.values()),
        key=lambda c: (c.sentence_start, c.subject.iri, c.relation, c.object.iri, c.modality),
    )


# what a member does with its own organisation is no relation between two sides: "the
# group's spokesman urged its fighters" is not the spokesman negotiating with the group
_OWN_SIDE_NOISE = frozenset({"negotiatesWith", "alliedWith", "supports"})


def _side(entity: Entity, actors: DocumentActors, affiliations: dict[str, Entity]) -> str | None:
    """The state an actor acts for (a state, its government, its forces, an official the
    document ties to it), the actor itself for a group of its own, None when unknown."""
    catalog = actors.catalog
    if entity.kind == "Person":
        state = affiliations.get(entity.iri)
        return _side(state, actors, affiliations) if state is not None else None
    actor = catalog[entity.iri] if catalog is not None and entity.iri in catalog else None
    if actor is None:
        return entity.iri
    if actor.kind == "Government" and actor.governs:
        return actor.governs
    for other in actor.member_of:
        if other in catalog and catalog[other].kind in STATE_KINDS:
            return _side(catalog_entity(catalog[other]), actors, affiliations)
    return entity.iri


def _command_within_a_side(
    candidate: Candidate,
    s: Entity,
    o: Entity,
    actors: DocumentActors,
    affiliations: dict[str, Entity],
    lexicon: Lexicon,
) -> bool:
    """An order is a demand on another side only when the orderer's side is known and the
    ordered one is not on it ("a Kenyan judge ordered the former president to appear")."""
    commands = lexicon.relations["opposes"].words("command_verbs")
    if lemma_of(candidate.trigger) not in commands:
        return False
    sides = _side(s, actors, affiliations), _side(o, actors, affiliations)
    return sides[0] is None or sides[0] == sides[1]


# cooperation whose refusal rejects the other side
_COOPERATION = frozenset({"negotiatesWith", "supports", "alliedWith", "memberOf"})


def _rejection(candidate: Candidate, claim: Claim, lexicon: Lexicon) -> Claim | None:
    """ "X refused to meet Y": beside the negated meeting, X rejects Y (opposes, REJECT),
    which is asserted; "X cancelled its visit to Y", "X suspended aid to Y" sanction Y
    (SANCTION). Only the refuser rejects: the one the refusing verb's subject names."""
    if claim.relation not in _COOPERATION or claim.modality != "negated":
        return None
    opposes = lexicon.relations["opposes"]
    kinds = {
        **dict.fromkeys(opposes.words("suspension_verbs"), "SANCTION"),
        **dict.fromkeys(opposes.words("refusal_verbs"), "REJECT"),
    }
    verb = candidate.trigger
    for _ in range(3):  # "refused to meet", "refused any assistance to", "refused to commit to"
        if verb.pos_ == "VERB" and lemma_of(verb) in kinds:
            break
        if verb.dep_ not in ("xcomp", "dobj", "pobj", "prep") or verb.head is verb:
            return None
        verb = verb.head
    else:
        return None
    refused = _with_agent(claim, _subject(verb))
    if refused is None:
        return None
    plover = kinds[lemma_of(verb)]
    return replace(
        refused, relation="opposes", modality="asserted", plover=plover, trigger=verb.text
    )


def _threat(candidate: Candidate, claim: Claim, lexicon: Lexicon) -> Claim | None:
    """ "X said it would attack Y": an attack announced for the future threatens Y (asserted;
    the attack stays hypothetical). The announcer, the subject of the announcing verb, is
    the one who acts ("it", "they")."""
    act = candidate.trigger
    if claim.relation != "fights" or claim.modality != "hypothetical" or act.pos_ != "VERB":
        return None
    announcing = lexicon.relations["threatens"].words("announcement_verbs")
    if act.dep_ != "ccomp" or lemma_of(act.head) not in announcing:
        return None
    if not any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in act.children):
        return None
    subject = _subject(act)
    if subject is not None and subject.pos_ != "PRON":
        return None  # "Iran said the Houthis would attack": another's act, reported
    threat = _with_agent(claim, _subject(act.head))
    if threat is None:
        return None
    return replace(
        threat, relation="threatens", modality="asserted", plover="THREATEN", trigger=act.head.text
    )


def _agreement(candidate: Candidate, claim: Claim, lexicon: Lexicon) -> Claim | None:
    """ "Finland will give Tanzania a grant", "agreed to provide aid for Y", "offered to send
    troops to Y": a stated intent to cooperate with Y is an agreement with it (negotiatesWith,
    AGREE), asserted; the cooperation itself stays hypothetical."""
    if claim.relation not in _COOPERATION or claim.modality != "hypothetical":
        return None
    verb = candidate.trigger
    for _ in range(3):  # "give Tanzania a grant": the event noun's verb
        if verb.pos_ == "VERB" or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ != "VERB":
        return None
    agreeing = lexicon.relations["negotiatesWith"]
    intent: Token | None = next(
        (c for c in verb.children if c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES), None
    )
    offers = agreeing.words("offer_verbs")
    if intent is None and verb.i != candidate.trigger.i and lemma_of(verb) in offers:
        intent = verb  # "offered aid to Y", "offered its troops to Y": the offer's event noun
    if intent is None and verb.dep_ == "xcomp":
        head = verb.head
        if (head.pos_ == "VERB" and lemma_of(head) in agreeing.words("intent_verbs")) or (
            head.pos_ == "ADJ" and lemma_of(head) in agreeing.words("intent_adjectives")
        ):
            intent = head
    if intent is None or _obliged(verb, lexicon):
        return None
    agreed = claim
    if lexicon.relations[claim.relation].symmetric:
        agreed = _with_agent(claim, _speaker_or_subject(verb))
    if agreed is None:
        return None
    return replace(
        agreed, relation="negotiatesWith", modality="asserted", plover="AGREE", trigger=intent.text
    )


def _obliged(verb: Token, lexicon: Lexicon) -> bool:
    """ "Y must be ready to mediate": an intent another lays on Y is not Y's own."""
    modals = lexicon.relations["opposes"].words("obligation_modals")
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children):
            return True
        if verb.dep_ not in ("xcomp", "acomp") or verb.head is verb:
            return False
        verb = verb.head
    return False


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _speaker_or_subject(verb: Token) -> Token | None:
    """Who is to do what ``verb`` says: its subject, or that of the word it completes
    ("agreed to withdraw", "is willing to withdraw"); for a pronoun of a reported clause,
    the speaker ("Iraq said it would allow …": Iraq)."""
    for _ in range(3):
        subject = _subject(verb)
        if subject is not None:
            if subject.pos_ == "PRON" and verb.dep_ == "ccomp":
                return _subject(verb.head) or subject
            return subject
        if verb.dep_ not in ("xcomp", "acomp") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _with_agent(claim: Claim, subject: Token | None) -> Claim | None:
    """The claim turned so that its subject is the argument ``subject`` (a verb's subject)
    names, or None when neither argument is in it."""
    if subject is None:
        return None
    start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
    if start <= claim.subject_start and claim.subject_end <= end:
        return claim
    if start <= claim.object_start and claim.object_end <= end:
        return replace(
            claim,
            subject=claim.object,
            object=claim.subject,
            subject_start=claim.object_start,
            subject_end=claim.object_end,
            subject_text=claim.object_text,
            object_start=claim.subject_start,
            object_end=claim.subject_end,
            object_text=claim.subject_text,
        )
    return None


def _without_own_side(claims: Iterable[Claim]) -> list[Claim]:
    claims = list(claims)
    members = {
        frozenset((c.subject.iri, c.object.iri))
        for c in claims
        if c.relation == "memberOf" and c.modality == "asserted"
    }
    return [
        c
        for c in claims
        if c.relation not in _OWN_SIDE_NOISE
        or frozenset((c.subject.iri, c.object.iri)) not in members
    ]


def _assemble(
    candidate: Candidate,
    s: Entity,
    relation: str,
    o: Entity,
    reading: SentenceReading,
    lexicon: Lexicon,
) -> Claim:
    subject_mention, object_mention = candidate.subject, candidate.object
    if lexicon.relations[relation].symmetric and s.iri > o.iri:
        s, o = o, s
        subject_mention, object_mention = object_mention, subject_mention
    trigger = candidate.trigger
    modality = candidate.modality or reading.modality(trigger, candidate)
    confidence = candidate.confidence
    if "anaphor" in (candidate.subject.how, candidate.object.how):
        confidence *= 0.8
    plover = candidate.plover if relation == candidate.relation else None
    if plover is None and relation == "supports" and handed_over(trigger, lexicon):
        plover = "AID"  # weapons handed over: military aid
    if plover is None:
        kind = _trigger_kind(trigger, lexicon)
        forms = noun_forms(trigger) if kind == "noun" else (trigger.lower_, lemma_of(trigger))
        plover = lexicon.plover_type(relation, kind, *forms)
    sent = reading.sent
    return Claim(
        doc_id=reading.actors.parsed.document.doc_id,
        subject=s,
        relation=relation,
        object=o,
        modality=modality,
        sentence=original_text(sent),
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        subject_start=subject_mention.start_char,
        subject_end=subject_mention.end_char,
        subject_text=subject_mention.text,
        object_start=object_mention.start_char,
        object_end=object_mention.end_char,
        object_text=object_mention.text,
        trigger=trigger.text,
        confidence=round(min(confidence, 1.0), 2),
        reported_by=reading.reporter(trigger),
        event_date=reading.event_date(trigger, reading.actors.parsed.document.date),
        plover=plover,
    )


def extract_parsed(
    parsed: ParsedDocument, catalog: ActorCatalog, lexicon: Lexicon
) -> tuple[list[Claim], list[tuple[Entity, str]]]:
    """One parsed document's claims and the names it gives each entity."""
    actors = resolve_mentions(parsed, catalog, lexicon)
    claims = extract_claims(actors, lexicon)
    # a name NER took for a person or group but the claims use as a place ("seized Tal
    # Afar") is that place, not an actor the document names
    places = {c.object.label for c in claims if c.object.is_place}
    names = [(e, text) for e, text in actors.surface_forms() if e.label not in places]
    return claims, names
