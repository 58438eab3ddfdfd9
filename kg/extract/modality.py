"""Stage 4, modality: how a claim is stated, when and by whom.

Negated beats hypothetical beats asserted; markers count on the trigger and on the words it
is a complement of, not across adjuncts, relative clauses or reported speech. The event date
is the time expression of the trigger's clause, resolved against the document date; the
reporter is who the text says said it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.corpus.dates import resolve_date
from kg.extract.arguments import SentenceArguments
from kg.extract.mentions import lemma_of, word_of
from kg.model import Candidate, Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token


TIME_PREPS = frozenset({"on", "in", "since", "during", "at", "by", "until", "before", "after"})
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


class SentenceModality(SentenceArguments):
    """Modality, event date and reporter of the claims of one sentence."""

    def _markers(self, token: Token) -> tuple[bool, bool]:
        """(negated, hypothetical) from the token's own dependents."""
        words = self.lexicon.modality
        negated = hypothetical = ruled_out = False
        for child in token.children:
            word = word_of(child)
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
            elif child.dep_ == "prt" and (lemma_of(token), word) in self.lexicon.negating_particles:
                ruled_out = True
        if ruled_out:  # "ruled out strikes" negates them; "has not ruled out strikes" leaves
            negated, hypothetical = not negated, hypothetical or negated  # them possible
        return negated, hypothetical

    def _conditional(self, clause: Token) -> bool:
        markers = self.lexicon.modality["conditional_markers"]
        return any(word_of(m) in markers for m in clause.children if m.dep_ == "mark")

    def modality(self, trigger: Token, candidate: Candidate) -> str:
        """Negated beats hypothetical beats asserted. Markers count on the trigger and on the
        words it is a complement of ("refused to attack", "considering talks", "the option of
        strikes"), not across adjuncts, relative clauses or reported speech."""
        words = self.lexicon.modality
        negated, hypothetical = self._markers(trigger)
        is_role = word_of(trigger) in self.lexicon.role_index
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
            if token.dep_ == "pobj" and word_of(token.head) == "without":
                negated = True
            if token.dep_ == "advcl":
                hypothetical = hypothetical or self._conditional(token)
                # "has not ruled out using force": a gerund after a particle verb is its
                # object, which the parser may attach as an adjunct
                gerund_object = token.tag_ == "VBG" and any(
                    c.dep_ == "prt" and c.i < token.i for c in token.head.children
                )
                if not gerund_object and not any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in token.children
                ):
                    break
                # a purpose ("contemplating talks to support X") is as real as its head
            if token.dep_ in ("ROOT", "relcl") or token.head is token:
                break
            head = token.head
            if token.dep_ == "ccomp" and lemma_of(head) in self.lexicon.reporting_verbs:
                break  # "X said Y attacked Z": saying is not doing
            if (
                token.dep_ == "ccomp"
                and token.i < head.i
                and lemma_of(head) in words["negating_verbs"]
            ):
                break  # "X accuses Y of Z, a charge Y denies": the accusation stands as reported
            if token.dep_ == "conj" and token.pos_ in ("NOUN", "PROPN"):
                token = head  # "called for a ceasefire and talks": the first conjunct's place
                continue
            demanded = lemma_of(head.head) in words["demand_for_verbs"]
            if token.dep_ == "pobj" and word_of(head) == "for" and demanded:
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
            if token.dep_ == "pcomp" and word_of(head) == "by":
                break  # "by capturing the town": a means, not a complement
            head_negated, head_hypothetical = self._markers(head)
            lemma = lemma_of(head)
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
            if any(c.dep_ == "det" and word_of(c) == "no" for c in head.children):
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
                if child.dep_ == "prep" and word_of(child) in TIME_PREPS:
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
            if token.dep_ == "ccomp" and lemma_of(token.head) in self.lexicon.reporting_verbs:
                return _actor(self.verb_subjects(token.head)[0])
            if token.dep_ == "pcomp" and lemma_of(token.head.head) in accusing:
                return _actor(self.verb_subjects(token.head.head)[0])
            if token.head is token:
                break
            token = token.head
        for ancestor in [trigger, *trigger.ancestors]:  # "according to X"
            for child in ancestor.children:
                if child.dep_ == "prep" and word_of(child) == "according":
                    for to in child.children:
                        for pobj in to.children:
                            found = _actor(self.mentions_for(pobj))
                            if found:
                                return found
        return None


def _actor(mentions: list[Mention]) -> Entity | None:
    """The first of ``mentions`` that is an actor: a place reports nothing."""
    return next((m.entity for m in mentions if not m.entity.is_place), None)
