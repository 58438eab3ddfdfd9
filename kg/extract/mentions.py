"""Stage 3: entity spans → mentions of actors and places, each resolved to one node.

Rules, in order (all general; what is known about specific actors lives in the catalog):

1. a catalog name is that actor;
2. a demonym ("Iranian") is its state when it modifies an organ of the state ("Iranian
   officials", "the Iraqi government" → the state's catalogued government when there is
   one) or stands alone as a noun ("the Iranians"); "Syrian rebels" is a description actor,
   "Turkish hostages" no actor at all;
3. a capital-city metonym ("Washington") is the actor when it acts (subject, possessor,
   agent, object of a hostile or cooperative trigger), otherwise the city, a place;
4. statistical NER: PERSON → a person (titles stripped, a bare surname joined to the full
   name used earlier in the document), ORG → an organization or armed group, GPE → a place
   unless it acts, LOC/FAC → a place; news agencies quoted as sources are left out;
5. actor noun phrases NER misses: a group noun with a qualifying modifier ("Sunni
   militants", "Shiite militias", "government forces");
6. an anaphoric description ("the group", "the militants") is the most recent armed actor
   when exactly one is in reach (this and the two previous sentences).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.catalog.actor_catalog import ActorCatalog, CatalogActor, normalise_name
from kg.catalog.lexicon import Lexicon
from kg.catalog.vocab import actor_iri, place_iri
from kg.model import ORIGINAL_TEXT, Entity, Mention

if TYPE_CHECKING:  # spaCy is only needed to parse, not to read or query a graph
    from spacy.tokens import Doc, Span, Token

    from kg.extract.nlp import ParsedDocument

ARMED_KINDS = frozenset({"ArmedGroup", "Militia", "InsurgentGroup"})
# prepositions that only ever locate ("near Damascus"); "to"/"from Washington" may be a party
SPATIAL_PREPS = frozenset(
    {"in", "inside", "outside", "near", "around", "at", "across", "throughout", "within"}
)
AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "csubj"})
LOCATIVE_PREPS = frozenset(
    {
        "in",
        "into",
        "inside",
        "outside",
        "near",
        "across",
        "throughout",
        "to",
        "from",
        "toward",
        "towards",
        "around",
        "at",
        "on",
        "through",
        "within",
        "north",
        "south",
        "east",
        "west",
    }
)


@dataclass
class DocumentActors:
    parsed: ParsedDocument
    catalog: ActorCatalog | None = None
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    # other ways this document names an entity: a role in apposition ("Joseph Votel,
    # commander of CENTCOM"), an acronym it defines ("Syrian Democratic Forces (SDF)")
    extra_names: dict[str, set[str]] = field(default_factory=dict)
    # the state whose capital or named country opens the dateline ("KHARTOUM, June 29 —",
    # "GOMA, Congo —"): whose army "the army" is when no army was named
    home_state: str | None = None

    @property
    def doc(self) -> Doc:
        return self.parsed.doc

    def surface_forms(self) -> list[tuple[Entity, str]]:
        """Every entity named in the document with each way it is named (anaphors and
        pronouns excluded: "the group" is not a name)."""
        entities = {m.entity.iri: m.entity for m in self.mentions}
        forms: set[tuple[str, str]] = set()
        for m in self.mentions:
            if m.how == "anaphor" or (m.how == "demonym" and m.end - m.start > 1):
                continue
            forms.add((m.entity.iri, m.text))
        for iri, names in self.extra_names.items():
            forms.update((iri, name) for name in names if iri in entities)
        return [(entities[iri], text) for iri, text in sorted(forms)]

    def mention_at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def remove(self, mention: Mention) -> None:
        self.mentions.remove(mention)
        for i in range(mention.start, mention.end):
            self.by_token.pop(i, None)

    def add(self, mention: Mention) -> None:
        if any(i in self.by_token for i in range(mention.start, mention.end)):
            return
        self.mentions.append(mention)
        for i in range(mention.start, mention.end):
            self.by_token[i] = mention


def catalog_entity(actor: CatalogActor) -> Entity:
    return Entity(actor.iri, actor.label, actor.kind, actor.wikidata)


def place_entity(label: str) -> Entity:
    if label.isupper() and len(label) > 4:  # datelines and headlines shout: "KIRKUK"
        label = label.title()
    return Entity(str(place_iri(label)), label, "Place")


# lower-cased words and lemmas by their hash in spaCy's string store: extraction asks for
# them about fifteen thousand times an article, and a hash is an integer read off the token
# where the text is a new string each time (emptied at a size, so a long build's vocabulary
# does not pile up here)
_WORDS: dict[int, str] = {}
_LEMMAS: dict[int, str] = {}
_REMEMBERED = 50_000


def lemma_of(token: Token) -> str:
    lemma = _LEMMAS.get(token.lemma)
    if lemma is None:
        if len(_LEMMAS) >= _REMEMBERED:
            _LEMMAS.clear()
        lemma = _LEMMAS[token.lemma] = token.lemma_.lower()
    return lemma


def word_of(token: Token) -> str:
    """``token.text.lower()`` (spaCy's ``LOWER`` attribute is exactly that)."""
    word = _WORDS.get(token.lower)
    if word is None:
        if len(_WORDS) >= _REMEMBERED:
            _WORDS.clear()
        word = _WORDS[token.lower] = token.lower_
    return word


def noun_forms(token: Token) -> tuple[str, ...]:
    """The forms a noun trigger is looked up by: with each of its modifiers as a two-word
    name first ("martial law", "hunger strikes" → "hunger strike", "joint military drills"
    → "joint drill"), then the noun's own form and lemma."""
    modifiers = [c for c in reversed(list(token.lefts)) if c.dep_ in ("compound", "amod")]
    word, lemma = word_of(token), lemma_of(token)
    two_word = [
        form
        for left in modifiers  # the nearest first: "joint military drills" is a joint drill
        for form in (
            f"{word_of(left)} {word}",
            f"{lemma_of(left)} {lemma}",
            f"{word_of(left)} {lemma}",
        )
    ]
    return (*two_word, word, lemma)


def handed_over(noun: Token, lexicon: Lexicon) -> bool:
    """Whether ``noun`` is military hardware a verb hands over or receives ("delivered tanks
    to Y", "received missiles from Y"): aid, where fired or used it is not."""
    if noun.dep_ != "dobj" or not set(noun_forms(noun)) & lexicon.actors["hardware_nouns"]:
        return False
    supports = lexicon.relations["supports"]
    verbs = supports.words("giving_verbs") | supports.words("receiving_verbs")
    return lemma_of(noun.head) in verbs


def in_words(token: Token, words: frozenset[str]) -> bool:
    return word_of(token) in words or lemma_of(token) in words


def _noun_head(span: Span) -> Token:
    """The token a modifier span attaches to: the noun it qualifies, climbing compounds."""
    head = span.root.head
    while head.dep_ == "compound" and head.head is not head:
        head = head.head
    return head


def _acts(token: Token, lexicon: Lexicon) -> bool:
    """Whether a name in this position acts (is an agent or a party to a relation) rather
    than a location."""
    while token.dep_ in ("conj", "appos") and token.head is not token:
        token = token.head
    if token.dep_ in AGENT_DEPS:
        return True
    if token.dep_ == "compound":
        return in_words(
            token.head, lexicon.actors["government_nouns"] | lexicon.actors["military_nouns"]
        )
    head = token.head
    if token.dep_ == "pobj":
        prep = word_of(head)
        if prep == "by" and head.dep_ == "agent":
            return True
        if (
            prep == "of"
            and head.head.lower_ != "parts"
            and (
                head.head.lower_ in lexicon.role_index
                or head.head.lemma_.lower() in lexicon.role_index
            )
        ):
            return True  # "an ally of Washington", "the leader of Hamas"
        anchor = head.head
        anchor_lemma = anchor.lemma_.lower()
        if prep == "in" and _bare_ruler(anchor, lexicon):
            return True  # "the junta in Niger", "the government in Kabul": who rules there
        relation = (
            lexicon.verb_index.get(anchor_lemma)
            or lexicon.adjective_index.get(anchor_lemma)
            or lexicon.noun_relation(*noun_forms(anchor))
            or ("supports" if handed_over(anchor, lexicon) else None)  # "rockets from Iran"
        )
        if relation is None and anchor_lemma in lexicon.light_verbs:
            # "send weapons to Kyiv", "pledged $500 million in aid to Kyiv", "gave 5 million
            # dollars of aid to Haiti": the relation of the object noun, or of the noun the
            # amount is "in" or, after a measure, "of"
            measures = lexicon.actors["measure_nouns"]
            nouns = [
                noun
                for obj in anchor.children
                if obj.dep_ == "dobj"
                for noun in (
                    obj,
                    *(
                        p
                        for c in obj.children
                        if c.lower_ == "in" or (c.lower_ == "of" and lemma_of(obj) in measures)
                        for p in c.children
                    ),
                )
            ]
            relation = next(
                (r for n in nouns if (r := lexicon.noun_relation(*noun_forms(n)))), None
            ) or ("supports" if any(handed_over(n, lexicon) for n in nouns) else None)
        # "opened fire on X", "fired missiles at X" (the preposition on the verb or its object)
        pairs = [(anchor_lemma, c.lower_) for c in anchor.children if c.dep_ in ("dobj", "prt")]
        if anchor.dep_ == "dobj":
            pairs.append((anchor.head.lemma_.lower(), anchor.lower_))
        if relation is None:
            relation = next(
                (lexicon.particle_index[p] for p in pairs if p in lexicon.particle_index), None
            )
        if relation is not None and relation != "controls" and prep != "in":
            return True  # "allied to the US", "aid to Baghdad", "war against Kyiv"
        if prep == "from" and anchor_lemma in lexicon.relations["fights"].words("from_verbs"):
            return True  # "recaptured Kherson from Russia": taken from someone
        if prep == "from" and _received_event(anchor, lexicon):
            return True  # "drew condemnation from Japan": Japan condemns
        if _closes_object_phrase(anchor, prep, lexicon):
            return True  # "withdrew its troops from Lebanon", "lifted sanctions on Iran"
        if prep in ("with", "between", "against"):
            anchor = head.head
            return anchor.pos_ in ("VERB", "NOUN", "ADJ") and lemma_of(anchor) not in ("in",)
        # "an offer from Kabul", "a proposal by Iraq": its sender; "troops from Chad",
        # "recalled its ambassador from Serbia": that state's people
        messages = lexicon.actors["message_nouns"]
        forces = (
            lexicon.actors["military_nouns"]
            | lexicon.actors["group_nouns"]
            | lexicon.actors["government_nouns"]  # "diplomats from Russia"
        )
        return (prep in ("from", "by") and in_words(anchor, messages)) or (
            prep == "from" and in_words(anchor, forces)
        )
    if token.dep_ in ("dobj", "dative"):
        relation = lexicon.verb_index.get(lemma_of(head))
        return relation is not None and relation != "controls"
    return False


def _received_event(verb: Token, lexicon: Lexicon) -> bool:
    """Whether ``verb`` receives an event of its object's relation ("drew condemnation",
    "sought help"): the one it comes "from" is that event's agent."""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        relation = lexicon.noun_relation(*noun_forms(obj))
        if relation is not None and lemma_of(verb) in lexicon.relations[relation].words(
            "receiving_verbs"
        ):
            return True
    return False


def _bare_ruler(noun: Token, lexicon: Lexicon) -> bool:
    """A ruling body named by no modifier of its own ("the junta", "the regime")."""
    return (
        noun.pos_ == "NOUN"
        and in_words(noun, lexicon.actors["government_anaphors"])
        and not any(c.dep_ in ("compound", "amod", "poss", "nmod") for c in noun.children)
    )


def _closes_object_phrase(verb: Token, prep: str, lexicon: Lexicon) -> bool:
    """Whether ``prep`` closes a lexicon phrase of verb, object and preposition on ``verb``
    ("withdraw troop from", "lift sanction on"): what follows is the party the act concerns.
    Two-word phrases ("withdraw from") are left out: their object is as often a place."""
    objects = {lemma_of(c) for c in verb.children if c.dep_ in ("dobj", "prt")}
    return any(
        len(phrase.words) == 3
        and phrase.words[2] == prep
        and phrase.words[1] in objects
        and phrase.relation != "controls"
        for phrase in lexicon.phrase_index.get(lemma_of(verb), ())
    )


def _strip_title(span: Span, titles: frozenset[str]) -> Span:
    start = span.start
    doc = span.doc
    changed = True
    while changed and start < span.end - 1:
        changed = False
        for size in (3, 2, 1):
            if start + size < span.end:
                words = " ".join(t.text.lower() for t in doc[start : start + size])
                if words in titles:
                    start += size
                    changed = True
                    break
    return doc[start : span.end]


def _is_news_source(span: Span, lexicon: Lexicon) -> bool:
    root = span.root
    head = root.head
    if (
        root.dep_ in ("dobj", "dative", "pobj")
        and lemma_of(head) in lexicon.actors["news_source_verbs"]
    ):
        return True
    if root.dep_ == "pobj" and word_of(head) == "to" and word_of(head.head) == "according":
        return not any(t.dep_ in ("nsubj",) for t in head.head.children)
    if (
        root.dep_ == "pobj"
        and word_of(head) in ("with", "to")
        and in_words(head.head, lexicon.actors["news_source_nouns"])
    ):
        return True  # "in an interview with Yahoo News", "a statement to Reuters"
    return root.dep_ == "nsubj" and lemma_of(head) == "report"


def _is_boilerplate(text: str, lexicon: Lexicon) -> bool:
    lowered = text.lower()
    return any(phrase in lowered for phrase in lexicon.actors["boilerplate"])


def _guess_kind(span: Span, lexicon: Lexicon) -> str:
    head = span.root
    if in_words(head, lexicon.actors["group_nouns"] | lexicon.actors["militia_nouns"]):
        return _group_kind(list(span), head, lexicon)
    return "Organization"


def _clean_label(span: Span) -> str:
    tokens = list(span)
    while tokens and (tokens[0].lower_ in ("the", "a", "an") or tokens[0].pos_ == "DET"):
        tokens = tokens[1:]
    while tokens and tokens[-1].tag_ == "POS":
        tokens = tokens[:-1]
    text = "".join(t.text_with_ws for t in tokens).strip()
    return re.sub(r"\s+", " ", text)


def original_text(span: Span) -> str:
    """The span as the document wrote it (the parser may see a normalised copy)."""
    source = span.doc.user_data.get(ORIGINAL_TEXT)
    return span.text if source is None else source[span.start_char : span.end_char]


def span_mention(span: Span, entity: Entity, how: str, head: Token | None = None) -> Mention:
    return Mention(
        entity=entity,
        start=span.start,
        end=span.end,
        start_char=span.start_char,
        end_char=span.end_char,
        text=original_text(span),
        head=(head or span.root).i,
        how=how,
    )


def _demonym_mention(
    span: Span,
    state: CatalogActor,
    catalog: ActorCatalog,
    lexicon: Lexicon,
) -> Mention | None:
    root = span.root
    doc = span.doc
    if after_prefix(doc, span.start, lexicon):
        return span_mention(span, catalog_entity(state), "demonym")  # "pro-Russian separatists"
    if root.dep_ == "conj" and root.head.ent_id_.startswith("demonym:"):
        # "Turkish and Syrian officials": "Syrian" qualifies "officials" too; each demonym
        # is its own state and the noun is left to the claims, which read both
        return span_mention(span, catalog_entity(state), "demonym")
    if (
        span.end + 1 < len(doc)
        and doc[span.end].text == "-"
        and doc[span.end + 1].lower_ in lexicon.hyphen_index
    ):
        return span_mention(span, catalog_entity(state), "demonym")  # "Iranian-backed"
    if root.dep_ in ("amod", "compound", "nmod", "npadvmod") and root.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        title = root.head
        if title.dep_ == "compound" and (
            in_words(title, lexicon.actors["titles"])
            or in_words(title, lexicon.actors["government_nouns"])
        ):
            # "Iranian President Hassan Rouhani": the demonym names the state the title is of
            return span_mention(span, catalog_entity(state), "demonym")
        head = _noun_head(span)
        whole = span.doc[min(span.start, head.i) : max(span.end, head.i + 1)]
        if any(
            t.text[:1].isupper() and t.pos_ == "ADJ" and not t.ent_id_
            for t in doc[span.end : head.i]
        ):
            return None  # "Iraqi Kurdish forces": Kurdish forces, the demonym says where
        if any(t.ent_id_.startswith("demonym:") for t in whole if not span.start <= t.i < span.end):
            return span_mention(span, catalog_entity(state), "demonym")  # each its own state
        if any(c.dep_ == "conj" and c.ent_id_ for c in root.children):
            return span_mention(span, catalog_entity(state), "demonym")  # "Russian and Syrian jets"
        if any(t.ent_id_.startswith("actor:") for t in whole if not span.start <= t.i < span.end):
            return None  # "Iraqi Peshmerga forces": the phrase names a catalogued actor
        if in_words(head, lexicon.actors["government_nouns"]):
            if lemma_of(head) in (
                "government",
                "administration",
                "regime",
                "cabinet",
                "authorities",
            ):
                gov = catalog.government_of(state.iri)
                if gov is not None:
                    return span_mention(whole, catalog_entity(gov), "demonym", head)
            return span_mention(whole, catalog_entity(state), "demonym", head)
        relational = lexicon.role_index.get(head.lower_) not in (None, "memberOf")
        event = lexicon.noun_relation(head.lower_, lemma_of(head)) not in (None, "memberOf")
        where = in_words(head, lexicon.actors["conflict_nouns"])  # "the Syrian war"
        messages = lexicon.actors["message_nouns"]
        event = event or in_words(head, messages)  # "a Peruvian proposal"
        if (relational or (event and not where)) and root.dep_ == "amod":
            # "its Russian backers", "the Turkish strikes", "Iranian support"
            return span_mention(span, catalog_entity(state), "demonym")
        if in_words(head, lexicon.actors["military_nouns"]) or in_words(
            head, lexicon.actors["asset_nouns"]
        ):
            return span_mention(
                whole, catalog_entity(state), "demonym", head
            )  # "Israeli positions"
        return None
    if root.pos_ in ("NOUN", "PROPN") and root.dep_ not in ("amod", "compound"):
        return span_mention(span, catalog_entity(state), "demonym")
    return None


def after_prefix(doc: Doc, start: int, lexicon: Lexicon) -> bool:
    """The name at ``start`` follows a prefix such as "pro-" ("pro-Russian", "pro-Iran")."""
    prefixes = lexicon.relations["alliedWith"].words("hyphen_prefixes")
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in prefixes


def _is_hyphen_participle(token: Token, lexicon: Lexicon) -> bool:
    return token.lower_ in lexicon.hyphen_index and token.i >= 1 and token.nbor(-1).text == "-"


def _description_entity(tokens: list[Token], head: Token, lexicon: Lexicon) -> Entity:
    tokens = [t for t in tokens if not t.is_space]
    words = [t.lower_ for t in tokens if t.i != head.i] + [head.lemma_.lower()]
    label = "".join(t.text_with_ws for t in tokens).strip()
    key = " ".join(words)
    return Entity(str(actor_iri(key)), label, _group_kind(tokens, head, lexicon))


def _group_kind(tokens: list[Token], head: Token, lexicon: Lexicon) -> str:
    """The actor class of a group a description names: armed unless its noun or a qualifier
    says it is a group of civilians or a civil organisation."""
    civil = lexicon.actors["civil_qualifiers"]
    if in_words(head, lexicon.actors["civil_group_nouns"]) or any(
        t.i != head.i and in_words(t, civil) for t in tokens
    ):
        return "Organization"
    if in_words(head, lexicon.actors["militia_nouns"]):
        return "Militia"
    if in_words(head, lexicon.actors["insurgent_nouns"]):
        return "InsurgentGroup"
    return "ArmedGroup"


QUALIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
DEMONSTRATIVES = frozenset({"this", "these", "that", "those"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})


def _descriptions(doc: Doc, result: DocumentActors, lexicon: Lexicon) -> None:
    group_nouns = lexicon.actors["group_nouns"] | lexicon.actors["civil_group_nouns"]
    for token in doc:
        if token.i in result.by_token or token.pos_ not in ("NOUN", "PROPN"):
            continue
        if not in_words(token, group_nouns) or token.dep_ == "compound":
            continue
        if any(c.lower_ in DEMONSTRATIVES for c in token.children):
            continue  # "this terrorist organisation" points back; it names no new actor
        if token.dep_ in ("attr", "oprd", "ccomp") or (
            token.dep_ == "pobj" and token.head.lower_ == "as"
        ):
            continue  # "labelled X a terrorist organisation": what X is said to be
        mods = [c for c in token.children if c.dep_ in QUALIFIER_DEPS and c.i < token.i]
        # "Iranian-backed militias", "pro-Russian separatists": the hyphenated participle or
        # prefix relates its actor to the group (a claim); the group itself is named by its
        # other qualifiers, if any
        hyphenated = [m for m in mods if _is_hyphen_participle(m, lexicon)]
        prefixed = {
            i
            for m in mods
            if after_prefix(doc, m.i, lexicon) and m.i in result.by_token
            for i in range(m.i - 2, result.by_token[m.i].end)
        }
        hyphenated += [m for m in mods if m.i in prefixed and m not in hyphenated]
        # a rank names no group: "the largest Protestant organization" is the Protestant one
        mods = [m for m in mods if m not in hyphenated and m.tag_ not in ("JJS", "RBS")]
        if not mods and not hyphenated:
            continue
        rebels = in_words(
            token, lexicon.actors["insurgent_nouns"] | lexicon.actors["militia_nouns"]
        )
        civilians = in_words(token, lexicon.actors["civil_group_nouns"])
        named = [result.by_token[c.i] for c in mods if c.i in result.by_token]
        if (rebels or civilians) and named and all(_people_of(m) for m in named):
            # "Kosovo Albanian rebels" fight their state, not for it; "Syrian refugees",
            # "Kashmiri demonstrators" are people from there, not its state or a group NER saw
            for mention in named:
                if mention in result.mentions:
                    result.remove(mention)
        if named and all(m.entity.is_place and m.how != "catalog" for m in named):
            for mention in named:  # "Tuareg separatists", "Darfur rebels": a group from there
                if mention in result.mentions:
                    result.remove(mention)
        if any(c.i in result.by_token for c in mods):
            continue
        if any(c.dep_ == "poss" for c in token.children) and not rebels:
            continue  # "Iraq's military" is Iraq's, not an actor of its own
        if token.dep_ == "appos" and token.head.i in result.by_token:
            continue  # "the STC, a separatist movement": a description of a named actor
        if any(
            c.dep_ == "prep"
            and c.lower_ in ("including", "like", "of", "from", "such")
            and any(t.i in result.by_token for t in c.subtree)
            for c in token.children
        ):
            continue  # "armed groups including X", "militants from X": the named ones
        if not all(m.pos_ in ("PROPN", "ADJ", "NOUN") and m.text[:1].isalpha() for m in mods):
            continue
        # a qualifying modifier is a name-like adjective ("Sunni", "Shiite") or an organ noun
        # ("government forces"); plain adjectives ("heavy fighting", "many troops") do not make
        # a distinct actor
        qualifiers = lexicon.actors["group_qualifiers"] | lexicon.actors["government_nouns"]
        if mods and not any(m.text[:1].isupper() or in_words(m, qualifiers) for m in mods):
            continue
        if mods:
            # "the Gran Grif gang": a modifier's own compounds belong to the name
            start = min(m.left_edge.i if m.dep_ == "compound" else m.i for m in mods)
            if any(i in result.by_token for i in range(start, token.i)):
                start = min(m.i for m in mods)
            span = doc[start : token.i + 1]
            entity = _description_entity(list(span), token, lexicon)
        else:
            first = min(t.i for m in hyphenated for t in m.subtree)
            span = doc[token.i : token.i + 1]
            entity = _description_entity(list(doc[first : token.i + 1]), token, lexicon)
        result.add(span_mention(span, entity, "description"))


def _people_of(mention: Mention) -> bool:
    """A modifier naming where a group's people are from: a state's demonym, or one word NER
    took for a group ("Kashmiri")."""
    return mention.entity.kind == "State" or (
        mention.how == "ner" and mention.end - mention.start == 1
    )


def _modifier_only(token: Token, lexicon: Lexicon) -> bool:
    """A name that only qualifies another noun ("an Al Qaeda offshoot"), unless that noun is
    a group or asset of the name ("ISIS fighters", "an ISIS force")."""
    if token.dep_ not in MODIFIER_DEPS:
        return False
    generic = lexicon.actors["group_nouns"] | lexicon.actors["asset_nouns"]
    return not in_words(token.head, generic)


NON_STATE_KINDS = frozenset({"InsurgentGroup", "Militia"})


def _facilities(doc: Doc, result: DocumentActors, lexicon: Lexicon) -> None:
    """ "the Turkish consulate in Mosul", "the Haditha dam": a facility named by its
    qualifiers is a place of its own (and the demonym is not its state acting)."""
    for token in doc:
        if token.i in result.by_token or not in_words(token, lexicon.actors["facility_nouns"]):
            continue
        mods = [c for c in token.children if c.dep_ in QUALIFIER_DEPS and c.i < token.i]
        if not mods or not any(m.text[:1].isupper() for m in mods):
            continue
        span = doc[min(m.i for m in mods) : token.i + 1]
        for i in range(span.start, span.end):  # a demonym here describes, it does not act
            mention = result.by_token.get(i)
            if mention is not None and mention.how == "demonym":
                result.remove(mention)
        if any(i in result.by_token for i in range(span.start, span.end)):
            continue
        result.add(span_mention(span, place_entity(_clean_label(span)), "description"))


def _named_places(doc: Doc, result: DocumentActors, lexicon: Lexicon) -> None:
    """ "the town of Sake", "the village, Kibati", "Goma fell to the M23", "Rafah, held by
    Hamas": a capitalised name that a place noun introduces, that falls to someone or that
    someone holds is a place even when NER did not tag it."""
    falling = lexicon.relations["controls"].words("place_subject_verbs")

    taken = lexicon.relations["controls"].verbs
    control_nouns = lexicon.relations["controls"].nouns

    def falls(token: Token) -> bool:  # "Goma fell to the rebels", "Rafah, held by Hamas"
        verb = token.head
        if token.pos_ != "PROPN":
            return False
        if token.dep_ == "nsubj" and lemma_of(verb) in falling:
            return any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)
        if token.dep_ == "nsubjpass" and lemma_of(verb) in taken:  # "Idlib is held by HTS"
            return any(c.dep_ == "agent" for c in verb.children)
        if token.dep_ == "nsubj" and verb.pos_ == "AUX":  # "Raqqa is under SDF control"
            return any(
                c.dep_ == "prep"
                and c.lower_ == "under"
                and any(lemma_of(n) in control_nouns for n in c.children)
                for c in verb.children
            )
        return any(
            c.dep_ == "acl" and lemma_of(c) in taken and any(a.dep_ == "agent" for a in c.children)
            for c in token.children
        )

    for token in doc:
        if (
            token.i in result.by_token
            or token.pos_ not in ("PROPN", "NOUN")  # the tagger takes "Sake" for "sake"
            or not token.text[:1].isupper()
            or token.ent_type_ not in ("", "GPE", "LOC", "FAC")
        ):
            continue
        if not falls(token) and (token.is_sent_start or not _listed_by_place_noun(token, lexicon)):
            continue
        start = min([token.i] + [c.i for c in token.lefts if c.dep_ == "compound"])
        if any(i in result.by_token for i in range(start, token.i)):
            continue
        span = doc[start : token.i + 1]
        result.add(span_mention(span, place_entity(_clean_label(span)), "description"))


