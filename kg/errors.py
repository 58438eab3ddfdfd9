"""Errors a user can act on.

Every error kg raises on purpose is a :class:`KgError` with a stable code (``E001`` …) and a
message that says what went wrong *and* what to do next. The CLI prints it as one line on
stderr and exits non-zero; library callers catch it like any exception.

:data:`CATALOGUE` lists every code with its meaning, in the manner of spaCy's ``errors.py``;
the README's "Errors" table is :func:`catalogue_table`, and ``tests/test_errors.py`` checks
that the two agree and that every code raised in ``kg/`` is catalogued. A code missing from
the catalogue is refused when the error is made, so a mistyped code fails loudly.
"""

from __future__ import annotations

# One line per code: what went wrong, in the user's terms. The message raised with the code
# adds the particulars (file, line, value) and what to do next.
CATALOGUE: dict[str, str] = {
    # E0xx: input (articles, output folder, actor catalog, lexicon, spaCy pipeline)
    "E001": "an input path (article file or folder, actor catalog) does not exist",
    "E002": "none of the inputs held a readable document (the first reasons are listed)",
    "E003": "a date that cannot be read; write it as YYYY-MM-DD",
    "E004": "an empty document: an empty file, no text after the front matter or in the HTML",
    "E005": "a binary file given as an article",
    "E006": "a file that is not valid UTF-8",
    "E007": "the output folder cannot be written (checked before any extraction)",
    "E008": "a document over 5,000,000 characters (skipped, listed in the summary)",
    "E011": "an actor in a Turtle catalog without an `rdfs:label`",
    "E012": "a CSV actor catalog with missing columns, an empty label or a bad Wikidata id",
    "E013": "an actor catalog that is not valid Turtle",
    "E014": "an event lexicon file that cannot be read or breaks its format",
    "E020": "no spaCy pipeline can be loaded (the installed ones are listed)",
    "E021": "the spaCy pipeline is installed but fails to load",
    "E022": "the spaCy pipeline lacks a dependency parser or NER",
    # E2xx: SPARQL queries (kg query, kg serve, kg.sparql)
    "E200": "`kg query` without a query: name one, give a .rq file or '-' for stdin",
    "E201": "an unknown named query",
    "E202": "a bad query parameter: not KEY=VALUE, unknown, missing or of the wrong kind",
    "E203": "a query that cannot be parsed, also one nested too deeply or an escape that is "
    "no character",
    "E204": "a refused query: an update, `SERVICE`, `LOAD`, `FROM`; also a `\\u` / `\\U` escape "
    "outside a string literal, or one standing for a quote, backslash or line break",
    "E205": "the query ran past its time limit and was stopped",
    "E206": "an actor parameter that names no actor in the graph, or more than one",
    "E207": "a query file that cannot be read or whose header is malformed",
    "E208": "the query failed while running",
    "E209": "an unknown result format",
    "E210": "`query_dataframe` needs pandas, which is not installed",
    # E3xx: graph files
    "E301": "no such graph file",
    "E302": "a graph file that cannot be parsed in its format",
    # E4xx: export
    "E401": "an unknown export format",
    # E5xx: SHACL validation
    "E501": "no such shapes file",
    "E502": "a shapes file that cannot be parsed",
    "E503": "the shapes cannot be applied to the graph",
    "E504": "an unknown validation report format",
    # E6xx: analytics
    "E601": "no actor of that name in the graph, or a place given as an actor",
    "E602": "an ambiguous actor name",
    "E603": "an unknown relation family",
    "E604": "no path between the two actors",
    "E605": "an unknown analytics output format",
    # E7xx: kg serve
    "E701": "the server cannot listen on that host and port, or did not start",
    "E702": "a bad `kg serve` setting (port, timeout, max rows)",
    "E703": "a bad request: no query, more than one, a body that is not UTF-8 or too large",
    "E704": "an unknown or unacceptable result format",
    "E705": "a SPARQL Update sent to the read-only endpoint",
    "E706": "dataset parameters (`default-graph-uri`, `named-graph-uri`), which are refused",
    "E707": "`kg serve`: a `POST` from another site's page, without `--cors`",
    # E8xx: inference
    "E801": "the bundled ontology cannot be read",
    "E802": "the graph is inconsistent with the ontology",
    "E803": "an unknown inference engine",
    # E9xx: evaluation against gold annotations
    "E901": "no such gold or actors file",
    "E902": "a gold or actors file that is not valid UTF-8",
    "E903": "a gold line that is not one JSON object",
    "E904": "a gold line or relation with a missing or malformed field",
    "E905": "an unknown relation in the gold or the options",
    "E906": "an unknown modality in the gold",
    "E907": "an actors file that is not valid JSON of the expected shape",
    "E908": "a document annotated on more than one gold line",
    "E909": "document-level gold given for mention-level evaluation, or the other way round",
    "E910": "an unknown evaluation report format",
    "E911": "a gold file without documents",
    # E10xx: triple stores (kg.store.backends)
    "E1001": "the store folder cannot be opened or created (not a kg store, locked, a file)",
    "E1002": "no store at that path; build one first",
    "E1003": "a remote SPARQL endpoint cannot be reached or answers with an error",
    "E1004": "a bad endpoint URL",
    "E1005": "a write to the store failed, or it holds a term kg cannot read or write",
    "E1006": "an unknown store export format",
    "E1007": "a parameter value that cannot be bound safely into a store query",
    "E1008": "conflicting or missing store options (--store, --endpoint, --graph, --infer)",
    # E11xx: parallel and distributed extraction
    "E1100": "--dask needs Dask distributed, which is not installed",
    "E1101": "the Dask scheduler cannot be reached",
    "E1102": "a bad --workers count",
    "E1103": "a Dask worker cannot import kg",
    "E1104": "a local worker process died (out of memory?)",
}


