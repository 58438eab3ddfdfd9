"""The staged extraction core: each relation typer, the ontology constraints, a
replaceable typer, and the user's own lexicon file. Sentences written for each case."""

from __future__ import annotations

from itertools import pairwise

import pytest

from kg.catalog.lexicon import load_lexicon
from kg.cli import main
from kg.extract.assemble import default_typers, extract_claims
from kg.extract.constraints import admits
from kg.extract.typers import PathTyper, PhraseTyper, SentenceReading, dependency_path
from kg.model import Candidate, Entity


def typed(analyse, lexicon, typer, text: str) -> set[tuple[str, str, str]]:
    """What one typer alone proposes for ``text``: (subject, relation, object) labels."""
    actors, _ = analyse(text)
    found = set()
    for sent in actors.doc.sents:
        reading = SentenceReading(sent, actors, lexicon, {})
        for c in typer.candidates(reading):
            found.add((c.subject.entity.label, c.relation, c.object.entity.label))
    return found


# --------------------------------------------------------------------------- dependency paths


def test_dependency_path_meets_at_the_lowest_common_ancestor(analyse):
    actors, _ = analyse("Hamas attacked the town of Rafah.")
    doc = actors.doc
    hamas, rafah = doc[0], doc[5]
    up, down = dependency_path(hamas, rafah)
    assert up[-1].i == down[-1].i == 1  # "attacked"
    assert [t.text for t in down] == ["Rafah", "of", "town", "attacked"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an event noun stands for its agent: "the Turkish strikes on the PKK"
        (
            "The Turkish strikes on the Kurdistan Workers' Party angered Iraq.",
            ("Turkey", "fights", "Kurdistan Workers' Party"),
        ),
        # a quantity of fighters is the group: "dozens of ISIL fighters"
        (
            "Dozens of Islamic State fighters were killed by the Iraqi Army.",
            ("Iraqi Army", "fights", "Islamic State"),
        ),
        # a relative clause: the antecedent is the subject
        (
            "Russia, which backs Bashar al-Assad, vetoed the resolution.",
            ("Russia", "supports", "Bashar al-Assad"),
        ),
        # control: "X vowed to attack Y" — X attacks
        (
            "Hezbollah vowed to attack Israel.",
            ("Hezbollah", "fights", "Israel"),
        ),
        # a light verb's event noun carries the relation; the dative is the recipient
        (
            "Norway will give Mali a grant of ten million dollars.",
            ("Norway", "supports", "Mali"),
        ),
        # a measure of a thing given is the thing: its recipient hangs on the light verb
        (
            "Qatar shipped forty tons of food to the Syrian rebels.",
            ("Qatar", "supports", "Syrian rebels"),
        ),
        (
            "Iran sent 300 rounds of ammunition to Hezbollah.",
            ("Iran", "supports", "Hezbollah"),
        ),
        # whoever the threatened act concerns is threatened, deep in the complement
        (
            "Algeria threatened to cut off diplomatic ties with Morocco.",
            ("Algeria", "threatens", "Morocco"),
        ),
    ],
)
def test_path_typer_reads_any_construction(analyse, lexicon, text, expected):
    found = typed(analyse, lexicon, PathTyper(), text)
    subject, relation, obj = expected
    symmetric = lexicon.relations[relation].symmetric
    assert expected in found or (symmetric and (obj, relation, subject) in found), found


@pytest.mark.parametrize(
    "text",
    [
        # a state's rebels are not the state
        "Syria's rebels attacked Russian troops.",
        # two clauses: nothing links the actors across the report verb
        "Iran said on Monday that the talks in Vienna had ended, and Israel attacked Gaza.",
        # what is united is not a partner
        "Khalifa Haftar vowed to unite Libya after the war.",
        # "held talks with" is talks, not holding a place or actor
        "Iran held talks with Israel in Oman.",
        # a preposition on the light verb that the event does not take names no party
        "Iran shipped forty tons of food to Syria against Israel's wishes.",
    ],
)
def test_path_typer_does_not_link_across_other_actors_or_clauses(analyse, lexicon, text):
    found = typed(analyse, lexicon, PathTyper(), text)
    assert not any({s, o} == {"Syria", "Russian Armed Forces"} for s, _, o in found)
    assert not any({s, o} == {"Iran", "Israel"} and r != "negotiatesWith" for s, r, o in found)
    assert not any(o == "Libya" and r == "alliedWith" for _, r, o in found)


# --------------------------------------------------------------------------- phrases


def test_phrase_typer_matches_idioms_with_articles_and_adjectives_between(analyse, lexicon):
    assert ("Hamas", "fights", "Israel") in typed(
        analyse, lexicon, PhraseTyper(), "Hamas dealt a heavy blow to Israel."
    )
    found = typed(analyse, lexicon, PhraseTyper(), "Iran is at odds with Saudi Arabia.")
    assert ("Iran", "opposes", "Saudi Arabia") in found


def test_phrase_typer_needs_the_whole_phrase(analyse, lexicon):
    assert not typed(analyse, lexicon, PhraseTyper(), "Hamas dealt with Israel.")


# --------------------------------------------------------------------------- constraints


def test_constraints_come_from_the_ontology():
    iraq = Entity("urn:iraq", "Iraq", "State")
    mosul = Entity("urn:mosul", "Mosul", "Place")
    maliki = Entity("urn:maliki", "Nouri al-Maliki", "Person")
    assert admits("controls", iraq, mosul)
    assert not admits("fights", iraq, mosul)  # a place fights no one
    assert not admits("memberOf", iraq, maliki)  # nobody is a member of a person
    assert admits("memberOf", maliki, iraq)


# --------------------------------------------------------------------------- replaceable typer


class _EveryPairFights:
    """A stand-in typer: proves extraction runs any RelationTyper it is given."""

    name = "every pair fights"
    fallback = False

    def candidates(self, reading: SentenceReading):
        mentions = [m for t in reading.sent for m in reading.mentions_for(t)]
        for a, b in pairwise(mentions):
            if a.entity.iri != b.entity.iri:
                yield Candidate(a, "fights", b, reading.sent.doc[a.head], 0.5, plover="FIGHT")


