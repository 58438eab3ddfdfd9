"""The vocabulary kg reads once from ``ontology/``: the ontology's terms as Python names
(:mod:`~kg.catalog.vocab`), the actor catalog (:mod:`~kg.catalog.actor_catalog`) and the
relation and event lexicon (:mod:`~kg.catalog.lexicon`). Takes data files; gives read-only
values every later layer looks words and actors up in.
"""
