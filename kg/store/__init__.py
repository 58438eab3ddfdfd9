"""Layer 6: persistent stores (Oxigraph, a remote SPARQL endpoint, memory) holding one named
graph per document (:mod:`~kg.store.backends`), and the store side of the edge aggregates
(:mod:`~kg.store.aggregates`). Queries on a store pass the same checks as :mod:`kg.sparql`.
"""
