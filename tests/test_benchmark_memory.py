"""The figure-4 benchmark's bookkeeping: its report over any number of sizes and the check
that lets a finished state folder grow by a larger size (the builds themselves are run on
demand, not by the tests)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.memory import _starts_with, report


def _log(state: Path, *entries: tuple[int, int, bool]) -> None:
    lines = [
        json.dumps(
            {
                "size": size,
                "words": [20, 50],
                "peak_bytes": mib * 2**20,
                "finished": finished,
                "seconds": 60.0,
                "documents_after": size if finished else size // 2,
            }
        )
        for size, mib, finished in entries
    ]
    (state / "log.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_report_gives_the_growth_between_each_pair_of_finished_sizes(tmp_path: Path) -> None:
    _log(tmp_path, (10_000, 300, True), (50_000, 330, True), (90_000, 400, True))
    lines = report(tmp_path, [10_000, 50_000, 90_000]).splitlines()
    assert lines[0].startswith("10000 articles of 20-50 words: 300 MiB peak over 1 slice(s)")
    assert lines[3] == "growth 10,000 to 50,000: +10.0%; target within 20% and < 2 GiB: met"
    assert lines[4] == "growth 50,000 to 90,000: +21.2%; target within 20% and < 2 GiB: MISSED"


def test_report_leaves_out_a_size_not_finished(tmp_path: Path) -> None:
    _log(tmp_path, (10_000, 300, True), (50_000, 330, False))
    text = report(tmp_path, [10_000, 50_000, 90_000])
    assert "(NOT FINISHED)" in text
    assert "90000 articles: not measured" in text
    assert "growth" not in text


def test_a_corpus_grows_only_by_articles_after_those_it_had(tmp_path: Path) -> None:
    old, longer, other = (tmp_path / name for name in ("old", "longer", "other"))
    old.write_text('{"a": 1}\n{"a": 2}\n', encoding="utf-8")
    longer.write_text('{"a": 1}\n{"a": 2}\n{"a": 3}\n', encoding="utf-8")
    other.write_text('{"a": 1}\n{"a": 9}\n{"a": 3}\n', encoding="utf-8")
    assert _starts_with(longer, old)
    assert not _starts_with(other, old)
    assert not _starts_with(old, longer)
