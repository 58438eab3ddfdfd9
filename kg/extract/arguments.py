"""Stage 4, arguments: who a syntactic argument of a trigger stands for.

Coordination expands ("the US, Iran and Syria"), relative pronouns go to their antecedent,
pronouns and possessives to the actor they continue, generic nouns ("officials", "forces",
"positions") to the actor that qualifies them, and a verb's subject may come from its
passive agent, the clause it completes or the noun it modifies. :class:`SentenceArguments`
is what the patterns of :mod:`kg.extract.assemble` stand on.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kg.catalog.lexicon import Lexicon
from kg.extract.mentions import (
    DocumentActors,
    Entity,
    Mention,
    after_prefix,
    catalog_entity,
    lemma_of,
    span_mention,
    word_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

STATE_KINDS = frozenset({"State", "Government"})
TOPIC_PREPS = frozenset({"on", "about", "regarding", "concerning", "over"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
PERSONAL_PRONOUNS = frozenset({"it", "they", "he", "she"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})


def object_controller(verb: Token) -> Token | None:
    """Who does what a verb's infinitive says when it is not the verb's subject: its object
    ("urged Iran to help"), or the one it calls on ("called on Iraqis to take up arms",
    "appealed to the UN to act")."""
    for child in verb.children:
        if child.dep_ in ("dobj", "dative"):
            return child
        if child.dep_ == "prep" and (
            word_of(child) in ("on", "upon")
            or (word_of(child) == "to" and lemma_of(verb) == "appeal")
        ):
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    return None


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(conjuncts(child))
    for child in token.children:  # "X as well as Y" parses as cc + conj on some models
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            out.extend(conjuncts(child))
    return out


class SentenceArguments:
    """The arguments of the triggers of one sentence."""

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
            | lexicon.actors["civil_group_nouns"]
            | lexicon.actors["government_nouns"]
            | lexicon.actors["military_nouns"]
            | lexicon.actors["asset_nouns"]
        )
        self.vow_verbs = lexicon.relations["threatens"].words("vow_verbs")
        self.rebel_nouns = lexicon.actors["insurgent_nouns"] | lexicon.actors["militia_nouns"]
        self.ruler_nouns = lexicon.actors["leader_named_nouns"]
        self.place_subject_verbs = lexicon.relations["controls"].words("place_subject_verbs")
        self.pro_prefixes = lexicon.relations["alliedWith"].words("hyphen_prefixes")
        # every typer asks for the arguments of the same tokens: (token, depth) → mentions
        self._mentions: dict[tuple[int, int], list[Mention]] = {}

    def mentions_for(self, token: Token | None, depth: int = 0) -> list[Mention]:
        """The entities a syntactic argument stands for, coordination expanded."""
        if token is None or depth > 3:
            return []
        key = (token.i, depth)
        if key not in self._mentions:
            self._mentions[key] = self._mentions_for(token, depth)
        return list(self._mentions[key])

    def _mentions_for(self, token: Token, depth: int) -> list[Mention]:
        if word_of(token) in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self.antecedent(token.head, depth)
        if word_of(token) == "whose":  # "Eritrea, whose troops fought …": the relative's antecedent
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            return self.antecedent(clause, depth) if clause is not None else []
        found: list[Mention] = []
        for conj in conjuncts(token):
            found.extend(self._mentions_one(conj, depth))
        unique: dict[tuple[int, str], Mention] = {}
        for m in found:
            unique.setdefault((m.start, m.entity.iri), m)  # a pronoun may stand for two
        return list(unique.values())

    def _mentions_one(self, token: Token, depth: int) -> list[Mention]:
        mention = self.actors.mention_at(token)
        if mention is not None:
            # "Russian and Syrian jets": the catalog named the second; the first qualifies too
            others = [
                self._organ_of(m, token)
                for c in token.children
                if c.dep_ in ("amod", "compound") and c.i < mention.start
                for m in (self.actors.mention_at(t) for t in conjuncts(c))
                if m is not None
                and m.how == "demonym"
                and m is not mention
                and not after_prefix(self.sent.doc, m.start, self.lexicon)  # "pro-Russian"
            ]
            return [*others, mention]
        word, lemma = word_of(token), lemma_of(token)
        if token.pos_ == "PRON" and word in PERSONAL_PRONOUNS:
            return self._pronoun(token, depth)
        if token.dep_ == "poss" and word in POSSESSIVE_PRONOUNS:
            return self._possessive(token, depth)
        if lemma in self.lexicon.actors["state_nouns"]:
            owners = [
                c for c in token.children if c.dep_ == "poss" and word_of(c) in ("his", "her")
            ]
            if owners:  # "Kerry said his country was open to talks": the state he serves
                people = self._possessive(owners[0], depth + 1)
                states = [self.affiliations.get(p.entity.iri) for p in people]
                if states and all(states):
                    word = token.doc[token.i : token.i + 1]
                    return [
                        span_mention(word, state, "anaphor")
                        for state in dict.fromkeys(s for s in states if s is not None)
                    ]
        if (
            lemma in self.lexicon.actors["partitive_nouns"]
        ):  # "the whole of Kirkuk", "most of Darfur"
            for child in token.children:
                if child.dep_ == "prep" and word_of(child) == "of":
                    return [m for p in child.children for m in self.mentions_for(p, depth + 1)]
        if token.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
            return []
        if token.dep_ == "appos" and (word in self.generic_nouns or lemma in self.generic_nouns):
            head_mention = self.actors.mention_at(token.head)  # "the STC, a separatist movement"
            if head_mention is not None:
                return [head_mention]
        if (
            word in self.generic_nouns
            or lemma in self.generic_nouns
            or lemma in self.lexicon.actors["place_nouns"]
        ):
            for child in token.children:  # "Iraq's prime minister, Nouri Maliki": the name
                if child.dep_ == "appos":
                    found = self.mentions_for(child, depth + 1)
                    if found:
                        return found
            for child in token.children:
                if child.dep_ == "poss" and word_of(child) in POSSESSIVE_PRONOUNS:
                    return self._possessive(child, depth + 1)  # "its fighters": its owner's
                if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < token.i:
                    inner = self.actors.mention_at(child)
                    rebels = word in self.rebel_nouns or lemma in self.rebel_nouns
                    if inner is not None and rebels and inner.entity.kind in STATE_KINDS:
                        continue  # "Syria's rebels" fight Syria's government, not for it
                    if inner is not None and after_prefix(self.sent.doc, inner.start, self.lexicon):
                        continue  # "pro-Russian forces" are not Russia's
                    if inner is not None and any(
                        c.dep_ in ("amod", "compound")
                        and child.i < c.i < token.i
                        and c.text[:1].isupper()
                        and self.actors.mention_at(c) is None
                        for c in token.children
                    ):
                        continue  # "Iraqi Kurdish forces": Kurdish forces, in Iraq
                    if inner is not None:  # "Turkish and Syrian officials": each state
                        owners = [self.actors.mention_at(c) for c in conjuncts(child)]
                        return [self._organ_of(m, token) for m in owners if m is not None]
                    if word_of(child) == "whose":
                        return [self._organ_of(m, token) for m in self.mentions_for(child, depth)]
            # "groups including X" > "militants of X" > "battalions from X" > "fighters in X"
            ranked: list[tuple[int, list[Mention]]] = []
            order = {"including": 0, "like": 0, "of": 1, "from": 2, "in": 3}
            # "the government of Prime Minister X" is X's government, not X
            rules_over = lemma in ("government", "administration", "regime", "cabinet")
            for child in token.children:
                if child.dep_ == "prep" and word_of(child) in order:
                    found = [
                        m
                        for p in child.children
                        if p.dep_ == "pobj"
                        for m in self.mentions_for(p, depth + 1)
                    ]
                    if word_of(child) == "in":
                        found = [m for m in found if not m.entity.is_place]
                    if rules_over and word_of(child) == "of":
                        found = [m for m in found if m.entity.kind != "Person"]
                    if found:
                        ranked.append((order[word_of(child)], found))
                elif child.dep_ == "acl" and lemma_of(child) in ("lead", "loyal", "command"):
                    found = self.mentions_for(self._agent(child), depth + 1)
                    # "militants led by ISIS" are ISIS; "the army, led by General X" is not X
                    found = [m for m in found if m.entity.kind != "Person"]
                    if found:
                        ranked.append((1, found))
                elif child.dep_ == "acl" and lemma_of(child) in ("know", "call", "name"):
                    for prep in child.children:  # "local militias known as Wazalendo"
                        if prep.dep_ == "prep" and word_of(prep) == "as":
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
        relative = [c for c in clause.children if word_of(c) in RELATIVE_PRONOUNS]
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
            found = self._previous_subject(pronoun, depth)  # "ISIL seized Mosul. It then …"
            return found if found and self._agrees(word_of(pronoun), found) else []
        content = verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "pobj", "attr")
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or (
            verb.dep_ not in ("ccomp", "advcl", "conj", "xcomp") and not content
        ):
            return []
        # "Rwanda dismissed reports that it had armed the M23": a content clause of the
        # governing verb's object speaks of that verb's subject
        governor = verb.head.head if content else verb.head
        # "X was quoted as saying he …", "X, speaking on Monday, said he …": the speaking is
        # done by the subject of the clause the participle hangs on
        for _ in range(3):
            if governor.tag_ not in ("VBG", "VBN") or any(
                c.dep_ in ("nsubj", "nsubjpass") for c in governor.children
            ):
                break
            if governor.dep_ == "pcomp" and governor.head.dep_ == "prep":
                governor = governor.head.head
            elif governor.dep_ in ("advcl", "xcomp"):
                governor = governor.head
            else:
                break
        for child in governor.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i < pronoun.i:
                found = self.mentions_for(child, depth + 1)
                plural = word_of(pronoun) in ("they", "them", "their")
                # a person is "he"/"she", an organization or state "it"/"they"
                persons = all(m.entity.kind == "Person" for m in found)
                # "the emir of Kuwait said he …": an office that stands for its state is
                # "he" as well as "it"
                office = word_of(child) in self.lexicon.actors["titles"]
                if found and (office or persons == (word_of(pronoun) in ("he", "she")) or plural):
                    return found
        return []

    def _possessive(self, pronoun: Token, depth: int) -> list[Mention]:
        """A possessive pronoun's owner: the object of the verb its phrase hangs on ("support
        the government in its battle"), else the subject of the nearest clause above it
        that has one ("Iran blames the US for backing the uprising against its ally"),
        when number and person/non-person agree."""
        word = word_of(pronoun)

        owner = pronoun.head
        if owner.dep_ in ("nsubj", "nsubjpass") and owner.head.dep_ == "ROOT":
            # "… seized Lashio. Its fighters now hold the city": the main subject's possessive
            # continues the last sentence's subject, unless this sentence names it first
            found = self._previous_subject(pronoun, depth)
            if found and self._agrees(word, found):
                return found
        verbs = [a for a in pronoun.ancestors if a.pos_ in ("VERB", "AUX")]
        if verbs:
            objects = [c for c in verbs[0].children if c.dep_ == "dobj" and c.i < pronoun.i]
            found = self.mentions_for(objects[0], depth + 1) if objects else []
            if found and self._agrees(word, found):
                return found
        for verb in verbs:
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects or subjects[0].i > pronoun.i:
                continue
            found = self.mentions_for(subjects[0], depth + 1)
            return found if found and self._agrees(word, found) else []
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

    def _previous_subject(self, pronoun: Token, depth: int) -> list[Mention]:
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
        found = [m for m in self.mentions_for(subjects[0], depth + 2) if not m.entity.is_place]
        # the claim's evidence is this sentence: the mention is the pronoun, standing for them
        word = doc[pronoun.i : pronoun.i + 1]
        return [span_mention(word, m.entity, "anaphor") for m in found]

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
                word_of(child) in self.lexicon.role_index
                or lemma_of(child) in self.lexicon.role_index
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
            if agent is None and any(c.dep_ == "xcomp" for c in verb.children):
                # "Israel is expected to strike Iran", "Iran was urged to help": the passive
                # subject is the one who does what the infinitive says
                passive = next(c for c in verb.children if c.dep_ == "nsubjpass")
                return self.mentions_for(passive), 0.8
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
        if verb.dep_ == "acl" and word_of(verb.head) == "order" and verb.head.dep_ == "pobj":
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
                controller = object_controller(head)  # "urged Iran to help"
                if controller is not None and self.mentions_for(controller):
                    return self.mentions_for(controller), 0.65
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
                and lemma_of(head.head.head.head) in self.lexicon.reporting["accusing_verbs"]
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
                and word_of(head) in TOPIC_PREPS
                and any(c.dep_ == "dobj" and c.i < head.i for c in head.head.children)
            ):  # "secured a resolution on defeating ISIL": the object's topic, nobody's act
                return [], 0.0
            if head.pos_ == "ADP" and head.head.pos_ in ("VERB", "AUX"):
                governor = head.head
                for child in governor.children:  # "accused Iran of supplying the Houthis"
                    passive_accused = child.dep_ == "nsubjpass" and (
                        lemma_of(governor) in self.lexicon.reporting["accusing_verbs"]
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
        relation = self.lexicon.verb_index.get(lemma_of(verb))
        if relation is None or self._agent(verb) is not None:
            return False
        preps = self.lexicon.relations[relation].verb_preps
        return any(c.dep_ == "prep" and word_of(c) in preps for c in verb.children)

    def verb_objects(self, verb: Token, preps: frozenset[str]) -> list[Mention]:
        objects: list[Mention] = []
        stative = self._stative_passive(verb)
        for child in verb.children:
            passive_subject = child.dep_ == "nsubjpass" and not stative
            dative_noun = child.dep_ == "dative" and child.pos_ != "ADP"  # "gave Kyiv arms"
            # an apposition after a root noun the tagger took for the verb ("Chad arms the
            # rebels") is its object
            noun_verb = child.dep_ == "appos" and verb.pos_ == "NOUN" and verb.dep_ == "ROOT"
            if (
                child.dep_ in ("dobj", "attr", "oprd")
                or dative_noun
                or passive_subject
                or noun_verb
            ):
                objects.extend(self.mentions_for(child))
            elif child.dep_ in ("prep", "dative") and word_of(child) in preps:
                for pobj in child.children:  # ("provided masks to X": a dative)
                    if pobj.dep_ == "pobj":
                        objects.extend(self.mentions_for(pobj))
            if child.dep_ == "dobj" and preps:
                # "coordinate operations with Tehran": the partner's preposition often hangs
                # on the object noun
                for prep in child.children:
                    if prep.dep_ == "prep" and word_of(prep) in preps - {"of"}:
                        objects.extend(m for p in prep.children for m in self.mentions_for(p))
        if not objects and verb.dep_ == "relcl":
            relative = [c for c in verb.children if word_of(c) in RELATIVE_PRONOUNS]
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

    def _is_event_noun(self, noun: Token) -> bool:
        index = self.lexicon.noun_index
        return noun.pos_ == "NOUN" and (word_of(noun) in index or lemma_of(noun) in index)

    def _noun_subjects(self, noun: Token) -> tuple[list[Mention], float]:
        for child in noun.children:
            if child.dep_ == "poss":
                return self.mentions_for(child), 0.8
        for child in noun.children:
            if child.dep_ == "prep" and word_of(child) == "by":
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
        light = head.pos_ in ("AUX", "ADJ") or lemma_of(head) in self.lexicon.light_verbs
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
        amount = prep.head
        if (
            noun.dep_ == "pobj"
            and word_of(prep) == "in"
            and amount.dep_ == "dobj"
            and amount.head.pos_ == "VERB"
        ):  # "pledged $500 million in aid": the one pledging
            subjects, confidence = self.verb_subjects(amount.head)
            return subjects, confidence * 0.8
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
