"""The relation lexicon (``ontology/relations.toml``) as typed, read-once values."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from kg.errors import InputError
from kg.resources import data_path
from kg.vocab import RELATIONS


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
    extra: dict  # relation-specific lists (from_verbs, place_subject_verbs, unit_roles …)


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

    def words(self, section: str, key: str) -> frozenset[str]:
        return self.modality[key] if section == "modality" else self.actors[key]

    def noun_relation(self, word: str, lemma: str) -> str | None:
        """The relation a trigger noun stands for, by its form ("talks") or its lemma."""
        return self.noun_index.get(word) or self.noun_index.get(lemma)


def _index(relations: dict[str, RelationTriggers], attr: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for name, triggers in relations.items():
        for word in getattr(triggers, attr):
            index.setdefault(word, name)
    return index


def parse_lexicon(data: dict, where: str = "relations.toml") -> Lexicon:
    try:
        raw = data["relations"]
        unknown = set(raw) - set(RELATIONS)
        if unknown:
            raise InputError("E014", f"{where}: unknown relation(s) {sorted(unknown)}")
        relations: dict[str, RelationTriggers] = {}
        known = {
            "symmetric",
            "verbs",
            "verb_preps",
            "particles",
            "nouns",
            "noun_preps",
            "adjectives",
            "adjective_preps",
            "role_nouns",
            "hyphen_verbs",
        }
        for name in RELATIONS:
            entry = raw.get(name, {})
            relations[name] = RelationTriggers(
                relation=name,
                symmetric=bool(entry.get("symmetric", False)),
                verbs=frozenset(entry.get("verbs", [])),
                verb_preps=frozenset(entry.get("verb_preps", [])),
                particles=tuple(tuple(p) for p in entry.get("particles", [])),
                nouns=frozenset(entry.get("nouns", [])),
                noun_preps=frozenset(entry.get("noun_preps", [])),
                adjectives=frozenset(entry.get("adjectives", [])),
                adjective_preps=frozenset(entry.get("adjective_preps", [])),
                role_nouns=frozenset(entry.get("role_nouns", [])),
                hyphen_verbs=frozenset(entry.get("hyphen_verbs", [])),
                extra={k: frozenset(v) for k, v in entry.items() if k not in known},
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
        raise InputError("E014", f"{where}: malformed lexicon ({exc})") from None
    particle_index: dict[tuple[str, str], str] = {}
    for name, triggers in relations.items():
        for pair in triggers.particles:
            particle_index.setdefault(pair, name)  # type: ignore[arg-type]
    return Lexicon(
        relations=relations,
        modality=modality,
        negating_particles=particles,  # type: ignore[arg-type]
        reporting_verbs=reporting,
        reporting=reporting_lists,
        light_verbs=light_verbs,
        alongside_preps=alongside,
        actors=actors,
        verb_index=_index(relations, "verbs"),
        noun_index=_index(relations, "nouns"),
        adjective_index=_index(relations, "adjectives"),
        role_index=_index(relations, "role_nouns"),
        hyphen_index=_index(relations, "hyphen_verbs"),
        particle_index=particle_index,
    )


@cache
def load_lexicon() -> Lexicon:
    """The bundled lexicon, read once."""
    text = data_path("ontology", "relations.toml").read_text(encoding="utf-8")
    return parse_lexicon(tomllib.loads(text))