def _tokens_in_reach(doc: Doc) -> Iterator[tuple[Token, int]]:
    """Each token with the start of its reach: the two sentences before its own, where an
    anaphor looks for what it stands for."""
    sentences = list(doc.sents)
    for index, sent in enumerate(sentences):
        window_start = sentences[max(0, index - 2)].start
        for token in sent:
            yield token, window_start


def _anaphors(doc: Doc, result: DocumentActors, lexicon: Lexicon) -> None:
    """ "the group", "the extremist group", "the militants": the most recent armed actor, when
    the choice is unambiguous. Insurgent groups and militias are preferred over other armed
    actors (armies are rarely "the group"); names used only as modifiers ("an Al Qaeda
    offshoot") introduce no referent."""
    nouns = lexicon.actors["anaphoric_nouns"]
    for token, window_start in _tokens_in_reach(doc):
        if token.i in result.by_token or not in_words(token, nouns) or token.pos_ != "NOUN":
            continue
        children = list(token.children)
        demonstrative = any(c.lower_ in DEMONSTRATIVES for c in children)
        if not demonstrative and not any(c.lower_ == "the" for c in children):
            continue
        if any(c.dep_ == "prep" or c.i in result.by_token for c in children):
            continue
        qualified = any(c.dep_ in QUALIFIER_DEPS for c in children)
        if (
            qualified
            and token.lower_ not in lexicon.actors["singular_anaphors"]
            and not demonstrative
        ):
            continue  # "the Sunni militants" may be a group of its own ("these Sunni
            # militants" may not)
        insurgent = in_words(token, lexicon.actors["insurgent_anaphors"])
        previous = sorted(
            (
                m
                for m in result.mentions
                if window_start <= m.start < token.i
                and m.entity.kind in ARMED_KINDS
                and not (insurgent and m.entity.kind == "Militia")
                and m.how != "anaphor"
                and not _modifier_only(doc[m.head], lexicon)
                and not _co_argument(doc, m, token)
            ),
            key=lambda m: m.start,
        )
        rebels = [m for m in previous if m.entity.kind in NON_STATE_KINDS]
        non_state = [m for m in previous if is_non_state(m.entity, result.catalog)]
        for pool in (rebels, non_state, previous):
            candidates = {m.entity.iri for m in pool}
            if candidates:
                break
        if len(candidates) != 1:
            continue
        span = doc[token.i : token.i + 1]
        result.add(span_mention(span, pool[-1].entity, "anaphor"))


