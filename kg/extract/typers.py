"""Stage: relation typing. A typer reads one sentence (its mentions, its parse, the
arguments of its words) and proposes :class:`~kg.model.Candidate` relations.

Typers run in order; a *fallback* typer only adds actor pairs the earlier ones left
unlinked in that sentence. The rules are seven typers, and a learned typer can stand in for
any of them by implementing :class:`RelationTyper`:

- :class:`PatternTyper`: the construction patterns of :mod:`kg.extract.patterns`;
- :class:`PhraseTyper`: multi-word expressions of the lexicon ("open fire on", "at odds
  with", "pledged allegiance to"), reversed ones too ("with the help of");
- :class:`ReciprocalTyper`: "accused one another", "attacked each other";
- :class:`AdvocacyTyper`: "urged the world to back Y" backs Y;
- :class:`UltimatumTyper`: "will withdraw unless Y …" threatens Y;
- :class:`ProtestPurposeTyper`: "staged protests to demand reforms by Y" protests Y;
- :class:`PathTyper`: any construction, from the dependency path between two arguments and
  the trigger word on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import combinations, permutations
from typing import TYPE_CHECKING, Protocol

from kg.catalog.lexicon import Phrase
from kg.extract.arguments import STATE_KINDS, object_controller
from kg.extract.mentions import handed_over, in_words, lemma_of, noun_forms, word_of
from kg.extract.modality import SentenceModality
from kg.extract.patterns import SentencePatterns
from kg.model import Candidate, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token


class SentenceReading(SentenceModality):
    """One sentence as every typer reads it: its arguments and modality."""


class RelationTyper(Protocol):
    """Proposes relations between the mentions of one sentence."""

    name: str
    fallback: bool  # only pairs no earlier typer linked

    def candidates(self, reading: SentenceReading) -> Iterable[Candidate]: ...


def _view(cls: type[SentenceModality], reading: SentenceModality) -> SentenceModality:
    """``reading`` seen as ``cls``: the same sentence and state, ``cls``'s methods."""
    view = object.__new__(cls)
    view.__dict__ = reading.__dict__
    return view


class PatternTyper:
    """The construction patterns (verbs, event nouns, roles, hyphens …)."""

    name = "patterns"
    fallback = False

    def candidates(self, reading: SentenceReading) -> Iterable[Candidate]:
        patterns = _view(SentencePatterns, reading)
        assert isinstance(patterns, SentencePatterns)
        return patterns.candidates()


# words a phrase match may step over: "dealt a heavy blow to", "pledged their allegiance"
_SKIPPABLE = frozenset({"DET", "ADJ", "NUM", "PRON", "ADV"})
_MAX_SKIP = 2


def _after_object(verb: Token, i: int, word: str) -> int:
    """Where a verb phrase's next ``word`` is looked for when the verb's object starts at
    ``i``: past the object ("handed four villages over to", "handed over four villages
    to"), or at a preposition the object itself takes ("mobilized warships near")."""
    doc = verb.doc
    if verb.pos_ != "VERB" or i >= len(doc) or word in (lemma_of(doc[i]), word_of(doc[i])):
        return i
    obj = next((c for c in verb.rights if c.dep_ == "dobj" and c.left_edge.i == i), None)
    if obj is None or word in (lemma_of(obj), word_of(obj)):
        return i  # the phrase names the object itself: "withdraw troop from"
    inner = next((c for c in obj.children if c.dep_ == "prep" and word_of(c) == word), None)
    return inner.i if inner is not None else obj.right_edge.i + 1


def match_phrase(token: Token, phrases: Iterable[Phrase]) -> tuple[Phrase, list[Token]] | None:
    """The longest of ``phrases`` that starts at ``token``, and the tokens it matched."""
    doc, end = token.doc, None
    for phrase in phrases:
        matched = [token]
        for word in phrase.words[1:]:
            if end is None:  # a sentence's span is made anew on every access
                end = token.sent.end
            i, skipped = _after_object(token, matched[-1].i + 1, word), 0
            while i < end:
                candidate = doc[i]
                if word in (lemma_of(candidate), word_of(candidate)):
                    break
                pos = candidate.pos_
                if (
                    skipped >= _MAX_SKIP
                    or not (pos in _SKIPPABLE or candidate.dep_ == "amod")  # "growing"
                    or (pos == "PRON" and candidate.dep_ != "poss")
                ):
                    i = end  # not the word, and not one to step over: no match
                    break
                i, skipped = i + 1, skipped + 1
            if i >= end:
                break
            matched.append(doc[i])
        else:
            return phrase, matched
    return None


