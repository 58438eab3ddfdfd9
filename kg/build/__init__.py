"""The build: documents → extraction (in one process, a local pool or Dask:
:mod:`~kg.build.parallel`) → graph → Turtle, HTML, or a store updated document by document
(:mod:`~kg.build.incremental`). :func:`kg.build.pipeline.build` is what ``kg build`` calls.
"""