def _place_anaphors(doc: Doc, result: DocumentActors, lexicon: Lexicon) -> None:
    """ "the city", "the town": the one place named in the last sentences (not a state or a
    region spoken of as a country); left out when more than one is in reach."""
    nouns = lexicon.actors["place_anaphors"]
    for token, window_start in _tokens_in_reach(doc):
        if token.i in result.by_token or token.pos_ != "NOUN" or not in_words(token, nouns):
            continue
        children = list(token.children)
        if not any(c.lower_ == "the" for c in children) or any(
            c.dep_ in (*QUALIFIER_DEPS, "prep", "appos", "relcl", "acl") for c in children
        ):
            continue  # "the city of X", "the northern city", "the town, X" name their own
        places = (
            {
                m.entity.iri: m.entity
                for m in result.mentions
                if window_start <= m.start < token.i
                and m.entity.is_place
                and m.how != "anaphor"
                and (result.catalog is None or not result.catalog.lookup(m.entity.label))
                # where the story was filed, when the text names another place
                and not _is_dateline(doc[m.start : m.end])
            }
            or {
                m.entity.iri: m.entity
                for m in result.mentions
                if window_start <= m.start < token.i and _is_dateline(doc[m.start : m.end])
            }
        )
        if len(places) == 1:
            (entity,) = places.values()
            result.add(span_mention(doc[token.i : token.i + 1], entity, "anaphor"))


