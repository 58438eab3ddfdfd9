"""Stage 1: files → :class:`Document` values.

Accepted inputs, given as files or folders (searched recursively, in sorted order):

- ``.txt`` / ``.md``: the first non-empty line is the title (a Markdown ``#`` is dropped);
  optional YAML-style front matter (``---`` … ``---``) may give ``title``, ``date``,
  ``source``/``url`` and ``id``;
- ``.html`` / ``.htm``: the readable text (scripts, navigation, headers and footers dropped),
  the title from ``<title>``/``<h1>``, the date from the usual ``<meta>``/``<time>`` tags;
- ``.jsonl``: one article per line, an object with ``text`` and optionally ``id``,
  ``title``, ``date``, ``url``.

The text a document is analysed as (and that every character offset refers to) is the title
line, a blank line, then the body. The document id is the file stem, or the jsonl ``id``.
A date comes from jsonl, front matter or HTML metadata, else from a dateline near the top
("BAGHDAD, June 11, 2014 —", "16 June 2014", "Jun 13, 2014").

Problems with one input never stop the others: each becomes a :class:`Skipped` entry that
the build summary reports.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.catalog.vocab import document_iri
from kg.errors import Errors, InputError

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
#: a longer document is skipped: it is no news article, and parsing it (in parts, see
#: :data:`kg.extract.nlp.PART_CHARS`) would hold up the whole build
MAX_DOCUMENT_CHARS = 5_000_000
# UTF-8 takes at most 4 bytes a character: a larger file is too long without reading it
_MAX_DOCUMENT_BYTES = 4 * MAX_DOCUMENT_CHARS


@dataclass(frozen=True)
class Document:
    """One article: the text kg analyses and what is known about where it came from."""

    doc_id: str
    title: str
    text: str  # title, blank line, body: every offset kg reports refers to this string
    date: str | None  # ISO 8601 date (YYYY-MM-DD)
    source: str  # file path (as given) or URL

    @property
    def char_count(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class Skipped:
    """An input that was not turned into a document, and why."""

    source: str
    reason: str


@dataclass
class Corpus:
    documents: list[Document]
    skipped: list[Skipped]


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<num_month>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    re.compile(
        _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I
    ),
    re.compile(
        r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I
    ),
]
DATELINE_WINDOW = 400  # characters of body searched for a dateline


def find_date(text: str) -> str | None:
    """The first calendar date written near the top of ``text``, as ISO ``YYYY-MM-DD``.

    >>> find_date("BAGHDAD, June 11, 2014 — Militants seized ...")
    '2014-06-11'
    >>> find_date("16 June 2014\\n\\nSunni militants ...")
    '2014-06-16'
    >>> find_date("No date here.") is None
    True
    """
    head = text[:DATELINE_WINDOW]
    best: tuple[int, str] | None = None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(head)
        if not match:
            continue
        parts = match.groupdict()
        month = (
            int(parts["num_month"]) if parts.get("num_month") else MONTHS[parts["month"].lower()]
        )
        try:
            iso = date(int(parts["year"]), month, int(parts["day"])).isoformat()
        except ValueError:
            continue
        if best is None or match.start() < best[0]:
            best = (match.start(), iso)
    return best[1] if best else None


def normalise_date(value: object, where: str) -> str | None:
    """Accept ISO dates and datetimes (and the written forms ``find_date`` knows)."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    match = re.match(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)", text)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            pass
    found = find_date(text)
    if found:
        return found
    raise Errors.E003(where=where, text=text)


def _compose(title: str, body: str) -> str:
    body = body.strip("\n")
    return f"{title}\n\n{body}\n" if title else f"{body}\n"


def _refuse_unreadable(path: Path, head: bytes) -> None:
    """An empty or binary file, judged by its first bytes, is not a corpus file."""
    if not head.strip():
        raise Errors.E004_empty_file(path=path)
    if b"\x00" in head[:8192]:
        raise Errors.E005(path=path)


def _too_long_reason(characters: int | None = None) -> str:
    size = f"{characters:,} characters" if characters is not None else "the file"
    return (
        f"{size} is over the limit of {MAX_DOCUMENT_CHARS:,} characters for one document; "
        "split it into articles"
    )


