"""Figure 4, resumable: peak memory of ``kg build --store`` at two (or more) corpus sizes.

A 50,000-article build takes over an hour on a 2-core machine, longer than a working session
may last, so this benchmark keeps its state in a folder and carries on where it stopped::

    .venv/bin/python -m benchmarks.memory --state /tmp/kg-mem              # 10000,50000
    .venv/bin/python -m benchmarks.memory --state /tmp/kg-mem --report     # the figure so far

The corpus of the larger size is written once (:mod:`benchmarks.corpus`; the smaller corpus
is its first lines, as the same seed gives the same articles); each stage reads the same
file, ``corpus.jsonl``, cut to its size, since an article's source (file and line) is part
of what decides whether it is already stored. Stage 1 builds the smaller
corpus into an empty store; stage 2 builds the larger corpus into the same store, so its
first articles are skipped unparsed as unchanged and the rest are added. Each stage runs as
fresh ``kg build`` processes ("slices"); a slice stopped by ``--slice-minutes``, Ctrl-C or a
killed benchmark leaves every stored document whole (``kg build --store`` commits per batch)
and the next run of this command starts a new slice of the same stage. A stage's figure is
the highest peak RSS of its slices, each measured by ``getrusage`` of a wrapper process;
``log.jsonl`` in the state folder records every slice. A finished state folder takes a
larger size later (``--sizes 10000,50000,90000``): its corpus is written again, longer, and
the next stage adds the new articles to the same store.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.corpus import WIRE_STORY, parse_words, write_corpus

# runs one slice: kg build in a child, stopped by SIGINT after the slice's seconds; prints
# the child's peak RSS (KiB) and exit status
SLICE = """\
import resource, signal, subprocess, sys
limit = float(sys.argv[1])
child = subprocess.Popen(sys.argv[2:])
try:
    code = child.wait(timeout=limit if limit > 0 else None)
except subprocess.TimeoutExpired:
    child.send_signal(signal.SIGINT)
    code = child.wait()
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def stored_documents(store: Path) -> int:
    """How many documents the store holds (0 when there is no store yet)."""
    if not store.exists():
        return 0
    import pyoxigraph as ox

    opened = ox.Store.read_only(str(store))
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    return int(next(iter(opened.query(query)))["n"].value)


def read_log(state: Path) -> list[dict]:
    log = state / "log.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


def prefix_corpus(full: Path, size: int, path: Path) -> Path:
    """``path`` holding the first ``size`` articles of ``full``. Always the same path: a
    JSONL article's source (``FILE:LINE``) is part of its content hash, so the articles
    an earlier stage stored are skipped only when read from the same file."""
    with full.open(encoding="utf-8") as source:
        lines = [line for _, line in zip(range(size), source, strict=False)]
    temporary = path.with_suffix(".tmp")
    temporary.write_text("".join(lines), encoding="utf-8")
    temporary.replace(path)
    return path


def _starts_with(path: Path, prefix: Path) -> bool:
    """Whether the bytes of ``prefix`` begin ``path``."""
    with path.open("rb") as whole, prefix.open("rb") as start:
        while chunk := start.read(1 << 20):
            if whole.read(len(chunk)) != chunk:
                return False
    return True


def run_slice(corpus: Path, store: Path, seconds: float) -> tuple[int, int, float]:
    """(peak RSS in bytes, exit status, seconds) of one ``kg build --store`` process."""
    kg = [sys.executable, "-m", "kg", "build", str(corpus), "-q", "--no-html"]
    kg += ["--store", str(store)]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", SLICE, str(seconds), *kg], capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"slice failed: {done.stderr.strip()[-2000:]}")
    peak, code = done.stdout.split()[-2:]
    return int(peak) * 1024, int(code), elapsed