def test_a_typer_can_stand_in_for_the_rules(analyse, lexicon):
    actors, _ = analyse("Iran and Iraq signed a trade deal.")
    rules = extract_claims(actors, lexicon)
    assert all(c.relation != "fights" for c in rules)
    claims = extract_claims(actors, lexicon, typers=[_EveryPairFights()])
    assert {(c.subject.label, c.relation, c.object.label, c.plover) for c in claims} == {
        ("Iran", "fights", "Iraq", "FIGHT")
    }
    assert [t.name for t in default_typers()] == [
        "patterns",
        "phrases",
        "reciprocals",
        "advocacy",
        "ultimatums",
        "protest purposes",
        "paths",
    ]


# --------------------------------------------------------------------------- the user's lexicon

USER_LEXICON = """
[[events]]
plover = "DISAPPROVE"
cameo = ["111"]
relation = "opposes"
verbs = ["pester"]
"""


def test_a_user_lexicon_file_adds_trigger_words(tmp_path):
    words = tmp_path / "mine.toml"
    words.write_text(USER_LEXICON, encoding="utf-8")
    assert load_lexicon().verb_index.get("pester") is None
    lexicon = load_lexicon([words])
    assert lexicon.verb_index["pester"] == "opposes"
    assert lexicon.plover_type("opposes", "verb", "pester") == "DISAPPROVE"


def test_kg_build_lexicon_option(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Pestering\n\nHamas pestered Israel on Monday.\n")
    words = tmp_path / "mine.toml"
    words.write_text(USER_LEXICON, encoding="utf-8")
    plain, mine = tmp_path / "plain", tmp_path / "mine"
    assert main(["build", str(corpus), "-o", str(plain), "--no-html", "-q"]) == 0
    assert "kgo:opposes" not in (plain / "graph.ttl").read_text()
    args = ["build", str(corpus), "-o", str(mine), "--no-html", "-q", "--lexicon", str(words)]
    assert main(args) == 0
    turtle = (mine / "graph.ttl").read_text()
    assert "kgo:opposes" in turtle and "plover:DISAPPROVE" in turtle


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[events]]\nrelation = 'befriends'\n", "relation 'befriends' is not one of"),
        ("[[events]\n", "not valid TOML"),
        ("[[events]]\nrelation = 'opposes'\nverbs = 'pester'\n", "verbs must be a list"),
        ("[[events]]\nrelation = 'opposes'\nphrases = ['pester']\n", "needs two words"),
        (
            "[[events]]\nplover = 'DISAPPROVE'\nrelation = 'fights'\nverbs = ['pester']\n",
            "PLOVER type DISAPPROVE maps to",
        ),
    ],
)
def test_a_bad_lexicon_file_is_one_coded_line(tmp_path, capsys, content, message):
    words = tmp_path / "bad.toml"
    words.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", "-o", str(out), "--no-html", "-q", "--lexicon", str(words)])
    err = capsys.readouterr().err
    assert code != 0
    assert "E014" in err and message in err and str(words) in err
    assert "Traceback" not in err
    assert not (out / "graph.ttl").exists()


def test_a_missing_lexicon_file_is_named(tmp_path, capsys):
    missing = tmp_path / "nope.toml"
    assert main(["build", "-o", str(tmp_path / "o"), "-q", "--lexicon", str(missing)]) != 0
    assert "nope.toml: cannot read" in capsys.readouterr().err


# --------------------------------------------------------------------------- PLOVER and modality


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the threat is asserted; the threatened act is only a possibility
        (
            "Iran threatened to attack Israel.",
            {
                ("Iran", "threatens", "Israel", "asserted", "THREATEN"),
                ("Iran", "fights", "Israel", "hypothetical", "FIGHT|ASSAULT"),
            },
        ),
        (
            "Iran will attack Israel unless it withdraws.",
            {("Iran", "fights", "Israel", "hypothetical", "FIGHT|ASSAULT")},
        ),
        (
            "Syria warned that it would retaliate against Turkey.",
            {
                ("Syria", "threatens", "Turkey", "asserted", "THREATEN"),
                ("Syria", "fights", "Turkey", "hypothetical", "FIGHT|ASSAULT|COERCE"),
            },
        ),
        # a commitment to act is not the act
        (
            "Kenya is committed to defeating al-Shabaab.",
            {("Kenya", "fights", "Al-Shabaab", "hypothetical", "FIGHT|ASSAULT")},
        ),
        # refusal and denial negate
        ("Egypt refused to back Hamas.", {("Egypt", "supports", "Hamas", "negated", "SUPPORT")}),
        (
            "Turkey denied arming the Islamic State.",
            {("Turkey", "supports", "Islamic State", "negated", "SUPPORT|AID")},
        ),
        # refusing to cooperate with someone rejects them, beside the negated cooperation
        (
            "The Greek government refused to meet the Turkish delegation in Athens.",
            {
                ("Greece", "negotiatesWith", "Turkey", "negated", "CONSULT"),
                ("Greece", "opposes", "Turkey", "asserted", "REJECT"),
            },
        ),
        (
            "Qatar declined to join the African Union mission in Somalia.",
            {("Qatar", "opposes", "African Union Mission in Somalia", "asserted", "REJECT")},
        ),
    ],
)
def test_claims_carry_modality_and_plover_type(analyse, text, expected):
    _, claims = analyse(text)
    found = {(c.subject.label, c.relation, c.object.label, c.modality, c.plover) for c in claims}
    symmetric = ("fights", "alliedWith", "negotiatesWith")
    found |= {(o, r, s, m, p) for s, r, o, m, p in found if r in symmetric}
    for s, r, o, modality, types in expected:
        assert any(
            (fs, fr, fo, fm) == (s, r, o, modality) and fp in types.split("|")
            for fs, fr, fo, fm, fp in found
        ), found


