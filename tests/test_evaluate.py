"""``kg evaluate`` (kg.evaluate): document-level and mention-level gold, scored on
hand-built graphs with exact counts, and in agreement with the independent scorers in
../shared/eval."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from kg.catalog.vocab import actor_iri, place_iri
from kg.cli import main
from kg.errors import EvaluationError, KgError
from kg.evaluate import (
    EvaluationReport,
    MentionReport,
    evaluate_documents,
    evaluate_mentions,
    format_report,
)
from kg.evaluate.gold import name_key
from kg.evaluate.matching import mention_key
from kg.graph.knowledge_graph import DocumentInfo, KnowledgeGraph, build_graph
from kg.model import Claim, Entity
from kg.rdf.convert import to_rdf, write_graph

SHARED = Path(__file__).resolve().parents[2] / "shared"
EVAL = SHARED / "eval"
needs_shared = pytest.mark.skipif(
    not (EVAL / "score.py").is_file(), reason="../shared/eval (the independent scorers) absent"
)

# --------------------------------------------------------------------------- helpers


def actor(label: str, kind: str = "ArmedGroup") -> Entity:
    return Entity(str(actor_iri(label)), label, kind)


def place(label: str) -> Entity:
    return Entity(str(place_iri(label)), label, "Place")


ISIL, PESH, IRAN, USA, IRAQ = (
    actor("Islamic State"),
    actor("Peshmerga"),
    actor("Iran", "State"),
    actor("United States", "State"),
    actor("Iraq", "State"),
)
MILITANTS = actor("Sunni militants")
MOSUL = place("Mosul")

ACTORS = {
    "_comment": "skipped: keys starting with _ are not actors",
    "ISIL": {"type": "ArmedGroup", "aliases": ["ISIS", "Islamic State", "Daesh"]},
    "Peshmerga": {"type": "ArmedGroup", "aliases": ["Kurdish forces"]},
    "Iran": {"type": "State", "aliases": ["Tehran", "Islamic Republic of Iran"]},
    "United States": {"type": "State", "aliases": ["U.S.", "Washington"]},
    "Iraq": {"type": "State", "aliases": []},
    "Mosul": {"type": "Place", "aliases": []},
}


def claim(
    doc: str,
    subject: Entity,
    relation: str,
    obj: Entity,
    modality: str = "asserted",
    *,
    subject_text: str | None = None,
    object_text: str | None = None,
) -> Claim:
    s_text, o_text = subject_text or subject.label, object_text or obj.label
    sentence = f"{s_text} {relation} {o_text}."
    return Claim(
        doc_id=doc,
        subject=subject,
        relation=relation,
        object=obj,
        modality=modality,
        sentence=sentence,
        sentence_start=0,
        sentence_end=len(sentence),
        subject_start=0,
        subject_end=len(s_text),
        subject_text=s_text,
        object_start=len(sentence) - len(o_text) - 1,
        object_end=len(sentence) - 1,
        object_text=o_text,
        trigger=relation,
        confidence=0.9,
    )


def make_graph(claims: Iterable[Claim], documents: Iterable[str] = ("d1",)) -> Graph:
    """The RDF of hand-made claims, exactly as ``kg build`` writes it."""
    claims = [replace(c, sentence_start=100 * n) for n, c in enumerate(claims)]  # own sentences
    infos = [DocumentInfo(d, d, "2020-01-01", f"{d}.txt", 1000) for d in documents]
    return to_rdf(build_graph(infos, claims))


def write_jsonl(path: Path, lines: Iterable[dict[str, Any] | str]) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def gold_item(subject: Any, relation: Any, obj: Any, modality: str = "asserted", **extra: Any):
    return {"subject": subject, "relation": relation, "object": obj, "modality": modality, **extra}


@pytest.fixture
def actors_file(tmp_path: Path) -> Path:
    path = tmp_path / "actors.json"
    path.write_text(json.dumps(ACTORS), encoding="utf-8")
    return path


def evaluate(tmp_path: Path, actors_file: Path, graph: Graph, docs: dict[str, list[dict]]):
    gold = write_jsonl(
        tmp_path / "gold.jsonl", [{"document": d, "relations": r} for d, r in docs.items()]
    )
    return evaluate_documents(graph, gold, actors_file)


def counts(report: EvaluationReport, relation: str | None = None) -> tuple[int, int, int]:
    c = report.overall if relation is None else report.relations[relation]
    return c.tp, c.fp, c.fn


# --------------------------------------------------------------------------- names


def test_name_key_ignores_case_the_quotes_and_punctuation():
    assert name_key("The Islamic State") == name_key("islamic state") == "islamic state"
    assert name_key("“Islamic State”") == name_key("'Islamic State'") == "islamic state"
    assert name_key("U.S.") == "us"
    assert name_key("al‑Sham") == name_key("al-Sham")  # a non-breaking hyphen is a hyphen
    assert name_key("Iran’s army") == "iran's army"


def test_mention_key_drops_fillers():
    assert mention_key("the forces of the Islamic State") == "islamic state"
    assert mention_key("Coalition-led strikes") == "coalition led strikes"


# --------------------------------------------------------------------------- document level


def test_exact_counts_and_figures(tmp_path, actors_file):
    graph = make_graph(
        [
            claim("d1", ISIL, "controls", MOSUL),  # tp
            claim("d1", PESH, "fights", ISIL),  # tp
            claim("d1", IRAN, "supports", IRAQ),  # fp
            claim("d1", USA, "threatens", ISIL, "hypothetical"),  # fp
        ]
    )
    report = evaluate(
        tmp_path,
        actors_file,
        graph,
        {
            "d1": [
                gold_item("ISIL", "controls", "Mosul"),
                gold_item("Peshmerga", "fights", "ISIL"),
                gold_item("United States", "supports", "Iraq"),  # fn
            ]
        },
    )
    assert counts(report) == (2, 2, 1)
    assert counts(report, "controls") == (1, 0, 0)
    assert counts(report, "supports") == (0, 1, 1)
    assert counts(report, "threatens") == (0, 1, 0)
    assert report.precision == pytest.approx(0.5)
    assert report.recall == pytest.approx(2 / 3)
    assert report.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert report.modality_accuracy == 1.0
    assert (report.required, report.optional, report.claims_read) == (3, 0, 4)
    # the per-relation counts add up to the overall ones
    assert sum(c.tp + c.fp + c.fn for c in report.relations.values()) == 5
    doc = report.documents[0]
    assert [fp.describe() for fp in doc.false_positives] == [
        "Iran supports Iraq (asserted)",
        "United States threatens ISIL (hypothetical)",
    ]
    assert [m.describe() for m in doc.misses] == ["United States supports Iraq (asserted)"]


def test_symmetric_relations_match_either_way_and_others_do_not(tmp_path, actors_file):
    graph = make_graph(
        [
            claim("d1", ISIL, "fights", PESH),
            claim("d1", IRAN, "negotiatesWith", USA),
            claim("d1", IRAQ, "alliedWith", USA),
            claim("d1", IRAQ, "supports", IRAN),
        ]
    )
    report = evaluate(
        tmp_path,
        actors_file,
        graph,
        {
            "d1": [
                gold_item("Peshmerga", "fights", "ISIL"),
                gold_item("United States", "negotiatesWith", "Iran"),
                gold_item("United States", "alliedWith", "Iraq"),
                gold_item("Iran", "supports", "Iraq"),  # supports is directed
            ]
        },
    )
    assert counts(report) == (3, 1, 1)
    assert counts(report, "supports") == (0, 1, 1)


def test_lists_of_alternatives(tmp_path, actors_file):
    graph = make_graph(
        [
            claim("d1", IRAN, "opposes", ISIL),
            claim("d1", USA, "supports", IRAQ),
            claim("d1", PESH, "fights", ISIL),
        ]
    )
    report = evaluate(
        tmp_path,
        actors_file,
        graph,
        {
            "d1": [
                gold_item(["Iran", "United States"], ["threatens", "opposes"], "ISIL"),
                gold_item("United States", "supports", ["Peshmerga", "Iraq"]),
                # several claims match one item: it is one true positive, none is a fp
                gold_item(["Peshmerga", "Iran"], ["fights", "opposes"], "ISIL"),
            ]
        },
    )
    assert counts(report) == (3, 0, 0)
    # a found item counts under the relation of the claim that found it
    assert counts(report, "opposes") == (1, 0, 0)
    assert counts(report, "threatens") == (0, 0, 0)
    assert counts(report, "fights") == (1, 0, 0)


def test_a_missed_item_with_alternatives_counts_under_its_first_relation(tmp_path, actors_file):
    report = evaluate(
        tmp_path,
        actors_file,
        make_graph([]),
        {"d1": [gold_item("Iran", ["threatens", "opposes"], "ISIL")]},
    )
    assert counts(report, "threatens") == (0, 0, 1)
    assert counts(report, "opposes") == (0, 0, 0)


def test_optional_items_are_neither_false_positives_nor_misses(tmp_path, actors_file):
    graph = make_graph([claim("d1", USA, "fights", ISIL, "hypothetical")])
    report = evaluate(
        tmp_path,
        actors_file,
        graph,
        {
            "d1": [
                gold_item("United States", "fights", "ISIL", "hypothetical", optional=True),
                gold_item("Iran", "supports", "Iraq", optional=True, note="not found: no miss"),
            ]
        },
    )
    assert counts(report) == (0, 0, 0)
    assert (report.required, report.optional) == (0, 2)
    assert report.precision == report.recall == report.f1 == 0.0  # nothing to divide by


def test_modality_accuracy(tmp_path, actors_file):
    graph = make_graph(
        [
            claim("d1", ISIL, "controls", MOSUL, "asserted"),  # right modality
            claim("d1", USA, "fights", ISIL, "asserted"),  # gold says hypothetical
            claim("d1", IRAN, "supports", IRAQ, "negated"),  # one of two is right
            claim("d1", IRAN, "supports", IRAQ, "asserted"),
            claim("d1", PESH, "fights", IRAN, "asserted"),  # a false positive stated
            claim("d1", PESH, "fights", IRAN, "negated"),  # twice counts once
        ]
    )
    report = evaluate(
        tmp_path,
        actors_file,
        graph,
        {
            "d1": [
                gold_item("ISIL", "controls", "Mosul"),
                gold_item("United States", "fights", "ISIL", "hypothetical"),
                gold_item("Iran", "supports", "Iraq", "negated"),
            ]
        },
    )
    assert counts(report) == (3, 1, 0)
    overall = report.overall
    assert (overall.modality_correct, overall.modality_total) == (2, 3)
    assert report.modality_accuracy == pytest.approx(2 / 3)
    assert report.relations["fights"].modality_accuracy == 0.0
    doc = report.documents[0]
    assert [(m.gold.describe(), m.found) for m in doc.modality_mismatches] == [
        ("United States fights ISIL (hypothetical)", ("asserted",))
    ]
    assert [fp.describe() for fp in doc.false_positives] == [
        "Peshmerga fights Iran (asserted, negated)"
    ]


def test_actors_map_through_labels_aliases_and_the_catalog(tmp_path, actors_file):
    tehran = actor("Tehran regime")  # a label the catalog lacks; its alias "Tehran" is known
    graph = make_graph(
        [
            claim("d1", ISIL, "controls", MOSUL, subject_text="the ISIS"),
            claim("d1", tehran, "supports", IRAQ, subject_text="Tehran"),
            claim("d1", MILITANTS, "fights", PESH),  # unknown to the catalog
        ]
    )
    report = evaluate(
        tmp_path,
        actors_file,
        graph,
        {
            "d1": [
                gold_item("Daesh", "controls", "Mosul"),  # gold may use an alias too
                gold_item("Iran", "supports", "Iraq"),
                gold_item("Sunni militants", "fights", "Peshmerga"),  # not in the catalog
            ]
        },
    )
    assert counts(report) == (2, 1, 1)
    assert report.unknown_names == [("Sunni militants", 1)]
    doc = report.documents[0]
    assert [fp.describe() for fp in doc.false_positives] == [
        "?Sunni militants fights Peshmerga (asserted)"
    ]


def test_documents_outside_the_gold_are_ignored_and_missing_ones_are_misses(tmp_path, actors_file):
    graph = make_graph(
        [claim("d1", ISIL, "controls", MOSUL), claim("other", IRAN, "fights", USA)],
        documents=("d1", "other"),
    )
    report = evaluate(
        tmp_path,
        actors_file,
        graph,
        {
            "d1": [gold_item("ISIL", "controls", "Mosul")],
            "d2": [gold_item("Iran", "fights", "ISIL")],
        },
    )
    assert counts(report) == (1, 0, 1)
    assert report.missing_documents == ["d2"]
    assert [d.document for d in report.documents] == ["d1", "d2"]


def test_a_knowledge_graph_or_a_file_can_be_evaluated_too(tmp_path, actors_file):
    claims = [claim("d1", ISIL, "controls", MOSUL)]
    kg = build_graph([DocumentInfo("d1", "d1", None, "d1.txt", 100)], claims)
    assert isinstance(kg, KnowledgeGraph)
    docs = {"d1": [gold_item("ISIL", "controls", "Mosul")]}
    assert counts(evaluate(tmp_path, actors_file, kg, docs)) == (1, 0, 0)
    path = write_graph(to_rdf(kg), tmp_path / "graph.ttl")
    assert counts(evaluate(tmp_path, actors_file, path, docs)) == (1, 0, 0)


def test_reports_are_deterministic_tables_and_json(tmp_path, actors_file):
    graph = make_graph(
        [claim("d1", ISIL, "controls", MOSUL), claim("d1", IRAN, "supports", IRAQ, "negated")]
    )
    docs = {
        "d1": [
            gold_item("ISIL", "controls", "Mosul"),
            gold_item("Iran", "fights", "ISIL"),
        ]
    }
    report = evaluate(tmp_path, actors_file, graph, docs)
    table = format_report(report, "table", verbose=True)
    assert table == format_report(evaluate(tmp_path, actors_file, graph, docs), verbose=True)
    lines = table.splitlines()
    assert lines[0].split() == [
        "relation",
        "tp",
        "fp",
        "fn",
        "precision",
        "recall",
        "F1",
        "modality",
    ]
    assert lines[1].split() == ["supports", "0", "1", "0", "0.000", "-", "-", "-"]
    assert "overall 1 1 1 0.500 0.500 0.500 1.000 (1/1)" in [" ".join(x.split()) for x in lines]
    assert "F1=0.500 P=0.500 R=0.500 modality=1.000 tp=1 fp=1 fn=1" in lines
    assert "  FP        Iran supports Iraq (negated)" in lines
    assert "  MISS      Iran fights ISIL (asserted)  [line 1]" in lines
    assert "FP " not in format_report(report, "table")  # only with verbose
    data = json.loads(format_report(report, "json"))
    assert data["overall"]["tp"] == 1 and data["overall"]["f1"] == 0.5
    assert data["documents"][0]["misses"][0]["relation"] == ["fights"]
    assert sorted(data["relations"]) == ["controls", "fights", "supports"]
    with pytest.raises(EvaluationError) as err:
        format_report(report, "xml")
    assert err.value.code == "E910"


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("lines", "code", "where", "words"),
    [
        (["{not json"], "E903", ":1:", "not valid JSON"),
        (["[1, 2]"], "E903", ":1:", "one JSON object"),
        (["", {"relations": []}], "E904", ":2:", '"document"'),
        ([{"document": "d1"}], "E904", ":1:", '"relations" must be a list'),
        ([{"document": "d1", "relations": [{"subject": "Iran"}]}], "E904", ":1:", "'relation'"),
        (
            [{"document": "d1", "relations": [gold_item("Iran", "fights", [])]}],
            "E904",
            ":1:",
            "'object'",
        ),
        (
            [{"document": "d1", "relations": [gold_item("Iran", "figths", "ISIL")]}],
            "E905",
            ":1:",
            "unknown relation 'figths'",
        ),
        (
            [{"document": "d1", "relations": [gold_item("Iran", "fights", "ISIL", "maybe")]}],
            "E906",
            ":1:",
            "unknown modality",
        ),
        (
            [{"document": "d1", "relations": [gold_item("Iran", "fights", "ISIL", optional=1)]}],
            "E904",
            ":1:",
            '"optional"',
        ),
        (
            [{"document": "d1", "relations": []}, {"document": "d1", "relations": []}],
            "E908",
            ":2:",
            "already annotated on line 1",
        ),
        (
            [{"document": "d1", "relations": [{"source": "a", "relation": "x", "target": "b"}]}],
            "E909",
            ":1:",
            "--mentions",
        ),
        (["", "  "], "E911", ":", "no gold documents"),
    ],
)
def test_malformed_gold_is_a_one_line_error_with_file_and_line(
    tmp_path, actors_file, lines, code, where, words
):
    gold = write_jsonl(tmp_path / "gold.jsonl", lines)
    with pytest.raises(EvaluationError) as err:
        evaluate_documents(make_graph([]), gold, actors_file)
    assert err.value.code == code
    assert isinstance(err.value, KgError)
    message = str(err.value)
    assert "\n" not in message
    assert f"gold.jsonl{where}" in message
    assert words in message


def test_missing_and_malformed_files(tmp_path, actors_file):
    gold = write_jsonl(tmp_path / "gold.jsonl", [{"document": "d1", "relations": []}])
    with pytest.raises(EvaluationError, match="no such gold file") as err:
        evaluate_documents(make_graph([]), tmp_path / "nope.jsonl", actors_file)
    assert err.value.code == "E901"
    with pytest.raises(EvaluationError, match="no such actors file"):
        evaluate_documents(make_graph([]), gold, tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"ISIL": {"aliases": "ISIS"}}')
    with pytest.raises(EvaluationError, match="'ISIL' must map to") as err:
        evaluate_documents(make_graph([]), gold, bad)
    assert err.value.code == "E907"
    bad.write_text('{\n"ISIL": }')
    with pytest.raises(EvaluationError, match=r"bad\.json:2: not valid JSON") as err:
        evaluate_documents(make_graph([]), gold, bad)
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"document": "caf\xe9", "relations": []}\n')
    with pytest.raises(EvaluationError, match="not valid UTF-8") as err:
        evaluate_documents(make_graph([]), latin, actors_file)
    assert err.value.code == "E902"


# --------------------------------------------------------------------------- mention level


def mention(source: str, relation: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"source": source, "relation": relation, "target": target, **extra}


def test_mention_level_relaxed_matching(tmp_path):
    coalition = actor("Coalition")
    graph = make_graph(
        [
            claim("d1", coalition, "fights", ISIL, object_text="ISIS"),  # found twice
            claim("d1", PESH, "memberOf", IRAQ),  # found: contained / containing
            claim("d1", IRAN, "supports", MILITANTS),  # not in the gold: lowers precision
            claim(
                "d1", IRAN, "controls", MOSUL
            ),  # scored (re3d annotates controls), not in this gold
        ]
    )
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {
                "document": "d1",
                "relations": [
                    mention("ISIS fighters", "fights", "Coalition forces"),  # symmetric, reversed
                    mention("the Coalition", "fights", "Islamic State", source_span=[0, 13]),
                    mention("Kurdish Peshmerga", "memberOf", "Iraq"),  # contains "peshmerga"
                    mention("Iraq", "memberOf", "Peshmerga"),  # memberOf is directed
                    mention("he", "alliedWith", "Iran"),  # a pronoun: never matches
                    mention("Iran", "negotiatesWith", "United States"),  # not scored overall
                    mention("the Islamic State", "sameAs", "ISIS"),  # both names on one node
                    mention("Iran", "sameAs", "Tehran"),  # "Tehran" is on no node
                ],
            },
            {"document": "d2", "relations": [mention("Peshmerga", "fights", "ISIS")]},
        ],
    )
    report = evaluate_mentions(graph, gold)
    assert isinstance(report, MentionReport)
    r = report.relations
    assert (r["fights"].gold, r["fights"].found) == (3, 2)
    assert (r["memberOf"].gold, r["memberOf"].found) == (2, 1)
    assert (r["alliedWith"].gold, r["alliedWith"].found) == (1, 0)
    assert (r["negotiatesWith"].gold, r["negotiatesWith"].found) == (1, 0)
    assert (r["supports"].claims, r["supports"].claims_matched) == (1, 0)
    assert (r["controls"].claims, r["controls"].claims_matched) == (1, 0)
    assert "threatens" not in r  # neither in the gold nor scored
    overall = report.overall
    assert (overall.gold, overall.found, overall.claims, overall.claims_matched) == (6, 3, 4, 2)
    assert report.recall == pytest.approx(0.5)
    assert report.precision_lower_bound == pytest.approx(2 / 4)
    assert (report.same_as_resolved, report.same_as_total) == (1, 2)
    assert report.same_as_share == 0.5
    assert (report.documents, report.documents_with_claims) == (2, 1)
    assert [m.gold.target for m in report.unresolved_synonyms] == ["Tehran"]
    table = format_report(report, verbose=True)
    assert "recall=0.500 precision_lower_bound=0.500 gold=6 claims=4" in table
    assert "(negotiatesWith)" in table
    assert "  SPLIT d1 'Iran' = 'Tehran'  [line 1]" in table.splitlines()
    data = json.loads(format_report(report, "json"))
    assert data["same_as"] == {"pairs": 2, "on_one_node": 1, "share": 0.5}
    # the overall figures can cover other relations
    narrow = evaluate_mentions(graph, gold, ["fights"])
    assert (narrow.overall.gold, narrow.overall.found) == (3, 2)
    with pytest.raises(EvaluationError, match="unknown relation 'fight'"):
        evaluate_mentions(graph, gold, ["fight"])


@pytest.mark.parametrize(
    ("item", "code", "words"),
    [
        (mention("a", "attacks", "b"), "E905", "unknown relation 'attacks'"),
        ({"source": "a", "relation": "fights"}, "E904", "'target'"),
        (mention("a", "fights", "b", source_span=[1]), "E904", "'source_span'"),
        (gold_item("Iran", "fights", "ISIL"), "E909", "--actors"),
    ],
)
def test_malformed_mention_gold(tmp_path, item, code, words):
    gold = write_jsonl(tmp_path / "gold.jsonl", [{"document": "d1", "relations": [item]}])
    with pytest.raises(EvaluationError) as err:
        evaluate_mentions(make_graph([]), gold)
    assert err.value.code == code
    assert "gold.jsonl:1:" in str(err.value)
    assert words in str(err.value)


# --------------------------------------------------------------------------- command line


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    graph = make_graph([claim("d1", ISIL, "controls", MOSUL), claim("d1", IRAN, "fights", USA)])
    return write_graph(graph, tmp_path / "graph.ttl")


def test_cli_document_level(tmp_path, actors_file, graph_file, capsys):
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [{"document": "d1", "relations": [gold_item("ISIL", "controls", "Mosul")]}],
    )
    args = ["evaluate", str(gold), "--actors", str(actors_file), "--graph", str(graph_file)]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "F1=0.667 P=0.500 R=1.000 modality=1.000 tp=1 fp=1 fn=0" in captured.out
    assert captured.err == ""
    assert main([*args, "--format", "json", "--verbose"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"][0]["false_positives"][0]["relation"] == "fights"


def test_cli_mentions(tmp_path, graph_file, capsys):
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [{"document": "d1", "relations": [mention("United States", "fights", "Iran")]}],
    )
    assert main(["evaluate", str(gold), "--mentions", "--graph", str(graph_file)]) == 0
    # the graph's "ISIL controls Mosul" is scored too, and not in this gold
    assert "recall=1.000 precision_lower_bound=0.500 gold=1 claims=2" in capsys.readouterr().out


def test_cli_errors_are_one_line(tmp_path, actors_file, graph_file, capsys):
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"document": "d1", "relations": []},
            {"document": "d2", "relations": [gold_item("Iran", "befriends", "Iraq")]},
        ],
    )
    args = ["evaluate", str(gold), "--actors", str(actors_file), "--graph", str(graph_file)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "[E905]" in err and "gold.jsonl:2:" in err
    with pytest.raises(SystemExit) as exit_:
        main(["evaluate", str(gold), "--graph", str(graph_file)])  # no --actors
    assert exit_.value.code == 2
    assert "--actors ACTORS.json" in capsys.readouterr().err


def test_cli_warns_about_unknown_gold_names_and_documents(
    tmp_path, actors_file, graph_file, capsys
):
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [{"document": "d9", "relations": [gold_item("Hamas", "fights", "Iran")]}],
    )
    args = ["evaluate", str(gold), "--actors", str(actors_file), "--graph", str(graph_file)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "gold.jsonl:1: 'Hamas' is not in" in err
    assert "has no document 'd9'" in err


# --------------------------------------------------------------------------- agreement


def last_line(*args: Path | str) -> list[str]:
    result = subprocess.run(
        [sys.executable, *map(str, args)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


@pytest.fixture(scope="module")
def seeds_graph(tmp_path_factory) -> Path:
    from kg.build.pipeline import build

    out = tmp_path_factory.mktemp("eval-seeds")
    build([SHARED / "seeds"], output_dir=out, html=False)
    return out / "graph.ttl"


@needs_shared
def test_seeds_figures_equal_the_independent_scorer(seeds_graph):
    gold, actors = EVAL / "seed-gold.jsonl", EVAL / "seed-actors.json"
    expected = last_line(EVAL / "score.py", seeds_graph, gold, actors)[-1]
    report = evaluate_documents(seeds_graph, gold, actors)
    o = report.overall
    mine = (
        f"F1={o.f1:.3f} P={o.precision:.3f} R={o.recall:.3f} "
        f"modality={o.modality_accuracy:.3f} tp={o.tp} fp={o.fp} fn={o.fn}"
    )
    assert mine == expected
    assert expected in format_report(report).splitlines()


@pytest.fixture(scope="module")
def re3d_graph(tmp_path_factory) -> Path:
    from kg.build.pipeline import build

    out = tmp_path_factory.mktemp("eval-re3d")
    build([EVAL / "re3d-dev" / "docs"], output_dir=out, html=False)
    return out / "graph.ttl"


@pytest.mark.skipif(not (EVAL / "re3d-dev").is_dir(), reason="../shared/eval/re3d-dev absent")
def test_re3d_recall_equals_the_independent_scorer(re3d_graph):
    gold = EVAL / "re3d-dev" / "gold.jsonl"
    lines = last_line(EVAL / "score_re3d.py", re3d_graph, gold)
    report = evaluate_mentions(re3d_graph, gold)
    o = report.overall
    assert lines[-1] == (
        f"recall={o.recall:.3f} precision_lower_bound={o.precision_lower_bound:.3f} "
        f"gold={o.gold} claims={o.claims}"
    )
    for line in lines:
        if m := re.fullmatch(r"(\w+): recall (\d+)/(\d+) = [\d.]+", line):
            counts = report.relations[m[1]]
            assert (counts.found, counts.gold) == (int(m[2]), int(m[3])), line
    same_as = last_line(EVAL / "score_re3d.py", re3d_graph, gold, "--sameas")[-1]
    assert same_as == (
        f"sameas_resolved={report.same_as_share:.3f} "
        f"({report.same_as_resolved}/{report.same_as_total})"
    )
