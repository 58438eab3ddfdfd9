"""Layer 1: a folder, file or JSONL of news articles → :class:`~kg.corpus.reader.Document`
values (text, title, date, source), streamed, with what was skipped and why; and the dates
written in a text (:mod:`~kg.corpus.dates`).
"""