# ------------------------------------------------------------------ document-level reference


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a state described by its kind, when one state is in reach
        (
            "Iran sent advisers to Syria's army. The Islamic Republic also armed Hezbollah.",
            ("Iran", "supports", "Hezbollah"),
            None,
        ),
        # two states in reach: the description stays unresolved
        (
            "Iran attacked Iraq. The Islamic Republic also armed Hezbollah.",
            None,
            ("Iran", "supports", "Hezbollah"),
        ),
        # an office: the one person named with that title
        (
            "President Vladimir Putin met Recep Tayyip Erdogan. Later the president "
            "threatened Ukraine.",
            ("Vladimir Putin", "threatens", "Ukraine"),
            None,
        ),
        (
            "President Joe Biden met President Vladimir Putin. Later the president "
            "threatened Ukraine.",
            None,
            ("Vladimir Putin", "threatens", "Ukraine"),
        ),
        # the former / the latter of two actors
        (
            "Hezbollah and Amal met in Beirut. The former attacked Israel the next day.",
            ("Hezbollah", "fights", "Israel"),
            ("Amal", "fights", "Israel"),
        ),
        (
            "Hezbollah and Amal met in Beirut. The latter attacked Israel the next day.",
            ("Amal", "fights", "Israel"),
            ("Hezbollah", "fights", "Israel"),
        ),
        # "we" in a quotation is its speaker's side; a person's side is not guessed
        (
            '"We will fight the Taliban," said the Pakistani army spokesman.',
            ("Pakistan Armed Forces", "fights", "Taliban"),
            None,
        ),
        # insurgents described by creed only: the one insurgent group the story names
        (
            "Boko Haram attacked a village in Borno. Islamist militants also seized Maiduguri.",
            ("Boko Haram", "controls", "Maiduguri"),
            None,
        ),
        # a people's name is no creed; two groups named leave the description alone
        (
            "Boko Haram attacked a village in Borno. Fulani militants also seized Maiduguri.",
            None,
            ("Boko Haram", "controls", "Maiduguri"),
        ),
        (
            "Boko Haram and Ansaru attacked Borno. Islamist militants also seized Maiduguri.",
            None,
            ("Boko Haram", "controls", "Maiduguri"),
        ),
        # a quotation that runs over sentences; a person described by their organisation
        (
            'Gen. Ali Hassan, commander of the Iraqi Army, said: "The city is surrounded. '
            'We will attack the Islamic State tomorrow."',
            ("Iraqi Army", "fights", "Islamic State"),
            None,
        ),
        (
            '"We will fight the Taliban," said Imran Khan.',
            None,
            ("Imran Khan", "fights", "Taliban"),
        ),
    ],
)
def test_document_level_reference(analyse, text, present, absent):
    _, claims = analyse(text)
    found = {(c.subject.label, c.relation, c.object.label) for c in claims}
    found |= {(o, r, s) for s, r, o in found if r in ("fights", "alliedWith", "negotiatesWith")}
    if present:
        assert present in found, found
    if absent:
        assert absent not in found, found
    assert not any("Taliban" in (s, o) and s == o for s, _, o in found)


def test_a_former_minister_is_no_reference(analyse):
    actors, _ = analyse("Hamas and Fatah met. The former minister criticised Hamas.")
    former = next(t for t in actors.doc if t.lower_ == "former")
    assert actors.mention_at(former) is None


def test_a_state_description_that_locates_is_no_actor(analyse):
    actors, claims = analyse(
        "The Taliban advanced across Afghanistan. The militants seized the country's "
        "second city of Kandahar."
    )
    country = next(t for t in actors.doc if t.lower_ == "country")
    mention = actors.mention_at(country)
    assert mention is None or mention.entity.kind == "Place"
    assert ("Taliban", "controls", "Kandahar") in {
        (c.subject.label, c.relation, c.object.label) for c in claims
    }


# ------------------------------------------------------------------ names protect the parse


@pytest.mark.parametrize(
    "text",
    ["IS positions were hit by Jordanian jets.", "Jordanian jets hit IS positions near Raqqa."],
)
def test_a_name_read_as_a_verb_is_parsed_again_as_a_name(analyse, text):
    actors, claims = analyse(text)
    name = next(t for t in actors.doc if t.text == "IS")
    assert name.pos_ == "PROPN" and name.lemma_ == "IS"
    found = {frozenset((c.subject.label, c.object.label)) for c in claims if c.relation == "fights"}
    assert frozenset(("Jordanian Armed Forces", "Islamic State")) in found, claims


# ------------------------------------------------------------------ constructions


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        # two agents of one event are allies; the event's target is fought by both
        (
            "France joined the American strikes against the Islamic State.",
            {("France", "alliedWith", "United States"), ("France", "fights", "Islamic State")},
            ("France", "fights", "United States"),
        ),
        # reciprocals: each way
        (
            "Ethiopia and Eritrea condemned one another after the clashes.",
            {("Ethiopia", "opposes", "Eritrea"), ("Eritrea", "opposes", "Ethiopia")},
            None,
        ),
        # "together with": the same side
        (
            "Chadian troops, together with Nigerian soldiers, fought Boko Haram.",
            {("Chad", "alliedWith", "Nigerian Armed Forces")},
            None,
        ),
        # "with the assistance of Y": Y supports the subject, not the reverse
        (
            "The Afghan army retook the district with the assistance of American aircraft.",
            {("United States", "supports", "Afghan National Army")},
            ("Afghan National Army", "supports", "United States"),
        ),
    ],
)
def test_constructions(analyse, text, expected, wrong):
    _, claims = analyse(text)
    found = {(c.subject.label, c.relation, c.object.label) for c in claims}
    found |= {(o, r, s) for s, r, o in found if r in ("fights", "alliedWith", "negotiatesWith")}
    assert expected <= found, found
    assert wrong not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a demand is made of the subject of the demanded clause
        (
            "Human Rights Watch demanded that the Ethiopian government lift the curfew.",
            ("Human Rights Watch", "opposes", "Ethiopia"),
        ),
        # what an actor proposes stands for it when it is rejected
        ("Chile rejected a Peruvian proposal on the border.", ("Chile", "opposes", "Peru")),
        (
            "Ghana rejected Togo's request to extradite the colonel.",
            ("Ghana", "opposes", "Togo"),
        ),
        # "an offer from X": X sends it, whatever "from" usually means for a place
        ("Nepal rejected an offer from India for talks.", ("Nepal", "opposes", "India")),
    ],
)
def test_demands_and_rejections(analyse, text, expected):
    _, claims = analyse(text)
    assert expected in {(c.subject.label, c.relation, c.object.label) for c in claims}, claims