class PhraseTyper:
    """Multi-word expressions: the subject of the clause the phrase heads, the object after
    the phrase's closing preposition (or its verb's object)."""

    name = "phrases"
    fallback = False

    def candidates(self, reading: SentenceReading) -> Iterator[Candidate]:
        index = reading.lexicon.phrase_index
        present: set[str] | None = None  # the sentence's words and lemmas
        for token in reading.sent:
            phrases = index.get(lemma_of(token)) or index.get(word_of(token))
            if not phrases:
                continue
            if present is None:
                present = {form for t in reading.sent for form in (lemma_of(t), word_of(t))}
            # a phrase whose words are not all in the sentence cannot match
            phrases = [p for p in phrases if present.issuperset(p.words[1:])]
            found = match_phrase(token, phrases)
            if found is None:
                continue
            phrase, matched = found
            if self._object_speaks(reading, matched, phrase.relation):
                continue
            inside = {t.i for t in matched}
            root = matched[0]  # a verb's phrase is the verb's ("mobilized warships near")
            if root.pos_ != "VERB":
                root = next((t for t in matched if t.head.i not in inside), matched[0])
            last = matched[-1]
            if last.pos_ == "ADP":
                pobjs = [p for p in last.children if p.dep_ == "pobj"] or _stranded(last)
                objects = [m for p in pobjs for m in self._party(reading, p)]
            else:
                preps = reading.lexicon.relations[phrase.relation].verb_preps
                objects = reading.verb_objects(root, preps) if root.pos_ == "VERB" else []
            subjects = self._subjects(reading, root)
            if phrase.reverse:  # "X retook the town with the help of Y": Y helps X
                subjects, objects = objects, subjects
            for s in subjects:
                for o in objects:
                    yield Candidate(s, phrase.relation, o, root, 0.8, plover=phrase.plover or None)

    @staticmethod
    def _object_speaks(reading: SentenceReading, matched: list[Token], relation: str) -> bool:
        """Whether an object the phrase stepped over names an event of another relation:
        "handed over 700 kg of medicine to Y" is aid, not the handing over of territory."""
        verb, lexicon = matched[0], reading.lexicon
        inside = {t.i for t in matched}
        for obj in verb.children:
            if obj.dep_ != "dobj" or obj.i in inside or not matched[0].i < obj.i < matched[-1].i:
                continue
            thing = PathTyper._measured(reading, obj)
            own = lexicon.noun_relation(*noun_forms(thing)) or (
                "supports" if handed_over(obj, lexicon) else None
            )
            if own is not None and own != relation:
                return True
        return False

    @staticmethod
    def _party(reading: SentenceReading, token: Token) -> list[Mention]:
        """Whom a phrase's object names: itself, or the owner of the act or message it is
        ("in protest at the government's decision" is against the government)."""
        named = reading.mentions_for(token)
        if named or token.pos_ != "NOUN":
            return named
        lexicon = reading.lexicon
        messages = lexicon.actors["message_nouns"]
        word, lemma = word_of(token), lemma_of(token)
        if not (word in messages or lemma in messages or lexicon.noun_relation(word, lemma)):
            return []
        owners = [
            c
            for c in token.children
            if c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and c.i < token.i)
        ]
        # "a demand from Egypt", "the call by the UN": the sender
        owners += [
            p
            for c in token.children
            if c.dep_ == "prep" and word_of(c) in ("from", "by")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        return [m for owner in owners for m in reading.mentions_for(owner)]

    @staticmethod
    def _subjects(reading: SentenceReading, root: Token) -> list[Mention]:
        if root.pos_ in ("VERB", "AUX"):
            return reading.verb_subjects(root)[0]
        head = root.head
        if head.pos_ == "NOUN" and head.dep_ == "dobj" and head.i != root.i:
            head = head.head  # "X continued a hunger strike in protest at Y": the striker
        if head.pos_ in ("VERB", "AUX") and head.i != root.i:
            return reading.verb_subjects(head)[0]  # "X is at odds with Y"
        return reading.mentions_for(head) if head.i != root.i else []  # "X, at odds with Y"


class AdvocacyTyper:
    """ "X urged Y to support Z", "called on the world to help Z": whoever calls on others to
    back someone backs them (PLOVER SUPPORT), whatever the others do."""

    name = "advocacy"
    fallback = False

    def candidates(self, reading: SentenceReading) -> Iterator[Candidate]:
        supports = reading.lexicon.relations["supports"]
        calls = supports.words("advocacy_verbs")
        for verb in reading.sent:
            if verb.pos_ != "VERB" or lemma_of(verb) not in calls:
                continue
            if object_controller(verb) is None:
                continue
            for act in verb.children:
                if act.dep_ != "xcomp" or reading.lexicon.verb_index.get(lemma_of(act)) != (
                    "supports"
                ):
                    continue
                backed = reading.verb_objects(act, supports.verb_preps)
                for s in reading.verb_subjects(verb)[0]:
                    for o in backed:
                        if s.entity.iri != o.entity.iri:
                            yield Candidate(
                                s, "supports", o, verb, 0.6, modality="asserted", plover="SUPPORT"
                            )


# auxiliaries that put an act in the future, as an announcement of it
FUTURE_AUXILIARIES = frozenset({"will", "would", "shall", "'ll"})
# prepositions whose object an announced act concerns ("withdraw its force from Y")
_CONCERNING_PREPS = frozenset({"from", "to", "on", "against", "with", "at", "into", "of"})


class UltimatumTyper:
    """ "X will withdraw its force from Y unless Y holds elections", "X would strike if Y did
    not pull back": an act announced on a condition another must meet threatens whom the
    condition binds and whom the act concerns (PLOVER THREATEN), asserted; the act itself
    stays hypothetical. Help offered on a condition is no threat."""

    name = "ultimatums"
    fallback = False

    def candidates(self, reading: SentenceReading) -> Iterator[Candidate]:
        lexicon = reading.lexicon
        for mark in reading.sent:
            condition = mark.head
            if mark.dep_ != "mark" or condition.dep_ != "advcl":
                continue
            negated = any(c.dep_ == "neg" for c in condition.children)
            if not (word_of(mark) == "unless" or (word_of(mark) == "if" and negated)):
                continue
            act = condition.head
            if act.pos_ != "VERB" or not any(
                c.dep_ == "aux" and word_of(c) in FUTURE_AUXILIARIES for c in act.children
            ):
                continue
            if lexicon.verb_index.get(lemma_of(act)) in _COOPERATIVE - {"negotiatesWith"}:
                continue
            actors = reading.verb_subjects(act)[0]
            own = {m.entity.iri for m in actors}
            bound = [
                *reading.verb_subjects(condition)[0],
                *reading.verb_objects(act, _CONCERNING_PREPS),
            ]
            for s in actors:
                for o in bound:
                    if o.entity.iri in own:
                        continue
                    yield Candidate(
                        s, "threatens", o, act, 0.65, modality="asserted", plover="THREATEN"
                    )


def _for_someone(token: Token) -> bool:
    """Whether ``token`` is one something is for or to ("demanded that Japan apologise to
    Korea", "aid for Gaza"): a beneficiary, not whom a demand is pressed on."""
    while token.dep_ in ("compound", "amod", "nmod") and token.head.i != token.i:
        token = token.head  # "South" in "to South Korea": the phrase's head
    return token.dep_ == "pobj" and word_of(token.head) in ("to", "for")


class ProtestPurposeTyper:
    """ "Students staged demonstrations to demand reforms by the government", "farmers began
    a hunger strike to demand the return of land seized by the army": a protest held to
    press a demand is against whom the demand names (PLOVER PROTEST)."""

    name = "protest purposes"
    fallback = False

    def candidates(self, reading: SentenceReading) -> Iterator[Candidate]:
        opposes = reading.lexicon.relations["opposes"]
        demanding = opposes.words("addressee_verbs") | opposes.words("purpose_verbs")
        for act in reading.sent:
            if act.pos_ != "VERB" or not self._protests(reading, act):
                continue
            protesters = reading.verb_subjects(act)[0]
            own = {m.entity.iri for m in protesters}
            # "staged protests to demand …", "staged demonstrations calling for …"
            purposes = [
                *(c for c in act.children if c.dep_ in ("advcl", "xcomp")),
                *(
                    a
                    for c in act.children
                    if c.dep_ == "dobj"
                    for a in c.children
                    if a.dep_ == "acl"
                ),
            ]
            for purpose in purposes:
                if lemma_of(purpose) not in demanding:
                    continue
                named = {
                    m.entity.iri: m
                    for t in purpose.subtree
                    if t.i != purpose.i and t.pos_ in ("NOUN", "PROPN")
                    if not _for_someone(t)
                    for m in reading.mentions_for(t)
                    if m.entity.iri not in own and not m.entity.is_place
                }
                for s in protesters:
                    for o in named.values():
                        yield Candidate(s, "opposes", o, act, 0.6, plover="PROTEST")

    @staticmethod
    def _protests(reading: SentenceReading, act: Token) -> bool:
        """Whether ``act`` is a protest: a protest verb, a protest noun its object
        ("staged demonstrations", "began a hunger strike"), or a protest act of the
        lexicon ("blocked roads")."""
        lexicon = reading.lexicon
        if lexicon.plover_index.get(("verb", lemma_of(act))) == "PROTEST":
            return True
        acts = lexicon.relations["opposes"].words("protest_acts")
        for thing in act.children:
            if thing.dep_ != "dobj":
                continue
            if any(lexicon.plover_index.get(("noun", n)) == "PROTEST" for n in noun_forms(thing)):
                return True
            if f"{lemma_of(act)} {lemma_of(thing)}" in acts:
                return True
        return False


# dependency labels by the part they give an argument of the trigger they attach to
_AGENT_DEPS = frozenset({"nsubj", "csubj", "poss", "agent"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
_PATIENT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "dative", "oprd", "pobj", "appos"})
# edges a path may not cross: another clause, reported speech, a list's punctuation
_CLAUSE_DEPS = frozenset(
    {"ccomp", "parataxis", "advcl", "relcl", "mark", "punct", "cc", "dep", "csubj", "npadvmod"}
)
MAX_PATH = 6


def _stranded(prep: Token) -> list[Token]:
    """The object of a preposition the parser left without one: "asylum to five officers
    holed up in a residence" is parsed as a clause whose subject is the officers."""
    doc = prep.doc
    i = prep.i + 1
    while i < len(doc) and doc[i].dep_ in ("det", "nummod", "amod", "compound", "poss"):
        i += 1
    if i >= len(doc) or doc[i].pos_ not in ("NOUN", "PROPN"):
        return []
    noun = doc[i]
    if noun.dep_ == "nsubj" and noun.head.tag_ in ("VBN", "VBG", "VBD") and noun.head.i > noun.i:
        return [noun]
    return []


def _light_verb_of(reading: SentenceReading, noun: Token) -> Token:
    """The light verb whose event noun ``noun`` is, directly or behind a measure ("provide
    aid", "provide 70 million dollars of aid"), else ``noun`` itself."""
    lexicon = reading.lexicon
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        measure = noun.head.head
        if measure.dep_ == "dobj" and lemma_of(measure) in lexicon.actors["measure_nouns"]:
            noun = measure
    if noun.dep_ == "dobj" and lemma_of(noun.head) in lexicon.light_verbs:
        return noun.head
    return noun


# relations whose object is a beneficiary or partner, not a target
_COOPERATIVE = frozenset({"supports", "alliedWith", "negotiatesWith"})
# prepositions before a gerund the subject does: "committed to defeating", "aims at ending"
_CONTROL_PREPS = frozenset({"to", "at"})


def _up(token: Token) -> list[Token]:
    """The token and its ancestors, up to the root."""
    chain = [token]
    head = token.head
    # spaCy makes a new Token object per access: compare positions, not identity
    while head.i != chain[-1].i:
        chain.append(head)
        head = head.head
    return chain


def dependency_path(a: Token, b: Token) -> tuple[list[Token], list[Token]] | None:
    """The two halves of the path between ``a`` and ``b``: a up to the lowest common
    ancestor, and b up to it (both end on it); None when they share no ancestor."""
    above_a = _up(a)
    positions = {t.i: n for n, t in enumerate(above_a)}
    above_b = _up(b)
    for n, token in enumerate(above_b):
        if token.i in positions:
            return above_a[: positions[token.i] + 1], above_b[: n + 1]
    return None


_RECIPROCALS = {("each", "other"), ("one", "another")}


class ReciprocalTyper:
    """ "Ethiopia and Eritrea accused one another": the relation holds each way between the
    coordinated subjects."""

    name = "reciprocals"
    fallback = False

    def candidates(self, reading: SentenceReading) -> Iterator[Candidate]:
        doc = reading.sent.doc
        for token in reading.sent:
            if token.i == 0 or (word_of(doc[token.i - 1]), word_of(token)) not in _RECIPROCALS:
                continue
            pair = (doc[token.i - 1], token)  # the parser heads it on either word
            argument = next((t for t in pair if t.dep_ in ("dobj", "pobj", "dative")), None)
            if argument is None:
                continue
            verb = argument.head.head if argument.head.pos_ == "ADP" else argument.head
            if verb.pos_ != "VERB":
                continue
            relation = reading.lexicon.verb_index.get(lemma_of(verb))
            if relation is None or relation in ("memberOf", "controls"):
                continue
            subjects = {m.entity.iri: m for m in reading.verb_subjects(verb)[0]}
            symmetric = reading.lexicon.relations[relation].symmetric
            for a, b in permutations(subjects.values(), 2):
                if not symmetric or a.entity.iri < b.entity.iri:
                    yield Candidate(a, relation, b, verb, 0.7)


class PathTyper:
    """Any construction: for two arguments of one sentence, the trigger word on the
    dependency path between them gives the relation, and the edge by which each argument
    reaches it gives the direction (agent side: subject, possessor, modifier of an event
    noun, "by" phrase; patient side: object, passive subject, prepositional object)."""

    name = "paths"
    fallback = True

    def candidates(self, reading: SentenceReading) -> Iterator[Candidate]:
        anchors = self._anchors(reading)
        for (a, mentions_a), (b, mentions_b) in combinations(anchors, 2):
            halves = dependency_path(a, b)
            if halves is None or len(halves[0]) + len(halves[1]) - 2 > MAX_PATH:
                continue
            typed = self._type(reading, *halves, mentions_a, mentions_b)
            if typed is None:
                continue
            trigger, relation, a_is_agent = typed
            agents, patients = (mentions_a, mentions_b) if a_is_agent else (mentions_b, mentions_a)
            # an obligation a speaker states is a demand, made whatever the demanded act's mood
            obliged = trigger.dep_ == "aux"
            for s in agents:
                for o in patients:
                    if s.entity.iri != o.entity.iri:
                        yield Candidate(
                            s,
                            relation,
                            o,
                            trigger,
                            0.6,
                            modality="asserted" if obliged else None,
                            plover="DEMAND" if obliged else None,
                        )

    @staticmethod
    def _anchors(reading: SentenceReading) -> list[tuple[Token, list[Mention]]]:
        """Each argument once, at the highest token that still stands for it ("ISIL" in
        "ISIL fighters" is anchored on "fighters")."""
        found: dict[int, list[Mention]] = {}
        for token in reading.sent:
            if token.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ"):
                mentions = reading.mentions_for(token)
                if mentions:
                    found[token.i] = mentions
        doc = reading.sent.doc
        anchors = []
        for i, mentions in found.items():
            head = doc[i].head
            entities = {m.entity.iri for m in mentions}
            if (
                head.i in found
                and head.i != i
                and entities <= {m.entity.iri for m in found[head.i]}
            ):
                continue  # the head stands for the same actors
            anchors.append((doc[i], mentions))
        return anchors

    def _type(
        self,
        reading: SentenceReading,
        half_a: list[Token],
        half_b: list[Token],
        mentions_a: list[Mention],
        mentions_b: list[Mention],
    ) -> tuple[Token, str, bool] | None:
        """(trigger, relation, whether the first argument is the agent), or None."""
        top = half_a[-1]
        inner = half_a[1:-1] + half_b[1:-1]
        addressed = self._addressee(reading, half_a, half_b)  # crosses a clause on purpose
        if addressed is not None:
            return addressed
        if any(t.dep_ in _CLAUSE_DEPS for t in half_a[:-1] + half_b[:-1]):
            return None
        threat = self._threat_content(reading, half_a, half_b)
        if threat is not None:
            return threat
        # the trigger: the common ancestor, an event noun one argument hangs on, or the
        # event noun a light verb at the top takes ("gave Y a grant", "held talks with Y")
        for trigger, relation, anchor in self._triggers(reading, top, inner):
            # between each argument and the trigger (above the trigger, up to the common
            # ancestor, is the control chain _role reads)
            between = [
                (half[n], half[n - 1], mentions)
                for half, mentions in ((half_a, mentions_a), (half_b, mentions_b))
                for n in range(1, half.index(trigger) if trigger in half else len(half) - 1)
            ]
            if any(t.pos_ in ("VERB", "AUX") for t, _, _ in between):
                continue  # another verb between an argument and the trigger: another clause
            if any(
                m.entity.iri not in {o.entity.iri for o in mentions}
                for t, _, mentions in between
                for m in reading.mentions_for(t)
            ):
                continue  # the path runs through a third party: it is that one's relation
            if not all(self._transparent(reading, t, b, trigger, m, anchor) for t, b, m in between):
                continue
            # an argument that hangs on the event noun of a light verb has its role there
            role_a = self._role(
                reading, relation, trigger if trigger in half_a else anchor, half_a, half_b
            )
            role_b = self._role(
                reading, relation, trigger if trigger in half_b else anchor, half_b, half_a
            )
            if role_a is None or role_b is None:
                continue
            if role_a == role_b == "agent":
                # two agents of one event are on one side: "France joined the US strikes"
                joins = reading.lexicon.relations["memberOf"].words("alliance_join_verbs")
                if anchor.i != trigger.i and lemma_of(anchor) in joins:
                    return anchor, "alliedWith", True
                continue
            triggers = reading.lexicon.relations[relation]
            if role_a == role_b and not triggers.symmetric:
                continue
            return trigger, relation, role_a == "agent" or role_b == "patient"
        return None

    def _triggers(
        self, reading: SentenceReading, top: Token, inner: list[Token]
    ) -> Iterator[tuple[Token, str, Token]]:
        """(trigger, relation, the token the arguments' roles are read at); a light verb's
        event noun comes before the verb ("held talks with Y" is no holding of Y)."""
        if top.pos_ == "VERB" and lemma_of(top) in reading.lexicon.light_verbs:
            # "rejected a U.S. request": a verb of its own acts on the message's sender
            messages = reading.lexicon.actors["message_nouns"]
            own = self._relation(reading, top) is not None
            events = [
                (child, relation, top)
                for child in (self._measured(reading, c) for c in top.children)
                if child.dep_ in ("dobj", "pobj") and child.pos_ == "NOUN"
                if not (own and (word_of(child) in messages or lemma_of(child) in messages))
                for relation in [self._relation(reading, child) or self._lent(reading, child)]
                if relation is not None and relation not in ("memberOf", "controls")
            ]
            if events:
                yield from events
                return
        for token in [top, *inner]:
            relation = self._relation(reading, token)
            if relation is not None:
                yield token, relation, token

    @staticmethod
    def _lent(reading: SentenceReading, noun: Token) -> str | None:
        """ "offered its troops to Y", "pledged 500 soldiers to the mission": forces lent to
        another are support, where forces sent somewhere are not (an invasion is sent too)."""
        supports = reading.lexicon.relations["supports"]
        if noun.dep_ != "dobj" or lemma_of(noun.head) not in supports.words("lending_verbs"):
            return None
        return "supports" if in_words(noun, reading.lexicon.actors["military_nouns"]) else None

    @staticmethod
    def _measured(reading: SentenceReading, token: Token) -> Token:
        """What a measure of a thing stands for: "700 kg of medicine" is medicine, "$50,000
        worth of goods" goods (a light verb's event noun behind its quantity)."""
        measures = reading.lexicon.actors["measure_nouns"]
        if token.dep_ != "dobj" or (lemma_of(token) not in measures and token.pos_ != "NUM"):
            return token
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for thing in prep.children:
                    if thing.dep_ == "pobj":
                        return thing
        return token

    def _threat_content(
        self, reading: SentenceReading, half_a: list[Token], half_b: list[Token]
    ) -> tuple[Token, str, bool] | None:
        """ "X threatened to break off relations with Y": whoever the threatened act
        concerns is threatened, however deep in the complement it is named."""
        top = half_a[-1]
        if top.pos_ != "VERB" or self._relation(reading, top) != "threatens":
            return None
        for agent, content, first_is_agent in ((half_a, half_b, True), (half_b, half_a, False)):
            if (
                len(agent) == 2
                and agent[0].dep_ == "nsubj"
                and len(content) >= 3
                and content[-2].dep_ == "xcomp"
                # "threatened to arm the Houthis" threatens someone else
                and self._relation(reading, content[-2]) not in _COOPERATIVE
            ):
                return top, "threatens", first_is_agent
        return None

    def _addressee(
        self, reading: SentenceReading, half_a: list[Token], half_b: list[Token]
    ) -> tuple[Token, str, bool] | None:
        """ "X demanded that Y end the curbs": a demand is made of the subject of the
        demanded clause. So is the demand of X's message: "X issued a statement demanding
        that Y release the prisoners"."""
        for agent, addressee, first_is_agent in ((half_a, half_b, True), (half_b, half_a, False)):
            if not (len(agent) == 2 and agent[0].dep_ == "nsubj" and len(addressee) >= 3):
                continue
            if self._allowed_act(reading, addressee):
                return addressee[3], "negotiatesWith", first_is_agent
            if self._demand_content(reading, addressee):
                return addressee[2], "opposes", first_is_agent
            if addressee[0].dep_ not in ("nsubj", "nsubjpass") or addressee[1].dep_ != "ccomp":
                continue
            demand = addressee[2]
            obligation = self._obligation(reading, addressee[1], demand)
            if obligation is not None and len(addressee) == 3:
                return obligation, "opposes", first_is_agent
            if len(addressee) == 5:  # the demand qualifies a message the agent sent
                message = addressee[3]
                if demand.dep_ != "acl" or message.dep_ not in ("dobj", "nsubjpass"):
                    continue
                if not in_words(message, reading.lexicon.actors["message_nouns"]):
                    continue
            elif len(addressee) != 3:
                continue
            relation = self._relation(reading, demand)
            if demand.pos_ != "VERB" or relation is None:
                continue
            verbs = reading.lexicon.relations[relation].words("addressee_verbs")
            if lemma_of(demand) in verbs:
                return demand, relation, first_is_agent
        return None

    @staticmethod
    def _demand_content(reading: SentenceReading, addressee: list[Token]) -> bool:
        """ "X repeated its demand that Y lift the blockade": a demand noun's content clause
        makes the demand of the clause's subject."""
        if len(addressee) != 4 or addressee[0].dep_ not in ("nsubj", "nsubjpass"):
            return False
        clause, demand = addressee[1], addressee[2]
        return (
            clause.dep_ in ("acl", "ccomp")
            and any(c.dep_ == "mark" and word_of(c) == "that" for c in clause.children)
            and demand.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass")
            and reading.lexicon.plover_index.get(("noun", lemma_of(demand))) == "DEMAND"
        )

    @staticmethod
    def _allowed_act(reading: SentenceReading, addressee: list[Token]) -> bool:
        """ "X allowed the return of Y's inspectors": allowing another's act, named by a
        noun whose "of" phrase is its doer, is a concession to the doer ("agreed to allow
        …": the allowing verb may be the complement of the agent's)."""
        if len(addressee) < 4 or addressee[0].dep_ != "pobj" or word_of(addressee[1]) != "of":
            return False
        if any(t.dep_ != "xcomp" for t in addressee[3:-1]):
            return False
        act, verb = addressee[2], addressee[3]
        agreeing = reading.lexicon.relations["negotiatesWith"]
        return (
            act.dep_ == "dobj"
            and lemma_of(act) in reading.lexicon.actors["doer_of_nouns"]
            and verb.pos_ == "VERB"
            and lemma_of(verb) in agreeing.words("addressee_verbs")
        )

    @staticmethod
    def _obligation(reading: SentenceReading, clause: Token, speaking: Token) -> Token | None:
        """The modal of "X said that Y must withdraw": an obligation a speaker lays on the
        subject of the clause it says."""
        announcing = reading.lexicon.relations["threatens"].words("announcement_verbs")
        modals = reading.lexicon.relations["opposes"].words("obligation_modals")
        if speaking.pos_ != "VERB" or lemma_of(speaking) not in announcing:
            return None
        return next((c for c in clause.children if c.dep_ == "aux" and c.lower_ in modals), None)

    @staticmethod
    def _relation(reading: SentenceReading, token: Token) -> str | None:
        lexicon = reading.lexicon
        lemma = lemma_of(token)
        if token.pos_ == "VERB":
            return lexicon.verb_index.get(lemma)
        if token.pos_ == "NOUN":
            return lexicon.noun_relation(*noun_forms(token))
        if token.pos_ == "ADJ":
            return lexicon.adjective_index.get(lemma)
        return None

    @staticmethod
    def _transparent(
        reading: SentenceReading,
        token: Token,
        below: Token,
        trigger: Token,
        mentions: list[Mention],
        anchor: Token | None = None,
    ) -> bool:
        """A word an argument (reaching it from ``below``) may pass through to its trigger: a
        preposition, a quantity, a noun that stands for its owner ("ISIL positions", "the
        US strikes") — but not a state's rebels, nor a person's government, which are other
        actors, nor an event the argument undergoes ("the liberation of Raqqah")."""
        messages = reading.lexicon.actors["message_nouns"]
        if token.pos_ == "ADP":
            # the trigger's own preposition ("strikes on X") says the role; deeper ones
            # only own: "dozens of ISIL fighters", "militants from ISIL", not "fighters in Syria"
            # (or its light verb's: "shipped 40 tons of food to X")
            own = {trigger.i, anchor.i if anchor is not None else trigger.i}
            # "a proposal by Iran": a message's sender
            sent_by = word_of(token) == "by" and in_words(token.head, messages)
            return token.head.i in own or word_of(token) in ("of", "from") or sent_by
        lemma, word = lemma_of(token), word_of(token)
        if token.pos_ == "NOUN" and (word in messages or lemma in messages):
            return True  # "rejected Iraq's proposal": the proposal stands for Iraq
        kinds = {m.entity.kind for m in mentions}
        if kinds & STATE_KINDS and (word in reading.rebel_nouns or lemma in reading.rebel_nouns):
            return False
        offices = reading.lexicon.actors["government_nouns"]
        if "Person" in kinds and (word in offices or lemma in offices):
            return False
        if word_of(below) == "of" and lemma in reading.lexicon.actors["doer_of_nouns"]:
            return True  # "condemned the visit of the US speaker": the visitor's act
        if token.pos_ == "NOUN" and reading.lexicon.noun_relation(word, lemma) is not None:
            return (
                below.dep_ in _AGENT_DEPS
                or word_of(below) == "by"
                or (below.dep_ in _MODIFIER_DEPS and below.i < token.i)
            )  # "the US strikes", "Iran's offensive"; not "the strikes on Raqqa"
        # a capitalised office ("Vice Foreign Minister") is tagged as a name
        return token.pos_ in ("NOUN", "PROPN", "NUM") and (
            word in reading.lexicon.actors["quantity_nouns"]
            or lemma in reading.generic_nouns
            or word in reading.generic_nouns
        )

    @staticmethod
    def _role(
        reading: SentenceReading,
        relation: str,
        trigger: Token,
        half: list[Token],
        other: list[Token],
    ) -> str | None:
        """How the argument whose path is ``half`` reaches ``trigger``: agent or patient."""
        if trigger in half:
            below = half[half.index(trigger) - 1] if half[0].i != trigger.i else None
            if below is None:
                return None
            dep = below.dep_
            topic_verbs = reading.lexicon.relations[relation].words("topic_verbs")
            if dep == "dobj" and lemma_of(trigger) in topic_verbs:
                return None  # "unite Libya": what is united, not a partner
            if dep == "prep":
                word = word_of(below)
                if word == "by":
                    return "agent"
                # only a preposition the trigger takes its other party with: not "working
                # with Iran against the insurgents", where "against" names the adversary
                triggers = reading.lexicon.relations[relation]
                allowed = {
                    "VERB": triggers.verb_preps,
                    "NOUN": triggers.noun_preps,
                    "ADJ": triggers.adjective_preps,
                }.get(trigger.pos_, frozenset())
                return "patient" if word in allowed else None
            if dep in _AGENT_DEPS:
                return "agent"
            if dep in _MODIFIER_DEPS and trigger.pos_ == "NOUN" and below.i < trigger.i:
                return "agent"  # "US strikes", "Iranian support"
            if dep in _PATIENT_DEPS:
                return "patient"
            return None
        # the trigger lies on the other argument's side: this one is the subject of the
        # common ancestor, a verb that controls the trigger ("X vowed to attack Y")
        top = half[-1]
        # an event noun a light verb takes is controlled as its verb is ("agreed to provide
        # 70 million dollars of aid for Y")
        start = _light_verb_of(reading, trigger)
        chain = other[other.index(start if start in other[:-1] else trigger) : -1]
        controlled = all(
            t.dep_ == "xcomp"
            or (t.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in t.children))
            # "committed to defeating Y", "aims at destroying Y"
            or (t.dep_ == "pcomp" and t.pos_ == "VERB")
            or (t.dep_ == "prep" and word_of(t) in _CONTROL_PREPS)
            or t.dep_ == "acomp"  # "is determined to", "is committed to"
            for t in chain
        )
        below = half[-2] if len(half) > 1 else None
        subject = below is not None and below.dep_ in ("nsubj", "nsubjpass")
        # "X urged Y to attack Z": Y would attack, not X; but "X helped Y defeat Z": both do
        helping = reading.lexicon.verb_index.get(lemma_of(top)) == "supports"
        controlled_by_object = object_controller(top) is not None and chain[-1].dep_ == "xcomp"
        if subject and controlled_by_object and not helping:
            return None
        if subject and controlled and top.pos_ in ("VERB", "AUX"):
            return "agent"
        return None