def _co_argument(doc: Doc, mention: Mention, token: Token) -> bool:
    """``mention`` is another argument of the verb ``token`` depends on ("Russia backs the
    junta"): a description there names someone else, not it."""
    verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    head = doc[mention.head]
    while head.dep_ in ("conj", "appos") and head.head is not head:
        head = head.head
    return verb is not None and head.head == verb


def is_non_state(entity: Entity, catalog: ActorCatalog | None) -> bool:
    """An armed group that is no state's force (Hamas, a mercenary company): what "the
    group" points back to when no insurgent group or militia is in reach."""
    if entity.kind in NON_STATE_KINDS:
        return True
    if entity.kind != "ArmedGroup" or catalog is None or entity.iri not in catalog:
        return False
    return _state_of(catalog[entity.iri], catalog) is None


def _capitals(doc: Doc, result: DocumentActors, catalog: ActorCatalog, lexicon: Lexicon) -> None:
    """ "the Iraqi capital" is the capital the catalog gives Iraq; a bare "the capital" is the
    capital city the document named last. Both are places (an assault on the capital is
    aimed at a city; "the capital said" is rare enough to leave)."""
    nouns = lexicon.actors["capital_nouns"]
    last: Mention | None = None
    for token in doc:
        named = result.by_token.get(token.i)
        if named is not None and named.how == "metonym" and named.start == token.i:
            last = named
        if token.i in result.by_token or not in_words(token, nouns) or token.pos_ != "NOUN":
            continue
        children = list(token.children)
        if not any(c.lower_ == "the" for c in children) or any(
            c.dep_ in ("appos", "poss", "prep") and c.pos_ != "PRON" for c in children
        ):
            continue  # "the capital Baghdad", "Iraq's capital", "the capital of Iraq" name it
        qualifiers = [c for c in children if c.dep_ in QUALIFIER_DEPS and c.i < token.i]
        city: str | None = None
        if qualifiers:
            states = [catalog.by_demonym(c.text) for c in qualifiers]
            state = states[0] if len(states) == 1 else None
            seat = catalog.government_of(state.iri) if state is not None else None
            metonyms = (state.metonyms if state else ()) or (seat.metonyms if seat else ())
            if metonyms:
                city = metonyms[0]  # the catalog lists a state's capital first
            for c in qualifiers:  # the demonym here describes the city, it does not act
                mention = result.by_token.get(c.i)
                if city is not None and mention is not None:
                    result.remove(mention)
        elif last is not None:  # as the city was resolved ("PORT-AU-PRINCE" → Port-au-Prince)
            city = (
                last.entity.label
                if last.entity.is_place
                else _clean_label(doc[last.start : last.end])
            )
        if city is not None:
            start = min([token.i, *(c.i for c in qualifiers)])
            result.add(span_mention(doc[start : token.i + 1], place_entity(city), "anaphor", token))