# ------------------------------------------------------------------ the right node


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        # the inner proper adjective names the group; the outer demonym says where
        (
            "Iraqi Kurdish forces attacked the Islamic State near Sinjar.",
            ("Iraqi Kurdish forces", "fights", "Islamic State"),
            ("Iraq", "fights", "Islamic State"),
        ),
        # pro-Russian forces are not Russia's own
        (
            "Pro-Russian forces shelled Ukrainian positions.",
            ("Pro-Russian forces", "fights", "Ukraine"),
            ("Russian Armed Forces", "fights", "Ukraine"),
        ),
        # troops from a state are that state's, not a place's
        ("Troops from Nigeria and Chad fought Boko Haram.", ("Boko Haram", "fights", "Chad"), None),
        # a state an envoy is recalled from is a party, not a place
        (
            "Serbia recalled its ambassador from Montenegro.",
            ("Serbia", "opposes", "Montenegro"),
            None,
        ),
    ],
)
def test_the_right_node(analyse, text, expected, wrong):
    _, claims = analyse(text)
    found = {(c.subject.label, c.relation, c.object.label) for c in claims}
    found |= {(o, r, s) for s, r, o in found if r in ("fights", "alliedWith", "negotiatesWith")}
    assert expected in found, found
    assert wrong not in found


def test_a_member_urging_its_own_group_is_no_relation_between_sides(triples):
    found = triples(
        "An ISIS spokesman, Abu Mohammed al-Adnani, urged the group's fighters to march on Baghdad."
    )
    assert ("Abu Mohammed al-Adnani", "memberOf", "Islamic State", "asserted") in found
    assert not any(r == "negotiatesWith" for _, r, _, _ in found), found
    # the positive twin: urging another side is a request to it
    found = triples("Abu Mohammed al-Adnani urged Turkey to release the prisoners.")
    assert any(r == "negotiatesWith" and "Turkey" in (s, o) for s, r, o, _ in found), found


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        # object control: the one urged or called on would act, not the speaker
        (
            "Iran urged Hezbollah to attack Israel.",
            ("Hezbollah", "fights", "Israel", "hypothetical"),
            ("Iran", "fights", "Israel"),
        ),
        (
            "Sistani called on Iraqis to take up arms against ISIL.",
            ("Iraq", "fights", "Islamic State", "hypothetical"),
            ("Ali al-Sistani", "fights", "Islamic State"),
        ),
    ],
)
def test_object_control(triples, text, expected, wrong):
    found = triples(text)
    assert expected in found or (expected[2], expected[1], expected[0], expected[3]) in found, found
    assert not any((s, r, o) == wrong or (o, r, s) == wrong for s, r, o, _ in found), found


def test_only_the_refuser_rejects(analyse):
    """The one refused is not rejecting anyone, and refusing to fight is no rejection."""
    _, claims = analyse("Jordan refused to meet Syria's foreign minister.")
    rejections = {(c.subject.label, c.object.label) for c in claims if c.plover == "REJECT"}
    assert rejections == {("Jordan", "Syria")}
    _, claims = analyse("The Egyptian army refused to attack Hamas.")
    assert not any(c.relation == "opposes" for c in claims)
    assert any(c.relation == "fights" and c.modality == "negated" for c in claims)


# ------------------------------------------------------------------ groups a story describes


@pytest.mark.parametrize(
    ("text", "group", "kind", "relation", "other"),
    [
        # people from somewhere, by who they are, are a group of their own, not the state
        (
            "Indian police opened fire on Kashmiri demonstrators in Srinagar.",
            "Kashmiri demonstrators",
            "Organization",
            "fights",
            "India",
        ),
        (
            "Ugandan troops killed twelve Congolese civilians near the border.",
            "Congolese civilians",
            "Organization",
            "fights",
            "Uganda People's Defence Force",
        ),
        (
            "Syrian refugees accused the Lebanese army of abuses.",
            "Syrian refugees",
            "Organization",
            "opposes",
            "Lebanese Armed Forces",
        ),
        (
            "The Bolivian government banned opposition parties from the elections.",
            "opposition parties",
            "Organization",
            "opposes",
            "Bolivia",
        ),
        # a civil qualifier makes a group unarmed
        (
            "American aid groups sent medicine to Yemen.",
            "American aid groups",
            "Organization",
            "supports",
            "Yemen",
        ),
        # rebels stay armed
        (
            "Sudanese rebels shelled the army of Chad.",
            "Sudanese rebels",
            "InsurgentGroup",
            "fights",
            "Chad",
        ),
    ],
)
def test_described_groups_are_actors_of_their_kind(analyse, text, group, kind, relation, other):
    actors, claims = analyse(text)
    kinds = {m.entity.label: m.entity.kind for m in actors.mentions}
    assert kinds.get(group) == kind, kinds
    assert any(
        c.relation == relation and {c.subject.label, c.object.label} == {group, other}
        for c in claims
    ), [(c.subject.label, c.relation, c.object.label) for c in claims]


def test_a_states_police_is_the_state(analyse):
    actors, _ = analyse("Hungarian police detained the smugglers.")
    assert [m.entity.label for m in actors.mentions] == ["Hungary"]


# ------------------------------------------------------------------ demands and orders


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a demand a message makes is the sender's demand of the demanded clause's subject
        (
            "The Tuareg rebels issued a statement demanding that the Malian government "
            "release prisoners.",
            ("Tuareg rebels", "opposes", "Mali", "DEMAND"),
        ),
        # an order to another side is a demand on it
        (
            "The Chadian government ordered the Sudanese rebels to leave the border town.",
            ("Chad", "opposes", "Sudanese rebels", "DEMAND"),
        ),
        (
            "Saudi Arabia ordered Qatar to close its border.",
            ("Saudi Arabia", "opposes", "Qatar", "DEMAND"),
        ),
        # what a speaker says another must do is a demand on it
        (
            "Iran said Israel should withdraw from the Golan Heights.",
            ("Iran", "opposes", "Israel", "DEMAND"),
        ),
        # a state's judge is the state; the one ordered has no side of its own here
        (
            "A Kenyan judge ordered the former president Uhuru Kenyatta to appear in court.",
            ("Kenya", "opposes", "Uhuru Kenyatta", "DEMAND"),
        ),
        # forcing someone out is coercion
        (
            "The Israeli army forced hundreds of Palestinian refugees out of the camp.",
            ("Israel Defense Forces", "fights", "Palestinian refugees", "COERCE"),
        ),
    ],
)
def test_demands_and_orders_on_another_side(analyse, text, expected):
    _, claims = analyse(text)
    found = {(c.subject.label, c.relation, c.object.label, c.plover) for c in claims}
    found |= {(o, r, s, p) for s, r, o, p in found if r == "fights"}
    assert expected in found, found