def catalogue_table() -> str:
    """The README's error table: one ``| code | meaning |`` row per catalogued code."""
    rows = [f"| `{code}` | {meaning} |" for code, meaning in CATALOGUE.items()]
    return "\n".join(["| code | meaning |", "|---|---|", *rows])


class KgError(Exception):
    """An error with a code and a one-line, actionable message."""

    def __init__(self, code: str, message: str) -> None:
        if code not in CATALOGUE:
            raise ValueError(f"unknown error code {code!r}: add it to kg.errors.CATALOGUE")
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple:
        # rebuilt from code and message, so that an error raised in a worker process
        # reaches the parent whole (the default would pass only the formatted text)
        return (_rebuild, (type(self), self.code, self.message, dict(self.__dict__)))


def _rebuild(cls: type[KgError], code: str, message: str, state: dict) -> KgError:
    error = KgError.__new__(cls)
    KgError.__init__(error, code, message)
    error.__dict__.update(state)
    return error


class InputError(KgError):
    """Bad input: a missing path, an unreadable file, a malformed line."""


class ModelError(KgError):
    """The spaCy pipeline cannot be loaded."""


class QueryError(KgError):
    """A query that cannot run: unknown name, syntax error, refused operation, bad parameter."""


class GraphError(KgError):
    """A graph file that cannot be read."""


class ValidationError(KgError):
    """The shapes cannot be loaded or applied (``E5xx``); a graph that violates them is a
    :class:`kg.rdf.validate.ValidationReport`, not an error."""


class InferenceError(KgError):
    """Inference cannot run or finds the graph inconsistent with the ontology (``E8xx``)."""


class AnalyzeError(KgError):
    """Graph analytics cannot answer: unknown actor or family, no path (``E6xx``)."""


class ParallelError(KgError):
    """Parallel or distributed extraction cannot run: bad --workers, no Dask, an unreachable
    scheduler, a worker that died (``E11xx``)."""


class StoreError(KgError):
    """A triple store cannot be opened, read or written: a locked or foreign folder, an
    unreachable endpoint, a failed write (``E10xx``, see :mod:`kg.store.backends`)."""


class EvaluationError(KgError):
    """Gold or catalog files that cannot be read or that break their format (``E9xx``)."""


class ServeError(KgError):
    """The server cannot start, or a request it cannot answer (``status``: the HTTP one)."""

    def __init__(self, code: str, message: str, *, status: int | None = None) -> None:
        super().__init__(code, message)
        self.status = status
