from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.corpus.reader import find_date, read_corpus, sample_corpus_path
from kg.errors import InputError


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_text_file_title_body_and_dateline(tmp_path):
    write(
        tmp_path / "a1.txt", "Rebels take the port\n\nADEN, March 3, 2021 — Rebels took the port.\n"
    )
    corpus = read_corpus([tmp_path])
    (doc,) = corpus.documents
    assert doc.doc_id == "a1"
    assert doc.title == "Rebels take the port"
    assert doc.date == "2021-03-03"
    assert doc.text.startswith("Rebels take the port\n\n")
    assert "Rebels took the port." in doc.text


def test_markdown_front_matter(tmp_path):
    write(
        tmp_path / "m.md",
        "---\ntitle: Talks resume\ndate: 2019-11-02\nsource: https://example.org/x\n---\n"
        "# Talks resume\n\nThe two sides met again.\n",
    )
    (doc,) = read_corpus([tmp_path / "m.md"]).documents
    assert (doc.title, doc.date, doc.source) == (
        "Talks resume",
        "2019-11-02",
        "https://example.org/x",
    )
    assert doc.text.count("Talks resume") == 1


def test_html_readable_text_and_meta_date(tmp_path):
    write(
        tmp_path / "p.html",
        """<html><head><title>Site | Army retakes town</title>
    <meta property="article:published_time" content="2018-05-06T10:00:00Z">
    <script>var x = "Log in with Twitter";</script></head>
    <body><nav>Home News</nav><article><h1>Army retakes town</h1>
    <p>The army retook the town on Sunday.</p><p>Residents returned.</p></article>
    <footer>Copyright</footer></body></html>""",
    )
    (doc,) = read_corpus([tmp_path]).documents
    assert doc.title == "Army retakes town"
    assert doc.date == "2018-05-06"
    assert "The army retook the town on Sunday." in doc.text
    assert "Log in" not in doc.text and "Copyright" not in doc.text and "Home News" not in doc.text


def test_jsonl_articles_and_malformed_lines(tmp_path):
    lines = [
        json.dumps(
            {
                "id": "n1",
                "title": "One",
                "date": "2022-02-24",
                "text": "Troops crossed.",
                "url": "https://e.org/1",
            }
        ),
        "{not json",
        json.dumps({"id": "n2", "text": ""}),
        json.dumps(
            {"id": "n3", "title": "Three", "text": "A ceasefire held.", "date": "yesterday"}
        ),
        json.dumps({"id": "n4", "title": "Four", "text": "Talks began."}),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    corpus = read_corpus([tmp_path / "feed.jsonl"])
    assert [d.doc_id for d in corpus.documents] == ["n1", "n4"]
    assert corpus.documents[0].source == "https://e.org/1"
    assert corpus.documents[0].date == "2022-02-24"
    reasons = {s.source.rsplit(":", 1)[1]: s.reason for s in corpus.skipped}
    assert set(reasons) == {"2", "3", "4"}
    assert "malformed JSON" in reasons["2"]
    assert "text" in reasons["3"]
    assert "date" in reasons["4"]


def test_bad_files_are_skipped_with_reasons(tmp_path):
    write(tmp_path / "good.txt", "Title\n\nBody text.\n")
    write(tmp_path / "empty.txt", "   \n")
    write(tmp_path / "binary.txt", b"\x00\x01\x02binary")
    write(tmp_path / "latin1.txt", "Caf\xe9 talks\n\nBody.\n".encode("latin-1"))
    corpus = read_corpus([tmp_path])
    assert [d.doc_id for d in corpus.documents] == ["good"]
    reasons = {Path(s.source).name: s.reason for s in corpus.skipped}
    assert reasons["empty.txt"] == "file is empty"
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]


def test_non_utf8_reason_names_the_line(tmp_path):
    write(tmp_path / "x.txt", b"Title\n\nline two\nbad \xff byte\n")
    (skipped,) = read_corpus([tmp_path]).skipped
    assert skipped.reason.startswith("line 4: not valid UTF-8")  # the path is the source
    assert "x.txt" not in skipped.reason


def test_jsonl_streams_a_line_at_a_time(tmp_path):
    """A bad byte in one line skips that line only; the file is read as it goes, so the
    first document comes before the last line is read."""
    from kg.corpus.reader import iter_jsonl

    good = json.dumps({"id": "a", "text": "Troops crossed."}).encode()
    bad = b'{"id": "b", "text": "bad \xff byte"}'
    last = json.dumps({"id": "c", "text": "Talks began."}).encode()
    path = write(tmp_path / "feed.jsonl", b"\xef\xbb\xbf" + good + b"\r\n" + bad + b"\n" + last)
    items = iter_jsonl(path)
    assert next(items).doc_id == "a"  # the BOM is dropped
    skipped, document = list(items)
    assert skipped.source.endswith("feed.jsonl:2") and "UTF-8" in skipped.reason
    assert document.doc_id == "c"


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(InputError) as info:
        read_corpus([tmp_path / "nope"])
    assert info.value.code == "E001" and "nope" in info.value.message


def test_duplicate_ids_are_skipped(tmp_path):
    write(tmp_path / "a" / "same.txt", "A\n\nOne.\n")
    write(tmp_path / "b" / "same.txt", "B\n\nTwo.\n")
    corpus = read_corpus([tmp_path])
    assert len(corpus.documents) == 1
    assert "duplicate document id" in corpus.skipped[0].reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KYIV, Feb. 24, 2022 — Russian forces", "2022-02-24"),
        ("By A. Writer     Jun 13, 2014 in World", "2014-06-13"),
        ("16 June 2014\n\nSunni militants", "2014-06-16"),
        ("on 12 June, 2014. Picture", "2014-06-12"),
        ("Updated 2023-10-07T06:30", "2023-10-07"),
        ("Nothing here", None),
    ],
)
def test_find_date(text, expected):
    assert find_date(text) == expected


def test_sample_corpus_is_bundled():
    corpus = read_corpus([sample_corpus_path()])
    assert len(corpus.documents) >= 5 and not corpus.skipped
    assert all(d.date for d in corpus.documents)
