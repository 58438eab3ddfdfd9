"""Layer 11: scoring a built graph against gold annotations, document-level and
mention-level. Reads graphs through the output contract only. The modules, in the order they
build on each other: :mod:`~kg.evaluate.gold` (gold files → typed gold),
:mod:`~kg.evaluate.matching` (a graph and gold → a report of counts and ratios) and
:mod:`~kg.evaluate.report` (a report → a table or JSON).

The names below are the library API (``from kg.evaluate import evaluate_documents``).
"""

from kg.evaluate.gold import read_document_gold, read_mention_gold
from kg.evaluate.matching import (
    EvaluationReport,
    MentionReport,
    evaluate_documents,
    evaluate_mentions,
)
from kg.evaluate.report import REPORT_FORMATS, format_report

__all__ = [
    "REPORT_FORMATS",
    "EvaluationReport",
    "MentionReport",
    "evaluate_documents",
    "evaluate_mentions",
    "format_report",
    "read_document_gold",
    "read_mention_gold",
]