def kg_commit() -> str:
    """The commit of the kg being measured (``unknown`` outside a git checkout)."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=Path.cwd()
    )
    return done.stdout.strip() or "unknown"


def report(state: Path, sizes: list[int]) -> str:
    log = read_log(state)
    lines = []
    peaks: list[tuple[int, int]] = []  # (size, peak) of the finished sizes
    for size in sizes:
        slices = [e for e in log if e["size"] == size]
        if not slices:
            lines.append(f"{size} articles: not measured")
            continue
        peak = max(e["peak_bytes"] for e in slices)
        finished = any(e["finished"] for e in slices)
        reached = max(e["documents_after"] for e in slices)
        seconds = sum(e["seconds"] for e in slices)
        if finished:
            peaks.append((size, peak))
        # logs written before --words existed hold wire-story lengths
        low, high = slices[-1].get("words", WIRE_STORY)
        lines.append(
            f"{size} articles of {low}-{high} words: {peak / 2**20:,.0f} MiB peak over "
            f"{len(slices)} slice(s), "
            f"{seconds / 60:.0f} min, store holds {reached:,} documents"
            + ("" if finished else " (NOT FINISHED)")
        )
    for (small, before), (large, after) in itertools.pairwise(peaks):
        growth = after / before - 1
        lines.append(
            f"growth {small:,} to {large:,}: {growth:+.1%}; target within 20% and < 2 GiB: "
            + ("met" if abs(growth) <= 0.2 and after < 2 * 2**30 else "MISSED")
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.memory", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--state", type=Path, required=True, help="folder kept between runs")
    parser.add_argument(
        "--sizes",
        default="10000,50000",
        help="corpus sizes, each stage adding to the store of the one before; a finished "
        "state folder takes a larger size later (10000,50000 then 10000,50000,90000)",
    )
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument(
        "--slice-minutes", type=float, default=0, help="stop a slice after this long (0: never)"
    )
    parser.add_argument(
        "--words",
        type=parse_words,
        default=WIRE_STORY,
        metavar="MIN-MAX",
        help="words per article (default: 250-550, a wire story); shorter articles make a "
        "store of the same number of documents in less time (both stages alike)",
    )
    parser.add_argument("--report", action="store_true", help="only print the figure so far")
    args = parser.parse_args(argv)
    sizes = sorted(int(x) for x in args.sizes.split(","))
    state: Path = args.state
    state.mkdir(parents=True, exist_ok=True)
    if args.report:
        print(report(state, sizes))
        return 0
    words: tuple[int, int] = args.words
    # the article length is part of the name, so that a state folder is never resumed
    # with articles of another length
    length = "" if words == WIRE_STORY else f"-w{words[0]}-{words[1]}"
    full = state / f"corpus-{sizes[-1]}{length}.jsonl"
    others = [p for p in state.glob("corpus-*.jsonl") if p != full]
    if not full.exists():
        fresh = write_corpus(state / "corpus.tmp", sizes[-1], args.seed, words)
        # a state folder grows by a larger size only if its articles so far come first
        for other in others:
            if not _starts_with(fresh, other):
                fresh.unlink()
                raise SystemExit(
                    f"{state} holds {other.name}: another --words, --seed or a larger size; "
                    "use a new --state"
                )
        fresh.rename(full)
    for other in others:
        other.unlink()
    store = state / "store"
    for size in sizes:
        if any(e["size"] == size and e["finished"] for e in read_log(state)):
            continue
        corpus = prefix_corpus(full, size, state / "corpus.jsonl")
        before = stored_documents(store)
        commit = kg_commit()  # the code this slice runs, before anyone commits more
        print(f"[4] kg build --store, {size} articles (store holds {before:,}) …", file=sys.stderr)
        peak, code, seconds = run_slice(corpus, store, args.slice_minutes * 60)
        after = stored_documents(store)
        entry = {
            "size": size,
            "words": list(words),
            "peak_bytes": peak,
            "exit": code,
            "finished": code == 0 and after >= size,
            "seconds": round(seconds, 1),
            "documents_before": before,
            "documents_after": after,
            "ended": datetime.now(UTC).isoformat(timespec="seconds"),
            "kg_commit": commit,
        }
        with (state / "log.jsonl").open("a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")
        print(f"    {json.dumps(entry)}", file=sys.stderr)
        if not entry["finished"]:
            print("stopped before the end; run the same command again to carry on")
            break
    print(report(state, sizes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
