"""Scoring a built graph against gold annotations, document-level and mention-level
(:mod:`~kg.evaluate.scoring`). Reads graphs through the output contract only.
"""
