"""Layer 8: a knowledge graph → the interactive, offline ``graph.html``
(:mod:`~kg.viz.graph_page`): graph → vis data here, the page itself from the Jinja templates
in ``kg/templates`` and the files in ``kg/static``.
"""
