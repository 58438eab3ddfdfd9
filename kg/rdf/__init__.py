"""Layer 4: the knowledge graph ⇄ RDF under kg's ontology (:mod:`~kg.rdf.convert`), the edge
aggregates written with it (:mod:`~kg.rdf.aggregates`), OWL-RL inference
(:mod:`~kg.rdf.infer`), SHACL validation (:mod:`~kg.rdf.validate`) and the other export
formats (:mod:`~kg.rdf.export`). Takes a ``KnowledgeGraph`` or an rdflib graph; gives graphs
and files.
"""
