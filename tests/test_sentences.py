from inkaart.document.language import detect_language
from inkaart.document.sentences import split_sentences


def sentences(text: str, language: str = "nl") -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, language)]


def test_amount_with_abbreviation_stays_one_sentence():
    text = "We investeren €500 mln. per jaar in scholen. Dat is veel."
    assert sentences(text) == ["We investeren €500 mln. per jaar in scholen.", "Dat is veel."]


def test_billions_and_dutch_abbreviations():
    text = "Er is €35 mrd. beschikbaar voor o.a. wind op zee, bijv. in de Noordzee. Zie art. 5 van de wet."
    assert sentences(text) == [
        "Er is €35 mrd. beschikbaar voor o.a. wind op zee, bijv. in de Noordzee.",
        "Zie art. 5 van de wet.",
    ]


def test_missing_space_is_no_boundary():
    assert sentences("samen met wetenschappers.Zij delen informatie.") == [
        "samen met wetenschappers.Zij delen informatie."
    ]


def test_bullet_without_final_period_and_offsets():
    text = "  We introduceren Betalen naar Gebruik  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["We introduceren Betalen naar Gebruik"]


def test_english():
    text = "We spend $5 bn. per year, e.g. on schools. Mr. Smith agrees."
    assert sentences(text, "en") == ["We spend $5 bn. per year, e.g. on schools.", "Mr. Smith agrees."]


def test_language_detection():
    assert detect_language("We gaan de armoede aanpakken en investeren in het onderwijs van de kinderen.") == "nl"
    assert detect_language("We will tackle poverty and invest in the education of our children.") == "en"