@pytest.mark.parametrize(
    "text",
    [
        "The Iraqi government ordered the Iraqi Army to retake Tikrit.",
        "The Kurdistan Regional Government ordered the Peshmerga to hold Kirkuk.",
        # a person whose side the story does not give: no demand either way
        "Barack Obama ordered the United States military to strike ISIL.",
    ],
)
def test_an_order_down_a_chain_of_command_is_no_demand(analyse, text):
    _, claims = analyse(text)
    assert not [c for c in claims if c.plover == "DEMAND"], claims
    assert claims, "the ordered act is still read"


# ------------------------------------------------------------------ announced acts, support


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an attack announced for the future threatens its target; the attack is hypothetical
        (
            "Hezbollah said it would retaliate against Israel.",
            {
                ("Hezbollah", "threatens", "Israel", "asserted", "THREATEN"),
                ("Hezbollah", "fights", "Israel", "hypothetical", "FIGHT|ASSAULT"),
            },
        ),
        (
            "Radical Kurdish militants said on Friday they would attack Turkey.",
            {("Radical Kurdish militants", "threatens", "Turkey", "asserted", "THREATEN")},
        ),
        # a group's network stands for the group
        (
            "Al-Shabaab's terror network has threatened to strike Uganda.",
            {("Al-Shabaab", "threatens", "Uganda", "asserted", "THREATEN")},
        ),
        # what someone has, a right or a cause, stands for them; welcoming a message backs
        # its sender
        (
            "The United States defended the right of Ukrainian troops to fire on the separatists.",
            {("United States", "supports", "Armed Forces of Ukraine", "asserted", "SUPPORT")},
        ),
        (
            "The German government welcomed President Obama's latest peace proposal.",
            {("Germany", "supports", "Barack Obama", "asserted", "SUPPORT")},
        ),
    ],
)
def test_announcements_and_support(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "Iran said it will not attack Saudi Arabia.",  # ruled out: no threat
        "Hezbollah said it attacked Israel.",  # a past act is reported, not announced
        "Iran said the Houthis would attack Saudi Arabia.",  # another's act: not Iran's threat
    ],
)
def test_what_is_not_an_announced_threat(analyse, text):
    _, claims = analyse(text)
    assert not [c for c in claims if c.relation == "threatens"], claims
    assert claims


