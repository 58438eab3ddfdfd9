"""Layer 5: SPARQL over an rdflib graph. Takes a graph and a query (a bundled named query, a
``.rq`` file or text) with parameter values as text; gives a materialised result and its
text formats. The modules, in the order they build on each other:

- :mod:`~kg.sparql.safety`: the checks every query passes (no update, ``SERVICE``,
  ``LOAD`` or ``FROM``), and the default prefixes;
- :mod:`~kg.sparql.formats`: :class:`QueryResult` and the result formats (table, CSV, TSV,
  SPARQL JSON, NDJSON), RDF terms as short names, N-Triples and SPARQL JSON terms (both
  ways: :func:`~kg.sparql.formats.json_term`, :func:`~kg.sparql.formats.json_to_term`);
- :mod:`~kg.sparql.parameters`: parameter kinds, values → RDF terms, actor names → IRIs;
- :mod:`~kg.sparql.named`: the named queries of ``queries/``, their headers and listing;
- :mod:`~kg.sparql.run`: binding parameters and running a query within a time limit.

The names below are the library API (``from kg.sparql import run_query, format_result``).
Importing this package loads rdflib, and nothing heavier.
"""

from kg.sparql.formats import FORMATS, QueryResult, format_result, short_value
from kg.sparql.named import (
    LIST_FORMATS,
    NamedQuery,
    brief_rows,
    format_query_list,
    list_queries,
    load_query,
    parse_query_text,
    queries_dir,
)
from kg.sparql.parameters import PARAMETER_KINDS, QueryParameter, resolve_actor
from kg.sparql.run import bind_parameters, query_dataframe, run_query
from kg.sparql.safety import DEFAULT_PREFIXES, prepare_query

__all__ = [
    "DEFAULT_PREFIXES",
    "FORMATS",
    "LIST_FORMATS",
    "PARAMETER_KINDS",
    "NamedQuery",
    "QueryParameter",
    "QueryResult",
    "bind_parameters",
    "brief_rows",
    "format_query_list",
    "format_result",
    "list_queries",
    "load_query",
    "parse_query_text",
    "prepare_query",
    "queries_dir",
    "query_dataframe",
    "resolve_actor",
    "run_query",
    "short_value",
]
