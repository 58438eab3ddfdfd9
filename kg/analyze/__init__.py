"""Layer 7: analyses as plain functions over a
:class:`~kg.graph.knowledge_graph.KnowledgeGraph`: centrality, blocs, structural balance,
paths and the report (:mod:`~kg.analyze.analyses`).
"""