def test_a_prediction_is_no_demand(analyse):
    _, claims = analyse("Iran said that Iraq will defeat the Islamic State.")
    assert not [c for c in claims if c.plover == "DEMAND"], claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a stated intent to cooperate is an agreement, asserted; the help stays hypothetical
        (
            "Norway will give Mali a grant of ten million dollars.",
            {
                ("Norway", "negotiatesWith", "Mali", "asserted", "AGREE"),
                ("Norway", "supports", "Mali", "hypothetical", "AID"),
            },
        ),
        (
            "European Union foreign ministers agreed on Saturday to provide aid for Moldova.",
            {
                ("European Union", "negotiatesWith", "Moldova", "asserted", "AGREE"),
                ("European Union", "supports", "Moldova", "hypothetical", "AID"),
            },
        ),
        (
            "Turkey is willing to help the Kurdistan Regional Government.",
            {("Turkey", "negotiatesWith", "Kurdistan Regional Government", "asserted", "AGREE")},
        ),
    ],
)
def test_a_stated_intent_to_cooperate_is_an_agreement(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "The United States sent advisers to Iraq.",  # done, not promised
        "Turkey pledged aid to the Kurdistan Regional Government.",  # reported as the aid
        "Iran threatened to arm the Houthis.",  # a threat, and not to the Houthis
    ],
)
def test_what_is_no_agreement_or_threat_to_the_beneficiary(analyse, text):
    _, claims = analyse(text)
    assert any(c.relation == "supports" for c in claims), claims
    assert not [c for c in claims if c.plover == "AGREE" or c.relation == "threatens"], claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ending cooperation sanctions the other side, beside the cooperation it negates
        (
            "Japan suspended aid to Serbia.",
            {
                ("Japan", "opposes", "Serbia", "asserted", "SANCTION"),
                ("Japan", "supports", "Serbia", "negated", "AID|SUPPORT"),
            },
        ),
        (
            "A French minister has cancelled a planned visit to Haiti.",
            {("France", "opposes", "Haiti", "asserted", "SANCTION")},
        ),
        # what is complained of is its agent's act
        (
            "Lebanon complained to the United Nations over two Israeli air raids.",
            {("Lebanon", "opposes", "Israel", "asserted", "DISAPPROVE")},
        ),
        (
            "Albania denounced Serbia's suppression of the protests.",
            {("Albania", "opposes", "Serbia", "asserted", "DISAPPROVE")},
        ),
        # breaking into someone's computers is coercion
        (
            "North Korea hacked into the computers of South Korean army officers.",
            {("North Korea", "fights", "South Korea", "asserted", "COERCE")},
        ),
    ],
)
def test_sanctions_complaints_and_coercion(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


def test_a_complaint_about_a_third_partys_act_blames_that_party(analyse):
    """ "criticised the US over its support for Israel": Israel is supported, not blamed."""
    _, claims = analyse("Iran criticised the United States over its support for Israel.")
    assert not [c for c in claims if c.subject.label == "Iran" and c.object.label == "Israel"]


def test_a_protest_staged_against_a_government(analyse):
    """ "staged" is lemmatised "stag" by the small pipeline: still a light verb."""
    _, claims = analyse("Pakistani lawyers staged a protest against the Pakistani government.")
    found = {(c.subject.label, c.relation, c.object.label, c.plover) for c in claims}
    assert ("Pakistani lawyers", "opposes", "Pakistan", "PROTEST") in found, found


def test_a_states_government_named_by_its_possessive(analyse):
    actors, claims = analyse(
        "The main rebel group demanded that Burundi's government release prisoners."
    )
    assert "Burundi's government" in {m.text for m in actors.mentions}
    # a qualifier between keeps its own claim: "Syria's Iranian-backed government"
    _, claims = analyse("ISIL is also fighting Syria's Iranian-backed government.")
    assert any(c.relation == "supports" and c.subject.label == "Iran" for c in claims), claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # rallies against someone, by people from a group, are the group's protest
        (
            "Activists from Hamas staged rallies against Mahmoud Abbas.",
            ("Hamas", "opposes", "Mahmoud Abbas"),
        ),
        # "in protest at" an act is against its agent, and made by whoever protests
        (
            "Kurdish students marched in Istanbul in protest at the Turkish government's decision.",
            ("Kurdish students", "opposes", "Turkey"),
        ),
        (
            "A group of Tamil refugees are continuing a hunger strike in protest of the Sri "
            "Lankan government's refusal to release prisoners.",
            ("Tamil refugees", "opposes", "Sri Lanka"),
        ),
    ],
)
def test_protests(analyse, text, expected):
    _, claims = analyse(text)
    found = {(c.subject.label, c.relation, c.object.label): c.plover for c in claims}
    assert found.get(expected) == "PROTEST", found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what is allowed is a concession to the subject of the allowed clause
        (
            "Egypt allowed Hamas to open an office in Cairo.",
            {("Egypt", "negotiatesWith", "Hamas", "asserted", "CONCEDE")},
        ),
        # agreeing to give an amount of aid: the light verb's event noun behind its measure
        (
            "European Union ministers agreed to provide about 70 million dollars of aid for "
            "Moldova.",
            {
                ("European Union", "negotiatesWith", "Moldova", "asserted", "AGREE"),
                ("European Union", "supports", "Moldova", "hypothetical", "AID"),
            },
        ),
        # agreeing to talks is an agreement; the talks are yet to be held
        (
            "Iran agreed to hold talks with the United States.",
            {
                ("Iran", "negotiatesWith", "United States", "asserted", "AGREE"),
                ("Iran", "negotiatesWith", "United States", "hypothetical", "CONSULT"),
            },
        ),
    ],
)
def test_concessions_and_agreements(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


def test_calling_on_others_to_back_someone_backs_them(analyse):
    _, claims = analyse(
        "The Arab League urged the European Union to support the Palestine Liberation Organization."
    )
    found = {(c.subject.label, c.relation, c.object.label, c.modality) for c in claims}
    assert ("Arab League", "supports", "Palestine Liberation Organization", "asserted") in found
    assert (
        "European Union",
        "supports",
        "Palestine Liberation Organization",
        "hypothetical",
    ) in found
    # urging an attack is no support of its target
    _, claims = analyse("Iran urged Hezbollah to attack Israel.")
    assert not [c for c in claims if c.relation == "supports"], claims


def test_a_capitalised_office_stands_for_its_state(analyse):
    _, claims = analyse("Taiwan's Vice Foreign Minister visited Russia today.")
    assert {(c.subject.label, c.object.label) for c in claims if c.relation == "negotiatesWith"} & {
        ("Taiwan", "Russia"),
        ("Russia", "Taiwan"),
    }, claims


def test_a_phrase_object_the_parser_left_as_a_clause_subject(analyse):
    """ "asylum to five officers holed up in …" is parsed as a clause "officers holed up";
    the officers are still the phrase's object."""
    _, claims = analyse(
        "Peru granted diplomatic asylum to five Panamanian army officers holed up in a residence."
    )
    assert ("Peru", "supports", "Panama") in {
        (c.subject.label, c.relation, c.object.label) for c in claims
    }


def test_the_government_rebels_of_another_state_fight_stays_unresolved(analyse):
    _, claims = analyse("Qatar has sent weapons to Syrian rebels fighting the government.")
    assert not [c for c in claims if c.relation == "fights"], claims
    assert ("Qatar", "supports", "Syrian rebels") in {
        (c.subject.label, c.relation, c.object.label) for c in claims
    }
    # a state's own government is still found when nothing else competes
    actors, _ = analyse("Kenya sent troops to Somalia. The government said they would stay.")
    assert [m.entity.label for m in actors.mentions if m.text == "government"]


def test_a_bodys_inspectors_and_peacekeepers_stand_for_it(analyse):
    _, claims = analyse("Iraq said it would allow U.N. weapons inspectors to return.")
    found = {(c.subject.label, c.relation, c.object.label, c.modality, c.plover) for c in claims}
    assert ("Iraq", "negotiatesWith", "United Nations", "asserted", "AGREE") in found, found


@pytest.mark.parametrize(
    "text",
    [
        "Hamas refused to respond to a demand from Egypt.",
        "Hamas refused to comply with Egypt's demands.",
        "Hamas ignored a call from Egypt to hand over the prisoners.",
    ],
)
def test_refusing_a_demand_rejects_its_sender(analyse, text):
    _, claims = analyse(text)
    found = {(c.subject.label, c.relation, c.object.label, c.modality, c.plover) for c in claims}
    assert ("Hamas", "opposes", "Egypt", "asserted", "REJECT") in found, found


def test_an_office_of_state_no_person_holds_in_the_text_is_the_state(analyse):
    actors, _ = analyse("The US President met the French president.")
    assert {m.text: m.entity.label for m in actors.mentions} == {
        "US President": "United States",
        "French president": "France",
    }
    # a named holder keeps the office as a title: Obama is a member of the state
    _, claims = analyse("US President Barack Obama met Iraq's prime minister.")
    assert ("Barack Obama", "memberOf", "United States") in {
        (c.subject.label, c.relation, c.object.label) for c in claims
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # receiving a visitor is a meeting; receiving arms from someone is their aid
        (
            "Iran's president received the Iraqi foreign minister in Tehran.",
            {("Iran", "negotiatesWith", "Iraq", "asserted", "CONSULT")},
        ),
        (
            "Hezbollah received weapons from Iran.",
            {("Iran", "supports", "Hezbollah", "asserted", "SUPPORT|AID")},
        ),
        # a state's emir or king, named by no person, is the state
        (
            "The Qatari emir held a meeting with Hamas leaders in Doha.",
            {("Qatar", "negotiatesWith", "Hamas", "asserted", "CONSULT")},
        ),
        # opening the borders to people is aid to them
        (
            "Jordan opened its borders to Syrian refugees.",
            {("Jordan", "supports", "Syrian refugees", "asserted", "AID")},
        ),
    ],
)
def test_visits_arms_received_and_open_borders(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an act announced on a condition another must meet threatens it; the act stays
        # hypothetical
        (
            "Kenya said it would pull its soldiers out of Somalia unless the African Union "
            "paid them.",
            {("Kenya", "threatens", "African Union", "asserted", "THREATEN")},
        ),
        (
            "Iran will close its embassy in London unless Britain apologises.",
            {("Iran", "threatens", "United Kingdom", "asserted", "THREATEN")},
        ),
        (
            "Turkey would strike the Kurdistan Workers' Party if it did not leave the border.",
            {("Turkey", "threatens", "Kurdistan Workers' Party", "asserted", "THREATEN")},
        ),
    ],
)
def test_an_act_announced_on_a_condition_is_a_threat(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "Japan will help Haiti unless the storm passes.",  # help on a condition: no threat
        "Iran will attack Iraq if Turkey joins.",  # a condition that binds no one's refusal
        "Iran attacked Iraq unless the reports are wrong.",  # nothing announced
    ],
)
def test_what_is_no_conditional_threat(analyse, text):
    _, claims = analyse(text)
    assert not [c for c in claims if c.relation == "threatens"], claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # offering forces or aid to another is an agreement (the help is yet to come)
        (
            "Ghana offered its troops to the government of Liberia.",
            {
                ("Ghana", "negotiatesWith", "Liberia", "asserted", "AGREE"),
                ("Ghana", "supports", "Liberia", "hypothetical", "SUPPORT|AID"),
            },
        ),
        # a measure of aid given to a state: the state is the recipient, not a place
        (
            "Sweden gave 5 million dollars of aid to Yemen.",
            {("Sweden", "supports", "Yemen", "asserted", "AID")},
        ),
        (
            "Norway offered aid to Sudan.",
            {("Norway", "negotiatesWith", "Sudan", "asserted", "AGREE")},
        ),
        # a stated willingness to withdraw from a state is an agreement with it, beside the
        # withdrawal (RETREAT), which is yet to come
        (
            "Russia said it was willing to withdraw its forces from Georgia.",
            {
                ("Russia", "negotiatesWith", "Georgia", "asserted", "AGREE"),
                ("Russia", "negotiatesWith", "Georgia", "hypothetical", "RETREAT"),
            },
        ),
        # allowing the return of another's inspectors is a concession to it
        (
            "Syria agreed to allow the return of United Nations monitors.",
            {("Syria", "negotiatesWith", "United Nations", "asserted", "AGREE|CONCEDE")},
        ),
        # a host of talks between two sides deals with each ("as saying he": the speaker)
        (
            "The emir of Kuwait was quoted as saying he would host talks between Iran and Bahrain.",
            {
                ("Kuwait", "negotiatesWith", "Iran", "hypothetical", "CONSULT|AGREE"),
                ("Kuwait", "negotiatesWith", "Bahrain", "hypothetical", "CONSULT|AGREE"),
            },
        ),
    ],
)
def test_offers_withdrawals_and_hosted_talks(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "Chad sent troops to Mali.",  # sending forces is no help: an invasion is sent too
        "Serbia allowed the killing of civilians.",  # not an act the "of" phrase's doer does
    ],
)
def test_what_is_no_offer_or_concession(analyse, text):
    _, claims = analyse(text)
    assert not [c for c in claims if c.relation in ("supports", "negotiatesWith")], claims


