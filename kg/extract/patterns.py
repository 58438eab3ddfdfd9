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

Who each argument stands for is :mod:`kg.extract.arguments` (coordination expands, so "the US,
Iran and Syria" yields every pair); how it is stated is :mod:`kg.extract.modality`: negation
(``not``, ``no``, ``without``, "denied", "ruled out" …) wins over hypothetical (modal
auxiliaries, verbs of planning and consideration, conditionals, "possible"/"option"), which
wins over asserted. "X said Y attacked Z" is a claim about Y and Z, kept with X as
``reported_by``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import combinations
from typing import TYPE_CHECKING

from kg.extract.arguments import STATE_KINDS
from kg.extract.mentions import (
    Mention,
    catalog_entity,
    handed_over,
    in_words,
    lemma_of,
    noun_forms,
    place_entity,
    word_of,
)
from kg.extract.modality import TIME_PREPS, SentenceModality
from kg.model import Candidate

if TYPE_CHECKING:
    from spacy.tokens import Token


def _together(sides: list[Mention], trigger: Token, confidence: float) -> Iterator[Candidate]:
    """Actors who fight the same enemy together are allies, pairwise."""
    for a, b in combinations(sides, 2):
        if a.entity.iri != b.entity.iri:
            yield Candidate(a, "alliedWith", b, trigger, confidence)


# relations whose object gains by the act: no threat to it
_BENEFITS = frozenset({"supports", "alliedWith", "negotiatesWith"})


class SentencePatterns(SentenceModality):
    """The construction patterns over one sentence (the pattern typer of kg.extract.typers)."""

    # -- patterns ---------------------------------------------------------------------------
    def candidates(self) -> Iterator[Candidate]:
        lexicon = self.lexicon
        joint = lexicon.relations["alliedWith"].words("joint_modifiers")
        same_side = lexicon.relations["alliedWith"].words("same_side_nouns")
        for token in self.sent:
            lemma, word, pos, dep = lemma_of(token), word_of(token), token.pos_, token.dep_
            if pos == "VERB" and lemma in self.vow_verbs:
                yield from self._vow(token)
            if pos == "VERB":
                yield from self._alongside(token)
                yield from self._includes(token)
                yield from self._designation(token)
                yield from self._intolerance(token)
            # the tagger reads a bare trigger as a noun or adverb ("Egypt and Turkey back
            # the army"); as the root of a clause with a subject it is the verb
            verb_like = (
                pos in ("NOUN", "ADV", "ADJ")
                and dep == "ROOT"
                and lemma in lexicon.verb_index
                and (pos == "NOUN" or any(c.dep_ == "nsubj" for c in token.children))
            )
            if pos in ("VERB", "AUX") or verb_like:
                yield from self._verb(token)
            if pos in ("NOUN", "PROPN") and (
                lexicon.noun_relation(*noun_forms(token)) or handed_over(token, lexicon)
            ):
                yield from self._noun(token)
            if lemma in lexicon.adjective_index and (
                pos == "ADJ"
                or (pos == "NOUN" and dep == "appos")
                or (pos == "ADV" and dep == "amod")
            ):  # the tagger reads "a Shiite close to Iran" as a noun or adverb "close"
                yield from self._adjective(token)
            if word in lexicon.role_index or lemma in lexicon.role_index:
                yield from self._role(token)
            if pos == "VERB" and lemma in self.place_subject_verbs:
                yield from self._fell_to(token)
            if word in self.pro_prefixes and token.i + 2 < len(token.doc):
                yield from self._pro(token)
            if lemma == "one" and dep in ("appos", "attr"):
                yield from self._one_of(token)
            if word in lexicon.hyphen_index and token.i >= 2 and token.nbor(-1).text == "-":
                yield from self._hyphen(token)
            if pos == "NOUN" and lemma in self.ruler_nouns:
                yield from self._leader_named_government(token)
            if pos == "NOUN" and any(
                c.dep_ == "amod" and word_of(c) in joint for c in token.children
            ):
                yield from self._joint(token)
            if lemma in same_side:
                yield from self._same_side(token)

    def _relation_for_verb(self, verb: Token) -> str | None:
        lemma = lemma_of(verb)
        for child in verb.children:
            if child.dep_ == "prt":
                pair = (lemma, word_of(child))
                if pair in self.lexicon.particle_index:
                    return self.lexicon.particle_index[pair]
        for child in verb.children:  # "take control of", "join forces with", "opened heavy fire"
            if child.dep_ == "dobj" and not any(c.dep_ in ("poss", "det") for c in child.children):
                pair = (lemma, word_of(child))
                if pair in self.lexicon.particle_index:
                    return self.lexicon.particle_index[pair]
        return self.lexicon.verb_index.get(lemma)

    def _verb(self, verb: Token) -> Iterator[Candidate]:
        relation = self._relation_for_verb(verb)
        if relation is None:
            return
        if lemma_of(verb) in self.lexicon.relations[relation].words(
            "from_place_fights_verbs"
        ) and any(
            m.entity.is_place or m.how == "ner"  # NER often takes a town for a group
            for c in verb.children
            if c.dep_ == "prep" and word_of(c) == "from"
            for p in c.children
            for m in self.mentions_for(p)
        ):
            relation = "fights"  # "expelled the militants from the town"
        triggers = self.lexicon.relations[relation]
        subjects, confidence = self.verb_subjects(verb)
        if self._root_noun_verb(verb):  # "Chad arms the Northern Front" read as a noun
            subjects = [m for c in verb.lefts if c.dep_ == "compound" for m in self.mentions_for(c)]
            confidence = 0.7
        preps = triggers.verb_preps | ({"of"} if relation == "controls" else frozenset())
        objects = self.verb_objects(verb, preps)
        if lemma_of(verb) in triggers.words("topic_verbs"):
            # the partner follows a preposition, on the verb or on its topic ("discussed the
            # crisis with Iraq")
            topics = [c for c in verb.children if c.dep_ == "dobj"]
            objects = [
                m
                for p in [*verb.children, *(c for t in topics for c in t.children)]
                if p.dep_ == "prep" and word_of(p) in preps - {"of"}
                for o in p.children
                for m in self.mentions_for(o)
            ]
        if relation == "controls":
            for child in verb.children:  # "take control of X"
                if (
                    child.dep_ == "dobj"
                    and lemma_of(child) in self.lexicon.relations["controls"].nouns
                ):
                    for prep in child.children:
                        if prep.dep_ == "prep" and word_of(prep) in ("of", "over"):
                            for pobj in prep.children:
                                objects.extend(self.mentions_for(pobj))
        if relation == "supports" and not objects:
            for child in verb.children:  # "supported the liberation of Tikrit by Iraqi forces"
                if child.dep_ == "dobj" and child.pos_ == "NOUN":
                    for by in (c for c in child.children if c.dep_ == "prep"):
                        if word_of(by) == "by":
                            objects.extend(m for p in by.children for m in self.mentions_for(p))
            for child in verb.children:
                if child.dep_ in ("ccomp", "xcomp"):
                    # "helping the government fight ISIL": the one helped is the clause's subject;
                    # "help defend Baghdad": the one helped is what is defended
                    inner = [c for c in child.children if c.dep_ == "nsubj"]
                    if inner:
                        objects.extend(self.mentions_for(inner[0]))
                    elif self.lexicon.verb_index.get(lemma_of(child)) == "supports":
                        objects.extend(self.verb_objects(child, frozenset()))
        if relation == "fights" and objects:  # "the US and Britain struck Houthi targets"
            yield from _together(subjects, verb, confidence * 0.7)
        for s in subjects:
            for o in objects:
                if (
                    relation == "memberOf"
                    and lemma_of(verb) in triggers.words("directing_verbs")
                    and s.entity.kind != "Person"
                ):
                    # a state "commanding" a rebel group directs it; it is not one of its members
                    yield Candidate(s, "supports", o, verb, confidence * 0.8)
                    continue
                yield Candidate(s, relation, o, verb, confidence)
        between = [
            m
            for child in verb.children
            if child.dep_ == "prep" and word_of(child) == "between" and triggers.symmetric
            for p in child.children
            for m in self.mentions_for(p)
        ]
        for i, a in enumerate(between):  # "mediated between the Houthis and Saudi Arabia"
            for b in between[i + 1 :]:
                yield Candidate(a, relation, b, verb, confidence * 0.85)
            for s in subjects:  # the mediator deals with each side
                yield Candidate(s, relation, a, verb, confidence * 0.85)
        # "retake X from Y": Y is fought
        if lemma_of(verb) in self.lexicon.relations["fights"].words("from_verbs"):
            # "from Y" on the verb, or on its object where the parser often hangs it
            objects_of = [c for c in verb.children if c.dep_ == "dobj"]
            for child in [*verb.children, *(c for o in objects_of for c in o.children)]:
                if child.dep_ == "prep" and word_of(child) == "from":
                    enemies = [m for p in child.children for m in self.mentions_for(p)]
                    for o in enemies:
                        for s in subjects:
                            yield Candidate(s, "fights", o, verb, confidence * 0.9)
                    if enemies:  # retaking it together from them: the same side
                        yield from _together(subjects, verb, confidence * 0.7)
        # "X and Y clashed", "X and Y met": with each other (joint attacks are not mutual)
        reciprocal = triggers.words("reciprocal_verbs")
        mutual = relation != "fights" or lemma_of(verb) in reciprocal
        if triggers.symmetric and mutual and not objects and not between:
            for a, b in combinations(subjects, 2):
                yield Candidate(a, relation, b, verb, confidence * 0.85)
        if relation == "fights" and not objects:
            objects = self.purpose_objects(verb)
            for s in subjects:
                for o in objects:
                    yield Candidate(s, relation, o, verb, confidence * 0.8)
        if relation == "threatens" and not objects:
            for s in subjects:
                for o in self.threat_targets(verb):
                    yield Candidate(s, relation, o, verb, confidence * 0.8)

    def _leader_named_government(self, noun: Token) -> Iterator[Candidate]:
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
                yield Candidate(holder, "memberOf", government, noun, 0.7, "asserted")

    def _includes(self, verb: Token) -> Iterator[Candidate]:
        """ "The alliance, which includes the Arakan Army": each one included is a member."""
        if lemma_of(verb) not in self.lexicon.relations["memberOf"].words("including_verbs"):
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
                    yield Candidate(part, "memberOf", whole, verb, confidence * 0.85)

    def _intolerance(self, verb: Token) -> Iterator[Candidate]:
        """ "Iran would not tolerate the group near its borders": refusing to tolerate someone
        is a stance against them, stated now whatever the modal."""
        if lemma_of(verb) not in self.lexicon.relations["opposes"].words("intolerance_verbs"):
            return
        words = self.lexicon.modality["negation_words"]
        if not any(c.dep_ == "neg" or word_of(c) in words for c in verb.children):
            return
        subjects, confidence = self.verb_subjects(verb)
        for child in verb.children:
            if child.dep_ == "dobj":
                for target in self.mentions_for(child):
                    for s in subjects:
                        yield Candidate(s, "opposes", target, verb, confidence * 0.8, "asserted")

    def _designation(self, verb: Token) -> Iterator[Candidate]:
        """ "The junta labelled the NUG a terrorist organisation": the labeller opposes it."""
        extra = self.lexicon.relations["opposes"]
        if lemma_of(verb) not in extra.words("designation_verbs"):
            return
        labels = [c for c in verb.children if c.dep_ in ("oprd", "attr", "xcomp", "ccomp")]
        labels += [
            p for c in verb.children if c.dep_ == "prep" and word_of(c) == "as" for p in c.children
        ]
        if not any(
            in_words(t, extra.words("designation_words")) for c in labels for t in c.subtree
        ):
            return
        subjects, confidence = self.verb_subjects(verb)
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                for target in self.mentions_for(child):
                    for s in subjects:
                        if s.entity.iri != target.entity.iri:
                            yield Candidate(s, "opposes", target, verb, confidence * 0.85)
        for clause in labels:  # "declared the RSF to be a terrorist group", "X a terrorist"
            for child in clause.children:
                if child.dep_ == "nsubj":
                    for target in self.mentions_for(child):
                        for s in subjects:
                            yield Candidate(s, "opposes", target, verb, confidence * 0.8)

    def _alongside(self, verb: Token) -> Iterator[Candidate]:
        """ "North Korean soldiers are fighting alongside Russian forces": the same side."""
        partners = [
            m
            for child in verb.children
            if child.dep_ == "prep" and word_of(child) in self.lexicon.alongside_preps
            for p in child.children
            for m in self.mentions_for(p)
        ]
        if partners:
            subjects, confidence = self.verb_subjects(verb)
            for s in subjects:
                for o in partners:
                    yield Candidate(s, "alliedWith", o, verb, confidence * 0.9)

    def _vow(self, verb: Token) -> Iterator[Candidate]:
        """ "vowed to attack X" is a threat against X (the attack itself is hypothetical)."""
        hostile = self.lexicon.relations["fights"].verbs | self.lexicon.relations["controls"].verbs
        subjects, confidence = self.verb_subjects(verb)
        for child in verb.children:
            if child.dep_ == "xcomp" and lemma_of(child) in hostile:
                for s in subjects:
                    for o in self.verb_objects(child, frozenset({"on", "against"})):
                        yield Candidate(s, "threatens", o, verb, confidence * 0.8)

    def threat_targets(self, threat: Token, depth: int = 0) -> list[Mention]:
        """Whom a threat is against when it names no object: the object of the threatened
        act ("threatened to march on Baghdad", "the threat to take the capital from X"), or
        the agent of its condition ("warned it would retaliate if X harmed its citizens")."""
        if depth > 2:
            return []
        targets: list[Mention] = []
        act_preps = frozenset({"on", "against", "into", "to", "from"})
        for child in threat.children:
            if child.dep_ == "prep" and word_of(child) == "to":  # "threatening to march" misparsed
                for pobj in child.children:
                    targets.extend(self.verb_objects(pobj, act_preps))
            if child.dep_ in ("xcomp", "ccomp", "acl"):
                if self.lexicon.verb_index.get(lemma_of(child)) in _BENEFITS:
                    continue  # "threatened to arm the Houthis" threatens someone else
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

    def casualties(self, attack: Token) -> list[Mention]:
        """Who died or was hurt in an attack: "two soldiers died in a PKK attack", "were
        killed in an ambush by Boko Haram" — the attack is on them."""
        verb = attack.head.head
        if attack.dep_ != "pobj" or word_of(attack.head) != "in" or verb.pos_ != "VERB":
            return []
        dying = self.lexicon.relations["fights"].words("casualty_verbs")
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if lemma_of(verb) not in dying or (lemma_of(verb) not in ("die", "perish") and not passive):
            return []
        return [
            m
            for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for m in self.mentions_for(c)
        ]

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

    def _noun(self, noun: Token) -> Iterator[Candidate]:
        lexicon = self.lexicon
        relation = lexicon.noun_relation(*noun_forms(noun))
        if relation is None and handed_over(noun, lexicon):
            relation = "supports"
        if relation is None:
            return
        triggers = lexicon.relations[relation]
        if relation == "controls":
            yield from self._control_noun(noun)
            return
        subjects, confidence = self._noun_subjects(noun)
        objects: list[Mention] = []
        between: list[Mention] = []
        with_nouns = triggers.words("with_nouns")
        for child in noun.children:
            if (
                with_nouns  # only these nouns take their partner with "with"
                and word_of(child) == "with"
                and lemma_of(noun) not in with_nouns
                and word_of(noun) not in with_nouns
            ):
                continue
            preps = triggers.noun_preps
            if noun.dep_ == "pobj" and word_of(noun.head) == "in" and relation == "supports":
                preps = preps | {"of"}  # "in support of X"
            if child.dep_ == "prep" and word_of(child) in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        got = self.mentions_for(pobj)
                        (between if word_of(child) == "between" else objects).extend(got)
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        in_amount = (  # "pledged $500 million in aid to Kyiv": "to" hangs on the verb
            noun.dep_ == "pobj" and word_of(noun.head) == "in" and verb.dep_ == "dobj"
        )
        if in_amount:
            verb = verb.head
        agreed_to = (  # "agreed to a truce with X", not "allied with X during the invasion"
            noun.dep_ == "pobj"
            and word_of(noun.head) in ("to", "on")
            and verb.pos_ == "VERB"
            and self._relation_for_verb(verb) is None
        )
        if not objects and (noun.dep_ == "dobj" or agreed_to or in_amount):
            # "conducted strikes ... against ISIL", "agreed to a truce with Baku": the object's
            # preposition may hang on the verb ("send weapons to Kyiv": a dative)
            for child in verb.children:
                if child.dep_ in ("prep", "dative") and word_of(child) in triggers.noun_preps - {
                    "of"
                }:
                    objects.extend(m for p in child.children for m in self.mentions_for(p))
        if relation == "threatens" and not objects:
            objects = self.threat_targets(noun)
        if relation == "fights" and not objects:
            objects = self.purpose_objects(noun) or self.casualties(noun)
        if relation == "alliedWith":  # "led a coalition against the Houthis": their enemy
            for child in noun.children:
                if child.dep_ == "prep" and word_of(child) == "against":
                    for o in (m for p in child.children for m in self.mentions_for(p)):
                        for s in subjects:
                            yield Candidate(s, "fights", o, noun, confidence * 0.85)
        if relation == "fights" and objects:  # "X and Y launched strikes on Z"
            yield from _together(subjects, noun, confidence * 0.7)
        own_preps = any(
            c.dep_ == "prep" and word_of(c) in triggers.noun_preps for c in noun.children
        )
        # joint attacks are not mutual, but "X and Y are at war" is
        at_war = noun.dep_ == "pobj" and word_of(noun.head) == "at"
        mutual = triggers.symmetric and (relation != "fights" or at_war)
        if mutual and not own_preps and not between and len(subjects) > 1:
            between = subjects  # "Turkish and Syrian officials held talks": with each other
            subjects = []
        receiving = triggers.words("receiving_verbs")
        if noun.dep_ == "dobj" and lemma_of(noun.head) in receiving:
            # "sought help from the government", "received weapons from Iran", "drew
            # condemnation from Japan": the one named after "from", on the noun or on the
            # verb, acts on the receiver
            receivers, received = self.verb_subjects(noun.head)
            for child in (*noun.children, *noun.head.children):
                if child.dep_ == "prep" and word_of(child) == "from":
                    for helper in (m for p in child.children for m in self.mentions_for(p)):
                        for s in receivers:
                            yield Candidate(helper, relation, s, noun, received * 0.85)
        # "vowed revenge on X": the vow is the threat, as real as the vowing
        vowed = relation == "threatens" and lemma_of(noun.head) in self.vow_verbs
        trigger = noun.head if vowed else noun
        warner = noun.head.head
        if (  # "warned of retaliation against X": the warning is the threat, made as stated
            relation == "threatens"
            and noun.dep_ == "pobj"
            and word_of(noun.head) == "of"
            and self.lexicon.verb_index.get(lemma_of(warner)) == "threatens"
        ):
            trigger = warner
        for s in subjects:
            for o in objects:
                yield Candidate(s, relation, o, trigger, confidence)
        for a, b in combinations(between, 2):  # "talks between X and Y"
            yield Candidate(a, relation, b, noun, 0.75)
        brokering = triggers.words("brokering_verbs")
        if between and noun.dep_ == "dobj" and lemma_of(noun.head) in brokering:
            for s in self.verb_subjects(noun.head)[0]:  # "Qatar brokered a truce between …"
                for side in between:
                    yield Candidate(s, relation, side, noun, 0.7)

    def _root_noun_verb(self, token: Token) -> bool:
        """A trigger verb the tagger read as the root noun of its sentence, between an actor
        it took for a modifier and one it took for an apposition ("Chad arms the rebels")."""
        return (
            token.pos_ == "NOUN"
            and token.dep_ == "ROOT"
            and lemma_of(token) in self.lexicon.verb_index
            and any(c.dep_ == "compound" and self.mentions_for(c) for c in token.lefts)
            and any(c.dep_ in ("appos", "dobj") and self.mentions_for(c) for c in token.rights)
        )

    def _fell_to(self, verb: Token) -> Iterator[Candidate]:
        """ "Goma fell to the M23": the one it fell to controls it."""
        subjects, confidence = self.verb_subjects(verb)
        takers = [
            m
            for c in verb.children
            if c.dep_ == "prep" and word_of(c) == "to"
            for p in c.children
            for m in self.mentions_for(p)
            if not m.entity.is_place
        ]
        for place in (m for m in subjects if m.entity.is_place):
            for taker in takers:
                yield Candidate(taker, "controls", place, verb, confidence * 0.9)

    def _pro(self, prefix: Token) -> Iterator[Candidate]:
        """ "pro-Russian separatists", "pro-Iran militias": the group is on X's side."""
        doc = prefix.doc
        if doc[prefix.i + 1].text != "-":
            return
        side = self.actors.mention_at(doc[prefix.i + 2])
        if side is None:
            return
        head = prefix.head
        while head.dep_ in ("amod", "compound") and head.head is not head:
            head = head.head
        for group in self.mentions_for(head):
            if group.entity.iri != side.entity.iri:
                yield Candidate(group, "alliedWith", side, prefix, 0.75)

    def _one_of(self, one: Token) -> Iterator[Candidate]:
        """ "X, one of three groups in Y", "X is one of the members of Y": X belongs to Y."""
        members = self.lexicon.actors["group_nouns"] | self.lexicon.actors["coalition_member_nouns"]
        if one.dep_ == "appos":
            subjects = self.mentions_for(one.head)
        else:
            subjects = self.verb_subjects(one.head)[0]
        roles = self.lexicon.role_index
        for of in (c for c in one.children if c.dep_ == "prep" and word_of(c) == "of"):
            for group in (p for p in of.children if p.dep_ == "pobj"):
                # "one of the main backers of Y", "one of Y's closest allies": the role's own
                relation = roles.get(word_of(group)) or roles.get(lemma_of(group))
                if relation is None and in_words(group, members):
                    relation = "memberOf"
                if relation is None:
                    continue
                wholes = [
                    m
                    for c in group.children
                    if c.dep_ == "poss"
                    or (c.dep_ == "prep" and word_of(c) in ("in", "of", "within"))
                    for p in ([c] if c.dep_ == "poss" else c.children)
                    for m in self.mentions_for(p)
                ]
                for whole in wholes:
                    for s in subjects:
                        yield Candidate(s, relation, whole, group, 0.8)

    def _joint(self, noun: Token) -> Iterator[Candidate]:
        """ "joint action between X and Y", "X and Y's joint offensive": cooperation."""
        pair: list[Mention] = []
        for child in noun.children:
            if child.dep_ == "prep" and word_of(child) in ("between", "by", "of"):
                pair = [m for p in child.children for m in self.mentions_for(p)]
            elif child.dep_ == "poss":
                pair = self.mentions_for(child)
        for a, b in combinations(pair, 2):
            yield Candidate(a, "alliedWith", b, noun, 0.7)

    def _control_noun(self, noun: Token) -> Iterator[Candidate]:
        """ "ISIL's capture of Mosul", "Mosul fell into the hands of ISIL", "under X control"."""
        controllers: list[Mention] = []
        places: list[Mention] = []
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "amod") and child.i < noun.i:
                controllers.extend(m for m in self.mentions_for(child) if not m.entity.is_place)
            if child.dep_ == "prep" and word_of(child) in ("of", "over", "by"):
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
        place_subject = self.lexicon.relations["controls"].words("place_subject_verbs")
        if (
            not controllers
            and noun.dep_ == "pobj"
            and word_of(noun.head) in TIME_PREPS | {"during", "following", "with"}
            and noun.head.head.pos_ in ("VERB", "AUX")
            and lemma_of(noun) not in place_subject
        ):
            # "During the capture of Mosul, ISIL seized weapons": the clause's subject
            subjects, _ = self.verb_subjects(noun.head.head)
            controllers.extend(m for m in subjects if not m.entity.is_place)
        for s in controllers:
            for o in places:
                yield Candidate(s, "controls", o, noun, 0.75)

    def _adjective(self, adjective: Token) -> Iterator[Candidate]:
        relation = self.lexicon.adjective_index[lemma_of(adjective)]
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
            if child.dep_ == "prep" and word_of(child) in triggers.adjective_preps:
                for pobj in child.children:
                    for o in self.mentions_for(pobj):
                        for s in subjects:
                            yield Candidate(s, relation, o, adjective, confidence * 0.9)

    def _role(self, role: Token) -> Iterator[Candidate]:
        """Role nouns: memberOf (spokesman, leader …) and relational nouns (ally, enemy)."""
        if self._root_noun_verb(role):
            return  # "Chad arms the rebels": a verb the tagger read as a noun
        relation = (
            self.lexicon.role_index.get(word_of(role)) or self.lexicon.role_index[lemma_of(role)]
        )
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
            if not holders and role.dep_ == "oprd":  # "X was named leader of Y"
                passive = [c for c in role.head.children if c.dep_ == "nsubjpass"]
                holders = self.mentions_for(passive[0]) if passive else []
        elif role.dep_ in ("dobj", "pobj") and lemma_of(role.head) in ("as",):
            holders = self.mentions_for(role.head.head)
        if not holders:
            for child in role.children:
                if child.dep_ == "appos":
                    holders = self.mentions_for(child)
                elif child.dep_ == "acl":  # "a spokesman identifying himself as X", "named X"
                    for grandchild in child.children:
                        if grandchild.dep_ in ("oprd", "attr", "dobj") and not holders:
                            holders = self.mentions_for(grandchild)
                        if grandchild.dep_ == "prep" and word_of(grandchild) == "as":
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
                if in_words(role, self.lexicon.relations["memberOf"].words("posted_roles")):
                    preps = ("of",)  # "the UN envoy for Yemen" is not a member of Yemen
                if child.dep_ == "prep" and word_of(child) in preps:
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
        if relation in ("alliedWith", "opposes") and not organizations and len(holders) > 1:
            # "X and Y are allies", "X and Y are bitter rivals": each of the other
            for a, b in combinations(holders, 2):
                yield Candidate(a, relation, b, role, confidence * 0.9)
                if relation == "opposes":
                    yield Candidate(b, relation, a, role, confidence * 0.9)
            return
        for s in holders:
            for o in organizations:
                yield Candidate(s, relation, o, role, confidence)

    def _hyphen(self, participle: Token) -> Iterator[Candidate]:
        """ "Iranian-backed militias": the modifier's actor stands in the relation to the head."""
        relation = self.lexicon.hyphen_index[word_of(participle)]
        agent = self.actors.mention_at(participle.nbor(-2))
        if agent is None:
            return
        head = participle.head if participle.dep_ != "ROOT" else participle
        while head.dep_ in ("amod", "compound") and head.head is not head:
            head = head.head
        for o in self.mentions_for(head):
            if relation == "memberOf":  # "an al-Shabaab-affiliated militia" belongs to it
                yield Candidate(o, relation, agent, participle, 0.8)
            else:
                yield Candidate(agent, relation, o, participle, 0.8)

    def _same_side(self, side: Token) -> Iterator[Candidate]:
        """ "brings the US, Iran and Syria on the same side"; "fight on the side of X"."""
        if side.dep_ != "pobj":
            return
        verb = side.head.head
        if word_of(side.head) == "on" and verb.pos_ in ("VERB", "AUX"):
            partners = [
                m
                for c in side.children
                if c.dep_ == "prep" and word_of(c) == "of"
                for p in c.children
                for m in self.mentions_for(p)
            ]
            subjects, confidence = self.verb_subjects(verb)
            for s in subjects:
                for o in partners:
                    yield Candidate(s, "alliedWith", o, side, confidence * 0.85)
        if not any(word_of(c) == "same" for c in side.children):
            return
        group: list[Mention] = []
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubj", "nsubjpass"):
                found = self.mentions_for(child)
                if len(found) > 1:
                    group = found
        for a, b in combinations(group, 2):
            yield Candidate(a, "alliedWith", b, side, 0.7)