def _coalitions(doc: Doc, result: DocumentActors, catalog: ActorCatalog, lexicon: Lexicon) -> None:
    """ "the coalition", "coalition aircraft", "Coalition military forces": the one coalition
    the document names (a catalogued actor with "coalition" in a name); when it names none,
    its coalition forces are one described actor, "coalition forces". "The alliance" is
    likewise the one alliance the document names."""
    force_nouns = (
        lexicon.actors["military_nouns"]
        | lexicon.actors["group_nouns"]
        | lexicon.actors["coalition_member_nouns"]
    )
    described = Entity(str(actor_iri("coalition forces")), "coalition forces", "ArmedGroup")
    for nouns, fallback in (
        (lexicon.actors["coalition_nouns"], described),
        (lexicon.actors["alliance_nouns"], None),
    ):
        named = {  # not "the Myanmar National Democratic Alliance Army": an army
            iri: entity
            for iri, entity in {m.entity.iri: m.entity for m in result.mentions}.items()
            if iri in catalog
            and any(
                nouns.intersection(words) and words[-1] not in force_nouns
                for words in (n.lower().split() for n in catalog[iri].names)
            )
        }
        coalition = next(iter(named.values())) if len(named) == 1 else None
        for token in doc:
            if not in_words(token, nouns) or token.i in result.by_token:
                continue
            head = token.head
            if token.dep_ in QUALIFIER_DEPS and in_words(head, force_nouns) and head.i > token.i:
                if any(i in result.by_token for i in range(token.i, head.i + 1)):
                    continue
                entity = coalition or fallback
                if entity is None:
                    continue
                span = doc[token.i : head.i + 1]  # "coalition (military) forces"
                # "Coalition military forces" is a name the coalition goes by (an alias)
                result.add(span_mention(span, entity, "description", head))
                coalition = entity  # a later "the coalition" is the same
            elif (
                coalition is not None
                and any(c.lower_ == "the" for c in token.children)
                and not any(
                    c.dep_ in QUALIFIER_DEPS or (c.dep_ == "prep" and c.lower_ == "of")
                    for c in token.children
                )  # "the alliance of X" names its own
            ):
                result.add(span_mention(doc[token.i : token.i + 1], coalition, "anaphor"))


def _national_force(state: CatalogActor, noun: str, catalog: ActorCatalog) -> CatalogActor | None:
    """The catalogued armed force "<demonym> <noun>" of ``state`` ("Sudanese army")."""
    for demonym in state.demonyms:
        organ = catalog.lookup(f"{demonym} {noun}")
        if organ is not None and organ.kind == "ArmedGroup":
            return organ
    return None


def _own_force(state: CatalogActor, noun: str, catalog: ActorCatalog) -> CatalogActor | None:
    """The state's catalogued force that "the <noun>" names, else its army."""
    return _national_force(state, noun, catalog) or _national_force(state, "army", catalog)


def _state_organs(
    doc: Doc, result: DocumentActors, catalog: ActorCatalog, lexicon: Lexicon
) -> None:
    """ "Sudan's army" is the state's catalogued armed force, so that a later "the army" can
    find it; "Nigeria's government" is the state's government (the state where the catalog
    has none), named by the whole phrase."""
    for mention in list(result.mentions):
        root = doc[mention.end - 1]
        if mention.entity.iri not in catalog or root.dep_ != "poss":
            continue
        noun = root.head
        if noun.i in result.by_token:
            continue
        state = catalog[mention.entity.iri]
        if state.kind == "Government" and state.governs in catalog:
            state = catalog[state.governs]
        if state.kind != "State":
            continue
        if in_words(noun, lexicon.actors["military_nouns"]):
            organ = _national_force(state, noun.lower_, catalog)
        elif in_words(noun, lexicon.actors["government_anaphors"]) and noun.i == mention.end + 1:
            # right after "'s": "Syria's Iranian-backed government" keeps its qualifier's claim
            organ = catalog.government_of(state.iri) or state
        else:
            continue
        if organ is not None:
            result.remove(mention)
            span = doc[mention.start : noun.i + 1]
            result.add(span_mention(span, catalog_entity(organ), "catalog", noun))


def _unnamed_offices(
    doc: Doc, result: DocumentActors, catalog: ActorCatalog, lexicon: Lexicon
) -> None:
    """ "a demand from the US President": an office of a state named by no person is the
    state, named by the whole phrase (as "the Israeli prime minister" is)."""
    offices = lexicon.actors["government_nouns"]
    for mention in list(result.mentions):
        if mention.entity.iri not in catalog or catalog[mention.entity.iri].kind != "State":
            continue
        last = doc[mention.end - 1]
        if mention.end >= len(doc) or last.dep_ != "compound" or last.head.i != mention.end:
            continue
        office = doc[mention.end]
        if office.i in result.by_token or not in_words(office, offices):
            continue
        if any(c.dep_ in ("appos", "compound") and c.i > office.i for c in office.children):
            continue  # "US President Barack Obama": the office names its holder
        if office.i + 1 < len(doc) and doc[office.i + 1].pos_ == "PROPN":
            continue  # "US President Obama"
        result.remove(mention)
        result.add(span_mention(doc[mention.start : office.i + 1], mention.entity, "catalog"))


def _organ_anaphors(
    doc: Doc, result: DocumentActors, catalog: ActorCatalog, lexicon: Lexicon
) -> None:
    """ "the army", "the military": the one national armed force named in the last sentences
    ("Sudan's army said … The army, led by …"); "the government", "the junta": the one
    government, or state without a separate government entry, named there. Left out when
    more than one is in reach."""
    army_nouns = lexicon.actors["army_anaphors"]
    government_nouns = lexicon.actors["government_anaphors"]

    def national_force(iri: str) -> bool:
        actor = catalog[iri]
        return actor.kind == "ArmedGroup" and any(
            catalog[o].kind in ("State", "Government") for o in actor.member_of if o in catalog
        )

    def governing(iri: str) -> bool:
        actor = catalog[iri]
        return actor.kind == "Government" or (
            actor.kind == "State" and catalog.government_of(iri) is None
        )

    for token, window_start in _tokens_in_reach(doc):
        if token.i in result.by_token or token.pos_ != "NOUN":
            continue
        if in_words(token, army_nouns):
            fits = national_force
        elif in_words(token, government_nouns):
            fits = governing
        else:
            continue
        children = list(token.children)
        if not any(c.lower_ == "the" for c in children) or any(
            c.dep_ in QUALIFIER_DEPS and c.text[:1].isupper() for c in children
        ):
            continue  # "the Iraqi army" is named; "the ruling junta" may still point back
        if any(  # "the army of Chad" names its own state
            p.i in result.by_token for c in children if c.dep_ == "prep" for p in c.children
        ):
            continue
        found = {
            m.entity.iri: m.entity
            for m in result.mentions
            if window_start <= m.start < token.i
            and m.entity.iri in catalog
            and not m.entity.is_place
            and fits(m.entity.iri)
            and not _co_argument(doc, m, token)
        }
        home = catalog[result.home_state] if result.home_state else None
        states_in_reach = {
            _state_of(catalog[m.entity.iri], catalog)
            for m in result.mentions
            if window_start <= m.start < token.i and m.entity.iri in catalog
        } - {None}
        if not found and home is not None and states_in_reach <= {home.iri}:
            # none named, and no other state in reach: the dateline's state's own
            if fits is national_force:
                organ = _own_force(home, token.lower_, catalog)
            else:
                organ = catalog.government_of(home.iri) or home
            if organ is not None:
                found = {organ.iri: catalog_entity(organ)}
        if len(found) == 1:
            (entity,) = found.values()
            if _rebels_of_another_state(doc, catalog, lexicon, window_start, token, entity):
                continue
            result.add(span_mention(doc[token.i : token.i + 1], entity, "anaphor"))


