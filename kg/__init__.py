"""kg: actor-relationship knowledge graphs from news.

The package is a pipeline, one module per stage::

    corpus -> nlp -> actors -> claims -> graph -> rdf -> query / viz / export

Each stage takes the previous stage's dataclass and returns its own; ``kg.pipeline.build``
runs them all and ``kg.cli`` is a thin command-line layer over the same functions.
"""

__version__ = "0.1.0"
