"""Layer 3: claims → a :class:`~kg.graph.knowledge_graph.KnowledgeGraph`, a networkx
multigraph of actors and places whose edges keep every claim's evidence.
"""
