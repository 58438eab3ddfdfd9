"""The relation lexicon as typed, read-once values.

Two files: ``ontology/relations.toml`` (per relation: the trigger words each construction
needs, modality cues, actor nouns) and ``ontology/events.toml`` (the broad vocabulary, one
block per PLOVER event type and CAMEO code). A user adds entries with more files in the
events.toml schema (``kg build --lexicon FILE``); a word listed earlier keeps its meaning.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.catalog.vocab import RELATIONS, SYMMETRIC_RELATIONS
from kg.errors import Errors
from kg.resources import data_path


@dataclass(frozen=True)
class RelationTriggers:
    relation: str
    symmetric: bool
    verbs: frozenset[str]
    verb_preps: frozenset[str]
    particles: tuple[tuple[str, str], ...]
    nouns: frozenset[str]
    noun_preps: frozenset[str]
    adjectives: frozenset[str]
    adjective_preps: frozenset[str]
    role_nouns: frozenset[str]
    hyphen_verbs: frozenset[str]
    extra: dict[str, frozenset[str]]  # the WORD_LISTS relations.toml gives this relation
    plover: str = ""  # the PLOVER type of a claim whose trigger has none of its own
    # multi-word expressions as lemma sequences ("open fire on", "at odds with")
    phrases: tuple[tuple[str, ...], ...] = ()

    def words(self, name: str) -> frozenset[str]:
        """One of the relation's own word lists (``WORD_LISTS``), empty where relations.toml
        gives the relation none; a name that is no word list raises."""
        if name not in WORD_LISTS:
            raise KeyError(
                f"{name!r} is no word list of relations.toml: one of {sorted(WORD_LISTS)}"
            )
        return self.extra.get(name, frozenset())


# the relation-specific word lists relations.toml may give and the rules read; a key there
# that is none of these, or a rule asking for another, is an error, not an empty list
WORD_LISTS = frozenset(
    {
        "addressee_verbs",
        "advocacy_verbs",
        "alliance_join_verbs",
        "announcement_verbs",
        "brokering_verbs",
        "casualty_verbs",
        "command_verbs",
        "designation_verbs",
        "designation_words",
        "directing_verbs",
        "from_place_fights_verbs",
        "from_verbs",
        "giving_verbs",
        "hyphen_prefixes",
        "including_verbs",
        "intent_adjectives",
        "intent_verbs",
        "intolerance_verbs",
        "joint_modifiers",
        "lending_verbs",
        "obligation_modals",
        "offer_verbs",
        "place_subject_preps",
        "place_subject_verbs",
        "posted_roles",
        "protest_acts",
        "purpose_verbs",
        "receiving_verbs",
        "reciprocal_verbs",
        "refusal_verbs",
        "same_side_nouns",
        "suspension_verbs",
        "topic_verbs",
        "unit_roles",
        "vow_verbs",
        "with_nouns",
    }
)


@dataclass(frozen=True)
class Phrase:
    """A multi-word trigger: its lemmas, the relation and PLOVER type it signals."""

    words: tuple[str, ...]
    relation: str
    plover: str
    # the party the phrase introduces acts on the clause's subject: "with the help of Y"
    reverse: bool = False


@dataclass(frozen=True)
class Lexicon:
    relations: dict[str, RelationTriggers]
    modality: dict[str, frozenset[str]]
    negating_particles: tuple[tuple[str, str], ...]
    reporting_verbs: frozenset[str]
    reporting: dict[str, frozenset[str]]
    light_verbs: frozenset[str]
    alongside_preps: frozenset[str]
    actors: dict[str, frozenset[str]]
    verb_index: dict[str, str]  # lemma → relation
    noun_index: dict[str, str]
    adjective_index: dict[str, str]
    role_index: dict[str, str]
    hyphen_index: dict[str, str]
    particle_index: dict[tuple[str, str], str]
    # (kind, word) → PLOVER type, kind one of verb, noun, adjective, role
    plover_index: dict[tuple[str, str], str] = field(default_factory=dict)
    # first lemma → the phrases that start with it, longest first
    phrase_index: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)
    plover_relations: dict[str, str] = field(default_factory=dict)  # PLOVER type → relation

    def plover_type(self, relation: str, kind: str, *words: str) -> str | None:
        """The PLOVER event type of a claim of ``relation`` whose trigger is one of ``words``
        (its form, its lemma) of ``kind``; the relation's own default otherwise, None for
        relations that are not events (memberOf, controls)."""
        for word in words:
            found = self.plover_index.get((kind, word))
            if found and self.plover_relations.get(found) == relation:
                return found
        return self.relations[relation].plover or None

    def words(self, section: str, key: str) -> frozenset[str]:
        return self.modality[key] if section == "modality" else self.actors[key]

    def noun_relation(self, *forms: str) -> str | None:
        """The relation a trigger noun stands for, by the first of its forms (a two-word
        name, its form "talks", its lemma) that is a trigger."""
        return next((self.noun_index[f] for f in forms if f in self.noun_index), None)


# events.toml's list keys → RelationTriggers fields, and the kind of trigger each one is
_EVENT_LISTS = {
    "verbs": "verb",
    "verb_preps": None,
    "nouns": "noun",
    "noun_preps": None,
    "adjectives": "adjective",
    "adjective_preps": None,
    "role_nouns": "role",
}
_EVENT_KEYS = {"plover", "cameo", "relation", "phrases", "reversed_phrases", *_EVENT_LISTS}


def _index(
    relations: dict[str, RelationTriggers], attr: str, first: dict[str, str] | None = None
) -> dict[str, str]:
    """word → relation; ``first`` (relations.toml's own words) keeps its meaning."""
    index: dict[str, str] = dict(first or {})
    for name, triggers in relations.items():
        for word in sorted(getattr(triggers, attr)):
            index.setdefault(word, name)
    return index


@dataclass
class _EventWords:
    """What the event blocks add, before it is merged into the relations."""

    lists: dict[str, dict[str, set[str]]]  # relation → field → words
    phrases: list[Phrase]
    plover: dict[tuple[str, str], str]
    plover_relations: dict[str, str]


def _read_event_blocks(data: dict, where: str, into: _EventWords) -> None:
    blocks = data.get("events", [])
    if not isinstance(blocks, list):
        raise Errors.E014_events_not_tables(where=where)
    for number, block in enumerate(blocks, 1):
        at = f"{where}: events block {number}"
        if not isinstance(block, dict):
            raise Errors.E014_not_a_table(at=at)
        unknown = set(block) - _EVENT_KEYS
        if unknown:
            raise Errors.E014_unknown_key(at=at, unknown=sorted(unknown))
        relation, plover = block.get("relation"), block.get("plover", "")
        if relation not in RELATIONS:
            raise Errors.E014_unknown_entry_relation(
                at=at, relation=relation, relations=", ".join(RELATIONS)
            )
        if not isinstance(plover, str):
            raise Errors.E014_plover_not_string(at=at)
        if plover:
            known = into.plover_relations.setdefault(plover, relation)
            if known != relation:
                raise Errors.E014_plover_conflict(
                    at=at, plover=plover, known=known, relation=relation
                )
        for key, kind in _EVENT_LISTS.items():
            words = block.get(key, [])
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise Errors.E014_not_a_string_list(at=at, key=key)
            clean = {" ".join(w.lower().split()) for w in words} - {""}
            into.lists.setdefault(relation, {}).setdefault(key, set()).update(clean)
            if kind and plover:
                for word in sorted(clean):
                    into.plover.setdefault((kind, word), plover)
        for key, reverse in (("phrases", False), ("reversed_phrases", True)):
            phrases = block.get(key, [])
            if not isinstance(phrases, list) or not all(isinstance(w, str) for w in phrases):
                raise Errors.E014_not_a_string_list(at=at, key=key)
            for text in phrases:
                words = tuple(text.lower().split())
                if len(words) < 2:
                    raise Errors.E014_one_word_phrase(at=at, text=text)
                into.phrases.append(Phrase(words, relation, plover or "", reverse))


def parse_lexicon(
    data: dict,
    where: str = "relations.toml",
    events: Sequence[tuple[dict, str]] = (),
    user_events: Sequence[tuple[dict, str]] = (),
) -> Lexicon:
    """The lexicon of a parsed relations.toml and any number of parsed events.toml-style
    files (``(data, name)`` pairs, earlier ones first). A word in ``user_events`` (the
    user's own files) keeps the relation given there over every other file."""
    added = _EventWords(lists={}, phrases=[], plover={}, plover_relations={})
    # the bundled mapping of PLOVER types first, so that a user's block that contradicts it
    # is the one reported
    for event_data, _ in events:
        for block in event_data.get("events", []) if isinstance(event_data, dict) else []:
            plover, relation = (
                (block.get("plover"), block.get("relation"))
                if isinstance(block, dict)
                else (None, None)
            )
            if isinstance(plover, str) and plover and relation in RELATIONS:
                added.plover_relations.setdefault(plover, relation)
    for event_data, event_where in user_events:
        _read_event_blocks(event_data, event_where, added)
    user_words = {
        field: {
            word: relation
            for relation, fields in sorted(added.lists.items(), reverse=True)
            for word in fields.get(field, ())
        }
        for field in _EVENT_LISTS
    }
    for event_data, event_where in events:
        _read_event_blocks(event_data, event_where, added)
    try:
        raw = data["relations"]
        unknown = set(raw) - set(RELATIONS)
        if unknown:
            raise Errors.E014_unknown_relations(where=where, unknown=sorted(unknown))
        own: dict[str, RelationTriggers] = {}
        relations: dict[str, RelationTriggers] = {}
        known = {"plover", "particles", *_EVENT_LISTS, "hyphen_verbs"}
        for name in RELATIONS:
            entry = raw.get(name, {})
            unknown = set(entry) - known - WORD_LISTS
            if unknown:
                raise Errors.E014_unknown_key(
                    at=f"{where}: relations.{name}", unknown=sorted(unknown)
                )
            lists = {key: frozenset(entry.get(key, [])) for key in _EVENT_LISTS}
            own[name] = RelationTriggers(
                relation=name,
                symmetric=name in SYMMETRIC_RELATIONS,  # the ontology's, as kg.ttl says
                particles=tuple(tuple(p) for p in entry.get("particles", [])),
                hyphen_verbs=frozenset(entry.get("hyphen_verbs", [])),
                extra={k: frozenset(v) for k, v in entry.items() if k not in known},
                plover=str(entry.get("plover", "")),
                **lists,
            )
            more = added.lists.get(name, {})
            relations[name] = RelationTriggers(
                **{
                    **own[name].__dict__,
                    **{key: lists[key] | more.get(key, set()) for key in _EVENT_LISTS},
                    "phrases": tuple(p.words for p in added.phrases if p.relation == name),
                }
            )
        modality_raw = dict(data["modality"])
        particles = tuple(tuple(p) for p in modality_raw.pop("negating_particles", []))
        modality = {k: frozenset(v) for k, v in modality_raw.items()}
        actors = {k: frozenset(v) for k, v in data["actors"].items()}
        reporting = frozenset(data["reporting"]["verbs"])
        reporting_lists = {
            k: frozenset(v)
            for k, v in data["reporting"].items()
            if isinstance(v, list) and all(isinstance(w, str) for w in v)
        }
        light_verbs = frozenset(data["light_verbs"]["verbs"])
        alongside = frozenset(data["light_verbs"].get("alongside_preps", []))
    except (KeyError, TypeError) as exc:
        raise Errors.E014_malformed(where=where, reason=exc) from None
    for name, triggers in own.items():
        if triggers.plover:
            added.plover_relations.setdefault(triggers.plover, name)
    particle_index: dict[tuple[str, str], str] = {}
    for name, triggers in relations.items():
        for pair in triggers.particles:
            particle_index.setdefault(pair, name)  # type: ignore[arg-type]
    by_first: dict[str, list[Phrase]] = {}
    for phrase in added.phrases:
        by_first.setdefault(phrase.words[0], []).append(phrase)

    def index(attr: str) -> dict[str, str]:
        return _index(relations, attr, first={**_index(own, attr), **user_words.get(attr, {})})

    return Lexicon(
        relations=relations,
        modality=modality,
        negating_particles=particles,  # type: ignore[arg-type]
        reporting_verbs=reporting,
        reporting=reporting_lists,
        light_verbs=light_verbs,
        alongside_preps=alongside,
        actors=actors,
        verb_index=index("verbs"),
        noun_index=index("nouns"),
        adjective_index=index("adjectives"),
        role_index=index("role_nouns"),
        hyphen_index=index("hyphen_verbs"),
        particle_index=particle_index,
        plover_index=added.plover,
        phrase_index={
            first: tuple(sorted(found, key=lambda p: -len(p.words)))
            for first, found in by_first.items()
        },
        plover_relations=added.plover_relations,
    )


def read_toml(path: Path) -> dict:
    """A TOML file's data, or a one-line error naming the file and the fault."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise Errors.E014_unreadable(path=path, strerror=exc.strerror or exc) from None
    except UnicodeDecodeError:
        raise Errors.E014_not_utf8(path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise Errors.E014_not_toml(path=path, reason=exc) from None


@cache
def _load(extra: tuple[str, ...]) -> Lexicon:
    relations, events = (
        data_path("ontology", "relations.toml"),
        data_path("ontology", "events.toml"),
    )

    def read() -> Lexicon:
        return parse_lexicon(
            read_toml(relations),
            events=[(read_toml(events), str(events))],
            user_events=[(read_toml(Path(path)), path) for path in extra],
        )

    if extra:
        return read()
    from kg.cache import cached
    from kg.catalog import vocab

    # the bundled lexicon, parsed once per version of its files and of the code reading them
    return cached("lexicon", [relations, events, Path(__file__), Path(vocab.__file__)], read)


def load_lexicon(extra_files: Iterable[str | Path] = ()) -> Lexicon:
    """The bundled lexicon plus the user's own event-vocabulary files, read once."""
    return _load(tuple(str(path) for path in extra_files))