def _too_long(path: Path, characters: int | None = None) -> InputError:
    return Errors.E008(path=path, reason=_too_long_reason(characters))


def _decode(path: Path) -> str:
    if path.stat().st_size > _MAX_DOCUMENT_BYTES:
        raise _too_long(path)
    data = path.read_bytes()
    _refuse_unreadable(path, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Errors.E006_line_not_utf8(path=path, line=line, start=exc.start) from None
    if len(text) > MAX_DOCUMENT_CHARS:
        raise _too_long(path, len(text))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end() :]


def read_text_file(path: Path) -> Document:
    meta, rest = _front_matter(_decode(path))
    lines = rest.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise Errors.E004_no_text_after_front_matter(path=path)
    headline = re.sub(r"^#+\s*", "", lines[first]).strip()
    title = meta.get("title") or headline
    body = "\n".join(lines[first + 1 :])
    if meta.get("title") and headline.lower() != meta["title"].lower():
        body = "\n".join(lines[first:])  # the first line is body text, not a repeated title
    date_value = normalise_date(meta.get("date"), str(path)) or find_date(body)
    return Document(
        doc_id=meta.get("id") or path.stem,
        title=title,
        text=_compose(title, body),
        date=date_value,
        source=meta.get("source") or meta.get("url") or str(path),
    )


def read_html_file(path: Path) -> Document:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(path), "html.parser")
    meta_date = None
    for attrs in (
        {"property": "article:published_time"},
        {"name": "date"},
        {"name": "pubdate"},
        {"name": "publish-date"},
        {"itemprop": "datePublished"},
        {"name": "dc.date"},
        {"name": "DC.date"},
    ):
        tag = soup.find("meta", attrs=attrs)
        if tag and tag.get("content"):
            meta_date = str(tag["content"])
            break
    if meta_date is None:
        time_tag = soup.find("time", attrs={"datetime": True})
        meta_date = str(time_tag["datetime"]) if time_tag else None
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    h1 = soup.find("h1")
    title = (h1.get_text(" ", strip=True) if h1 else "") or (
        soup.title.get_text(" ", strip=True) if soup.title else ""
    )
    root = soup.find("article") or soup.body or soup
    blocks = [
        re.sub(r"\s+", " ", el.get_text(" ", strip=True))
        for el in root.find_all(["p", "li", "h2", "h3", "blockquote"])
    ]
    blocks = [b for b in blocks if b]
    if not blocks:
        text = re.sub(r"[ \t]+", " ", root.get_text("\n", strip=True))
        blocks = [line for line in text.split("\n") if line.strip() and line.strip() != title]
    if not blocks:
        raise Errors.E004_no_text_in_html(path=path)
    body = "\n\n".join(blocks)
    title = title or blocks[0][:120]
    return Document(
        doc_id=path.stem,
        title=title,
        text=_compose(title, body),
        date=normalise_date(meta_date, str(path)) if meta_date else find_date(body),
        source=str(path),
    )


def iter_jsonl(path: Path) -> Iterator[Document | Skipped]:
    """One document per line, read a line at a time (a corpus file may be larger than
    memory); a bad line is skipped with its line number, the rest go on."""
    with path.open("rb") as handle:
        _refuse_unreadable(path, handle.read(8192))
        handle.seek(0)
        for number, raw in enumerate(handle, start=1):
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Skipped(where, f"not valid UTF-8 (byte {exc.start} of the line)")
                continue
            if len(line) > MAX_DOCUMENT_CHARS:
                yield Skipped(where, _too_long_reason(len(line)))
            elif line.strip():
                yield _jsonl_record(path, where, number, line)


