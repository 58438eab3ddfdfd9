"""Stage: document-level reference. After the names, demonyms and descriptions of a document
are resolved (:mod:`kg.extract.mentions`), words that stand for an actor named elsewhere get
that actor:

- a state described by its kind: "the kingdom", "the Islamic Republic", "the country" → the
  one state named in reach;
- an office: "the president", "the prime minister" → the one person named with that title
  earlier in the document;
- "the former" / "the latter" → the first / second of the two actors the previous sentence
  names;
- "we", "our", "us" inside a quotation → the organisation or state of its speaker ("'We will
  fight them,' said the army spokesman").

Each is resolved only when exactly one candidate fits, as the other anaphors are: a wrong
referent costs more than a missed one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.catalog.actor_catalog import ActorCatalog
from kg.catalog.lexicon import Lexicon
from kg.catalog.vocab import ACTOR_CLASSES
from kg.extract.mentions import (
    ARMED_KINDS,
    SPATIAL_PREPS,
    DocumentActors,
    find_mentions,
    is_non_state,
    span_mention,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from kg.extract.nlp import ParsedDocument
    from kg.model import Mention

__all__ = ["resolve_mentions", "resolve_references"]

_QUOTES = frozenset({'"', "\u201c", "\u201d", "``", "''"})
_FIRST_PERSON = frozenset({"we", "our", "us", "ours"})
_ORDINALS = {"former": 0, "latter": 1}


def resolve_mentions(
    parsed: ParsedDocument, catalog: ActorCatalog, lexicon: Lexicon
) -> DocumentActors:
    """All actor and place mentions of one parsed document, each resolved to an entity: the
    names and descriptions (:func:`~kg.extract.mentions.find_mentions`), then the words
    that stand for one of them."""
    actors = find_mentions(parsed, catalog, lexicon)
    resolve_references(parsed.doc, actors, lexicon)
    actors.mentions.sort(key=lambda m: m.start)
    return actors


def resolve_references(doc: Doc, actors: DocumentActors, lexicon: Lexicon) -> None:
    """Add a mention for every word above that stands for exactly one actor."""
    _salient_insurgents(doc, actors, lexicon)
    _state_descriptions(doc, actors, lexicon)
    _office_titles(doc, actors, lexicon)
    _former_and_latter(doc, actors)
    _quoted_speakers(doc, actors, lexicon)


def _span_mention(span: Span, mention: Mention) -> Mention:
    return span_mention(span, mention.entity, "anaphor")


def _reach(doc: Doc, sentences: int = 2) -> Iterator[tuple[Token, int]]:
    """Each token with the start of the window it may look back into."""
    sents = list(doc.sents)
    for index, sent in enumerate(sents):
        start = sents[max(0, index - sentences)].start
        for token in sent:
            yield token, start


def _definite(token: Token) -> bool:
    children = list(token.children)
    return any(c.lower_ in ("the", "this") and c.dep_ == "det" for c in children) and not any(
        c.dep_ in ("prep", "poss") for c in children
    )


def _named(actors: DocumentActors, start: int, end: int, kinds: frozenset[str]) -> list[Mention]:
    return [
        m
        for m in actors.mentions
        if start <= m.start < end and m.how != "anaphor" and m.entity.kind in kinds
    ]


def _state_descriptions(doc: Doc, actors: DocumentActors, lexicon: Lexicon) -> None:
    """ "the kingdom", "the Islamic Republic", "the country": the one state in reach."""
    nouns = lexicon.actors["state_descriptions"]
    for token, start in _reach(doc):
        if token.pos_ not in ("NOUN", "PROPN") or not _definite(token):
            continue
        first = min((c.i for c in token.children if c.dep_ == "det"), default=token.i)
        words = " ".join(t.lower_ for t in doc[first + 1 : token.i + 1])
        if words not in nouns:
            continue
        span = doc[first + 1 : token.i + 1]
        held = list(
            {
                id(m): m for i in range(span.start, span.end) if (m := actors.by_token.get(i))
            }.values()
        )
        if any(m.how != "ner" for m in held):
            continue  # already a catalogued name
        if token.head.lower_ in SPATIAL_PREPS and token.dep_ == "pobj":
            continue  # "fled the country": a place, not the state acting
        if token.dep_ == "poss" and _is_place_word(token.head, lexicon):
            continue  # "the country's second city": where, not who
        states = {m.entity.iri: m for m in _named(actors, start, first, frozenset({"State"}))}
        if len(states) != 1:
            continue
        for m in held:
            actors.remove(m)  # NER's "Islamic Republic" is no actor of its own
        actors.add(_span_mention(span, next(iter(states.values()))))


def _salient_insurgents(doc: Doc, actors: DocumentActors, lexicon: Lexicon) -> None:
    """ "Sunni militants seized Tal Afar" in a story about ISIL: a description of insurgents
    qualified only by creed or manner (no people, place or other name) is the one insurgent
    group the document names, when it names exactly one."""
    named = [m for m in actors.mentions if m.how in ("catalog", "metonym", "ner")]
    armed = {
        m.entity.iri: m
        for m in named
        if m.entity.kind in ARMED_KINDS and is_non_state(m.entity, actors.catalog)
    }

    def beside_armed(m: Mention) -> bool:  # "Boko Haram and Ansaru": armed company
        head = doc[m.head]
        near = [head.head] if head.dep_ == "conj" else []
        near += [c for c in head.children if c.dep_ == "conj"]
        return any((o := actors.by_token.get(t.i)) and o.entity.iri in armed for t in near)

    unknown = [m for m in named if m.how == "ner" and m.entity.kind == "Organization"]
    groups = [m for m in armed.values() if m.entity.kind == "InsurgentGroup"]
    if len(groups) != 1 or len(armed) != 1 or any(beside_armed(m) for m in unknown):
        return  # another armed group might be meant
    (group,) = groups
    nouns = lexicon.actors["insurgent_anaphors"] | lexicon.actors["salient_insurgent_nouns"]
    creeds = lexicon.actors["creed_qualifiers"]
    for mention in list(actors.mentions):
        if mention.how != "description" or mention.entity.is_place:
            continue
        head = doc[mention.head]
        qualifiers = [t for t in doc[mention.start : mention.end] if t.i != head.i]
        if head.lower_ not in nouns or not qualifiers:
            continue
        if all(t.lower_ in creeds or t.pos_ in ("DET", "PUNCT") for t in qualifiers):
            actors.remove(mention)
            actors.add(_span_mention(doc[mention.start : mention.end], group))


def _is_place_word(token: Token, lexicon: Lexicon) -> bool:
    places = lexicon.actors["place_nouns"] | lexicon.actors["place_anaphors"]
    places = places | lexicon.actors["capital_nouns"] | lexicon.actors["region_nouns"]
    return token.lower_ in places or token.lemma_.lower() in places


def _office_titles(doc: Doc, actors: DocumentActors, lexicon: Lexicon) -> None:
    """ "the president": the one person named with that title earlier in the document."""
    titles = lexicon.actors["titles"]
    titled: dict[str, dict[str, Mention]] = {}  # title → person IRI → a mention
    for mention in sorted(actors.mentions, key=lambda m: m.start):
        if mention.entity.kind != "Person" or mention.how == "anaphor":
            continue
        for width in (2, 1):
            if mention.start - width >= 0:
                title = " ".join(t.lower_ for t in doc[mention.start - width : mention.start])
                if title in titles:
                    titled.setdefault(title, {})[mention.entity.iri] = mention
    if not titled:
        return
    for token in doc:
        if token.i in actors.by_token or token.pos_ not in ("NOUN", "PROPN"):
            continue
        for width in (2, 1):
            span = doc[token.i - width + 1 : token.i + 1]
            if span.start < 1 or any(t.i in actors.by_token for t in span):
                continue
            title = " ".join(t.lower_ for t in span)
            if title not in titled or doc[span.start - 1].lower_ != "the":
                continue
            if not _definite(token) or any(c.dep_ == "compound" for c in token.children):
                continue
            earlier = {iri: m for iri, m in titled[title].items() if m.start < span.start}
            if len(earlier) == 1:
                actors.add(_span_mention(span, next(iter(earlier.values()))))
            break


def _former_and_latter(doc: Doc, actors: DocumentActors) -> None:
    """ "the former", "the latter": of the two actors the previous sentence names."""
    kinds = frozenset(ACTOR_CLASSES)
    sents = list(doc.sents)
    for index, sent in enumerate(sents):
        for token in sent:
            position = _ORDINALS.get(token.lower_)
            if position is None or token.i in actors.by_token:
                continue
            if token.i == 0 or doc[token.i - 1].lower_ != "the":
                continue
            if token.head.pos_ == "NOUN" and token.dep_ == "amod":
                continue  # "the former minister"
            before = sent.start if token.i > sent.start else None
            pool = (
                _named(actors, sents[index - 1].start, sents[index - 1].end, kinds)
                if (index > 0)
                else []
            )
            if before is not None and not pool:
                pool = _named(actors, sent.start, token.i, kinds)
            order: list[Mention] = []
            for m in sorted(pool, key=lambda m: m.start):
                if all(m.entity.iri != o.entity.iri for o in order):
                    order.append(m)
            if len(order) == 2:
                actors.add(_span_mention(doc[token.i - 1 : token.i + 1], order[position]))


def _quotations(doc: Doc) -> list[list[int]]:
    """The tokens of each quotation: from an opening quote mark to the closing one, or to
    the end of the paragraph (a quotation that goes on opens again in the next one)."""
    found: list[list[int]] = []
    inside = False
    for token in doc:
        if token.text in _QUOTES:
            inside = not inside
            if inside:
                found.append([])
        elif inside:
            found[-1].append(token.i)
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            inside = False
    return [q for q in found if q]


def _quoted_speakers(doc: Doc, actors: DocumentActors, lexicon: Lexicon) -> None:
    """ "'We will fight them,' said the army spokesman": we = the speaker's side."""
    for quoted in _quotations(doc):
        inside = set(quoted)
        sentences = {doc[quoted[0]].sent.start: doc[quoted[0]].sent}
        sentences.setdefault(doc[quoted[-1]].sent.start, doc[quoted[-1]].sent)
        speaker = next(
            (
                found
                for sent in sentences.values()
                if (found := _speaker(sent, inside, actors, lexicon)) is not None
            ),
            None,
        )
        if speaker is None:
            continue
        for i in quoted:
            if doc[i].lower_ in _FIRST_PERSON and i not in actors.by_token:
                actors.add(_span_mention(doc[i : i + 1], speaker))


def _speaker(
    sent: Span, quoted: set[int], actors: DocumentActors, lexicon: Lexicon
) -> Mention | None:
    """The one organisation or state that says the quotation: the speaker itself, or the
    one organisation a person speaking is described by ("Gen. X, commander of CENTCOM");
    a person alone is left alone (whose side they speak for is unknown here)."""
    for verb in sent:
        if verb.i in quoted or verb.lemma_.lower() not in lexicon.reporting_verbs:
            continue
        for subject in verb.children:
            if subject.dep_ != "nsubj" or subject.i in quoted:
                continue
            found = {
                m.entity.iri: m
                for i in range(subject.left_edge.i, subject.right_edge.i + 1)
                if (m := actors.by_token.get(i)) is not None
                and m.entity.kind not in ("Person", "Place")
            }
            if len(found) == 1:
                return next(iter(found.values()))
    return None
