"""The commitment parser on real phrasings from ../shared/corpus, each with the fields a reader takes from it.

Sources: CA21 = the 2021 coalition agreement PDF, HLA24 = the 2024 passages CSV, CA26 = the 2026 passages CSV,
M21 = a 2021 manifesto (plain text). Each row lists every amount, target and date the phrase holds (by its
verbatim slice) with the fields that matter; fields not named are not checked.
"""

from __future__ import annotations

import pytest

from inkaart.engine.commitments import money_totals, parse_commitments

B = 1e9
M = 1e6

A, T, D = "amount", "target", "date"

TABLE: list[tuple[str, str, list[tuple[str, str, dict]]]] = [
    # --- amounts ------------------------------------------------------------------------------------
    ("CA21", "In totaal investeren we €30 mln structureel in media.",
     [(A, "€30 mln structureel", {"value": 30 * M, "per": "year", "structural": True, "actor": "we"})]),
    ("CA21", "In totaal investeren we €30 miljoen structureel.",
     [(A, "€30 miljoen structureel", {"value": 30 * M, "per": "year", "structural": True})]),
    ("CA21", "Een klimaat- en transitiefonds van €35 mrd voor de komende 10 jaar, aanvullend op de huidige "
     "Subsidieregeling Duurzame Energie.",
     [(A, "€35 mrd voor de komende 10 jaar", {"value": 35 * B, "years": 10, "per": None, "structural": None})]),
    ("CA21", "We gaan de uitdagingen in de landbouw en natuur aan met een transitiefonds waarin tot 2035 "
     "cumulatief €25 miljard beschikbaar komt.",
     [(A, "tot 2035 cumulatief €25 miljard", {"value": 25 * B, "year": 2035, "per": None})]),
    ("CA21", "We stellen voor de komende 10 jaar in totaal €7,5 mrd beschikbaar voor goede ontsluiting van "
     "nieuwe woningen.",
     [(A, "voor de komende 10 jaar in totaal €7,5 mrd", {"value": 7.5 * B, "years": 10, "per": None})]),
    ("CA21", "We trekken structureel €1,25 miljard uit voor het inlopen van achterstanden bij beheer en onderhoud.",
     [(A, "structureel €1,25 miljard", {"value": 1.25 * B, "per": "year", "structural": True, "actor": "we"})]),
    ("CA21", "Daarvoor wordt voor de komende 10 jaar in totaal €7,5 mrd toegevoegd aan het Mobiliteitsfonds.",
     [(A, "voor de komende 10 jaar in totaal €7,5 mrd", {"value": 7.5 * B, "years": 10})]),
    ("CA21", "Voor het versterken van veiligheid wordt oplopend structureel €1 miljard euro gereserveerd voor "
     "verschillende doelen.",
     [(A, "oplopend structureel €1 miljard euro", {"value": 1 * B, "per": "year", "structural": True})]),
    ("CA21", "In totaal investeren we structureel €1 miljard per jaar voor het versterken van de "
     "onderwijskwaliteit.",
     [(A, "structureel €1 miljard per jaar", {"value": 1 * B, "per": "year", "structural": True})]),
    ("CA21", "We trekken hier €800 miljoen per jaar structureel voor uit.",
     [(A, "€800 miljoen per jaar structureel", {"value": 800 * M, "per": "year", "structural": True})]),
    ("CA21", "Hiervoor wordt €1 miljard extra uitgetrokken, bovenop het huidige budget.",
     [(A, "€1 miljard", {"value": 1 * B, "per": None, "structural": None})]),
    ("CA21", "Dit doen we onder meer door het instellen van een fonds waarin we in totaal €5 miljard investeren "
     "gedurende 10 jaar.",
     [(A, "€5 miljard investeren gedurende 10 jaar", {"value": 5 * B, "years": 10, "per": None})]),
    ("CA21", "In totaal investeren we €500 mln per jaar in het hervormen van de arbeidsmarkt, reïntegratie en "
     "het aanpakken van armoede en schulden.",
     [(A, "€500 mln per jaar", {"value": 500 * M, "per": "year", "structural": None, "actor": "we"})]),
    ("CA21", "Ook trekken we €300 mln per jaar uit voor lastenverlichting van het mkb via loondoorbetaling bij ziekte.",
     [(A, "€300 mln per jaar", {"value": 300 * M, "per": "year"})]),
    ("CA21", "Hiernaast zorgen we voor lastenverlichting van €3 miljard, met name voor lage- en middeninkomens.",
     [(A, "€3 miljard", {"value": 3 * B, "per": None})]),
    ("CA21", "Om herstel, vernieuwing en groei weer mogelijk te maken, investeren we structureel €170 miljoen per "
     "jaar in de creatieve en culturele sector.",
     [(A, "structureel €170 miljoen per jaar", {"value": 170 * M, "per": "year", "structural": True})]),
    ("CA21", "We investeren deze kabinetsperiode €10,7 miljard in onderhoud en intensivering van onze defensie "
     "uitgaven. Structureel trekken we €3 miljard uit.",
     [(D, "deze kabinetsperiode", {"year": None}),
      (A, "€10,7 miljard", {"value": 10.7 * B, "per": None}),
      (A, "Structureel trekken we €3 miljard", {"value": 3 * B, "per": "year", "structural": True})]),
    ("CA21", "We verhogen de uitgaven aan Ontwikkelingssamenwerking (OS) met structureel €500 miljoen richting de "
     "internationale norm.",
     [(A, "structureel €500 miljoen", {"value": 500 * M, "per": "year", "structural": True})]),
    ("CA21", "We investeren hiertoe €200 miljoen structureel.",
     [(A, "€200 miljoen structureel", {"value": 200 * M, "per": "year", "structural": True})]),
    ("CA21", "Dit betekent een structurele budgettaire ruimte van ca. € 13 miljard.",
     [(A, "structurele budgettaire ruimte van ca. € 13 miljard", {"value": 13 * B, "per": "year"})]),
    ("CA21", "Ten behoeve van klimaat en stikstof worden er fondsen gevormd ter hoogte van € 60 mld.",
     [(A, "€ 60 mld", {"value": 60 * B})]),
    ("CA21", "De zelfstandigenaftrek wordt vanaf 2023 met stappen van 650 euro teruggebracht tot 1200 euro in 2030.",
     [(A, "650 euro", {"value": 650, "year": 2023}), (A, "1200 euro in 2030", {"value": 1200, "year": 2030})]),
    ("HLA24", "Meer dan halveren van het eigen risico in de zorg tot het niveau van 165 euro in 2027.",
     [(A, "165 euro in 2027", {"value": 165, "year": 2027})]),
    ("CA26", "Om voor financiering in aanmerking te komen moeten IT-projecten van de overheid (> €5 mln.) aan "
     "centrale IT-standaarden worden getoetst.",
     [(A, "€5 mln.", {"value": 5 * M})]),
    ("CA26", "Het vrijkomende budget investeren we deels in doorstroming van het verkeer in de regio Utrecht en "
     "voor ruim 1 miljard in andere grote (prioritaire) verkeersprojecten.",
     [(A, "1 miljard", {"value": 1 * B})]),
    ("CA26", "Schiphol investeert 50 miljoen in een omgevingsfonds om woningen te isoleren.",
     [(A, "50 miljoen", {"value": 50 * M})]),
    ("CA26", "We handhaven en indexeren het huidige eigen risico en verhogen we het eigenrisico met €60 per 2027.",
     [(A, "€60 per 2027", {"value": 60, "year": 2027})]),
    ("CA26", "We zorgen dat je nooit in een keer het hele eigen risico kwijt bent maar maximaal 150 euro per "
     "behandeling.",
     [(A, "150 euro", {"value": 150})]),
    ("M21", "Met een budget van drie maal 100 miljoen euro starten wij een groot nationaal onderzoek.",
     [(A, "100 miljoen euro", {"value": 100 * M, "actor": "wij"})]),
    ("M21", "We reserveren voor al deze initiatieven structureel 400   miljoen euro, zoals voorgesteld in het "
     "rapport.",
     [(A, "structureel 400   miljoen euro", {"value": 400 * M, "per": "year", "structural": True})]),
    ("M21", "We richten een Klimaatfonds op van 60 miljard euro.",
     [(A, "60 miljard euro", {"value": 60 * B})]),
    ("M21", "We verlagen de zorgpremie naar tien euro per maand.", []),
    ("M21", "Vanaf achttien jaar krijgen alle jongeren recht op een startkapitaal van 10.000 euro.",
     [(A, "10.000 euro", {"value": 10_000})]),
    ("M21", "Studenten met een inkomen tot 100.000 euro per jaar.",
     [(A, "100.000 euro per jaar", {"value": 100_000, "per": "year"})]),
    ("M21", "De inkomensgrenzen worden 39.000 euro voor eenpersoonshuishoudens, 42.000 euro voor "
     "tweepersoonshuishoudens.",
     [(A, "39.000 euro", {"value": 39_000}), (A, "42.000 euro", {"value": 42_000})]),
    ("M21", "Flexwerkers die geen recht hebben op een werkloosheidsuitkering krijgen 1.050 euro per maand.",
     [(A, "1.050 euro per maand", {"value": 1050, "per": "month"})]),
    ("M21", "De bezuiniging van 100 miljoen euro op de alfa, gamma en medische studies maken we ongedaan.",
     [(A, "100 miljoen euro", {"value": 100 * M})]),
    ("M21", "Daarom investeerde de staat dit jaar 20 miljoen euro in een opkomende producent.",
     [(A, "20 miljoen euro", {"value": 20 * M})]),
    ("M21", "We verhogen het minimumloon en werken toe naar 14 euro per uur.",
     [(A, "14 euro", {"value": 14})]),
    # --- targets ------------------------------------------------------------------------------------
    ("CA21", "Om uiterlijk in 2050 klimaatneutraal te zijn, scherpen we het doel voor 2030 in de Klimaatwet aan "
     "tot tenminste 55% CO2 reductie.",
     [(D, "uiterlijk in 2050", {"year": 2050}),
      (T, "55% CO2 reductie", {"value": 55, "unit": "%", "year": 2030, "what": "CO2 reductie", "actor": "we"})]),
    ("CA21", "We spreken af om ons in het beleid te richten op een hogere opgave, wat neerkomt op circa 60% in 2030.",
     [(T, "60% in 2030", {"value": 60, "unit": "%", "year": 2030})]),
    ("CA21", "We zetten in op een reductie van 70% in 2035 en 80% in 2040.",
     [(T, "70% in 2035", {"value": 70, "year": 2035, "what": "reductie"}),
      (T, "80% in 2040", {"value": 80, "year": 2040, "what": "reductie"})]),
    ("CA21", "We versnellen de woningbouw tot rond de 100.000 woningen per jaar.",
     [(T, "100.000 woningen per jaar", {"value": 100_000, "unit": "woningen", "per": "year"})]),
    ("CA21", "In stappen verhogen we de vergoeding van de kinderopvang tot 95% voor werkende ouders.",
     [(T, "95%", {"value": 95, "unit": "%"})]),
    ("CA21", "We verhogen het minimumloon stapsgewijs met 7,5% en houden de koppeling met de uitkeringen.",
     [(T, "7,5%", {"value": 7.5, "unit": "%"})]),
    ("CA21", "We vergroten de toegang tot het recht voor burgers en mkb door de griffierechten te verlagen met 25%.",
     [(T, "25%", {"value": 25})]),
    ("CA21", "We werken ook aan het uitbreiden van het betaald ouderschapsverlof naar 70% , het bestrijden van "
     "zwangerschapsdiscriminatie.",
     [(T, "70%", {"value": 70})]),
    ("CA21", "We onderzoeken hoe we op termijn de BTW op groente en fruit naar 0% kunnen verlagen.",
     [(T, "0%", {"value": 0, "what": None})]),
    ("CA21", "Als de raming van het feitelijk EMU-saldo langjarig beter is dan een saldo van -1% bbp, dan wordt "
     "50% van die ruimte bestemd voor lastenverlichting.",
     [(T, "1% bbp", {"value": 1, "what": "bbp"}), (T, "50%", {"value": 50})]),
    ("HLA24", "Ze worden in lijn gebracht met de NAVO-norm van tenminste 2% bbp en wettelijk vastgelegd.",
     [(T, "2% bbp", {"value": 2, "unit": "%", "what": "bbp"})]),
    ("HLA24", "Om almaar stijgende rekeningen te voorkomen wordt gestuurd op een meerjarig EMU-saldo gedurende de "
     "kabinetsperiode van maximaal 2,8% BBP.",
     [(D, "gedurende de kabinetsperiode", {}), (T, "2,8% BBP", {"value": 2.8, "what": "BBP"})]),
    ("HLA24", "De schuld blijft onder de 60%.", [(T, "60%", {"value": 60})]),
    ("HLA24", "De opvangkosten van eerstejaars asielvluchtelingen wordt tot een maximum van 10 procent toegerekend "
     "aan het ODA-budget vanaf 2027.",
     [(T, "10 procent", {"value": 10, "unit": "%", "year": 2027})]),
    ("HLA24", "Van nieuwbouw moet minimaal 30% gemiddeld sociale huur zijn.",
     [(T, "30%", {"value": 30})]),
    ("CA26", "Bij nieuwe woondeals streven we naar 2/3 betaalbaar, waarvan 30% sociale huur en 25% betaalbare koop.",
     [(T, "30% sociale huur", {"value": 30, "what": "sociale huur"}),
      (T, "25% betaalbare koop", {"value": 25, "what": "betaalbare koop"})]),
    ("CA26", "Daarmee kan externe inhuur waar mogelijk worden teruggebracht van de huidige 15,4% van de totale "
     "personele uitgaven naar 10% (de 'Roemernorm').",
     [(T, "15,4%", {"value": 15.4}), (T, "10%", {"value": 10})]),
    ("CA26", "We schalen de defensie-uitgaven op om de NAVO-norm van 3,5% van het BBP te halen.",
     [(T, "3,5%", {"value": 3.5})]),
    ("CA26", "Conform het rapport-Wennink sturen we actief op 1,5% structurele economische groei.",
     [(T, "1,5% structurele economische groei", {"value": 1.5, "what": "structurele economische groei"})]),
    ("CA26", "We streven ernaar 40 procent van onze defensieaankopen en productie gezamenlijk met Europese partners "
     "te doen.",
     [(T, "40 procent", {"value": 40})]),
    ("CA26", "De uitwonende beurs gaat omhoog, we maximeren de rente voor studenten op 2,5% en verbeteren de "
     "financiële positie van BBL-studenten.",
     [(T, "2,5%", {"value": 2.5})]),
    ("CA26", "Deze doelen zijn: 42%-46% (NH3) ten opzichte van 2019 voor de landbouw.",
     [(T, "42%-46%", {"value": 42})]),
    # --- dates --------------------------------------------------------------------------------------
    ("HLA24", "Lastenverlichting vanaf 2025, gericht op de hardwerkende Nederlanders, jong en oud.",
     [(D, "vanaf 2025", {"year": 2025})]),
    ("HLA24", "De subsidies stoppen allemaal per 2025, de MRB gewichtscorrectie (fiscaal) blijft bestaan.",
     [(D, "per 2025", {"year": 2025})]),
    ("HLA24", "Er komen geen verplichte labelsprongen voor koopwoningen en de verplichting om vanaf 2026, bij het "
     "vervangen van de verwarmingsketel, een warmtepomp te nemen wordt geschrapt.",
     [(D, "vanaf 2026", {"year": 2026})]),
    ("CA21", "Het streven is dat uiterlijk in 2030 alle nieuwe auto’s emissieloos zijn.",
     [(D, "uiterlijk in 2030", {"year": 2030})]),
    ("CA21", "Het kabinet zal hierover in 2022 besluiten.",
     [(D, "in 2022", {"year": 2022, "actor": "het kabinet"})]),
    ("CA21", "Ook maken we in deze kabinetsperiode onze energie-netwerken toekomstbestendig.",
     [(D, "in deze kabinetsperiode", {"year": None, "actor": "we"})]),
    ("CA21", "Daarnaast wordt de oploop van de opschalingskorting deze kabinetsperiode geschrapt.",
     [(D, "deze kabinetsperiode", {})]),
    ("CA26", "Het kabinet voert per 2029 een normering in van de inzet van methaanremmers in veevoer.",
     [(D, "per 2029", {"year": 2029, "actor": "het kabinet"})]),
    ("CA26", "Verhuurders worden verplicht energielabels E, F en G voor huurwoningen per 2029 uit te faseren; "
     "labels C en D per 2040.",
     [(D, "per 2029", {"year": 2029}), (D, "per 2040", {"year": 2040})]),
    ("CA26", "De eerste Vereenvoudigingswet zal begin 2027 van kracht worden.", []),
    ("CA26", "Voor de periode na 2033 zal het kabinet uiterlijk begin 2027 een besluit nemen.",
     [(D, "na 2033", {"year": 2033}), (D, "uiterlijk begin 2027", {"year": 2027, "actor": "het kabinet"})]),
    ("CA26", "Oekraïense vluchtelingen in Nederland vallen tot 2027 onder de tijdelijke beschermingsrichtlijn. "
     "We creëren per 2027 een tijdelijke verblijfsstatus voor hen.",
     [(D, "tot 2027", {"year": 2027}), (D, "per 2027", {"year": 2027, "actor": "we"})]),
    ("CA26", "Wij stellen ons tot doel dat vrouwelijke ondernemers in 2030 relatief net zoveel financiering ophalen.",
     [(D, "in 2030", {"year": 2030, "actor": "wij"})]),
    ("CA26", "We leggen stikstofdoelen voor 2035 per sector in de wet vast, met een tussendoel in 2030.",
     [(D, "voor 2035", {"year": 2035}), (D, "in 2030", {"year": 2030})]),
]  # fmt: skip


