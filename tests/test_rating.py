"""The rating rule: the analysts' scale, monotonic in the findings, and a reason for every rating."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inkaart.engine.rating import LEVELS, explain_rating, level, rate_theme, rating_value

VERDICTS = ("absent", "partial", "addressed")
strengths = st.lists(st.floats(min_value=0.5, max_value=1.0), max_size=12)
verdict_lists = st.lists(st.sampled_from(VERDICTS), max_size=6)


def rank(rating: str) -> int:
    """Higher is better: "--" is 0, "++" is 4."""
    return len(LEVELS) - 1 - LEVELS.index(rating)


def rated(for_: list[float], against: list[float], verdicts: list[str]) -> tuple[int, float]:
    value = rating_value(for_, against, verdicts)
    return rank(level(value, for_, against, verdicts)), value


@settings(max_examples=400, deadline=None)
@given(strengths, strengths, verdict_lists, st.floats(min_value=0.5, max_value=1.0))
def test_another_measure_never_lowers_the_rating(for_, against, verdicts, extra):
    assert rated([*for_, extra], against, verdicts) >= rated(for_, against, verdicts)


@settings(max_examples=400, deadline=None)
@given(strengths, strengths, verdict_lists, st.floats(min_value=0.5, max_value=1.0))
def test_another_reversal_never_raises_the_rating(for_, against, verdicts, extra):
    assert rated(for_, [*against, extra], verdicts) <= rated(for_, against, verdicts)


@settings(max_examples=400, deadline=None)
@given(strengths.filter(bool), strengths, verdict_lists, st.data())
def test_a_stronger_measure_never_lowers_the_rating(for_, against, verdicts, data):
    position = data.draw(st.integers(0, len(for_) - 1))
    stronger = list(for_)
    stronger[position] = min(1.0, stronger[position] + data.draw(st.floats(0.0, 0.5)))
    assert rated(stronger, against, verdicts) >= rated(for_, against, verdicts)


@settings(max_examples=400, deadline=None)
@given(strengths, strengths, verdict_lists.filter(bool), st.data())
def test_a_better_covered_direction_never_lowers_the_rating(for_, against, verdicts, data):
    position = data.draw(st.integers(0, len(verdicts) - 1))
    better = list(verdicts)
    better[position] = VERDICTS[min(2, VERDICTS.index(better[position]) + 1)]
    before_rank, before_value = rated(for_, against, verdicts)
    after_rank, after_value = rated(for_, against, better)
    assert after_rank >= before_rank and after_value >= before_value


def test_the_scale_in_the_analysts_terms():
    assert rated([], [], ["absent", "absent"])[0] == rank("--"), "not named"
    assert rated([], [], ["absent", "partial"])[0] == rank("-"), "named, no measure"
    assert rated([], [0.8], ["partial"])[0] == rank("-"), "touched, only reversals: named, no reduction"
    assert rated([], [0.8], ["absent"])[0] == rank("--"), "reversals alone never lift a theme"
    assert rated([0.6], [0.9], ["partial"])[0] == rank("-"), "reversals outweigh the measures"
    assert rated([0.5], [], ["absent"])[0] == rank("o"), "one weak measure is a slight reduction"
    assert rated([1.0] * 8, [], ["addressed"] * 3) == (rank("++"), 1.0)


def test_a_reviewers_verdict_overrides_the_engines():
    contributions = [{"relevance": 3.0, "quote": "x"}]
    criteria = [{"verdict": "absent", "override": {"verdict": "addressed"}}, {"verdict": "absent"}]
    overridden = rate_theme(contributions, criteria)
    plain = rate_theme(contributions, [{"verdict": "absent"}, {"verdict": "absent"}])
    assert overridden[1] == pytest.approx(plain[1] + 0.25)


def test_every_rating_says_what_it_rests_on_in_the_documents_language():
    contributions = [{"quote": "Er komt een klimaatfonds van €35 mrd."}, {"quote": "We bouwen windparken op zee."}]
    against = [{"quote": "De CO2-heffing wordt teruggedraaid."}]
    criteria = [{"verdict": "addressed"}, {"verdict": "partial"}, {"verdict": "absent"}]
    dutch = explain_rating("+", contributions, criteria, against, "nl")
    assert dutch.startswith("+: 2 concrete maatregelen (“Er komt een klimaatfonds van €35 mrd.”")
    assert "1 maatregel die ertegenin werkt" in dutch and "1.5 van 3 richtingen" in dutch
    english = explain_rating("--", [], [{"verdict": "absent"}], [], "en")
    assert english == "--: nothing in the document is about this theme; 0 of 1 directions addressed."