def _jsonl_record(path: Path, where: str, number: int, line: str) -> Document | Skipped:
    """One line of a JSONL corpus as a document, or why it is skipped."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        # json's messages may end in "at" ("Unterminated string starting at")
        problem = exc.msg.removesuffix(" at")
        return Skipped(where, f"malformed JSON ({problem} at column {exc.colno})")
    if not isinstance(record, dict):
        return Skipped(where, "expected a JSON object with a 'text' field")
    body = record.get("text")
    if "text" not in record:
        return Skipped(where, "no 'text' field")
    if not isinstance(body, str):
        kind = "null" if body is None else f"a {_JSON_TYPES.get(type(body), 'value')}"
        return Skipped(where, f"the 'text' field is {kind}, not a string")
    if not body.strip():
        return Skipped(where, "the 'text' field is empty")
    title = str(record.get("title") or "").strip()
    try:
        when = normalise_date(record.get("date"), where) if record.get("date") else None
    except InputError as exc:
        return Skipped(where, exc.message.split(": ", 1)[1])
    return Document(
        doc_id=str(record.get("id") or f"{path.stem}-{number}"),
        title=title or body.strip().split("\n", 1)[0][:120],
        text=_compose(title, body.replace("\r\n", "\n")),
        date=when or find_date(body),
        source=str(record.get("url") or f"{path}:{number}"),
    )


_JSON_TYPES = {bool: "boolean", int: "number", float: "number", list: "list", dict: "object"}


def _walk(folder: Path) -> Iterator[Path | Skipped]:
    """The corpus files under ``folder`` (hidden ones left out), and the subfolders that
    were not searched, with why: unreadable, or a link to a folder (not followed, so a link
    cannot loop or pull in a folder from elsewhere)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield Skipped(str(folder), f"cannot read the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path)
            elif entry.is_symlink() and path.is_dir():
                yield Skipped(str(path), "a link to a folder, not followed; give the folder itself")
            elif entry.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path
        except OSError as exc:
            yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise Errors.E001_no_such_path(path=path)
        if path.is_dir():
            found = list(_walk(path))
            if not any(isinstance(item, Path) for item in found):
                yield Skipped(str(path), "folder holds no .txt, .md, .html or .jsonl files")
            yield from found
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield path
        else:
            yield Skipped(str(path), f"unsupported file type {path.suffix or '(none)'!r}")


def iter_corpus(paths: Iterable[str | Path]) -> Iterator[Document | Skipped]:
    """Stream documents (and skipped inputs) from files and folders, in a stable order.

    A missing path raises :class:`InputError` at once: it is a typo, not a bad article.
    Later documents whose id repeats an earlier one are skipped, and so are those whose id
    differs but whose IRI would not (:func:`kg.catalog.vocab.document_iri`), and documents over
    :data:`MAX_DOCUMENT_CHARS` characters.
    """
    seen: dict[str, str] = {}
    iris: dict[str, tuple[str, str]] = {}  # IRI → (id, source)
    for item in _expand(list(paths)):
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            suffix = item.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                produced: Iterable[Document | Skipped] = iter_jsonl(item)
            elif suffix in HTML_SUFFIXES:
                produced = [read_html_file(item)]
            else:
                produced = [read_text_file(item)]
            for entry in produced:
                if isinstance(entry, Document):
                    if entry.doc_id in seen:
                        yield Skipped(
                            entry.source,
                            f"duplicate document id {entry.doc_id!r} "
                            f"(first in {seen[entry.doc_id]})",
                        )
                        continue
                    iri = str(document_iri(entry.doc_id))
                    if iri in iris:
                        other, where = iris[iri]
                        yield Skipped(
                            entry.source,
                            f"document id {entry.doc_id!r} gives the same IRI as {other!r} "
                            f"(in {where}); rename one",
                        )
                        continue
                    if entry.char_count > MAX_DOCUMENT_CHARS:
                        yield Skipped(entry.source, _too_long_reason(entry.char_count))
                        continue
                    seen[entry.doc_id] = entry.source
                    iris[iri] = (entry.doc_id, entry.source)
                yield entry
        except InputError as exc:
            yield Skipped(str(item), exc.message.removeprefix(f"{item}: "))
        except OSError as exc:
            yield Skipped(str(item), f"cannot read: {exc.strerror or exc}")


def read_corpus(paths: Iterable[str | Path]) -> Corpus:
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for item in iter_corpus(paths):
        (documents if isinstance(item, Document) else skipped).append(item)  # type: ignore[arg-type]
    return Corpus(documents, skipped)


def sample_corpus_path() -> Path:
    """The folder of the bundled sample articles (June 2014, written for kg)."""
    return Path(__file__).parent.parent / "sample_corpus"
