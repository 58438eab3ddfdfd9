"""How kg's pipeline cuts and cleans text before extraction, each case written for it."""

from __future__ import annotations

from kg.corpus.reader import Document
from kg.extract.nlp import parse_documents


def sentences(nlp, text: str) -> list[str]:
    document = Document(doc_id="t", title="", text=text, date=None, source="test")
    (parsed,) = parse_documents(nlp, [document], batch_size=1)
    return [s.text.strip() for s in parsed.doc.sents if s.text.strip()]


def test_a_blank_line_ends_a_headline(nlp):
    found = sentences(nlp, "Rebels Take Northern Town\n\nRebels took the town on Monday.")
    assert found == ["Rebels Take Northern Town", "Rebels took the town on Monday."]


def test_no_sentence_starts_after_a_plain_word_in_mid_line(nlp):
    text = (
        "Austin, Kadhimi Talk Security in Baghdad\n\n"
        "Defense Secretary Lloyd Austin today met with Iraqi Prime Minister Mustafa al-Kadhimi "
        "in Baghdad, where the two men discussed the withdrawal of combat troops."
    )
    assert len(sentences(nlp, text)) == 2


def test_a_dateline_is_its_own_sentence(nlp):
    found = sentences(nlp, "GOMA, May 3 — Rebels seized the airport.")
    assert found[-1] == "Rebels seized the airport."


def test_a_hyphenated_dateline_city_is_one_name(nlp, analyse):
    text = "PORT-AU-PRINCE, Haiti, Oct. 4, 2024 (Reuters) — Gangs attacked a suburb."
    found = sentences(nlp, text)
    assert found == ["PORT-AU-PRINCE, Haiti, Oct. 4, 2024 (Reuters) —", "Gangs attacked a suburb."]
    actors, _ = analyse(text + " The capital is calm.")
    labels = {m.text: m.entity.label for m in actors.mentions}
    assert labels["PORT-AU-PRINCE"] == "Port-au-Prince"  # as the catalog spells it
    assert labels["capital"] == "Port-au-Prince"


def test_invisible_marks_do_not_glue_a_title_to_a_name(triples):
    found = triples("The envoy met Iraqi Prime Minister\u200e Haider al-Abadi on Monday.")
    assert ("Haider al-Abadi", "memberOf", "Government of Iraq", "asserted") in found


def test_a_caption_word_glued_to_a_headline_is_dropped(triples):
    found = triples("news photoRussia and China are allies in Asia\n\nThe summit ended.")
    assert ("China", "alliedWith", "Russia", "asserted") in found, found