def _rebels_of_another_state(
    doc: Doc,
    catalog: ActorCatalog,
    lexicon: Lexicon,
    window_start: int,
    token: Token,
    entity: Entity,
) -> bool:
    """ "Qatar armed Syrian rebels fighting the government": rebels named by another state's
    demonym in reach make "the government" as likely theirs, so it stays unresolved."""
    own = _state_of(catalog[entity.iri], catalog) if entity.iri in catalog else None
    rebels = lexicon.actors["insurgent_nouns"] | lexicon.actors["militia_nouns"]
    for noun in doc[window_start : token.i]:
        if noun.pos_ != "NOUN" or not in_words(noun, rebels):
            continue
        for modifier in noun.children:
            if modifier.dep_ in QUALIFIER_DEPS and modifier.i < noun.i:
                origin = catalog.by_demonym(modifier.text)
                if origin is not None and origin.kind == "State" and origin.iri != own:
                    return True
    return False


def _state_of(actor: CatalogActor, catalog: ActorCatalog) -> str | None:
    """The state a state, its government, its national armed force or one of its catalogued
    leaders stands for."""
    if actor.kind == "State":
        return actor.iri
    if actor.kind == "Government":  # a regional government may govern no catalogued state
        return actor.governs or actor.iri
    if actor.kind in ("ArmedGroup", "Person"):
        for organ in (catalog[o] for o in actor.member_of if o in catalog):
            if organ.kind in ("State", "Government"):
                return _state_of(organ, catalog)
    return None


def _government_forces(
    doc: Doc, result: DocumentActors, catalog: ActorCatalog, lexicon: Lexicon
) -> None:
    """ "government forces", "federal troops": the one national armed force named in the last
    sentences, else the one government (or state) named there, else the dateline's state;
    left as a description when more than one is in reach."""
    qualifiers = lexicon.actors["government_force_qualifiers"]
    military = lexicon.actors["military_nouns"]
    for token, window_start in _tokens_in_reach(doc):
        if token.i in result.by_token or not in_words(token, military):
            continue
        mods = [c for c in token.children if c.dep_ in QUALIFIER_DEPS and c.i < token.i]
        if not mods or not all(in_words(m, qualifiers) and not m.text.isupper() for m in mods):
            continue
        if any(c.dep_ == "poss" for c in token.children):
            continue
        sides: dict[str, set[str]] = {}  # state → the forces of it named in reach
        for m in result.mentions:
            if (
                not (window_start <= m.start < token.i)
                or m.how == "anaphor"
                or m.entity.is_place
                or m.entity.iri not in catalog
                or _co_argument(doc, m, token)
            ):
                continue
            state = _state_of(catalog[m.entity.iri], catalog)
            if state is not None:
                force = catalog[m.entity.iri].kind == "ArmedGroup"
                sides.setdefault(state, set()).update({m.entity.iri} if force else ())
        if not sides and result.home_state:
            sides = {result.home_state: set()}  # none in reach: the dateline's state
        if len(sides) != 1:
            continue
        ((state, forces),) = sides.items()
        if len(forces) == 1:
            entity = catalog_entity(catalog[next(iter(forces))])
        elif not forces:  # "Ethiopian forces" when the catalog knows them, else the state
            organ = _own_force(catalog[state], token.lower_, catalog)
            entity = catalog_entity(organ or catalog.government_of(state) or catalog[state])
        else:
            continue
        span = doc[min(m.i for m in mods) : token.i + 1]
        result.add(span_mention(span, entity, "anaphor", token))


def find_mentions(
    parsed: ParsedDocument, catalog: ActorCatalog, lexicon: Lexicon
) -> DocumentActors:
    """The actor and place mentions one parsed document names or describes, each resolved to
    an entity; words that stand for an actor named elsewhere come next
    (:func:`kg.extract.reference.resolve_mentions`)."""
    doc = parsed.doc
    result = DocumentActors(parsed, catalog)
    titles = lexicon.actors["titles"]
    persons = _people_by_surname(doc, catalog, titles)
    for ent in doc.ents:
        if _is_boilerplate(ent.text, lexicon):
            continue
        kind_of_match, _, iri = ent.ent_id_.partition(":")
        if kind_of_match == "actor" and iri in catalog:
            actor = catalog[iri]
            home = _state_of(actor, catalog)
            if len(ent) > 1 and after_prefix(doc, ent.start, lexicon) and home in catalog:
                # "pro-Russian forces" are for Russia, not Russia's: only the state is named
                first = doc[ent.start : ent.start + 1]
                result.add(span_mention(first, catalog_entity(catalog[home]), "demonym"))
                continue
            if actor.kind == "State" and (
                _is_region(ent.root, lexicon)
                or (not _acts(ent.root, lexicon) and _is_locative(ent.root))
            ):
                result.add(span_mention(ent, place_entity(actor.label), "catalog"))
            elif not _is_news_source(ent, lexicon):
                result.add(span_mention(ent, catalog_entity(actor), "catalog"))
            continue
        if kind_of_match == "demonym" and iri in catalog:
            mention = _demonym_mention(ent, catalog[iri], catalog, lexicon)
            if mention is not None:
                result.add(mention)
            continue
        if kind_of_match == "metonym" and iri in catalog:
            if ent.start > 0 and _inside_longer_name(doc[ent.start - 1], ent):
                continue  # "Real Madrid", "Greater Cairo Authority": part of another name
            if _is_dateline(ent):  # "PORT-AU-PRINCE, Haiti —": the city, as the catalog spells it
                home = _state_of(catalog[iri], catalog)
                if result.home_state is None and home in catalog:
                    result.home_state = home
                shouted = normalise_name(_clean_label(ent))
                spelled = next(
                    (m for m in catalog[iri].metonyms if normalise_name(m) == shouted),
                    _clean_label(ent).title(),
                )
                result.add(span_mention(ent, place_entity(spelled), "metonym"))
                continue
            before = doc[ent.start - 1] if ent.start > 0 else None
            after_locative = (
                before is not None
                and before.lower_ in SPATIAL_PREPS
                and not (before.lower_ == "in" and _bare_ruler(before.head, lexicon))
            )
            if _acts(ent.root, lexicon) and not after_locative:  # not "Near Damascus, …"
                result.add(span_mention(ent, catalog_entity(catalog[iri]), "metonym"))
            else:
                result.add(span_mention(ent, place_entity(_clean_label(ent)), "metonym"))
            continue
        _resolve_ner(ent, result, catalog, lexicon, titles, persons)
    for token in doc:  # a bare surname NER missed ("Diallo said")
        if token.pos_ == "PROPN" and token.i not in result.by_token and token.ent_type_ == "":
            person = persons.get(surname_key(token.text))
            if person is not None and token.text[:1].isupper():
                result.add(span_mention(doc[token.i : token.i + 1], person, "ner"))
    _longer_names(doc, result, catalog, lexicon)
    _defined_aliases(doc, result, lexicon)
    _facilities(doc, result, lexicon)
    _named_places(doc, result, lexicon)
    _state_organs(doc, result, catalog, lexicon)
    _unnamed_offices(doc, result, catalog, lexicon)
    _capitals(doc, result, catalog, lexicon)
    _coalitions(doc, result, catalog, lexicon)
    _anaphors(doc, result, lexicon)
    _organ_anaphors(doc, result, catalog, lexicon)
    _government_forces(doc, result, catalog, lexicon)
    _place_anaphors(doc, result, lexicon)
    _descriptions(doc, result, lexicon)
    _role_appositions(doc, result, lexicon)
    result.mentions.sort(key=lambda m: m.start)
    return result


def _longer_names(
    doc: Doc, result: DocumentActors, catalog: ActorCatalog, lexicon: Lexicon
) -> None:
    """A state's name or adjective opening a longer capitalised name ("U.S. Naval Forces
    Central Command", "the Syrian National Council") is part of that organisation's name:
    the catalog match stopped the statistical NER from seeing the whole."""
    heads = lexicon.actors["organization_heads"]
    for ent in doc.ents:
        kind_of_match, _, iri = ent.ent_id_.partition(":")
        if iri not in catalog or catalog[iri].kind != "State":
            continue
        if kind_of_match not in ("actor", "demonym"):
            continue
        end = ent.end
        while (
            end < len(doc)
            and doc[end].pos_ in ("PROPN", "ADJ", "NOUN")
            and doc[end].text[:1].isupper()
            and end not in result.by_token
        ):
            end += 1
        if end == ent.end or not in_words(doc[end - 1], heads):
            continue
        if not ent.start <= doc[ent.end - 1].head.i < end:
            continue  # the state name must modify the name that follows it
        span = doc[ent.start : end]
        text = _clean_label(span)
        known = catalog.lookup(text)
        if known is not None:
            entity = catalog_entity(known)
        else:
            entity = Entity(str(actor_iri(text)), text, _guess_kind(span, lexicon))
        mention = result.by_token.get(ent.start)
        if mention is not None:
            result.remove(mention)
        result.add(span_mention(span, entity, "catalog" if known else "ner"))


