"""Parallel (``--workers``) and distributed (``--dask``) extraction give a serial build's graph."""

from __future__ import annotations

import sys

import pytest

from kg.build import parallel
from kg.build.options import BuildOptions
from kg.build.pipeline import build, extract
from kg.cli import main
from kg.corpus.reader import Document, iter_corpus, sample_corpus_path
from kg.errors import ParallelError


@pytest.fixture(scope="module")
def serial_turtle(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("serial")
    build(output_dir=out, html=False)
    return (out / "graph.ttl").read_bytes()


def test_two_workers_give_byte_identical_turtle(tmp_path, serial_turtle):
    # batches of one document: both workers get work, results must come back in order
    build(output_dir=tmp_path, html=False, workers=2, task_size=1)
    assert (tmp_path / "graph.ttl").read_bytes() == serial_turtle


def test_workers_report_every_document_in_order(catalog, lexicon):
    documents = [d for d in iter_corpus([sample_corpus_path()]) if isinstance(d, Document)]
    seen: list[str] = []
    yielded = [
        document.doc_id
        for document, _claims, _names in extract(
            documents,
            catalog=catalog,
            lexicon=lexicon,
            options=BuildOptions(task_size=2, workers=2),
            on_document=lambda d: seen.append(d.doc_id),
        )
    ]
    assert yielded == seen == [d.doc_id for d in documents]


def test_batches_split_in_order():
    assert [len(b) for b in parallel.batches(range(7), 3)] == [3, 3, 1]  # type: ignore[arg-type]


def test_batches_for_workers_end_in_small_lists_so_the_workers_finish_together():
    """The last documents (at most a batch per worker) go out in shrinking lists, each a
    quarter of what is left for two workers, down to single documents, whichever worker is
    free taking the next; everything stays in order."""
    split = list(parallel.batches(range(45), 8, parts=2))  # type: ignore[arg-type]
    assert [len(b) for b in split] == [8, 8, 8, 8, 4, 3, 2, 1, 1, 1, 1]
    assert [n for b in split for n in b] == list(range(45))
    assert [len(b) for b in parallel.batches(range(5), 8, parts=2)] == [2, 1, 1, 1]  # type: ignore[arg-type]
    assert list(parallel.batches([], 8, parts=2)) == []


def test_a_slow_first_batch_does_not_leave_the_other_workers_idle():
    """Results come out in order, but while the first batch is still running, three more
    per worker are already handed out, so a free worker always has the next one."""
    submitted: list[list[int]] = []
    waited_with: list[int] = []

    def submit(batch):
        submitted.append(batch)
        return len(submitted) - 1

    def result_of(handle):
        waited_with.append(len(submitted))
        batch = submitted[handle]
        return parallel.BatchResult([([], [])] * len(batch), ("pipe", "1"))

    documents = list(range(100))
    out = list(
        parallel._in_order(submit, result_of, documents, 4, parts=2, on_pipeline=lambda _p: None)
    )
    assert [d for d, _c, _n in out] == documents
    assert waited_with[0] == 8  # 4 per worker before waiting for the first


def test_workers_keep_freed_memory_where_the_c_library_is_glibc():
    import platform
    import subprocess

    code = "from kg.build.heap import keep_freed_memory; print(keep_freed_memory())"
    # in a process of its own: the setting lasts for the life of the process
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(platform.libc_ver()[0] == "glibc")


def test_frozen_heap_hides_what_exists_from_the_collector_and_gives_it_back():
    import gc

    from kg.build.heap import frozen_heap

    assert gc.get_freeze_count() == 0
    with frozen_heap():
        assert gc.get_freeze_count() > 0
        with frozen_heap():  # nested (a parallel build's fork inside a build): left alone
            pass
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_dask_local_cluster_gives_byte_identical_turtle(tmp_path, serial_turtle):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
        host="127.0.0.1",
    ) as cluster:
        build(output_dir=tmp_path, html=False, dask=cluster.scheduler_address, task_size=2)
    assert (tmp_path / "graph.ttl").read_bytes() == serial_turtle


def test_unreachable_scheduler_is_a_clear_error(monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "DASK_CONNECT_TIMEOUT", "1s")
    with pytest.raises(ParallelError) as caught:
        build(output_dir=None, html=False, dask="tcp://127.0.0.1:9")
    assert caught.value.code == "E1101"
    assert "dask scheduler" in caught.value.message


def test_missing_dask_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(ParallelError) as caught:
        parallel.connect("tcp://127.0.0.1:8786")
    assert caught.value.code == "E1100"
    assert "kg-news[dask]" in caught.value.message


def test_cli_rejects_zero_workers(tmp_path, capsys):
    assert main(["build", "-q", "-o", str(tmp_path), "--workers", "0"]) == 1
    err = capsys.readouterr().err
    assert "E1102" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_cli_unreachable_dask_is_one_line(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "DASK_CONNECT_TIMEOUT", "1s")
    assert main(["build", "-q", "-o", str(tmp_path), "--dask", "tcp://127.0.0.1:9"]) == 1
    err = capsys.readouterr().err
    assert "E1101" in err and "Traceback" not in err
    assert not (tmp_path / "graph.ttl").exists()


def test_cli_workers_quiet_prints_nothing(tmp_path, capsys):
    assert main(["build", "-q", "-o", str(tmp_path), "--no-html", "--workers", "2"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert (tmp_path / "graph.ttl").exists()