def test_the_table_holds_sixty_real_phrasings() -> None:
    assert len(TABLE) >= 60


@pytest.mark.parametrize(("source", "phrase", "expected"), TABLE, ids=[f"{s}-{i}" for i, (s, *_) in enumerate(TABLE)])
def test_parses_real_phrasing(source: str, phrase: str, expected: list[tuple[str, str, dict]]) -> None:
    parsed = parse_commitments(phrase)
    assert [(c.kind, phrase[c.start : c.end]) for c in parsed] == [(kind, text) for kind, text, _ in expected]
    for commitment, (_, _, fields) in zip(parsed, expected, strict=True):
        for name, value in fields.items():
            got = getattr(commitment, name)
            assert got == pytest.approx(value) if isinstance(value, float | int) else got == value, (name, got)


def test_english_formats() -> None:
    phrase = "The government will invest €1.5 billion in schools and EUR 2 bn in research, and €200 million a year."
    parsed = parse_commitments(phrase)
    assert [(phrase[c.start : c.end], c.value, c.per) for c in parsed] == [
        ("€1.5 billion", 1.5e9, None),
        ("EUR 2 bn", 2e9, None),
        ("€200 million a year", 2e8, "year"),
    ]
    assert parsed[0].actor == "the government"


def test_pounds_and_dollars_keep_their_currency_and_their_own_totals() -> None:
    phrase = (
        "We will invest £8 billion in offshore wind, 2 billion pounds a year in insulation, $500 million in "
        "research and €1 billion in rail."
    )
    parsed = [c for c in parse_commitments(phrase) if c.kind == "amount"]
    assert [(phrase[c.start : c.end], c.value, c.unit) for c in parsed] == [
        ("£8 billion", 8e9, "GBP"),
        ("2 billion pounds a year", 2e9, "GBP"),
        ("$500 million", 5e8, "USD"),
        ("€1 billion", 1e9, "EUR"),
    ]
    records = [{**vars(c), "direction": "for"} for c in parsed]
    assert money_totals(records) == {
        "per_year_eur": 0.0,
        "one_off_eur": 1e9,
        "other_currencies": {"GBP": {"per_year": 2e9, "one_off": 8e9}, "USD": {"per_year": 0.0, "one_off": 5e8}},
    }


