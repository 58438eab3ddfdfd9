"""A bounded load test of ``kg serve`` on loopback (run on demand, not in CI; Linux: RSS is
read from ``/proc``).

    .venv/bin/python -m benchmarks.load                    # the sample graph, 20 clients
    .venv/bin/python -m benchmarks.load --store            # the same graph in an Oxigraph store

1. **load**: ``--clients`` threads (default 20) each send ``--requests`` requests, half a
   named query on the query page (``/queries?run=allies-of&actor=Iran``), half an ad-hoc
   aggregate on ``/sparql`` (claims counted per relation and modality). Reported: requests
   per second, p50 and p99 latency, failures, and the server's RSS before and after.
2. **timeouts**: ``--timeouts`` (default 100) queries that cannot finish (a three-way
   cartesian product, sorted), sent 20 at a time to a server whose limit is ``--limit``
   seconds. Every one must be answered ``503`` (E205), the server must stay responsive, and
   its RSS (with its query processes, for a store) must stay flat: a timed-out query is
   stopped, not abandoned.

The server is a separate ``kg serve`` process, so its memory is measured apart from the
clients'. The graph is that of the bundled sample corpus (``kg build``).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

AGGREGATE = """\
SELECT ?relation ?modality (COUNT(?claim) AS ?claims)
WHERE { ?claim rdf:predicate ?relation ; kgo:modality ?modality }
GROUP BY ?relation ?modality ORDER BY DESC(?claims)"""
NAMED = {"run": "allies-of", "actor": "Iran"}
ENDLESS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (query processes), in MiB."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(found.group(1)) if found else 0
        pids.extend(int(child) for child in children)
    return total / 1024


@contextmanager
def kg_serve(args: list[str]) -> Iterator[tuple[str, int]]:
    """``kg serve ARGS --port 0`` in a child process: its URL and pid."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", "0", *args],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    try:
        url = None
        for line in process.stderr:
            found = re.search(r" at (http://\S+/) ", line)
            if found:
                url = found.group(1)
                break
        if url is None:
            raise SystemExit(f"kg serve did not start (exit status {process.wait()})")
        threading.Thread(target=process.stderr.read, daemon=True).start()  # drain
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(30)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def load(url: str, clients: int, requests: int) -> dict[str, float]:
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            for number in range(requests):
                started = time.perf_counter()
                if (index + number) % 2:
                    answer = http.get("queries", params=NAMED)
                else:
                    answer = http.get("sparql", params={"query": AGGREGATE})
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    if answer.status_code != 200:
                        failures.append(answer.status_code)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / seconds,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "failures": len(failures),
    }


def timeouts(url: str, pid: int, count: int) -> dict[str, float]:
    statuses: list[int] = []
    peaks: list[float] = []
    lock = threading.Lock()
    pending = list(range(count))

    def client() -> None:
        with httpx.Client(base_url=url, timeout=300) as http:
            while True:
                with lock:
                    if not pending:
                        return
                    pending.pop()
                answer = http.get("sparql", params={"query": ENDLESS})
                with lock:
                    statuses.append(answer.status_code)
                    peaks.append(rss_mib(pid))

    before = rss_mib(pid)
    threads = [threading.Thread(target=client) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(2)  # let stopped workers unwind
    after = rss_mib(pid)
    alive = httpx.get(url + "sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    return {
        "answered_503": sum(status == 503 for status in statuses),
        "other": sum(status != 503 for status in statuses),
        "rss_before": before,
        "rss_peak": max(peaks, default=before),
        "rss_after": after,
        "responsive": float(alive.status_code == 200),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="requests per client")
    parser.add_argument("--timeouts", type=int, default=100)
    parser.add_argument("--limit", type=float, default=1.0, help="the server's --timeout")
    parser.add_argument("--store", action="store_true", help="serve an Oxigraph store")
    args = parser.parse_args(argv)

    from kg.build.incremental import build_into_store
    from kg.build.pipeline import build

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        if args.store:
            build_into_store([], store=out / "store")
            source = ["--store", str(out / "store")]
        else:
            build([], output_dir=out, html=False)
            source = ["--graph", str(out / "graph.ttl")]
        with kg_serve([*source, "--timeout", "60"]) as (url, pid):
            httpx.get(url + "sparql", params={"query": AGGREGATE}, timeout=60)  # warm up
            before = rss_mib(pid)
            figures = load(url, args.clients, args.requests)
            after = rss_mib(pid)
        print(
            f"load ({'store' if args.store else 'graph file'}): {args.clients} clients, "
            f"{figures['requests']:.0f} requests, {figures['per_second']:.1f} req/s, "
            f"p50 {figures['p50_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms, "
            f"{figures['failures']:.0f} failed; RSS {before:.0f} → {after:.0f} MiB"
        )
        with kg_serve([*source, "--timeout", f"{args.limit:g}"]) as (url, pid):
            httpx.get(url + "sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
            for round_number in (1, 2):  # flat: the second round adds nothing
                stopped = timeouts(url, pid, args.timeouts)
                print(
                    f"timeouts, round {round_number}: {stopped['answered_503']:.0f} of "
                    f"{args.timeouts} answered 503 ({stopped['other']:.0f} otherwise) at a "
                    f"{args.limit:g} s limit; RSS {stopped['rss_before']:.0f} → peak "
                    f"{stopped['rss_peak']:.0f} → {stopped['rss_after']:.0f} MiB; "
                    f"responsive after: {'yes' if stopped['responsive'] else 'NO'}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
