"""The rating rule: the analysts' scale, monotonic in the findings, and a reason for every rating."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inkaart.engine.config import DEFAULT_CONFIG
from inkaart.engine.rating import LEVELS, explain_rating, level, level_bounds, rate_theme, rating_value

VERDICTS = ("absent", "partial", "addressed")
shares = st.floats(min_value=0.0, max_value=0.3)
verdict_lists = st.lists(st.sampled_from(VERDICTS), max_size=6)


def rank(rating: str) -> int:
    """Higher is better: "--" is 0, "++" is 4."""
    return len(LEVELS) - 1 - LEVELS.index(rating)


def rated(for_: float, against: float, verdicts: list[str]) -> tuple[int, float]:
    value = rating_value(for_, against, verdicts)
    named = for_ > 0 or any(v != "absent" for v in verdicts)
    return rank(level(value, for_, against, named, addressed="addressed" in verdicts)), value


@settings(max_examples=400, deadline=None)
@given(shares, shares, verdict_lists, st.floats(min_value=0.0, max_value=0.1))
def test_more_text_in_measures_never_lowers_the_rating(for_, against, verdicts, extra):
    assert rated(for_ + extra, against, verdicts) >= rated(for_, against, verdicts)


@settings(max_examples=400, deadline=None)
@given(shares, shares, verdict_lists, st.floats(min_value=0.0, max_value=0.1))
def test_more_text_against_never_raises_the_rating(for_, against, verdicts, extra):
    assert rated(for_, against + extra, verdicts) <= rated(for_, against, verdicts)


@settings(max_examples=400, deadline=None)
@given(shares, shares, verdict_lists.filter(bool), st.data())
def test_a_better_covered_direction_never_lowers_the_rating(for_, against, verdicts, data):
    position = data.draw(st.integers(0, len(verdicts) - 1))
    better = list(verdicts)
    better[position] = VERDICTS[min(2, VERDICTS.index(better[position]) + 1)]
    before_rank, before_value = rated(for_, against, verdicts)
    after_rank, after_value = rated(for_, against, better)
    assert after_rank >= before_rank and after_value >= before_value


def test_the_scale_in_the_analysts_terms():
    assert rated(0, 0, ["absent", "absent"])[0] == rank("--"), "not named"
    assert rated(0, 0, ["absent", "partial"])[0] == rank("-"), "named, no measure"
    assert rated(0, 0.02, ["partial"])[0] == rank("-"), "touched, only reversals: named, no reduction"
    assert rated(0, 0.02, ["absent"])[0] == rank("--"), "reversals alone never lift a theme"
    assert rated(0.01, 0.02, ["partial"])[0] == rank("-"), "reversals outweigh the measures"
    assert rated(0.005, 0, ["absent"])[0] == rank("-"), "a little text in one measure: named, too slight"
    assert rated(0.06, 0, ["absent"] * 4)[0] == rank("o"), "measures fill their part, no direction: slight"
    assert rated(0.06, 0, ["addressed"] + ["absent"] * 3)[0] == rank("+"), "and a quarter of the directions"
    assert rated(0.06, 0, ["addressed"] * 2 + ["absent"] * 2)[0] == rank("++"), "and half of them"
    assert rated(0.06, 0, ["partial"] * 4)[0] == rank("+"), "every direction only touched: no serious reduction"
    assert rated(0.02, 0, ["addressed"] * 4)[0] == rank("o"), "fewer measures covering every direction: slight"
    assert rated(0.005, 0, ["addressed", "absent", "absent"])[0] == rank("o"), "one direction addressed: slight"
    assert rated(0.005, 0, ["partial", "absent", "absent"])[0] == rank("-"), "only touched: no reduction"
    assert rated(0.06, 0, ["addressed"] * 3) == (rank("++"), 1.0)


def test_the_level_bounds_follow_the_value_parts():
    assert level_bounds() == pytest.approx((0.8, 0.7, 0.6))
    assert level_bounds(replace(DEFAULT_CONFIG, coverage_share=0.2)) == pytest.approx((0.9, 0.85, 0.8))


def test_a_reviewers_verdict_overrides_the_engines():
    contributions = [{"text": "x" * 300, "quote": "x"}]
    criteria = [{"verdict": "absent", "override": {"verdict": "addressed"}}, {"verdict": "absent"}]
    overridden = rate_theme(contributions, criteria, 100_000)
    plain = rate_theme(contributions, [{"verdict": "absent"}, {"verdict": "absent"}], 100_000)
    assert overridden[1] == pytest.approx(plain[1] + 0.2)


def test_every_rating_says_what_it_rests_on_in_the_documents_language():
    contributions = [{"quote": "Er komt een klimaatfonds van €35 mrd."}, {"quote": "We bouwen windparken op zee."}]
    against = [{"quote": "De CO2-heffing wordt teruggedraaid."}]
    criteria = [{"verdict": "addressed"}, {"verdict": "partial"}, {"verdict": "absent"}]
    dutch = explain_rating("+", contributions, criteria, against, "nl")
    assert dutch.startswith("2 concrete maatregelen (“Er komt een klimaatfonds van €35 mrd.”")
    assert "1 maatregel die ertegenin werkt" in dutch and "1.5 van 3 richtingen" in dutch
    english = explain_rating("--", [], [{"verdict": "absent"}], [], "en")
    assert english == "Nothing in the document is about this theme; 0 of 1 directions addressed."
    only_reversed = explain_rating("--", [], [{"verdict": "absent"}], against, "en")
    assert only_reversed.startswith("Nothing in the document moves this theme forward; 1 measure working against")
    slight = explain_rating("-", contributions[:1], criteria, [], "en", shares=(0.004, 0.0))
    assert slight.startswith("The theme is named, but its measures take up too little of the document")
    assert "1 concrete measure (0.4 % of the text: “Er komt" in slight
    described = [{"quote": "Het mkb is de banenmotor van ons land."}, {"quote": "We willen meer groen."}]
    mixed = explain_rating("o", described + contributions[:1], criteria, [], "nl")
    assert mixed.startswith("3 bijdragen, waarvan 1 concrete maatregel (“Er komt een klimaatfonds"), "acts first"
    assert explain_rating("o", described[:1], criteria, [], "en").startswith("1 contribution, not a concrete measure")
    reversed_ = explain_rating("-", contributions[:1], criteria, against, "en", shares=(0.01, 0.02))
    assert reversed_.startswith("What works against it outweighs the measures")