def test_a_qualifier_right_after_an_amount_is_not_the_next_ones() -> None:
    phrase = "We trekken 2 miljard euro per jaar uit voor isolatie, €500 mln voor onderzoek."
    amounts = [c for c in parse_commitments(phrase) if c.kind == "amount"]
    assert [(phrase[c.start : c.end], c.per) for c in amounts] == [
        ("2 miljard euro per jaar", "year"),
        ("€500 mln", None),
    ]


def test_a_sub_amount_is_kept_but_not_added() -> None:
    phrase = "We trekken €1 miljard per jaar uit, waarvan €300 mln per jaar voor de zorg."
    parsed = parse_commitments(phrase)
    assert [c.part_of_other for c in parsed] == [False, True]
    records = [{**vars(c), "direction": "for"} for c in parsed]
    assert money_totals(records) == {"per_year_eur": 1e9, "one_off_eur": 0.0, "other_currencies": {}}


@pytest.mark.parametrize(
    ("phrase", "described"),
    [
        ("Italië heeft een schuld van € 2.400 miljard en moet daar jaarlijks € 65 miljard aan rente betalen.", True),
        ("Van de € 1.300 miljard aan privévermogen is tweederde in handen van de rijkste 10%.", True),
        ("Public debt stands at €400 billion.", True),
        ("We richten een Klimaatfonds op van 60 miljard euro.", False),
        ("€ 500 miljoen per jaar voor de zorg.", False),
        ("Er komt een klimaatfonds van €35 mrd.", False),
        ("The government will invest €1.5 billion.", False),
    ],
)
def test_an_amount_nobody_commits_to_is_described_and_not_added(phrase: str, described: bool) -> None:
    amounts = [c for c in parse_commitments(phrase) if c.kind == "amount"]
    assert amounts and all(c.described == described for c in amounts)
    records = [{**vars(c), "direction": "for"} for c in amounts]
    total = money_totals(records)
    assert (total["per_year_eur"] + total["one_off_eur"] == 0) == described


def test_an_in_totaal_amount_replaces_the_parts_before_it() -> None:
    phrase = (
        "We investeren €200 mln per jaar in scholen. Ook gaat €300 mln per jaar naar leraren. In totaal "
        "investeren we €500 mln per jaar in onderwijs."
    )
    records = [{**vars(c), "direction": "for"} for c in parse_commitments(phrase)]
    assert money_totals(records) == {"per_year_eur": 5e8, "one_off_eur": 0.0, "other_currencies": {}}


def test_totals_skip_against_passages_and_prices() -> None:
    records = [
        {"kind": "amount", "value": 35e9, "per": None, "direction": "for", "part_of_other": False},
        {"kind": "amount", "value": 5e8, "per": "year", "direction": "for", "part_of_other": False},
        {"kind": "amount", "value": 2e9, "per": "year", "direction": "against", "part_of_other": False},
        {"kind": "amount", "value": 165.0, "per": None, "direction": "for", "part_of_other": False},
    ]
    assert money_totals(records) == {"per_year_eur": 5e8, "one_off_eur": 35e9, "other_currencies": {}}
