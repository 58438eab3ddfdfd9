"""Stage 4: resolved mentions + the dependency parse → typed claims with modality.

Patterns (each general, driven by ``ontology/relations.toml``):

- trigger verbs in active and passive voice, with prepositional objects ("fight against"),
  particles ("take over"), subjects inherited through xcomp/conj ("vowed to attack"),
  relative clauses ("insurgents who routed the army", "Mosul, which ISIL seized") and
  participles ("towns captured by ISIL");
- trigger nouns with a possessive, agent, modifier or light-verb subject ("ISIL's capture of
  Mosul", "the offensive by X against Y", "Syrian air strikes on Y", "held talks with Y");
- predicative adjectives ("X is allied with Y", "a cleric close to Iran");
- role nouns in apposition, compounds, possessives and copulas ("ISIS spokesman Abu
  Mohammed al-Adnani", "X, a close ally of Y", "X and Y are allies", "Y's President X",
  "the government of X");
- hyphenated participles ("Iranian-backed militias", "US-led coalition", "ISIL-held town");
- "on the same side" over a coordinated group; "retake X from Y"; "X fell to Y".

Each argument expands over coordination, so "the US, Iran and Syria" yields every pair.
Modality: negation (``not``, ``no``, ``without``, "denied", "ruled out" …) wins over
hypothetical (modal auxiliaries, verbs of planning and consideration, conditionals,
"possible"/"option"), which wins over asserted. "X said Y attacked Z" is a claim about Y and
Z, kept with X as ``reported_by``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kg.actors import (
    ARMED_KINDS,
    DocumentActors,
    Entity,
    Mention,
    catalog_entity,
    original_text,
    place_entity,
)
from kg.dates import resolve_date
from kg.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "province",
        "region",
        "area",
        "areas",
        "district",
        "capital",
        "base",
        "airport",
        "dam",
        "refinery",
        "border",
        "crossing",
        "consulate",
        "embassy",
        "governorate",
        "territory",
        "neighbourhood",
        "neighborhood",
        "port",
        "oilfield",
        "field",
        "stronghold",
        "cities",
        "towns",
        "villages",
        "provinces",
        "bases",
    }
)
PARTITIVE_NOUNS = frozenset(
    {
        "whole",
        "rest",
        "part",
        "most",
        "much",
        "all",
        "some",
        "half",
        "section",
        "swathe",
        "swath",
        "outskirts",
        "edge",
        "centre",
        "center",
        "heart",
        "north",
        "south",
        "east",
        "west",
    }
)
STATE_KINDS = frozenset({"State", "Government"})
TOPIC_PREPS = frozenset({"on", "about", "regarding", "concerning", "over"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
TIME_PREPS = frozenset({"on", "in", "since", "during", "at", "by", "until", "before", "after"})
PERSONAL_PRONOUNS = frozenset({"it", "they", "he", "she"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})
MAX_CHAIN = 6
# dependents that are complements of their head: the head's modality carries down to them
COMPLEMENT_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "dobj",
        "pobj",
        "prep",
        "acl",
        "pcomp",
        "attr",
        "oprd",
        "acomp",
        "nsubjpass",
        "compound",
        "amod",
        "appos",
    }
)


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


@dataclass(frozen=True)
class _Candidate:
    subject: Mention
    relation: str
    object: Mention
    trigger: Token
    confidence: float
    modality: str | None = None  # set by patterns whose wording fixes it


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _word(token: Token) -> str:
    return token.text.lower()


def _together(sides: list[Mention], trigger: Token, confidence: float) -> Iterator[_Candidate]:
    """Actors who fight the same enemy together are allies, pairwise."""
    for i, a in enumerate(sides):
        for b in sides[i + 1 :]:
            if a.entity.iri != b.entity.iri:
                yield _Candidate(a, "alliedWith", b, trigger, confidence)


def _in_words(token: Token, words: frozenset[str]) -> bool:
    return _word(token) in words or _lemma(token) in words


def _conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(_conjuncts(child))
    for child in token.children:  # "X as well as Y" parses as cc + conj on some models
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            out.extend(_conjuncts(child))
    return out


class _Sentence:
    """Extraction over one sentence."""

    def __init__(
        self,
        sent: Span,
        actors: DocumentActors,
        lexicon: Lexicon,
        affiliations: dict[str, Entity] | None = None,
    ) -> None:
        self.sent = sent
        self.actors = actors
        self.lexicon = lexicon
        self.affiliations = affiliations if affiliations is not None else {}
        self.generic_nouns = (
            lexicon.actors["group_nouns"]
            | lexicon.actors["government_nouns"]
            | lexicon.actors["military_nouns"]
            | lexicon.actors["asset_nouns"]
        )
        self.vow_verbs = lexicon.relations["threatens"].extra.get("vow_verbs", frozenset())
        self.rebel_nouns = lexicon.actors["insurgent_nouns"] | lexicon.actors["militia_nouns"]
        self.ruler_nouns = lexicon.actors["leader_named_nouns"]

    # -- arguments --------------------------------------------------------------------------
    def mentions_for(self, token: Token | None, depth: int = 0) -> list[Mention]:
        """The entities a syntactic argument stands for, coordination expanded."""
        if token is None or depth > 3:
            return []
        if _word(token) in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self.antecedent(token.head, depth)
        if _word(token) == "whose":  # "Eritrea, whose troops fought …": the relative's antecedent
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            return self.antecedent(clause, depth) if clause is not None else []
        found: list[Mention] = []
        for conj in _conjuncts(token):
            found.extend(self._mentions_one(conj, depth))
        unique: dict[int, Mention] = {}
        for m in found:
            unique.setdefault(m.start, m)
        return list(unique.values())

    def _mentions_one(self, token: Token, depth: int) -> list[Mention]:
        mention = self.actors.mention_at(token)
        if mention is not None:
            # "Russian and Syrian jets": the catalog named the second; the first qualifies too
            others = [
                self._organ_of(m, token)
                for c in token.children
                if c.dep_ in ("amod", "compound") and c.i < mention.start
                for m in (self.actors.mention_at(t) for t in _conjuncts(c))
                if m is not None and m.how == "demonym" and m is not mention
            ]
            return [*others, mention]
        word, lemma = _word(token), _lemma(token)
        if token.pos_ == "PRON" and word in PERSONAL_PRONOUNS:
            return self._pronoun(token, depth)
        if token.dep_ == "poss" and word in POSSESSIVE_PRONOUNS:
            return self._possessive(token, depth)
        if lemma in self.lexicon.actors["state_nouns"]:
            owners = [c for c in token.children if c.dep_ == "poss" and _word(c) in ("his", "her")]
            if owners:  # "Kerry said his country was open to talks": the state he serves
                people = self._possessive(owners[0], depth + 1)
                states = [self.affiliations.get(p.entity.iri) for p in people]
                if states and all(states):
                    return [
                        Mention(
                            entity=state,
                            start=token.i,
                            end=token.i + 1,
                            start_char=token.idx,
                            end_char=token.idx + len(token.text),
                            text=token.text,
                            head=token.i,
                            how="anaphor",
                        )
                        for state in dict.fromkeys(s for s in states if s is not None)
                    ]
        if lemma in PARTITIVE_NOUNS:  # "the whole of Kirkuk", "most of Darfur"
            for child in token.children:
                if child.dep_ == "prep" and _word(child) == "of":
                    return [m for p in child.children for m in self.mentions_for(p, depth + 1)]
        if token.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
            return []
        if token.dep_ == "appos" and (word in self.generic_nouns or lemma in self.generic_nouns):
            head_mention = self.actors.mention_at(token.head)  # "the STC, a separatist movement"
            if head_mention is not None:
                return [head_mention]
        if word in self.generic_nouns or lemma in self.generic_nouns or lemma in PLACE_NOUNS:
            for child in token.children:  # "Iraq's prime minister, Nouri Maliki": the name
                if child.dep_ == "appos":
                    found = self.mentions_for(child, depth + 1)
                    if found:
                        return found
            for child in token.children:
                if child.dep_ == "poss" and _word(child) in POSSESSIVE_PRONOUNS:
                    return self._possessive(child, depth + 1)  # "its fighters": its owner's
                if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < token.i:
                    inner = self.actors.mention_at(child)
                    rebels = word in self.rebel_nouns or lemma in self.rebel_nouns
                    if inner is not None and rebels and inner.entity.kind in STATE_KINDS:
                        continue  # "Syria's rebels" fight Syria's government, not for it
                    if inner is not None:  # "Turkish and Syrian officials": each state
                        owners = [self.actors.mention_at(c) for c in _conjuncts(child)]
                        return [self._organ_of(m, token) for m in owners if m is not None]
                    if _word(child) == "whose":
                        return [self._organ_of(m, token) for m in self.mentions_for(child, depth)]
            # "groups including X" > "militants of X" > "battalions from X" > "fighters in X"
            ranked: list[tuple[int, list[Mention]]] = []
            order = {"including": 0, "like": 0, "of": 1, "from": 2, "in": 3}
            # "the government of Prime Minister X" is X's government, not X
            rules_over = lemma in ("government", "administration", "regime", "cabinet")
            for child in token.children:
                if child.dep_ == "prep" and _word(child) in order:
                    found = [
                        m
                        for p in child.children
                        if p.dep_ == "pobj"
                        for m in self.mentions_for(p, depth + 1)
                    ]
                    if _word(child) == "in":
                        found = [m for m in found if not m.entity.is_place]
                    if rules_over and _word(child) == "of":
                        found = [m for m in found if m.entity.kind != "Person"]
                    if found:
                        ranked.append((order[_word(child)], found))
                elif child.dep_ == "acl" and _lemma(child) in ("lead", "loyal", "command"):
                    found = self.mentions_for(self._agent(child), depth + 1)
                    # "militants led by ISIS" are ISIS; "the army, led by General X" is not X
                    found = [m for m in found if m.entity.kind != "Person"]
                    if found:
                        ranked.append((1, found))
                elif child.dep_ == "acl" and _lemma(child) in ("know", "call", "name"):
                    for prep in child.children:  # "local militias known as Wazalendo"
                        if prep.dep_ == "prep" and _word(prep) == "as":
                            found = [
                                m for p in prep.children for m in self.mentions_for(p, depth + 1)
                            ]
                            if found:
                                ranked.append((0, found))
            if ranked:
                return min(ranked, key=lambda r: r[0])[1]
        return []

    def antecedent(self, clause: Token, depth: int = 0) -> list[Mention]:
        """What a relative clause is about: the noun it hangs on, or, when the parser hung it
        on a noun that names no actor, the name just before the relative pronoun ("the
        fighting in Tikrit that the rebels now control")."""
        found = self.mentions_for(clause.head, depth + 1)
        if found:
            return found
        relative = [c for c in clause.children if _word(c) in RELATIVE_PRONOUNS]
        if relative and relative[0].i > self.sent.start:
            before = self.actors.mention_at(relative[0].nbor(-1))
            if before is not None and before.end == relative[0].i:
                return [before]
        return []

    def _organ_of(self, owner: Mention, noun: Token) -> Mention:
        """ "Iraq's security forces" is the force the catalog calls "Iraqi security forces",
        when it knows one; otherwise the state itself."""
        catalog = self.actors.catalog
        if catalog is None or owner.entity.iri not in catalog:
            return owner
        state = catalog[owner.entity.iri]
        if state.kind == "Government" and state.governs in catalog:  # "Baghdad's army"
            state = catalog[state.governs]
        if state.kind != "State":
            return owner
        modifiers = [
            c for c in noun.children if c.dep_ in ("amod", "compound") and c.i > owner.end - 1
        ]
        phrase = " ".join([*(c.text for c in sorted(modifiers, key=lambda t: t.i)), noun.text])
        for candidate in dict.fromkeys((phrase, noun.text)):  # "Iraq's US-trained military"
            for demonym in state.demonyms:
                organ = catalog.lookup(f"{demonym} {candidate}")
                if organ is not None:
                    return replace(owner, entity=catalog_entity(organ), how="catalog")
        return owner

    def _pronoun(self, pronoun: Token, depth: int) -> list[Mention]:
        """ "Rwanda denied that it supports M23": the subject pronoun of a complement clause
        is the subject of the clause it completes (the usual reading in news reports)."""
        verb = pronoun.head
        if pronoun.dep_ in ("nsubj", "nsubjpass") and verb.dep_ == "ROOT":
            found = self._previous_subject(depth)  # "ISIL seized Mosul. It then …"
            return found if found and self._agrees(_word(pronoun), found) else []
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ not in (
            "ccomp",
            "advcl",
            "conj",
            "xcomp",
        ):
            return []
        governor = verb.head
        for child in governor.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i < pronoun.i:
                found = self.mentions_for(child, depth + 1)
                plural = _word(pronoun) in ("they", "them", "their")
                # a person is "he"/"she", an organization or state "it"/"they"
                persons = all(m.entity.kind == "Person" for m in found)
                if found and (persons == (_word(pronoun) in ("he", "she")) or plural):
                    return found
        return []

    def _possessive(self, pronoun: Token, depth: int) -> list[Mention]:
        """A possessive pronoun's owner: the object of the verb its phrase hangs on ("support
        the government in its battle"), else the subject of the nearest clause above it
        that has one ("Iran blames the US for backing the uprising against its ally"),
        when number and person/non-person agree."""
        word = _word(pronoun)

        def agrees(found: list[Mention]) -> bool:
            return self._agrees(word, found)

        owner = pronoun.head
        if owner.dep_ in ("nsubj", "nsubjpass") and owner.head.dep_ == "ROOT":
            # "… seized Lashio. Its fighters now hold the city": the main subject's possessive
            # continues the last sentence's subject, unless this sentence names it first
            found = self._previous_subject(depth)
            if found and agrees(found):
                return found
        verbs = [a for a in pronoun.ancestors if a.pos_ in ("VERB", "AUX")]
        if verbs:
            objects = [c for c in verbs[0].children if c.dep_ == "dobj" and c.i < pronoun.i]
            found = self.mentions_for(objects[0], depth + 1) if objects else []
            if found and agrees(found):
                return found
        for verb in verbs:
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects or subjects[0].i > pronoun.i:
                continue
            found = self.mentions_for(subjects[0], depth + 1)
            return found if found and agrees(found) else []
        return []

    @staticmethod
    def _agrees(word: str, found: list[Mention]) -> bool:
        """A pronoun and what it may stand for agree in number and person/non-person."""
        persons = all(m.entity.kind == "Person" for m in found)
        one = len({m.entity.iri for m in found}) == 1  # "the MNDAA (MNDAA)" is one
        if word in ("he", "she", "his", "her", "him"):
            return persons and one
        if word in ("it", "its"):
            return not persons and one
        return True  # "they", "their"

    def _previous_subject(self, depth: int) -> list[Mention]:
        """The actors that the main clause of the previous sentence (same paragraph) has as
        its subject: what a pronoun opening the next sentence usually continues."""
        doc = self.sent.doc
        if self.sent.start == 0 or depth > 1:
            return []
        previous = doc[self.sent.start - 1].sent
        if any(
            t.is_space and t.text.count("\n") > 1
            for t in doc[previous.end - 1 : self.sent.start + 1]
        ):
            return []  # a new paragraph
        root = previous.root
        subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            return []
        return [m for m in self.mentions_for(subjects[0], depth + 2) if not m.entity.is_place]

    @staticmethod
    def _agent(verb: Token) -> Token | None:
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        return None

    def verb_subjects(self, verb: Token) -> tuple[list[Mention], float]:
        """The agents of a verb: its subject, its passive agent, or an inherited subject."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        for child in subjects:
            found = self.mentions_for(child)
            role = (
                _word(child) in self.lexicon.role_index or _lemma(child) in self.lexicon.role_index
            )
            if found or not role or child is subjects[-1]:
                return found, 0.9
            # "Sudan's army chief Abdel Fattah al-Burhan rejected …": the parser may take the
            # title and the name for two subjects; the name is the one
        raised = (  # "X is believed to be backed by Y": the agent of a passive infinitive
            verb.dep_ == "xcomp"
            and any(c.dep_ == "auxpass" for c in verb.children)
            and self._agent(verb) is not None
        )
        if raised or any(c.dep_ == "nsubjpass" for c in verb.children):
            agent = self._agent(verb)
            if agent is None and self._stative_passive(verb):
                # "X is allied with Y": no agent, the passive subject is the relation's subject
                passive = next(c for c in verb.children if c.dep_ == "nsubjpass")
                return self.mentions_for(passive), 0.85
            agents: list[Mention] = []
            for by in (c for c in verb.children if c.dep_ == "agent"):
                # "backed by militias, by Burundian troops and by a force from SADC"
                more = [t for t in by.subtree if t.dep_ == "conj" and t.lower_ == "by"]
                for prep in [by, *more]:
                    for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                        agents.extend(m for m in self.mentions_for(pobj) if m not in agents)
            return agents, 0.85
        if verb.dep_ == "acl" and _word(verb.head) == "order" and verb.head.dep_ == "pobj":
            governor = verb.head.head.head  # "went to Iraq in order to protect …"
            if governor.pos_ in ("VERB", "AUX"):
                subjects, confidence = self.verb_subjects(governor)
                return subjects, confidence * 0.8
        if verb.dep_ == "acl":  # "militants led by ISIS", "the town captured by ISIL"
            agent = self._agent(verb)
            if agent is not None:
                return self.mentions_for(agent), 0.8
            owner = [c for c in verb.head.children if c.dep_ == "poss"]
            if owner and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
                return self.mentions_for(owner[0]), 0.7  # "its efforts to defeat ISIL"
            if verb.tag_ == "VBG" or self._stative_passive(verb):
                # "rebel groups fighting Assad", "the only country allied to X"
                noun = verb.head
                found = self.mentions_for(noun)
                if not found and noun.dep_ == "attr" and noun.head.pos_ in ("AUX", "VERB"):
                    found, _ = self.verb_subjects(noun.head)
                if not found and self._is_event_noun(noun):
                    found, _ = self._noun_subjects(noun)  # "strikes coordinated with Baghdad"
                return found, 0.8
            noun = verb.head
            if any(c.dep_ == "dobj" for c in verb.children) and noun.dep_ == "dobj":
                # "has flown 870 missions, conducted 265 raids on X": a participle with its own
                # object is not passive; the parser took a conjunct for a modifier
                subjects, confidence = self.verb_subjects(noun.head)
                return subjects, confidence * 0.7
            return [], 0.0
        head = verb.head
        if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and head is not verb:
            if verb.dep_ == "xcomp":
                for child in head.children:  # object control: "urged Iran to help"
                    if child.dep_ == "dobj" and self.mentions_for(child):
                        return self.mentions_for(child), 0.65
            if head.pos_ in ("VERB", "AUX"):
                subjects, confidence = self.verb_subjects(head)
                return subjects, confidence * 0.8
            if head.pos_ == "ADJ" and verb.dep_ == "xcomp":
                own = [c for c in head.children if c.dep_ == "nsubj"]
                if own:  # "Iran ready to help Iraq": a headline without its copula
                    return self.mentions_for(own[0]), 0.7
                if head.dep_ == "acomp" and head.head.pos_ in ("VERB", "AUX"):
                    subjects, confidence = self.verb_subjects(head.head)  # "X is ready to help"
                    return subjects, confidence * 0.8
            if (
                head.pos_ == "ADP"
                and head.head.dep_ == "pobj"
                and head.head.head.dep_ == "agent"
                and _lemma(head.head.head.head) in self.lexicon.reporting["accusing_verbs"]
            ):  # "accused by U.N. experts of supplying": the parser hangs "of" on the agent
                head = head.head.head
            if head.pos_ == "ADP" and head.head.pos_ == "NOUN" and verb.dep_ == "pcomp":
                owner = [c for c in head.head.children if c.dep_ == "poss"]
                if owner:  # "the UK's commitment to defeating ISIL"
                    return self.mentions_for(owner[0]), 0.7
            if (
                head.pos_ == "ADP"
                and head.head.pos_ == "ADJ"
                and head.head.head.pos_ in ("VERB", "AUX")
            ):  # "his country was open to holding talks": the subject of the predicate
                subjects, confidence = self.verb_subjects(head.head.head)
                return subjects, confidence * 0.75
            if (
                head.pos_ == "ADP"
                and _word(head) in TOPIC_PREPS
                and any(c.dep_ == "dobj" and c.i < head.i for c in head.head.children)
            ):  # "secured a resolution on defeating ISIL": the object's topic, nobody's act
                return [], 0.0
            if head.pos_ == "ADP" and head.head.pos_ in ("VERB", "AUX"):
                governor = head.head
                for child in governor.children:  # "accused Iran of supplying the Houthis"
                    passive_accused = child.dep_ == "nsubjpass" and (
                        _lemma(governor) in self.lexicon.reporting["accusing_verbs"]
                    )  # "Iran was accused by Y of supplying …"
                    if (child.dep_ == "dobj" and child.i < verb.i) or passive_accused:
                        found = self.mentions_for(child)
                        if found:
                            return found, 0.7
                subjects, confidence = self.verb_subjects(governor)
                return subjects, confidence * 0.75
        if verb.dep_ == "relcl":
            return self.antecedent(verb), 0.8
        return [], 0.0

    def _stative_passive(self, verb: Token) -> bool:
        relation = self.lexicon.verb_index.get(_lemma(verb))
        if relation is None or self._agent(verb) is not None:
            return False
        preps = self.lexicon.relations[relation].verb_preps
        return any(c.dep_ == "prep" and _word(c) in preps for c in verb.children)

    def verb_objects(self, verb: Token, preps: frozenset[str]) -> list[Mention]:
        objects: list[Mention] = []
        stative = self._stative_passive(verb)
        for child in verb.children:
            passive_subject = child.dep_ == "nsubjpass" and not stative
            dative_noun = child.dep_ == "dative" and child.pos_ != "ADP"  # "gave Kyiv arms"
            if child.dep_ in ("dobj", "attr", "oprd") or dative_noun or passive_subject:
                objects.extend(self.mentions_for(child))
            elif child.dep_ in ("prep", "dative") and _word(child) in preps:
                for pobj in child.children:  # ("provided masks to X": a dative)
                    if pobj.dep_ == "pobj":
                        objects.extend(self.mentions_for(pobj))
            if child.dep_ == "dobj" and preps:
                # "coordinate operations with Tehran": the partner's preposition often hangs
                # on the object noun
                for prep in child.children:
                    if prep.dep_ == "prep" and _word(prep) in preps - {"of"}:
                        objects.extend(m for p in prep.children for m in self.mentions_for(p))
        if not objects and verb.dep_ == "relcl":
            relative = [c for c in verb.children if _word(c) in RELATIVE_PRONOUNS]
            if relative and relative[0].dep_ in ("dobj", "nsubjpass"):
                objects.extend(self.antecedent(verb))
        if not objects and verb.dep_ == "acl" and any(c.dep_ == "agent" for c in verb.children):
            objects.extend(self.mentions_for(verb.head))
        if (
            not objects
            and verb.dep_ == "xcomp"
            and any(c.dep_ == "auxpass" for c in verb.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        ):  # "X is believed to be backed by Y": X is what is backed
            for child in verb.head.children:
                if child.dep_ in ("nsubjpass", "nsubj"):
                    objects.extend(self.mentions_for(child))
        if not objects and not any(c.dep_ == "dobj" for c in verb.children):
            for conj in verb.children:  # "arming and commanding the rebels": a shared object
                if (
                    conj.dep_ == "conj"
                    and conj.pos_ == "VERB"
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)
                ):
                    objects.extend(
                        m for c in conj.children if c.dep_ == "dobj" for m in self.mentions_for(c)
                    )
        return objects

    # -- patterns ---------------------------------------------------------------------------
    def candidates(self) -> Iterator[_Candidate]:
        lexicon = self.lexicon
        for token in self.sent:
            lemma, word = _lemma(token), _word(token)
            if token.pos_ == "VERB" and lemma in self.vow_verbs:
                yield from self._vow(token)
            if token.pos_ == "VERB":
                yield from self._alongside(token)
                yield from self._includes(token)
                yield from self._designation(token)
                yield from self._intolerance(token)
            if token.pos_ in ("VERB", "AUX") or (
                token.pos_ == "NOUN" and token.dep_ == "ROOT" and lemma in lexicon.verb_index
            ):
                yield from self._verb(token)
            if token.pos_ in ("NOUN", "PROPN") and (
                word in lexicon.noun_index or lemma in lexicon.noun_index
            ):
                yield from self._noun(token)
            if lemma in lexicon.adjective_index and (
                token.pos_ == "ADJ"
                or (token.pos_ == "NOUN" and token.dep_ == "appos")
                or (token.pos_ == "ADV" and token.dep_ == "amod")
            ):  # the tagger reads "a Shiite close to Iran" as a noun or adverb "close"
                yield from self._adjective(token)
            if word in lexicon.role_index or lemma in lexicon.role_index:
                yield from self._role(token)
            if word in lexicon.hyphen_index and token.i >= 2 and token.nbor(-1).text == "-":
                yield from self._hyphen(token)
            if token.pos_ == "NOUN" and lemma in self.ruler_nouns:
                yield from self._leader_named_government(token)
            joint = lexicon.relations["alliedWith"].extra.get("joint_modifiers", frozenset())
            if token.pos_ == "NOUN" and any(
                c.dep_ == "amod" and _word(c) in joint for c in token.children
            ):
                yield from self._joint(token)
            if lemma in lexicon.relations["alliedWith"].extra.get("same_side_nouns", ()):
                yield from self._same_side(token)

    def _relation_for_verb(self, verb: Token) -> str | None:
        lemma = _lemma(verb)
        for child in verb.children:
            if child.dep_ == "prt":
                pair = (lemma, _word(child))
                if pair in self.lexicon.particle_index:
                    return self.lexicon.particle_index[pair]
        for child in verb.children:  # "take control of", "join forces with", "opened heavy fire"
            if child.dep_ == "dobj" and not any(c.dep_ in ("poss", "det") for c in child.children):
                pair = (lemma, _word(child))
                if pair in self.lexicon.particle_index:
                    return self.lexicon.particle_index[pair]
        return self.lexicon.verb_index.get(lemma)

    def _verb(self, verb: Token) -> Iterator[_Candidate]:
        relation = self._relation_for_verb(verb)
        if relation is None:
            return
        if _lemma(verb) in self.lexicon.relations[relation].extra.get(
            "from_place_fights_verbs", ()
        ) and any(
            m.entity.is_place or m.how == "ner"  # NER often takes a town for a group
            for c in verb.children
            if c.dep_ == "prep" and _word(c) == "from"
            for p in c.children
            for m in self.mentions_for(p)
        ):
            relation = "fights"  # "expelled the militants from the town"
        triggers = self.lexicon.relations[relation]
        subjects, confidence = self.verb_subjects(verb)
        if relation == "controls":
            place_verbs = triggers.extra.get("place_subject_verbs", frozenset())
            if _lemma(verb) in place_verbs:
                return  # handled through the noun ("fell into the hands of X")
        preps = triggers.verb_preps | ({"of"} if relation == "controls" else frozenset())
        objects = self.verb_objects(verb, preps)
        if _lemma(verb) in triggers.extra.get("topic_verbs", ()):
            objects = [
                m
                for p in verb.children
                if p.dep_ == "prep" and _word(p) in preps
                for o in p.children
                for m in self.mentions_for(o)
            ]
        if relation == "controls":
            for child in verb.children:  # "take control of X"
                if (
                    child.dep_ == "dobj"
                    and _lemma(child) in self.lexicon.relations["controls"].nouns
                ):
                    for prep in child.children:
                        if prep.dep_ == "prep" and _word(prep) in ("of", "over"):
                            for pobj in prep.children:
                                objects.extend(self.mentions_for(pobj))
        if relation == "supports" and not objects:
            for child in verb.children:  # "supported the liberation of Tikrit by Iraqi forces"
                if child.dep_ == "dobj" and child.pos_ == "NOUN":
                    for by in (c for c in child.children if c.dep_ == "prep"):
                        if _word(by) == "by":
                            objects.extend(m for p in by.children for m in self.mentions_for(p))
            for child in verb.children:
                if child.dep_ in ("ccomp", "xcomp"):
                    # "helping the government fight ISIL": the one helped is the clause's subject;
                    # "help defend Baghdad": the one helped is what is defended
                    inner = [c for c in child.children if c.dep_ == "nsubj"]
                    if inner:
                        objects.extend(self.mentions_for(inner[0]))
                    elif self.lexicon.verb_index.get(_lemma(child)) == "supports":
                        objects.extend(self.verb_objects(child, frozenset()))
        if relation == "fights" and objects:  # "the US and Britain struck Houthi targets"
            yield from _together(subjects, verb, confidence * 0.7)
        for s in subjects:
            for o in objects:
                if (
                    relation == "memberOf"
                    and _lemma(verb) in triggers.extra["directing_verbs"]
                    and s.entity.kind != "Person"
                ):
                    # a state "commanding" a rebel group directs it; it is not one of its members
                    yield _Candidate(s, "supports", o, verb, confidence * 0.8)
                    continue
                yield _Candidate(s, relation, o, verb, confidence)
        between = [
            m
            for child in verb.children
            if child.dep_ == "prep" and _word(child) == "between" and triggers.symmetric
            for p in child.children
            for m in self.mentions_for(p)
        ]
        for i, a in enumerate(between):  # "mediated between the Houthis and Saudi Arabia"
            for b in between[i + 1 :]:
                yield _Candidate(a, relation, b, verb, confidence * 0.85)
            for s in subjects:  # the mediator deals with each side
                yield _Candidate(s, relation, a, verb, confidence * 0.85)
        # "retake X from Y": Y is fought
        if _lemma(verb) in self.lexicon.relations["fights"].extra.get("from_verbs", ()):
            # "from Y" on the verb, or on its object where the parser often hangs it
            objects_of = [c for c in verb.children if c.dep_ == "dobj"]
            for child in [*verb.children, *(c for o in objects_of for c in o.children)]:
                if child.dep_ == "prep" and _word(child) == "from":
                    enemies = [m for p in child.children for m in self.mentions_for(p)]
                    for o in enemies:
                        for s in subjects:
                            yield _Candidate(s, "fights", o, verb, confidence * 0.9)
                    if enemies:  # retaking it together from them: the same side
                        yield from _together(subjects, verb, confidence * 0.7)
        # "X and Y clashed", "X and Y met": with each other (joint attacks are not mutual)
        reciprocal = triggers.extra.get("reciprocal_verbs", frozenset())
        mutual = relation != "fights" or _lemma(verb) in reciprocal
        if triggers.symmetric and mutual and not objects and not between:
            for i, a in enumerate(subjects):
                for b in subjects[i + 1 :]:
                    yield _Candidate(a, relation, b, verb, confidence * 0.85)
        if relation == "fights" and not objects:
            objects = self.purpose_objects(verb)
            for s in subjects:
                for o in objects:
                    yield _Candidate(s, relation, o, verb, confidence * 0.8)
        if relation == "threatens" and not objects:
            for s in subjects:
                for o in self.threat_targets(verb):
                    yield _Candidate(s, relation, o, verb, confidence * 0.8)

    def _leader_named_government(self, noun: Token) -> Iterator[_Candidate]:
        """ "the Obama administration", "the Assad regime": the person it is named after
        belongs to it."""
        government = self.actors.mention_at(noun)
        catalog = self.actors.catalog
        if government is None or catalog is None or government.entity.kind not in STATE_KINDS:
            return
        for child in noun.children:
            if child.dep_ not in ("compound", "nmod", "amod") or child.i < government.start:
                continue
            person = catalog.lookup(child.text)
            if person is not None and person.kind == "Person":
                holder = replace(government, entity=catalog_entity(person), head=child.i)
                yield _Candidate(holder, "memberOf", government, noun, 0.7, "asserted")

    def _includes(self, verb: Token) -> Iterator[_Candidate]:
        """ "The alliance, which includes the Arakan Army": each one included is a member."""
        if _lemma(verb) not in self.lexicon.relations["memberOf"].extra["including_verbs"]:
            return
        wholes, confidence = self.verb_subjects(verb)
        wholes = [w for w in wholes if w.entity.kind not in ("Person", "Place")]
        for child in verb.children:
            if child.dep_ != "dobj":
                continue
            for part in self.mentions_for(child):
                if part.entity.is_place:
                    continue
                for whole in wholes:
                    yield _Candidate(part, "memberOf", whole, verb, confidence * 0.85)

    def _intolerance(self, verb: Token) -> Iterator[_Candidate]:
        """ "Iran would not tolerate the group near its borders": refusing to tolerate someone
        is a stance against them, stated now whatever the modal."""
        if _lemma(verb) not in self.lexicon.relations["opposes"].extra["intolerance_verbs"]:
            return
        words = self.lexicon.modality["negation_words"]
        if not any(c.dep_ == "neg" or _word(c) in words for c in verb.children):
            return
        subjects, confidence = self.verb_subjects(verb)
        for child in verb.children:
            if child.dep_ == "dobj":
                for target in self.mentions_for(child):
                    for s in subjects:
                        yield _Candidate(s, "opposes", target, verb, confidence * 0.8, "asserted")

    def _designation(self, verb: Token) -> Iterator[_Candidate]:
        """ "The junta labelled the NUG a terrorist organisation": the labeller opposes it."""
        extra = self.lexicon.relations["opposes"].extra
        if _lemma(verb) not in extra["designation_verbs"]:
            return
        labels = [c for c in verb.children if c.dep_ in ("oprd", "attr", "xcomp", "ccomp")]
        labels += [
            p for c in verb.children if c.dep_ == "prep" and _word(c) == "as" for p in c.children
        ]
        if not any(_in_words(t, extra["designation_words"]) for c in labels for t in c.subtree):
            return
        subjects, confidence = self.verb_subjects(verb)
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                for target in self.mentions_for(child):
                    for s in subjects:
                        if s.entity.iri != target.entity.iri:
                            yield _Candidate(s, "opposes", target, verb, confidence * 0.85)
        for clause in labels:  # "declared the RSF to be a terrorist group", "X a terrorist"
            for child in clause.children:
                if child.dep_ == "nsubj":
                    for target in self.mentions_for(child):
                        for s in subjects:
                            yield _Candidate(s, "opposes", target, verb, confidence * 0.8)

    def _alongside(self, verb: Token) -> Iterator[_Candidate]:
        """ "North Korean soldiers are fighting alongside Russian forces": the same side."""
        partners = [
            m
            for child in verb.children
            if child.dep_ == "prep" and _word(child) in self.lexicon.alongside_preps
            for p in child.children
            for m in self.mentions_for(p)
        ]
        if partners:
            subjects, confidence = self.verb_subjects(verb)
            for s in subjects:
                for o in partners:
                    yield _Candidate(s, "alliedWith", o, verb, confidence * 0.9)

    def _vow(self, verb: Token) -> Iterator[_Candidate]:
        """ "vowed to attack X" is a threat against X (the attack itself is hypothetical)."""
        hostile = self.lexicon.relations["fights"].verbs | self.lexicon.relations["controls"].verbs
        subjects, confidence = self.verb_subjects(verb)
        for child in verb.children:
            if child.dep_ == "xcomp" and _lemma(child) in hostile:
                for s in subjects:
                    for o in self.verb_objects(child, frozenset({"on", "against"})):
                        yield _Candidate(s, "threatens", o, verb, confidence * 0.8)

    def threat_targets(self, threat: Token, depth: int = 0) -> list[Mention]:
        """Whom a threat is against when it names no object: the object of the threatened
        act ("threatened to march on Baghdad", "the threat to take the capital from X"), or
        the agent of its condition ("warned it would retaliate if X harmed its citizens")."""
        if depth > 2:
            return []
        targets: list[Mention] = []
        act_preps = frozenset({"on", "against", "into", "to", "from"})
        for child in threat.children:
            if child.dep_ == "prep" and _word(child) == "to":  # "threatening to march" misparsed
                for pobj in child.children:
                    targets.extend(self.verb_objects(pobj, act_preps))
            if child.dep_ in ("xcomp", "ccomp", "acl"):
                targets.extend(self.verb_objects(child, act_preps))
                targets.extend(self.threat_targets(child, depth + 1))
            if child.dep_ == "advcl" and self._conditional(child):
                agent = self._agent(child)
                if agent is not None:
                    targets.extend(self.mentions_for(agent))
                for grandchild in child.children:
                    if grandchild.dep_ == "nsubj":
                        targets.extend(self.mentions_for(grandchild))
        return targets

    def purpose_objects(self, trigger: Token) -> list[Mention]:
        """A hostile act with no object is against whoever its purpose clause targets:
        "use drone strikes to halt the militants' advance", "launched raids to stop X"."""
        found: list[Mention] = []
        clauses = [c for c in trigger.children if c.dep_ in ("advcl", "xcomp", "acl", "relcl")]
        if trigger.dep_ in ("dobj",) and trigger.head.pos_ == "VERB":  # "use strikes to ..."
            clauses += [c for c in trigger.head.children if c.dep_ in ("advcl", "xcomp")]
        for clause in clauses:
            if not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
                continue
            found.extend(self.verb_objects(clause, frozenset()))
        return found

    def _is_event_noun(self, noun: Token) -> bool:
        index = self.lexicon.noun_index
        return noun.pos_ == "NOUN" and (_word(noun) in index or _lemma(noun) in index)

    def _noun_subjects(self, noun: Token) -> tuple[list[Mention], float]:
        for child in noun.children:
            if child.dep_ == "poss":
                return self.mentions_for(child), 0.8
        for child in noun.children:
            if child.dep_ == "prep" and _word(child) == "by":
                for pobj in child.children:
                    return self.mentions_for(pobj), 0.8
        for child in noun.children:
            if child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i:
                # "US strikes" name their agent; an unknown name NER guessed in the same place
                # is more often the topic ("Counter-IED training")
                found = [
                    m
                    for m in self.mentions_for(child)
                    if not (m.how == "ner" and m.entity.kind == "Organization")
                ]
                if found:
                    return found, 0.75
        head = noun.head
        light = head.pos_ in ("AUX", "ADJ") or _lemma(head) in self.lexicon.light_verbs
        if (
            noun.dep_ in ("dobj", "attr", "nsubjpass")
            and head.pos_ in ("VERB", "AUX", "ADJ")
            and light
        ):
            subjects, confidence = self.verb_subjects(head)
            return subjects, confidence * 0.85
        prep = head
        while prep.dep_ == "conj" and prep.head is not prep:  # "coordinated with and in …"
            prep = prep.head
        if noun.dep_ == "pobj" and prep.head.pos_ in ("VERB", "AUX"):
            subjects, confidence = self.verb_subjects(prep.head)
            return subjects, confidence * 0.7
        if noun.dep_ == "pobj" and self._is_event_noun(prep.head) and prep.head is not noun:
            subjects, confidence = self._noun_subjects(prep.head)  # "strikes in support of X"
            return subjects, confidence * 0.9
        if (
            noun.dep_ == "pobj"
            and head.head.pos_ == "ADJ"
            and head.head.head.pos_ in ("VERB", "AUX")
        ):
            subjects, confidence = self.verb_subjects(head.head.head)  # "X is open to talks"
            return subjects, confidence * 0.7
        return [], 0.0

    def _noun(self, noun: Token) -> Iterator[_Candidate]:
        lexicon = self.lexicon
        relation = lexicon.noun_index.get(_word(noun)) or lexicon.noun_index.get(_lemma(noun))
        if relation is None:
            return
        triggers = lexicon.relations[relation]
        if relation == "controls":
            yield from self._control_noun(noun)
            return
        subjects, confidence = self._noun_subjects(noun)
        objects: list[Mention] = []
        between: list[Mention] = []
        with_nouns = triggers.extra.get("with_nouns")
        for child in noun.children:
            if (
                with_nouns is not None
                and _word(child) == "with"
                and _lemma(noun) not in with_nouns
                and _word(noun) not in with_nouns
            ):
                continue
            preps = triggers.noun_preps
            if noun.dep_ == "pobj" and _word(noun.head) == "in" and relation == "supports":
                preps = preps | {"of"}  # "in support of X"
            if child.dep_ == "prep" and _word(child) in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        got = self.mentions_for(pobj)
                        (between if _word(child) == "between" else objects).extend(got)
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        agreed_to = (  # "agreed to a truce with X", not "allied with X during the invasion"
            noun.dep_ == "pobj"
            and _word(noun.head) in ("to", "on")
            and verb.pos_ == "VERB"
            and self._relation_for_verb(verb) is None
        )
        if not objects and (noun.dep_ == "dobj" or agreed_to):
            # "conducted strikes ... against ISIL", "agreed to a truce with Baku": the object's
            # preposition may hang on the verb ("send weapons to Kyiv": a dative)
            for child in verb.children:
                if child.dep_ in ("prep", "dative") and _word(child) in triggers.noun_preps - {
                    "of"
                }:
                    objects.extend(m for p in child.children for m in self.mentions_for(p))
        if relation == "threatens" and not objects:
            objects = self.threat_targets(noun)
        if relation == "fights" and not objects:
            objects = self.purpose_objects(noun)
        if relation == "alliedWith":  # "led a coalition against the Houthis": their enemy
            for child in noun.children:
                if child.dep_ == "prep" and _word(child) == "against":
                    for o in (m for p in child.children for m in self.mentions_for(p)):
                        for s in subjects:
                            yield _Candidate(s, "fights", o, noun, confidence * 0.85)
        if relation == "fights" and objects:  # "X and Y launched strikes on Z"
            yield from _together(subjects, noun, confidence * 0.7)
        own_preps = any(c.dep_ == "prep" and _word(c) in triggers.noun_preps for c in noun.children)
        mutual = triggers.symmetric and relation != "fights"  # joint attacks are not mutual
        if mutual and not own_preps and not between and len(subjects) > 1:
            between = subjects  # "Turkish and Syrian officials held talks": with each other
            subjects = []
        receiving = triggers.extra.get("receiving_verbs", frozenset())
        if noun.dep_ == "dobj" and _lemma(noun.head) in receiving:
            # "sought help from the government": the one named after "from" helps
            for child in noun.children:
                if child.dep_ == "prep" and _word(child) == "from":
                    for helper in (m for p in child.children for m in self.mentions_for(p)):
                        for s in subjects:
                            yield _Candidate(helper, relation, s, noun, confidence * 0.85)
        # "vowed revenge on X": the vow is the threat, as real as the vowing
        vowed = relation == "threatens" and _lemma(noun.head) in self.vow_verbs
        trigger = noun.head if vowed else noun
        for s in subjects:
            for o in objects:
                yield _Candidate(s, relation, o, trigger, confidence)
        for i, a in enumerate(between):  # "talks between X and Y"
            for b in between[i + 1 :]:
                yield _Candidate(a, relation, b, noun, 0.75)

    def _joint(self, noun: Token) -> Iterator[_Candidate]:
        """ "joint action between X and Y", "X and Y's joint offensive": cooperation."""
        pair: list[Mention] = []
        for child in noun.children:
            if child.dep_ == "prep" and _word(child) in ("between", "by", "of"):
                pair = [m for p in child.children for m in self.mentions_for(p)]
            elif child.dep_ == "poss":
                pair = self.mentions_for(child)
        for i, a in enumerate(pair):
            for b in pair[i + 1 :]:
                yield _Candidate(a, "alliedWith", b, noun, 0.7)

    def _control_noun(self, noun: Token) -> Iterator[_Candidate]:
        """ "ISIL's capture of Mosul", "Mosul fell into the hands of ISIL", "under X control"."""
        controllers: list[Mention] = []
        places: list[Mention] = []
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "amod") and child.i < noun.i:
                controllers.extend(m for m in self.mentions_for(child) if not m.entity.is_place)
            if child.dep_ == "prep" and _word(child) in ("of", "over", "by"):
                for pobj in child.children:
                    for m in self.mentions_for(pobj):
                        (places if m.entity.is_place else controllers).append(m)
        if not places and noun.dep_ == "pobj":
            # the place is the subject of the clause ("X has fallen into the hands of Y")
            clause = noun.head.head if noun.dep_ == "pobj" else noun.head
            if clause.pos_ in ("VERB", "AUX"):
                for child in clause.children:
                    if child.dep_ in ("nsubj", "nsubjpass"):
                        # whatever falls into someone's hands is a place, whatever NER guessed
                        places.extend(
                            m
                            if m.entity.is_place
                            else replace(m, entity=place_entity(m.entity.label))
                            for m in self.mentions_for(child)
                            if m.entity.is_place or m.how == "ner"
                        )
        if not controllers and noun.dep_ in ("dobj",):
            subjects, _ = self.verb_subjects(noun.head)
            controllers.extend(m for m in subjects if not m.entity.is_place)
        place_subject = self.lexicon.relations["controls"].extra.get("place_subject_verbs", ())
        if (
            not controllers
            and noun.dep_ == "pobj"
            and _word(noun.head) in TIME_PREPS | {"during", "following", "with"}
            and noun.head.head.pos_ in ("VERB", "AUX")
            and _lemma(noun) not in place_subject
        ):
            # "During the capture of Mosul, ISIL seized weapons": the clause's subject
            subjects, _ = self.verb_subjects(noun.head.head)
            controllers.extend(m for m in subjects if not m.entity.is_place)
        for s in controllers:
            for o in places:
                yield _Candidate(s, "controls", o, noun, 0.75)

    def _adjective(self, adjective: Token) -> Iterator[_Candidate]:
        relation = self.lexicon.adjective_index[_lemma(adjective)]
        triggers = self.lexicon.relations[relation]
        if adjective.dep_ in ("acomp", "ROOT", "conj") and adjective.head.pos_ in ("AUX", "VERB"):
            subjects, confidence = self.verb_subjects(adjective.head)
        elif adjective.dep_ == "appos":
            subjects, confidence = self.mentions_for(adjective.head), 0.7
        elif adjective.dep_ == "amod":  # "Maliki, a Shiite close to Iran"
            noun = adjective.head
            subjects = self.mentions_for(noun)
            if not subjects and noun.dep_ == "appos":
                subjects = self.mentions_for(noun.head)
            if not subjects and noun.dep_ == "attr" and noun.head.pos_ in ("AUX", "VERB"):
                subjects, _ = self.verb_subjects(noun.head)  # "X is a country allied to Y"
            confidence = 0.7
        else:
            subjects, confidence = [], 0.0
        if adjective.dep_ == "ROOT":
            subjects, confidence = self.verb_subjects(adjective)
        for child in adjective.children:
            if child.dep_ == "prep" and _word(child) in triggers.adjective_preps:
                for pobj in child.children:
                    for o in self.mentions_for(pobj):
                        for s in subjects:
                            yield _Candidate(s, relation, o, adjective, confidence * 0.9)

    def _role(self, role: Token) -> Iterator[_Candidate]:
        """Role nouns: memberOf (spokesman, leader …) and relational nouns (ally, enemy)."""
        relation = self.lexicon.role_index.get(_word(role)) or self.lexicon.role_index[_lemma(role)]
        holders: list[Mention] = []
        organizations: list[Mention] = []
        confidence = 0.85
        # the holder: the name the role qualifies, an apposition, or a copula's subject
        if role.dep_ in ("compound", "nmod"):
            head = role.head
            while head.dep_ == "compound" and head.head is not head:
                head = head.head
            holders = self.mentions_for(head)
            for child in head.children:
                if child.dep_ == "poss":
                    organizations = self.mentions_for(child)
        elif role.dep_ == "appos":
            holders = self.mentions_for(role.head)
        elif role.dep_ in ("attr", "oprd") and role.head.pos_ in ("AUX", "VERB"):
            holders, confidence = self.verb_subjects(role.head)
        elif role.dep_ in ("dobj", "pobj") and _lemma(role.head) in ("as",):
            holders = self.mentions_for(role.head.head)
        if not holders:
            for child in role.children:
                if child.dep_ == "appos":
                    holders = self.mentions_for(child)
                elif child.dep_ == "acl":  # "a spokesman identifying himself as X", "named X"
                    for grandchild in child.children:
                        if grandchild.dep_ in ("oprd", "attr", "dobj") and not holders:
                            holders = self.mentions_for(grandchild)
                        if grandchild.dep_ == "prep" and _word(grandchild) == "as":
                            for pobj in grandchild.children:
                                holders = holders or self.mentions_for(pobj)
        if not holders:  # "a spokesman for Hamas, Ahmed Yousef,": the parser hangs the
            for prep in role.children:  # name on the organisation
                for pobj in (p for p in prep.children if prep.dep_ == "prep"):
                    for child in pobj.children:
                        named = self.mentions_for(child) if child.dep_ == "appos" else []
                        if named and all(m.entity.kind == "Person" for m in named):
                            holders = named
        # the organization: a possessive or modifier of the role, or "of/for/to Y"
        if not organizations:
            for child in role.children:
                if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < role.i:
                    organizations.extend(self.mentions_for(child))
                preps = ("of", "for", "to", "in", "at")
                if _in_words(role, self.lexicon.relations["memberOf"].extra["posted_roles"]):
                    preps = ("of",)  # "the UN envoy for Yemen" is not a member of Yemen
                if child.dep_ == "prep" and _word(child) in preps:
                    for pobj in child.children:
                        organizations.extend(self.mentions_for(pobj))
        if relation != "memberOf" and not holders and role.dep_ not in ("compound", "nmod"):
            # "its Russian backers": the adjective says who the backers are, the possessive
            # whom they back
            holders = [
                m
                for c in role.children
                if c.dep_ in ("amod", "compound") and c.i < role.i
                for m in self.mentions_for(c)
            ]
            organizations = [o for o in organizations if o not in holders]
        organizations = [o for o in organizations if not o.entity.is_place]
        if relation in ("alliedWith",) and not organizations and len(holders) > 1:
            # "X and Y are allies"
            for i, a in enumerate(holders):
                for b in holders[i + 1 :]:
                    yield _Candidate(a, relation, b, role, confidence * 0.9)
            return
        for s in holders:
            for o in organizations:
                yield _Candidate(s, relation, o, role, confidence)

    def _hyphen(self, participle: Token) -> Iterator[_Candidate]:
        """ "Iranian-backed militias": the modifier's actor stands in the relation to the head."""
        relation = self.lexicon.hyphen_index[_word(participle)]
        agent = self.actors.mention_at(participle.nbor(-2))
        if agent is None:
            return
        head = participle.head if participle.dep_ != "ROOT" else participle
        while head.dep_ in ("amod", "compound") and head.head is not head:
            head = head.head
        for o in self.mentions_for(head):
            if relation == "memberOf":  # "an al-Shabaab-affiliated militia" belongs to it
                yield _Candidate(o, relation, agent, participle, 0.8)
            else:
                yield _Candidate(agent, relation, o, participle, 0.8)

    def _same_side(self, side: Token) -> Iterator[_Candidate]:
        """ "brings the US, Iran and Syria on the same side"; "fight on the side of X"."""
        if side.dep_ != "pobj":
            return
        verb = side.head.head
        if _word(side.head) == "on" and verb.pos_ in ("VERB", "AUX"):
            partners = [
                m
                for c in side.children
                if c.dep_ == "prep" and _word(c) == "of"
                for p in c.children
                for m in self.mentions_for(p)
            ]
            subjects, confidence = self.verb_subjects(verb)
            for s in subjects:
                for o in partners:
                    yield _Candidate(s, "alliedWith", o, side, confidence * 0.85)
        if not any(_word(c) == "same" for c in side.children):
            return
        group: list[Mention] = []
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubj", "nsubjpass"):
                found = self.mentions_for(child)
                if len(found) > 1:
                    group = found
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                yield _Candidate(a, "alliedWith", b, side, 0.7)

    # -- modality ---------------------------------------------------------------------------
    def _markers(self, token: Token) -> tuple[bool, bool]:
        """(negated, hypothetical) from the token's own dependents."""
        words = self.lexicon.modality
        negated = hypothetical = False
        for child in token.children:
            word = _word(child)
            if child.dep_ == "neg" or (
                word in words["negation_words"] and child.dep_ in ("det", "advmod", "preconj")
            ):
                negated = True
            elif child.dep_ in ("aux", "auxpass") and word in words["modal_auxiliaries"]:
                hypothetical = True
            elif child.dep_ == "aux" and word == "to" and token.dep_ == "ROOT":
                hypothetical = True  # a headline's "Russia to supply Syria with jets": a plan
            elif child.dep_ in ("amod", "advmod") and word in words["hypothetical_modifiers"]:
                hypothetical = True
            elif child.dep_ == "advcl" and self._conditional(child):
                hypothetical = True  # the consequence of a condition
            elif child.dep_ == "prt" and (_lemma(token), word) in self.lexicon.negating_particles:
                negated = True
        return negated, hypothetical

    def _conditional(self, clause: Token) -> bool:
        markers = self.lexicon.modality["conditional_markers"]
        return any(_word(m) in markers for m in clause.children if m.dep_ == "mark")

    def modality(self, trigger: Token, candidate: _Candidate) -> str:
        """Negated beats hypothetical beats asserted. Markers count on the trigger and on the
        words it is a complement of ("refused to attack", "considering talks", "the option of
        strikes"), not across adjuncts, relative clauses or reported speech."""
        words = self.lexicon.modality
        negated, hypothetical = self._markers(trigger)
        is_role = _word(trigger) in self.lexicon.role_index
        if is_role and (
            trigger.dep_ in ("compound", "appos") or any(c.dep_ == "poss" for c in trigger.children)
        ):
            # "its arch enemy Iran", "Abu Obaida, a spokesman for Hamas": a description of
            # who someone is holds whatever the clause around it only considers
            return "negated" if negated else ("hypothetical" if hypothetical else "asserted")
        if trigger.pos_ == "NOUN" and trigger.dep_ in ("nsubj", "nsubjpass"):
            # "Joint action would be a breakthrough", "talks did not take place"
            head_negated, head_hypothetical = self._markers(trigger.head)
            negated, hypothetical = negated or head_negated, hypothetical or head_hypothetical
        token = trigger
        for _ in range(MAX_CHAIN):
            if token.dep_ == "pobj" and _word(token.head) == "without":
                negated = True
            if token.dep_ == "advcl":
                hypothetical = hypothetical or self._conditional(token)
                if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
                    break
                # a purpose ("contemplating talks to support X") is as real as its head
            if token.dep_ in ("ROOT", "relcl") or token.head is token:
                break
            head = token.head
            if token.dep_ == "ccomp" and _lemma(head) in self.lexicon.reporting_verbs:
                break  # "X said Y attacked Z": saying is not doing
            if (
                token.dep_ == "ccomp"
                and token.i < head.i
                and _lemma(head) in words["negating_verbs"]
            ):
                break  # "X accuses Y of Z, a charge Y denies": the accusation stands as reported
            if token.dep_ == "conj" and token.pos_ in ("NOUN", "PROPN"):
                token = head  # "called for a ceasefire and talks": the first conjunct's place
                continue
            demanded = _lemma(head.head) in words["demand_for_verbs"]
            if token.dep_ == "pobj" and _word(head) == "for" and demanded:
                hypothetical = True
            if token.dep_ == "conj":
                # "did not attack or seize": a bare conjunct shares the first verb's
                # auxiliaries; "would not tolerate X and pledged aid" does not
                own_aux = any(c.dep_ in ("aux", "auxpass", "neg") for c in token.children)
                if not own_aux and token.tag_ in ("VB", "VBN", "VBG"):
                    shared_negated, shared_hypothetical = self._markers(head)
                    negated = negated or shared_negated
                    hypothetical = hypothetical or shared_hypothetical
                break
            if token.dep_ not in COMPLEMENT_DEPS and token.dep_ != "advcl":
                break
            if token.dep_ == "pcomp" and _word(head) == "by":
                break  # "by capturing the town": a means, not a complement
            head_negated, head_hypothetical = self._markers(head)
            lemma = _lemma(head)
            # negations compose: "refused to stop fighting" is fighting
            negated ^= head_negated
            if head.pos_ == "VERB" and lemma in words["negating_verbs"]:
                negated = not negated
            hypothetical = hypothetical or head_hypothetical
            if head.pos_ == "VERB" and lemma in words["hypothetical_verbs"]:
                hypothetical = True
            if head.pos_ == "ADJ" and lemma in words["hypothetical_adjectives"]:
                hypothetical = True
            if head.pos_ == "NOUN" and lemma in words["hypothetical_nouns"]:
                hypothetical = True
            token = head
        # "no troops", "no Iraqi army" on the arguments themselves
        for mention in (candidate.subject, candidate.object):
            head = self.actors.doc[mention.head]
            if any(c.dep_ == "det" and _word(c) == "no" for c in head.children):
                negated = True
        if negated:
            return "negated"
        return "hypothetical" if hypothetical else "asserted"

    def event_date(self, trigger: Token, document_date: str | None) -> str | None:
        """ "captured Tikrit on Wednesday", "fought the US in 2006": the time expression of
        the trigger's clause, resolved against the document date."""
        anchors = [trigger]
        if trigger.pos_ == "NOUN" and trigger.head.pos_ in ("VERB", "AUX"):
            anchors.append(trigger.head)  # "launched an offensive on Monday"
        for anchor in anchors:
            for child in anchor.children:
                candidates = [child] if child.dep_ in ("npadvmod", "tmod") else []
                if child.dep_ == "prep" and _word(child) in TIME_PREPS:
                    candidates = [p for p in child.children if p.dep_ == "pobj"]
                for token in candidates:
                    if token.ent_type_ != "DATE":
                        continue
                    span = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
                    resolved = resolve_date(
                        span.text if span is not None else token.text, document_date
                    )
                    if resolved:
                        return resolved
        return None

    def reporter(self, trigger: Token) -> Entity | None:
        """Who the text says said it: the subject of a reporting verb the claim is the
        complement of ("X said Y attacked Z"), the accuser of "X accused Y of arming Z", or
        the source of "according to X"."""
        token = trigger
        accusing = self.lexicon.reporting["accusing_verbs"]
        for _ in range(MAX_CHAIN):
            if token.dep_ == "ccomp" and _lemma(token.head) in self.lexicon.reporting_verbs:
                subjects, _ = self.verb_subjects(token.head)
                return subjects[0].entity if subjects else None
            if token.dep_ == "pcomp" and _lemma(token.head.head) in accusing:
                subjects, _ = self.verb_subjects(token.head.head)
                return subjects[0].entity if subjects else None
            if token.head is token:
                break
            token = token.head
        for ancestor in [trigger, *trigger.ancestors]:  # "according to X"
            for child in ancestor.children:
                if child.dep_ == "prep" and _word(child) == "according":
                    for to in child.children:
                        for pobj in to.children:
                            found = self.mentions_for(pobj)
                            if found:
                                return found[0].entity
        return None


def _office_holder_of(
    state: Entity, trigger: Token, actors: DocumentActors, lexicon: Lexicon
) -> Entity:
    """An office of state belongs to the state's government where the catalog has one
    ("Iraq's prime minister" → the Government of Iraq)."""
    offices = lexicon.actors["government_nouns"]  # not clerics or generals: offices of state
    if actors.catalog is None or _lemma(trigger) not in offices:
        return state
    government = actors.catalog.government_of(state.iri)
    return catalog_entity(government) if government is not None else state


def _allowed(relation: str, subject: Entity, obj: Entity) -> bool:
    if subject.iri == obj.iri or subject.is_place:
        return False
    if relation == "controls":
        return obj.is_place
    if relation == "threatens":
        return True  # a threat may name a place ("threatened to march on Baghdad")
    if relation == "memberOf":
        return not obj.is_place and obj.kind != "Person"
    return not obj.is_place


def extract_claims(actors: DocumentActors, lexicon: Lexicon) -> list[Claim]:
    """Every claim the document's sentences make, one per (sentence, pair, relation)."""
    document = actors.parsed.document
    claims: dict[tuple, Claim] = {}
    affiliations: dict[str, Entity] = {}  # person → the state the document ties them to
    for sent in actors.doc.sents:
        extractor = _Sentence(sent, actors, lexicon, affiliations)
        for candidate in extractor.candidates():
            s, o = candidate.subject.entity, candidate.object.entity
            relation = candidate.relation
            if relation == "controls" and not o.is_place and candidate.object.how == "ner":
                # what is seized or held is a place, whatever NER guessed ("seized Palmyra")
                o = place_entity(o.label)
            if relation == "memberOf" and o.kind == "State":
                o = _office_holder_of(o, candidate.trigger, actors, lexicon)
            joins = lexicon.relations["memberOf"].extra.get("alliance_join_verbs", ())
            if (
                relation == "memberOf"
                and _lemma(candidate.trigger) in joins
                and (s.kind in ARMED_KINDS and o.kind in ARMED_KINDS | {"Government"})
            ):
                relation = "alliedWith"
            if not _allowed(relation, s, o):
                continue
            subject_mention, object_mention = candidate.subject, candidate.object
            if lexicon.relations[relation].symmetric and s.iri > o.iri:
                s, o = o, s
                subject_mention, object_mention = object_mention, subject_mention
            modality = candidate.modality or extractor.modality(candidate.trigger, candidate)
            confidence = candidate.confidence
            if "anaphor" in (candidate.subject.how, candidate.object.how):
                confidence *= 0.8
            claim = Claim(
                doc_id=document.doc_id,
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
                trigger=candidate.trigger.text,
                confidence=round(min(confidence, 1.0), 2),
                reported_by=extractor.reporter(candidate.trigger),
                event_date=extractor.event_date(candidate.trigger, document.date),
            )
            if relation == "memberOf" and s.kind == "Person" and o.kind in ("State", "Government"):
                affiliations.setdefault(s.iri, o)
            key = (sent.start_char, s.iri, relation, o.iri, modality)
            if key not in claims or claims[key].confidence < claim.confidence:
                claims[key] = claim
    return sorted(
        claims.values(),
        key=lambda c: (c.sentence_start, c.subject.iri, c.relation, c.object.iri, c.modality),
    )
