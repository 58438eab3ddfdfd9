"""An evaluation report (:mod:`kg.evaluate.matching`) → text: a terminal table, with the
misses and false positives when ``verbose``, or JSON (:func:`format_report`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kg.errors import Errors
from kg.evaluate.gold import GoldRelation
from kg.evaluate.matching import (
    EvaluationReport,
    MentionCounts,
    MentionMiss,
    MentionReport,
    RelationCounts,
)

REPORT_FORMATS = ("table", "json")


# --------------------------------------------------------------------------- reports


def _figure(value: float, denominator: int) -> str:
    return f"{value:.3f}" if denominator else "-"


def _table(rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def _counts_row(name: str, c: RelationCounts) -> list[str]:
    modality = (
        f"{c.modality_accuracy:.3f} ({c.modality_correct}/{c.modality_total})"
        if c.modality_total
        else "-"
    )
    return [
        name,
        str(c.tp),
        str(c.fp),
        str(c.fn),
        _figure(c.precision, c.tp + c.fp),
        _figure(c.recall, c.tp + c.fn),
        _figure(c.f1, c.tp),
        modality,
    ]


def _document_table(report: EvaluationReport, verbose: bool) -> str:
    header = ["relation", "tp", "fp", "fn", "precision", "recall", "F1", "modality"]
    rows = [header]
    for name, c in report.relations.items():
        if c.tp or c.fp or c.fn:
            rows.append(_counts_row(name, c))
    overall = report.overall
    rows.append(_counts_row("overall", overall))
    lines = _table(rows, right={1, 2, 3, 4, 5, 6})
    lines.append("")
    lines.append(
        f"documents: {len(report.documents)}  gold items: {report.required} required, "
        f"{report.optional} optional  claims read: {report.claims_read}"
    )
    lines.append(
        f"F1={overall.f1:.3f} P={overall.precision:.3f} R={overall.recall:.3f} "
        f"modality={overall.modality_accuracy:.3f} "
        f"tp={overall.tp} fp={overall.fp} fn={overall.fn}"
    )
    if verbose:
        for doc in report.documents:
            c = doc.counts
            lines.append("")
            lines.append(
                f"{doc.document}: tp={c.tp} fp={c.fp} fn={c.fn} "
                f"P={c.precision:.2f} R={c.recall:.2f}"
                + ("" if doc.in_graph else "  (not in the graph)")
            )
            for fp in doc.false_positives:
                lines.append(f"  FP        {fp.describe()}")
            for item in doc.misses:
                lines.append(f"  MISS      {item.describe()}  [line {item.line}]")
            for mismatch in doc.modality_mismatches:
                lines.append(
                    f"  MODALITY  {mismatch.gold.describe()} found as "
                    f"{', '.join(mismatch.found)}  [line {mismatch.gold.line}]"
                )
    return "\n".join(lines)


def _mention_table(report: MentionReport, verbose: bool) -> str:
    header = ["relation", "gold", "found", "recall", "claims", "matched", "precision>="]
    rows = [header]

    def row(name: str, c: MentionCounts) -> list[str]:
        return [
            name,
            str(c.gold),
            str(c.found),
            _figure(c.recall, c.gold),
            str(c.claims),
            str(c.claims_matched),
            _figure(c.precision_lower_bound, c.claims),
        ]

    for name, counts in report.relations.items():
        rows.append(row(name if name in report.scored else f"({name})", counts))
    rows.append(row("overall", report.overall))
    lines = _table(rows, right={1, 2, 3, 4, 5, 6})
    lines.append("")
    lines.append(f"overall covers: {', '.join(report.scored)}; (relation) rows are not in it")
    lines.append(
        f"documents with claims: {report.documents_with_claims}/{report.documents}  "
        f"sameAs pairs on one node: "
        + (
            f"{report.same_as_share:.3f} ({report.same_as_resolved}/{report.same_as_total})"
            if report.same_as_total
            else "-"
        )
    )
    overall = report.overall
    lines.append(
        f"recall={overall.recall:.3f} precision_lower_bound={overall.precision_lower_bound:.3f} "
        f"gold={overall.gold} claims={overall.claims}"
    )
    if verbose:
        lines.append("")
        for miss in report.misses:
            lines.append(f"  MISS  {miss.document} {miss.gold.describe()}  [line {miss.gold.line}]")
        for claim in report.unmatched_claims:
            lines.append(
                f"  FP    {claim.document} {claim.subject} {claim.relation} {claim.object} "
                f"({claim.modality})"
            )
        for miss in report.unresolved_synonyms:
            lines.append(
                f"  SPLIT {miss.document} {miss.gold.source!r} = {miss.gold.target!r}  "
                f"[line {miss.gold.line}]"
            )
    return "\n".join(lines)


def _gold_dict(item: GoldRelation) -> dict[str, Any]:
    return {
        "line": item.line,
        "subject": list(item.subjects),
        "relation": list(item.relations),
        "object": list(item.objects),
        "modality": item.modality,
    }


def _document_json(report: EvaluationReport) -> dict[str, Any]:
    return {
        "level": "document",
        "overall": report.overall.to_dict(),
        "relations": {
            name: c.to_dict() for name, c in report.relations.items() if c.tp or c.fp or c.fn
        },
        "claims_read": report.claims_read,
        "gold_items": {"required": report.required, "optional": report.optional},
        "unknown_gold_names": [{"name": n, "line": line} for n, line in report.unknown_names],
        "documents": [
            {
                "document": doc.document,
                "in_graph": doc.in_graph,
                **doc.counts.to_dict(),
                "false_positives": [
                    {
                        "subject": fp.subject,
                        "relation": fp.relation,
                        "object": fp.object,
                        "modalities": list(fp.modalities),
                    }
                    for fp in doc.false_positives
                ],
                "misses": [_gold_dict(item) for item in doc.misses],
                "modality_mismatches": [
                    {**_gold_dict(m.gold), "found": list(m.found)} for m in doc.modality_mismatches
                ],
            }
            for doc in report.documents
        ],
    }


def _mention_json(report: MentionReport) -> dict[str, Any]:
    def gold(miss: MentionMiss) -> dict[str, Any]:
        return {
            "document": miss.document,
            "line": miss.gold.line,
            "source": miss.gold.source,
            "relation": miss.gold.relation,
            "target": miss.gold.target,
        }

    return {
        "level": "mention",
        "scored": list(report.scored),
        "overall": report.overall.to_dict(),
        "relations": {name: c.to_dict() for name, c in report.relations.items()},
        "documents": report.documents,
        "documents_with_claims": report.documents_with_claims,
        "same_as": {
            "pairs": report.same_as_total,
            "on_one_node": report.same_as_resolved,
            "share": round(report.same_as_share, 4),
        },
        "misses": [gold(miss) for miss in report.misses],
        "unmatched_claims": [
            {
                "document": c.document,
                "subject": c.subject,
                "relation": c.relation,
                "object": c.object,
                "modality": c.modality,
            }
            for c in report.unmatched_claims
        ],
        "unresolved_synonyms": [gold(miss) for miss in report.unresolved_synonyms],
    }


def format_report(
    report: EvaluationReport | MentionReport, fmt: str = "table", verbose: bool = False
) -> str:
    """``table``: counts and figures per relation and overall, and with ``verbose`` the
    false positives and misses per document; ``json``: everything, always."""
    if fmt not in REPORT_FORMATS:
        raise Errors.E910(fmt=fmt, formats=", ".join(REPORT_FORMATS))
    if fmt == "json":
        data = (
            _document_json(report)
            if isinstance(report, EvaluationReport)
            else _mention_json(report)
        )
        return json.dumps(data, indent=2, ensure_ascii=False)
    if isinstance(report, EvaluationReport):
        return _document_table(report, verbose)
    return _mention_table(report, verbose)
