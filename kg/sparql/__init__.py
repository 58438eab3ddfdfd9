"""Layer 5: SPARQL over an rdflib graph. The named queries of ``queries/``, their parameters,
the safety checks every query passes (no update, ``SERVICE`` or ``LOAD``), time limits and
the result formats (:mod:`~kg.sparql.queries`).
"""
