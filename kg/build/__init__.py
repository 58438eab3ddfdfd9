"""The build: documents → extraction (in one process, a local pool or Dask:
:mod:`~kg.build.parallel`) → graph → Turtle and HTML (:func:`kg.build.pipeline.build`, in
memory), or a store updated document by document
(:func:`kg.build.incremental.build_into_store`). How a build runs is one
:class:`~kg.build.options.BuildOptions`, which ``kg build`` makes from its flags; the command
line, not the library, chooses between the two builds.
"""