def test_an_intent_another_lays_on_an_actor_is_no_agreement(analyse):
    _, claims = analyse(
        "Egypt said that the United States must be ready to mediate between Israel and Hamas."
    )
    assert not [c for c in claims if c.plover == "AGREE"], claims
    assert [c for c in claims if c.plover == "DEMAND" and c.object.label == "United States"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a protest held to press a demand is against whom the demand names
        (
            "Kurdish students staged demonstrations to demand reforms by the Turkish government.",
            {("Kurdish students", "opposes", "Turkey", "asserted", "PROTEST")},
        ),
        (
            "Tamil farmers began a hunger strike to demand the return of land seized by the "
            "Sri Lankan army.",
            {("Tamil farmers", "opposes", "Sri Lanka", "asserted", "PROTEST")},
        ),
        (
            "Serbian miners blocked roads to press their demands for higher wages from the "
            "European Union.",
            {("Serbian miners", "opposes", "European Union", "asserted", "PROTEST")},
        ),
    ],
)
def test_a_protest_held_to_press_a_demand(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


@pytest.mark.parametrize(
    "text",
    [
        # no protest: a meeting held, a road blocked to stop someone
        "Kenyan students held a meeting to demand reforms by the Kenyan government.",
        "The Iraqi Army blocked roads to stop the Islamic State.",
    ],
)
def test_what_is_no_protest_with_a_purpose(analyse, text):
    _, claims = analyse(text)
    assert not [c for c in claims if c.plover == "PROTEST"], claims


def test_a_protest_is_not_against_whom_its_demand_would_benefit(analyse):
    _, claims = analyse(
        "Korean students demonstrated to demand that Japan apologise to South Korea."
    )
    protests = {c.object.label for c in claims if c.plover == "PROTEST"}
    assert protests == {"Japan"}, claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a two-word event noun is looked up whole: martial law is coercion, a hunger strike
        # a protest (where "strike" alone is an attack)
        (
            "The Thai army declared martial law against Cambodian protesters.",
            {("Cambodian protesters", "fights", "Thailand", "asserted", "COERCE")},
        ),
        (
            "Kurdish activists began a hunger strike against the Turkish government.",
            {("Kurdish activists", "opposes", "Turkey", "asserted", "PROTEST")},
        ),
        # "declare" is a light verb: its event noun carries the relation
        ("Iran declared war on Iraq.", {("Iran", "fights", "Iraq", "asserted", "FIGHT")}),
    ],
)
def test_two_word_event_nouns_and_declarations(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an act done despite another's pressure defies it
        (
            "Israel went ahead with the settlement despite growing objections from the "
            "United States.",
            {("Israel", "opposes", "United States", "asserted", "REJECT")},
        ),
        # a demand noun's content clause makes the demand of its subject
        (
            "Hamas repeated its demand that Israel lift the blockade.",
            {("Hamas", "opposes", "Israel", "asserted", "DEMAND")},
        ),
    ],
)
def test_defiance_and_demands_by_their_content(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


def test_a_rank_is_no_part_of_a_groups_name(analyse):
    _, claims = analyse(
        "The British government outlawed the largest Protestant extremist organization."
    )
    assert {c.object.label for c in claims} | {c.subject.label for c in claims} >= {
        "Protestant extremist organization"
    }, claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a message's sender named by "by"
        (
            "The Taliban rejected a proposal by the Afghan government for a ceasefire.",
            {("Taliban", "opposes", "Government of Afghanistan", "asserted", "REJECT")},
        ),
        # an act whose "of" phrase is its doer: condemning it blames the doer
        (
            "China condemned the visit of the US president to Taiwan.",
            {("China", "opposes", "United States", "asserted", "DISAPPROVE")},
        ),
        # weapons handed over are aid, given or received
        (
            "Germany delivered tanks to Ukraine.",
            {("Germany", "supports", "Ukraine", "asserted", "AID")},
        ),
        (
            "Hamas got rockets from Iran.",
            {("Iran", "supports", "Hamas", "asserted", "AID")},
        ),
        # "attend" takes its event noun as a light verb
        (
            "The Sudanese army refused to attend talks with the Rapid Support Forces.",
            {
                (
                    "Sudanese Armed Forces",
                    "negotiatesWith",
                    "Rapid Support Forces",
                    "negated",
                    "CONSULT",
                ),
                ("Sudanese Armed Forces", "opposes", "Rapid Support Forces", "asserted", "REJECT"),
            },
        ),
        # a ruling body "in" a state or its capital is who rules there
        (
            "ECOWAS imposed sanctions on the junta in Niger.",
            {
                (
                    "Economic Community of West African States",
                    "opposes",
                    "Niger",
                    "asserted",
                    "SANCTION",
                )
            },
        ),
        (
            "Russia supports the regime in Damascus.",
            {("Russia", "supports", "Government of Syria", "asserted", "SUPPORT")},
        ),
    ],
)
def test_senders_doers_weapons_and_rulers(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "The Houthis fired missiles at Saudi Arabia.",  # weapons used, not handed over
        "Rebels attacked army positions near Damascus.",  # a place near the capital
    ],
)
def test_weapons_used_are_no_aid(analyse, text):
    _, claims = analyse(text)
    assert not [c for c in claims if c.relation == "supports"], claims
    assert not [c for c in claims if "Syria" in c.object.label or "Syria" in c.subject.label]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state's coast guard is the state
        (
            "The Philippine coast guard accused China of ramming its vessel.",
            {("Philippines", "opposes", "China", "asserted", "ACCUSE")},
        ),
        # suspending one's part in a body, closing one's airspace to a state: sanctions
        (
            "Armenia suspended its participation in the CSTO.",
            {("Armenia", "opposes", "CSTO", "asserted", "SANCTION")},
        ),
        (
            "Algeria closed its airspace to Moroccan aircraft.",
            {("Algeria", "opposes", "Morocco", "asserted", "SANCTION")},
        ),
        # condemnation drawn from someone is theirs, against the one who drew it
        (
            "North Korea fired a missile into the sea, drawing condemnation from Japan.",
            {("Japan", "opposes", "North Korea", "asserted", "DISAPPROVE")},
        ),
        # "joint military drills": a joint drill, whatever stands between
        (
            "South Korea and the United States held joint military drills.",
            {("South Korea", "alliedWith", "United States", "asserted", "COOPERATE")},
        ),
        # a state's warship stands for it; its nationals are people of their own
        (
            "Ukraine struck a Russian warship in the Black Sea.",
            {("Ukraine", "fights", "Russia", "asserted", "FIGHT|ASSAULT")},
        ),
        (
            "Kosovo police arrested three Serbian nationals.",
            {("Kosovo", "fights", "Serbian nationals", "asserted", "COERCE")},
        ),
        # asking another to act is a request to it
        (
            "Haiti's prime minister asked the United Nations to send an armed force.",
            {("Haiti", "negotiatesWith", "United Nations", "asserted", "REQUEST")},
        ),
    ],
)
def test_wire_constructions_from_other_conflicts(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb's object between the verb and the rest of its phrase
        (
            "Armenia handed over four villages to Azerbaijan.",
            {("Armenia", "negotiatesWith", "Azerbaijan", "asserted", "RETREAT")},
        ),
        # a show of force near a state threatens it (a place, as threats may have)
        (
            "China mobilized warships near Taiwan.",
            {("China", "threatens", "Taiwan", "asserted", "MOBILIZE")},
        ),
        (
            "China held large drills around Taiwan.",
            {("China", "threatens", "Taiwan", "asserted", "MOBILIZE")},
        ),
        # one attacker from a group is the group
        (
            "A suicide bomber from al-Shabaab attacked an African Union base.",
            {("Al-Shabaab", "fights", "African Union", "asserted", "FIGHT|ASSAULT")},
        ),
        # releasing another side's people is a concession to them
        # but what it hands over may be aid, which the object's own noun says
        (
            "Swiss doctors handed over 700 kg of medicine to the Red Crescent.",
            {("Swiss doctors", "supports", "Red Crescent", "asserted", "AID")},
        ),
        (
            "The Malian junta released two French journalists.",
            {("Mali", "negotiatesWith", "French journalists", "asserted", "RETREAT")},
        ),
        # "has not ruled out using force": a possibility, however the gerund is attached
        (
            "Russia has not ruled out using nuclear weapons against NATO.",
            {("Russia", "fights", "NATO", "hypothetical", "FIGHT")},
        ),
    ],
)
def test_phrases_around_objects_attackers_releases_and_possibilities(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an attack is on whoever died or was hurt in it
        (
            "Two Turkish soldiers died in a PKK attack near the Iraqi border.",
            {
                (
                    "Kurdistan Workers' Party",
                    "fights",
                    "Turkish Armed Forces",
                    "asserted",
                    "FIGHT|ASSAULT",
                )
            },
        ),
        (
            "At least 20 Nigerian soldiers were killed in an ambush by Boko Haram.",
            {("Boko Haram", "fights", "Nigerian Armed Forces", "asserted", "FIGHT|ASSAULT")},
        ),
        # a group's commander stands for it; staple food given is aid
        (
            "Israeli air strikes killed a senior Hamas commander.",
            {("Israel", "fights", "Hamas", "asserted", "FIGHT|ASSAULT")},
        ),
        (
            "Japan will send 10,000 tons of rice to North Korea.",
            {("Japan", "supports", "North Korea", "hypothetical", "AID")},
        ),
    ],
)
def test_casualties_commanders_and_staples(analyse, text, expected):
    test_claims_carry_modality_and_plover_type(analyse, text, expected)


def test_dying_elsewhere_is_no_attack(analyse):
    _, claims = analyse("Two Turkish soldiers died in a traffic accident near the Iraqi border.")
    assert not [c for c in claims if c.relation == "fights"], claims
