"""Edge aggregates (kg.rdf.aggregates): every kgo:Edge counts exactly the claims it stands for,
after a full build, a store build, a replaced document and a removed one."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.build.incremental import build_into_store
from kg.build.pipeline import build
from kg.catalog.vocab import KGO
from kg.rdf.validate import validate
from kg.sparql import load_query, run_query
from kg.store.backends import MemoryStore, OxigraphStore, Store

ARTICLES = {
    "mosul.txt": "Militants seize Mosul\n\nISIL fighters attacked the Iraqi army in Mosul on "
    "Tuesday. ISIL fighters attacked the Iraqi army again near Tikrit. Iran said it would "
    "support the Iraqi government against ISIL.\n",
    "kirkuk.txt": "Kurds hold Kirkuk\n\nThe Peshmerga fought ISIL near Kirkuk. Turkey "
    "supports the Kurdistan Regional Government. ISIL fighters attacked the Iraqi army.\n",
}
CHANGED_MOSUL = (
    "Militants seize Mosul\n\nIran said it would support the Iraqi government against ISIL. "
    "Iran may send troops to fight ISIL.\n"
)

Key = tuple[URIRef, URIRef, URIRef, URIRef]


def claim_counts(graph: Graph) -> Counter[Key]:
    """What the edges must say: claims per (subject, relation, object, modality), counted
    here from the claims themselves."""
    counts: Counter[Key] = Counter()
    for claim in graph.subjects(RDF.type, KGO.Claim):
        counts[
            (
                graph.value(claim, RDF.subject),
                graph.value(claim, RDF.predicate),
                graph.value(claim, RDF.object),
                graph.value(claim, KGO.modality),
            )
        ] += 1
    return counts


def edge_counts(graph: Graph) -> Counter[Key]:
    counts: Counter[Key] = Counter()
    for edge in graph.subjects(RDF.type, KGO.Edge):
        key = tuple(
            graph.value(edge, p)
            for p in (KGO.edgeSubject, KGO.edgeRelation, KGO.edgeObject, KGO.edgeModality)
        )
        assert key not in counts, f"two edges for {key}"
        count = list(graph.objects(edge, KGO.claimCount))
        assert len(count) == 1
        counts[key] = int(count[0])  # type: ignore[index]
    return counts


def write(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def default_graph(store: Store) -> Graph:
    return Graph().parse(data=store.export("ntriples"), format="nt")


def test_a_full_build_writes_one_edge_per_claim_key_with_its_count(tmp_path):
    graph = build([write(tmp_path / "in", ARTICLES)], output_dir=None).rdf
    counts = claim_counts(graph)
    assert sum(counts.values()) >= 4
    assert max(counts.values()) >= 2  # some edge stands for more than one claim
    assert edge_counts(graph) == counts
    assert validate(graph).conforms


def test_shapes_catch_a_wrong_claim_count(tmp_path):
    graph = build([write(tmp_path / "in", ARTICLES)], output_dir=None).rdf
    edge = next(iter(graph.subjects(RDF.type, KGO.Edge)))
    count = graph.value(edge, KGO.claimCount)
    graph.set((edge, KGO.claimCount, Literal(int(count) + 1)))  # type: ignore[arg-type]
    report = validate(graph)
    assert not report.conforms
    assert any(v.focus.endswith(str(edge).rsplit("/", 1)[1]) for v in report.violations)


@pytest.mark.parametrize("kind", ["oxigraph", "memory"])
def test_store_edges_follow_added_replaced_and_removed_documents(tmp_path, kind):
    memory = MemoryStore()
    target: Store | Path = tmp_path / "store" if kind == "oxigraph" else memory

    def opened() -> Store:
        return OxigraphStore(tmp_path / "store") if kind == "oxigraph" else memory

    folder = write(tmp_path / "in", ARTICLES)
    build_into_store([folder], store=target, flush_size=1)
    with opened() as store:
        stored = default_graph(store)
    assert sum(claim_counts(stored).values()) >= 4
    assert edge_counts(stored) == claim_counts(stored)
    # the edges a full build of the same documents writes
    assert edge_counts(stored) == edge_counts(build([folder], output_dir=None).rdf)

    (folder / "mosul.txt").write_text(CHANGED_MOSUL, encoding="utf-8")
    build_into_store([folder], store=target)
    with opened() as store:
        replaced = default_graph(store)
        assert edge_counts(replaced) == claim_counts(replaced)
        assert edge_counts(replaced) != edge_counts(stored)

        assert store.remove_document("mosul")
        removed = default_graph(store)
        assert edge_counts(removed) == claim_counts(removed)
        assert edge_counts(removed) == edge_counts(
            build([tmp_path / "in" / "kirkuk.txt"], output_dir=None).rdf
        )
        assert store.remove_document("kirkuk")
        assert not store.remove_document("never-stored")
        assert edge_counts(default_graph(store)) == Counter()


def test_most_connected_counts_match_the_claims(tmp_path):
    graph = build([write(tmp_path / "in", ARTICLES)], output_dir=None).rdf
    result = run_query(graph, load_query("most-connected"), {"modality": "any"})
    places = set(graph.subjects(RDF.type, KGO.Place))
    partners: dict[URIRef, set[URIRef]] = {}
    claims: Counter[URIRef] = Counter()
    for (s, _, o, _), n in claim_counts(graph).items():
        if s == o:
            continue
        for actor, other in ((s, o), (o, s)):
            partners.setdefault(actor, set()).add(other)
            claims[actor] += n
    expected = {(a, len(partners[a]), claims[a]) for a in partners if a not in places}
    assert expected
    assert {(row[0], int(row[2]), int(row[3])) for row in result.rows} == expected


@pytest.mark.parametrize("kind", ["oxigraph", "memory"])
def test_a_build_stopped_before_moving_the_edges_is_repaired_by_the_next(
    tmp_path, kind, monkeypatch
):
    import kg.store.aggregates

    memory = MemoryStore()
    target: Store | Path = tmp_path / "store" if kind == "oxigraph" else memory
    folder = write(tmp_path / "in", ARTICLES)
    real = kg.store.aggregates.apply_changes
    calls: list[int] = []

    def stopped_after_first(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:  # the second batch is committed, its edges never moved
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(kg.store.aggregates, "apply_changes", stopped_after_first)
    with pytest.raises(KeyboardInterrupt):
        build_into_store([folder], store=target, flush_size=1)
    monkeypatch.setattr(kg.store.aggregates, "apply_changes", real)
    opened = OxigraphStore(tmp_path / "store") if kind == "oxigraph" else memory
    with opened as store:
        stale = default_graph(store)
        assert edge_counts(stale) != claim_counts(stale)
    again = build_into_store([folder], store=target)
    assert again.summary.unchanged == 2
    opened = OxigraphStore(tmp_path / "store") if kind == "oxigraph" else memory
    with opened as store:
        repaired = default_graph(store)
    assert edge_counts(repaired) == claim_counts(repaired)
    assert edge_counts(repaired) == edge_counts(build([folder], output_dir=None).rdf)
