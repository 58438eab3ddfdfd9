"""A large synthetic corpus for the benchmarks: sentences of real articles, recombined.

The sentences come from the bundled sample corpus (``kg/sample_corpus``) and, when present,
``../shared/seeds``; each synthetic article draws sentences at random (seeded, so the same
``size`` and ``seed`` always give the same corpus) into paragraphs until it is about as long as
a wire story. The result is one JSONL file that ``kg build`` reads directly::

    .venv/bin/python -m benchmarks.corpus --size 2000 -o /tmp/bench.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from kg.corpus.reader import Document, iter_corpus, sample_corpus_path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“A-Z])|\n\s*\n")


def source_documents() -> list[Document]:
    """The articles whose sentences are recombined, in a fixed order."""
    paths = [sample_corpus_path()] + ([SEEDS] if SEEDS.is_dir() else [])
    return [d for d in iter_corpus(paths) if isinstance(d, Document)]


def sentences(documents: list[Document]) -> list[str]:
    """Every body sentence of ``documents`` with at least five words (titles left out)."""
    found: list[str] = []
    for document in documents:
        body = document.text[len(document.title) :]
        for piece in SENTENCE_END.split(body):
            text = " ".join(piece.split())
            if len(text.split()) >= 5:
                found.append(text)
    return found


# words per article: the length of a wire story
WIRE_STORY = (250, 550)


def make_articles(
    size: int, seed: int = 2014, length: tuple[int, int] = WIRE_STORY
) -> list[dict[str, str]]:
    """``size`` articles (id, title, date, text) of recombined sentences, each of at least
    a length in words drawn uniformly from ``length`` (the default draws the same articles as before
    the option existed, so older corpora of a seed are unchanged)."""
    rng = random.Random(seed)
    pool = sentences(source_documents())
    titles = [" ".join(s.split()[:9]).rstrip(",;:") for s in pool]
    articles = []
    for i in range(size):
        target = rng.randint(*length)
        paragraphs: list[str] = []
        words = 0
        while words < target:
            paragraph = [rng.choice(pool) for _ in range(rng.randint(1, 3))]
            words += sum(len(s.split()) for s in paragraph)
            paragraphs.append(" ".join(paragraph))
        articles.append(
            {
                "id": f"bench-{i:06d}",
                "title": rng.choice(titles),
                "date": f"2014-06-{rng.randint(1, 30):02d}",
                "text": "\n\n".join(paragraphs),
            }
        )
    return articles


def write_corpus(
    path: Path, size: int, seed: int = 2014, length: tuple[int, int] = WIRE_STORY
) -> Path:
    """Write ``size`` synthetic articles to ``path`` as JSONL; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for article in make_articles(size, seed, length):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def parse_words(text: str) -> tuple[int, int]:
    """``MIN-MAX`` (e.g. ``40-90``) as a pair of word counts."""
    low, _, high = text.partition("-")
    pair = (int(low), int(high or low))
    if not 0 < pair[0] <= pair[1]:
        raise ValueError(f"bad word range: {text}")
    return pair


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2000, help="articles (default: 2000)")
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("-o", "--output", type=Path, default=Path("bench-corpus.jsonl"))
    parser.add_argument(
        "--words",
        type=parse_words,
        default=WIRE_STORY,
        metavar="MIN-MAX",
        help="words per article (default: 250-550, a wire story)",
    )
    args = parser.parse_args()
    write_corpus(args.output, args.size, args.seed, args.words)
    print(f"wrote {args.size} articles to {args.output}")


if __name__ == "__main__":
    main()