ALIAS_CUES = ("also known as", "known as", "aka", "a.k.a.", "or", "formerly")


# a language gloss that gives an English rendering in quotes: (Arabic: جيش …, "Army of …")
GLOSS_TRANSLATION = re.compile(
    r"\((?:[A-Z][a-z]+): [^()\n]{0,200}?[\"“]+([A-Z][^\"“”()\n]{2,80})[\"”]+[^()\n]{0,40}\)"
)
QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})


def _unquoted(span: Span) -> Span:
    while len(span) > 1 and span[0].text in QUOTES:
        span = span[1:]
    while len(span) > 1 and span[-1].text in QUOTES:
        span = span[:-1]
    return span


def _quoted_name_after(doc: Doc, end: int) -> str | None:
    """The quoted name in ", also called “Q-West”" / "known as 'the Butcher'" right after a
    mention, read off the tokens (the parser often attaches such clauses elsewhere)."""
    i = end
    while i < len(doc) and doc[i].lower_ in (",", "also", "sometimes", "locally", "widely"):
        i += 1
    if i < len(doc) and doc[i].lower_ in ("called", "nicknamed", "dubbed", "named"):
        i += 1
    elif i + 1 < len(doc) and doc[i].lower_ == "known" and doc[i + 1].lower_ == "as":
        i += 2
    else:
        return None
    if i >= len(doc) or doc[i].text not in QUOTES:
        return None
    close = next((t.i for t in doc[i + 1 : i + 12] if t.text in QUOTES), None)
    if close is None or close == i + 1:
        return None
    name = doc[i + 1 : close].text
    return name if name[:1].isupper() else None


def _defined_aliases(doc: Doc, result: DocumentActors, lexicon: Lexicon) -> None:
    """Names a document defines for an entity, then uses: "Syrian Democratic Forces (SDF)",
    "Daesh (also known as ISIL)". Later bare uses of the defined name are that entity."""
    defined: dict[str, Entity] = {}
    for mention in sorted(result.mentions, key=lambda m: m.start):
        if mention.entity.is_place:
            continue  # "CAIRO (Reuters)": a dateline's agency, not another name of the city
        after = doc[mention.end : mention.end + 8]
        if after and after[0].text in ("'s", "\u2019s"):  # "Central Command's (CENTCOM)"
            after = doc[mention.end + 1 : mention.end + 9]
        if len(after) < 3 or after[0].text != "(":
            continue
        close = next((t.i for t in after if t.text == ")"), None)
        if close is None:
            continue
        inner = doc[after[0].i + 1 : close]
        text = inner.text
        for cue in ALIAS_CUES:
            if text.lower().startswith(cue + " "):
                inner = doc[inner.start + len(cue.split()) : inner.end]
                break
        existing = result.by_token.get(inner.start) if inner else None
        if (
            existing is not None
            and existing.how == "ner"
            and (existing.start, existing.end) == (inner.start, inner.end)
            and existing.entity.iri != mention.entity.iri
        ):
            result.remove(existing)  # NER saw the acronym as a name of its own
        elif not inner or any(t.i in result.by_token for t in inner):
            if existing is not None and existing.entity.iri != mention.entity.iri:
                # "Daesh (ISIL)": two names the text says are one; note it on both
                result.extra_names.setdefault(mention.entity.iri, set()).add(existing.text)
            continue
        if not any(c.isupper() for c in inner.text) or len(inner.text) > 40:
            continue
        defined[inner.text] = mention.entity
        result.add(
            span_mention(inner, mention.entity, "catalog" if mention.how == "catalog" else "ner")
        )
    renamed: dict[str, Entity] = {}
    for mention in list(result.mentions):  # "Abboud Qanbar, known as Abu Haidar"
        for clause in doc[mention.head].children:
            if clause.dep_ != "acl" or clause.lemma_ not in lexicon.actors["naming_verbs"]:
                continue
            for child in clause.children:
                names = [child] if child.dep_ in ("oprd", "attr") else []
                if child.dep_ == "prep" and child.lower_ == "as":
                    names = [p for p in child.children if p.dep_ == "pobj"]
                for name in names:
                    span = _unquoted(doc[name.left_edge.i : name.right_edge.i + 1])
                    if span.text[:1].isupper() and len(span.text) <= 60:
                        result.extra_names.setdefault(mention.entity.iri, set()).add(span.text)
                    named = result.by_token.get(name.i)
                    if named is not None and named.how == "ner" and named.entity != mention.entity:
                        renamed[named.entity.iri] = mention.entity
    source = doc.user_data.get(ORIGINAL_TEXT, doc.text)
    for gloss in GLOSS_TRANSLATION.finditer(source):  # (Arabic: …, "Army of the …")
        before = [m for m in result.mentions if 0 <= gloss.start() - m.end_char <= 1]
        if before:
            result.extra_names.setdefault(before[0].entity.iri, set()).add(gloss.group(1).strip())
    for mention in list(result.mentions):  # "…West, also called “Q-West”": the parse aside
        quoted = _quoted_name_after(doc, mention.end)
        if quoted is not None:
            result.extra_names.setdefault(mention.entity.iri, set()).add(quoted)
    for named in list(result.mentions):  # every use of the alias is the named actor
        if named.how == "ner" and named.entity.iri in renamed:
            result.remove(named)
            result.add(replace(named, entity=renamed[named.entity.iri]))
    for name, entity in defined.items():  # later uses, however they tokenise ("ADF-X")
        for start in range(len(doc)):
            earlier = result.by_token.get(start)
            if (
                earlier is not None
                and earlier.how == "ner"
                and earlier.text == name
                and earlier.entity.iri != entity.iri
            ):
                result.remove(earlier)  # NER's own reading of the defined name
            if start in result.by_token or not name.startswith(doc[start].text):
                continue
            end = start + 1
            while end < len(doc) and len(doc[start:end].text) < len(name):
                end += 1
            if doc[start:end].text == name and all(
                i not in result.by_token for i in range(start, end)
            ):
                result.add(span_mention(doc[start:end], entity, "ner"))


def _role_appositions(doc: Doc, result: DocumentActors, lexicon: Lexicon) -> None:
    """ "Joseph Votel, commander of U.S. Central Command" / "the Foreign Secretary, Boris
    Johnson": within the document the role phrase names the person; keep it as a surface
    form of that person (not as a separate actor)."""
    roles = lexicon.actors["titles"] | frozenset(lexicon.role_index)
    for mention in result.mentions:
        if mention.entity.kind != "Person":
            continue
        head = doc[mention.head]
        candidates = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            candidates.append(head.head)
        holders = [head, head.head] if head.dep_ == "appos" else [head]
        for clause in (c for h in holders for c in h.children):
            # "Assad, who would later become the President of Syria"
            if clause.dep_ == "relcl" and clause.lemma_ in ("be", "become", "remain", "serve"):
                candidates.extend(c for c in clause.children if c.dep_ in ("attr", "oprd"))
        for noun in candidates:
            if noun.i in result.by_token or noun.pos_ not in ("NOUN", "PROPN"):
                continue
            # a role: a title or role noun, or a capitalised office ("Acting General Director
            # of the Office of Museums")
            if not (in_words(noun, roles) or noun.lower_ in roles or noun.text[:1].isupper()):
                continue
            phrase = doc[noun.left_edge.i : noun.right_edge.i + 1]
            if head.i in range(phrase.start, phrase.end):
                phrase = doc[noun.left_edge.i : noun.i + 1] if noun.i < head.i else phrase
            text = phrase.text.strip(" ,")
            if text and len(text) <= 120 and mention.text not in text:
                result.extra_names.setdefault(mention.entity.iri, set()).add(text)


def surname_key(word: str) -> str:
    """ "al-Maliki", "Maliki" and "MALIKI" share a key.

    >>> surname_key("al-Maliki"), surname_key("Maliki")
    ('maliki', 'maliki')
    """
    return re.sub(r"^(al|el|ad|as|ash|at|az|an|ar)[-‐‑]", "", normalise_name(word))


