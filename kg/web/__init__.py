"""Layer 9: ``kg serve``: the read-only local web app and SPARQL endpoint over a graph file or
a store (:mod:`~kg.web.server`).
"""
