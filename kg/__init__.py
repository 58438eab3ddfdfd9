"""kg: actor-relationship knowledge graphs from news.

The package is a pipeline, one package per layer, each importing only from the layers
before it (``tests/test_layers.py`` checks it)::

    corpus → extract → graph → rdf → sparql / store → analyze / viz / web
                                   (catalog: the vocabulary every layer reads)

``evaluate`` scores a built graph, ``build`` runs the pipeline (``kg.build.pipeline.build``)
and ``cli`` is a thin command-line layer over the same functions. The modules at this top
level are the foundation every layer shares: the values the stages exchange (``model``),
the error catalogue (``errors``), packaged data (``resources``), atomic file writes (``io``)
and the user cache (``cache``).
"""

__version__ = "0.1.0"