def _people_by_surname(
    doc: Doc, catalog: ActorCatalog, titles: frozenset[str]
) -> dict[str, Entity]:
    """Surname → the one person the document names in full with it ("Nouri al-Maliki …
    Maliki"). Two people who share a surname are both left out: a bare surname is then
    ambiguous."""
    found: dict[str, set[Entity]] = {}
    for ent in doc.ents:
        kind, _, iri = ent.ent_id_.partition(":")
        if kind == "actor" and iri in catalog and catalog[iri].kind == "Person":
            entity = catalog_entity(catalog[iri])
        elif ent.label_ == "PERSON" and not ent.ent_id_:
            text = _clean_label(_strip_title(ent, titles))
            if len(text.split()) < 2 or catalog.lookup(text) is not None:
                continue
            entity = Entity(str(actor_iri(text)), text, "Person")
        else:
            continue
        parts = entity.label.split()
        if len(parts) >= 2:
            found.setdefault(surname_key(parts[-1]), set()).add(entity)
    return {key: next(iter(people)) for key, people in found.items() if len(people) == 1}


def _is_region(token: Token, lexicon: Lexicon) -> bool:
    """ "northern Israel", "southern Lebanon": a part of a state's territory, a place."""
    compass = lexicon.actors["compass_adjectives"]
    return any(c.dep_ == "amod" and c.lower_ in compass for c in token.children)


def _inside_longer_name(before: Token, ent: Span) -> bool:
    """``before`` is a capitalised word of the same proper name as ``ent``."""
    return (
        before.pos_ == "PROPN"
        and before.text[:1].isupper()
        and before.ent_type_ == ""
        and before.dep_ == "compound"
        and ent.start <= before.head.i < ent.end
        and not before.is_sent_start
    )


def _is_locative(token: Token) -> bool:
    while token.dep_ in ("conj", "appos") and token.head is not token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS


def _listed_by_place_noun(token: Token, lexicon: Lexicon) -> bool:
    """``token`` names one of the places a place noun introduces: "towns including X and
    Y", "cities such as X", "the city of X", "the town, X"."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    place_nouns = lexicon.actors["place_nouns"]
    if token.dep_ == "appos":
        return in_words(token.head, place_nouns)
    if token.dep_ != "pobj":
        return False
    prep = token.head
    if prep.lower_ == "as" and prep.head.lower_ == "such":
        prep = prep.head  # "such as" parsed as a chain
    elif prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children):
        pass  # "such" as a modifier of "as"
    elif prep.lower_ not in ("including", "like", "of"):
        return False
    return in_words(prep.head, place_nouns) and (prep.lower_ != "of" or prep.head.pos_ == "NOUN")


def _resolve_ner(
    ent: Span,
    result: DocumentActors,
    catalog: ActorCatalog,
    lexicon: Lexicon,
    titles: frozenset[str],
    persons: dict[str, Entity],
) -> None:
    label = ent.label_
    if label not in ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"):
        return
    if label != "GPE" and _listed_by_place_noun(ent.root, lexicon) and not catalog.lookup(ent.text):
        # "seized two towns, including Saada and Amran": NER often calls such names NORP
        # or PERSON, but what a place noun lists is a place
        result.add(span_mention(ent, place_entity(_clean_label(ent)), "ner"))
        return
    if label == "NORP":
        return  # a bare nationality or creed; actor phrases built on it come from _descriptions
    if _is_dateline(ent):  # "KIRKUK, June 12, 2014 —": where the story was filed
        result.add(span_mention(ent, place_entity(ent.text), "ner"))
        return
    if _is_news_source(ent, lexicon) or _is_dateline_credit(ent):
        return
    span = _strip_title(ent, titles) if label == "PERSON" else ent
    if len(span) > 1 and span[0].lower_ in SPATIAL_PREPS and not catalog.lookup(span.text):
        # "Near Ar Raqqah, 15 strikes hit …": NER takes the preposition for a first name;
        # what it introduces is a place
        text = _clean_label(span[1:])
        if text and not catalog.lookup(text):
            result.add(span_mention(span[1:], place_entity(text), "ner"))
            return
        span = span[1:]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space or span[-1].pos_ == "ADP"):
        span = span[:-1]  # NER sometimes takes the "(" of an acronym definition along
    doc = span.doc
    while (
        label == "PERSON"
        and span.root.dep_ == "compound"
        and span.root.head.i == span.end
        and doc[span.end].pos_ == "PROPN"
        and doc[span.end].ent_type_ in ("", "PERSON")
    ):
        span = doc[span.start : span.end + 1]  # "Ahmed Kamil" + "Murad"
    while len(span) > 1 and (span[0].is_punct or span[0].is_space or span[0].pos_ == "ADP"):
        span = span[1:]  # "Near Ar Raqqah" → "Ar Raqqah"
    text = _clean_label(span)
    if not text or not any(c.isalpha() for c in text):
        return
    if normalise_name(text) in titles or _inside_title(span, titles):
        return  # "Consul General", the "State" of "Secretary of State": titles, not actors
    if not any(c.isupper() for c in text):
        return  # names are capitalised; NER's lower-case "state" is a common noun
    known = catalog.lookup(text)
    if known is not None:
        result.add(span_mention(span, catalog_entity(known), "catalog"))
        return
    if _unknown_demonym(span, lexicon):
        return  # "Tigrayan leaders": a people's adjective NER took for a name, not an actor
    if len(span) == 1 and surname_key(text) in persons:  # "Diallo said", tagged ORG
        result.add(span_mention(span, persons[surname_key(text)], "ner"))
        return
    if label in ("PERSON", "ORG") and _in_headline_case(span):
        return  # "Carter, Iraqi Premier Discuss Next Moves": capitals say nothing in a headline
    if label == "PERSON":
        parts = text.split()
        entity = persons.get(surname_key(parts[-1])) if len(parts) == 1 else None
        result.add(
            span_mention(span, entity or Entity(str(actor_iri(text)), text, "Person"), "ner")
        )
    elif label in ("ORG", "FAC") and in_words(span.root, lexicon.actors["place_nouns"]):
        result.add(span_mention(span, place_entity(text), "ner"))  # "the Mosul Dam"
    elif label == "ORG":
        result.add(
            span_mention(
                span, Entity(str(actor_iri(text)), text, _guess_kind(span, lexicon)), "ner"
            )
        )
    elif label == "GPE" and _speaks_or_acts(ent.root, lexicon):
        # an unknown place name is a polity only when it says or does something political
        # ("Kosovo said", "Somaliland signed a deal"); attacked or fallen, it is a place
        result.add(span_mention(span, Entity(str(actor_iri(text)), text, "State"), "ner"))
    else:
        result.add(span_mention(span, place_entity(text), "ner"))


def _unknown_demonym(span: Span, lexicon: Lexicon) -> bool:
    """One capitalised word with a demonym's ending ("Tigrayan", "Rakhinese") qualifying a
    people noun ("leaders", "fighters", "officials"): an adjective, not a name."""
    root = span.root
    nouns = lexicon.actors["government_nouns"] | lexicon.actors["group_nouns"]
    return (
        len(span) == 1
        and root.text.lower().endswith(tuple(lexicon.actors["demonym_endings"]))
        and root.dep_ in ("amod", "compound")
        and root.head.i > root.i
        and in_words(root.head, nouns)
    )


def _in_headline_case(span: Span) -> bool:
    """``span`` is in a sentence of four or more words set in title case (a headline)."""
    words = [t for t in span.sent if t.is_alpha and len(t.text) > 3]
    return len(words) >= 4 and all(t.text[0].isupper() for t in words)


def _is_dateline_credit(span: Span) -> bool:
    """The agency credited in a dateline: "BAGHDAD (Reuters) -"."""
    doc, first = span.doc, span.sent[0]
    return (
        span.start > 0
        and doc[span.start - 1].text == "("
        and span.start - first.i <= 8
        and first.is_upper
        and len(first.text) >= 3
    )


def _is_dateline(span: Span) -> bool:
    """An upper-case place name opening a sentence and followed by a comma and a date, or by
    the agency in parentheses ("BAGHDAD (Reuters) -")."""
    doc = span.doc
    if span.start != span.sent.start or not span.text.isupper() or span.end >= len(doc):
        return False
    following = doc[span.end : min(span.end + 6, len(doc))]
    if following[0].text == "(":
        return True
    return following[0].text == "," and any(t.ent_type_ == "DATE" for t in following)


def _inside_title(span: Span, titles: frozenset[str]) -> bool:
    doc = span.doc
    for before in range(0, 4):
        for after in range(0, 3):
            start, end = span.start - before, span.end + after
            inside = (before or after) and start >= 0 and end <= len(doc)
            if inside and normalise_name(doc[start:end].text) in titles:
                return True
    return False


def _speaks_or_acts(token: Token, lexicon: Lexicon) -> bool:
    if token.dep_ != "nsubj":
        return False
    verb = token.head.lemma_.lower()
    relation = lexicon.verb_index.get(verb)
    return verb in lexicon.reporting_verbs or (relation is not None and relation != "controls")
