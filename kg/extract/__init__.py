"""Layer 2: documents → claims. The stages, each a module taking the previous one's typed
value: parse (:mod:`~kg.extract.nlp`: a spaCy ``Doc`` per document) → mentions
(:mod:`~kg.extract.mentions`) → document-level reference (:mod:`~kg.extract.reference`) →
relation typing (:mod:`~kg.extract.typers`, with the construction patterns of
:mod:`~kg.extract.patterns` and the argument rules of :mod:`~kg.extract.arguments`) →
modality and time (:mod:`~kg.extract.modality`) → ontology constraints
(:mod:`~kg.extract.constraints`) → assembly (:mod:`~kg.extract.assemble`), which gives
:class:`~kg.model.Claim` values. A module imports only from the stages before it.
"""
