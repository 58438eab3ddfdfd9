"""The start-up cache (kg.cache): compiled once per version of its data files, and never a
reason for a command to fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.cache import cache_dir, cached
from kg.catalog.actor_catalog import _read_bundled_catalog, bundled_catalog


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(home))
    return home


def counting(value: object):
    calls: list[int] = []

    def compile_() -> object:
        calls.append(1)
        return value

    return compile_, calls


def test_second_use_reads_the_cache_instead_of_compiling(cache_home, tmp_path):
    source = tmp_path / "names.txt"
    source.write_text("ISIL\nIraq\n", encoding="utf-8")
    compile_, calls = counting({"names": ["ISIL", "Iraq"]})
    assert cached("names", [source], compile_) == {"names": ["ISIL", "Iraq"]}
    assert cached("names", [source], compile_) == {"names": ["ISIL", "Iraq"]}
    assert len(calls) == 1
    assert len(list(cache_home.glob("names-*.pickle"))) == 1


def test_a_changed_data_file_is_compiled_again_and_replaces_the_old_entry(cache_home, tmp_path):
    source = tmp_path / "names.txt"
    source.write_text("ISIL\n", encoding="utf-8")
    assert cached("names", [source], lambda: "old") == "old"
    source.write_text("ISIL\nPeshmerga\n", encoding="utf-8")
    assert cached("names", [source], lambda: "new") == "new"
    assert cached("names", [source], lambda: "not used") == "new"
    assert len(list(cache_home.glob("names-*.pickle"))) == 1


def test_a_corrupt_entry_is_rebuilt(cache_home, tmp_path):
    source = tmp_path / "names.txt"
    source.write_text("ISIL\n", encoding="utf-8")
    cached("names", [source], lambda: "value")
    (entry,) = cache_home.glob("names-*.pickle")
    entry.write_bytes(b"\x80\x05 truncated")
    compile_, calls = counting("value")
    assert cached("names", [source], compile_) == "value"
    assert calls == [1]
    assert cached("names", [source], compile_) == "value"
    assert calls == [1]


def test_an_unwritable_cache_directory_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "kg"))
    source = tmp_path / "names.txt"
    source.write_text("ISIL\n", encoding="utf-8")
    compile_, calls = counting("value")
    assert cached("names", [source], compile_) == "value"
    assert cached("names", [source], compile_) == "value"
    assert calls == [1, 1]


def test_cache_directory_follows_xdg_when_not_set_explicitly(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "kg"


def test_cached_bundled_catalog_is_the_catalog_read_from_turtle(cache_home):
    bundled_catalog.cache_clear()
    try:
        first = bundled_catalog()  # compiles and writes the cache
        bundled_catalog.cache_clear()
        second = bundled_catalog()  # reads the cache
    finally:
        bundled_catalog.cache_clear()
    direct = _read_bundled_catalog()
    assert list(cache_home.glob("catalog-*.pickle"))
    assert first.actors == direct.actors == second.actors
    isil = direct.lookup("Islamic State of Iraq and the Levant")
    assert isil is not None and second.lookup("ISIL") == isil


def test_build_works_when_the_cache_directory_cannot_be_written(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    article = tmp_path / "kirkuk.txt"
    article.write_text(
        "Kurds take Kirkuk\n\nKurdish peshmerga fighters took control of Kirkuk after the "
        "Iraqi army withdrew. ISIL fighters attacked the Iraqi army near Mosul.\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(article), "-o", str(tmp_path / "out"), "-q"],
        capture_output=True,
        text=True,
        env={"KG_CACHE_DIR": str(blocker / "kg"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert "Kirkuk" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_catalog_ruler_is_compiled_once_and_matches_like_add_patterns(cache_home, monkeypatch):
    """The ruler's phrase patterns come from the cache on the second start, and the ruler
    finds exactly what spaCy's own ``add_patterns`` would have made it find."""
    from spacy.pipeline import EntityRuler

    from kg.catalog.actor_catalog import load_catalog
    from kg.corpus.reader import sample_corpus_path
    from kg.extract import nlp as kg_nlp

    catalog = load_catalog()
    nlp = kg_nlp.load_model()
    compiled: list[int] = []
    compile_ = kg_nlp.compile_catalog_patterns

    def counting_compile(*args):
        compiled.append(1)
        return compile_(*args)

    monkeypatch.setattr(kg_nlp, "compile_catalog_patterns", counting_compile)
    kg_nlp.add_catalog_ruler(nlp, catalog)
    kg_nlp.add_catalog_ruler(nlp, catalog)
    assert compiled == [1]
    assert list(cache_home.glob("ruler-*.pickle"))
    ours = nlp.get_pipe(kg_nlp.RULER_NAME)

    stock = EntityRuler(nlp, name="stock", phrase_matcher_attr="LOWER", overwrite_ents=True)
    with nlp.select_pipes(disable=nlp.pipe_names):
        stock.add_patterns(kg_nlp.catalog_patterns(nlp, catalog))
    assert len(ours) == len(stock) > 3000
    assert ours.patterns == stock.patterns
    assert dict(ours._ent_ids) == dict(stock._ent_ids)
    assert len(ours.phrase_matcher) == len(stock.phrase_matcher)
    texts = [p.read_text(encoding="utf-8") for p in sorted(sample_corpus_path().iterdir())]
    texts.append("isil and the Islamic State of Iraq and the Levant; IS; Kurds in Erbil.")
    found = 0
    for text in texts:
        doc = nlp.make_doc(text)
        assert ours.match(doc) == stock.match(doc)
        found += len(ours.match(doc))
    assert found > 50


def test_a_changed_catalog_name_compiles_the_ruler_again(nlp, catalog):
    from dataclasses import replace

    from kg.catalog.actor_catalog import ActorCatalog
    from kg.extract.nlp import _ruler_key

    iri = sorted(catalog.actors)[0]
    actors = dict(catalog.actors)
    actors[iri] = replace(actors[iri], aliases=(*actors[iri].aliases, "Zzyzx Front"))
    assert _ruler_key(nlp, ActorCatalog(actors)) != _ruler_key(nlp, catalog)
    assert _ruler_key(nlp, catalog) == _ruler_key(nlp, ActorCatalog(dict(catalog.actors)))


def test_relation_signatures_come_from_the_cache_and_equal_the_ontology(cache_home):
    from kg.extract import constraints

    constraints.load_signatures.cache_clear()
    try:
        first = constraints.load_signatures()  # compiles and writes the cache
        constraints.load_signatures.cache_clear()
        second = constraints.load_signatures()  # reads it
    finally:
        constraints.load_signatures.cache_clear()
    assert list(cache_home.glob("signatures-*.pickle"))
    assert first == second == constraints._read_signatures()
    assert second["controls"].range == "Place"


def test_bundled_lexicon_comes_from_the_cache_and_equals_the_parsed_files(cache_home):
    from kg.catalog import lexicon

    lexicon._load.cache_clear()
    try:
        first = lexicon.load_lexicon()  # parses the TOML files and writes the cache
        lexicon._load.cache_clear()
        second = lexicon.load_lexicon()  # reads the cache
    finally:
        lexicon._load.cache_clear()
    assert list(cache_home.glob("lexicon-*.pickle"))
    assert first == second
