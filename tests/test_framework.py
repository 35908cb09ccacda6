"""Frameworks: the shipped YAML files, loading by id or path, and one-line errors for bad files."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
from conftest import SHARED

from inkaart.errors import InputError
from inkaart.framework import (
    Framework,
    framework_path,
    load_framework,
    shipped_frameworks,
    shipped_ids,
)

BENCHMARK_FRAMEWORK = SHARED / "benchmark" / "kwetsbaarheden.yaml"

KWETSBAARHEDEN_THEMES = [
    "economisch",
    "sociaaleconomisch",
    "maatschappelijk",
    "ecologisch",
    "gezondheid",
    "digitaal",
    "bestuurlijk",
    "betekenis",
    "beloning",
]
SDG_THEMES = [f"sdg-{number}" for number in range(1, 18)]

VALID = """\
id: mini
name: Mini
themes:
  - id: alpha
    name: Alpha
    description: About alpha.
"""


def write(tmp_path: Path, text: str, name: str = "framework.yaml") -> Path:
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_framework(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    return message


# --- shipped frameworks -------------------------------------------------------------------------------


def test_shipped_ids_are_the_three_frameworks() -> None:
    assert shipped_ids() == ["kwetsbaarheden", "sdg", "sdg-en"]


@pytest.mark.parametrize("framework_id", ["kwetsbaarheden", "sdg", "sdg-en"])
def test_every_shipped_framework_is_substantive(framework_id: str) -> None:
    framework = load_framework(framework_id)
    assert framework.id == framework_id
    assert framework.other is not None
    for theme in framework.themes:
        assert 3 <= len(theme.criteria) <= 7, theme.id
        # The engine queries with these words, so each theme needs real prose, not a label.
        assert len(theme.description.split()) >= 20, theme.id
        assert theme.keywords, theme.id


def test_kwetsbaarheden_has_the_nine_vulnerabilities() -> None:
    framework = load_framework("kwetsbaarheden")
    assert framework.language == "nl"
    assert framework.theme_ids == KWETSBAARHEDEN_THEMES
    assert framework.theme("gezondheid").name.startswith("Onvoldoende toegerust op een gezondheidscrisis")
    assert framework.other is not None
    assert framework.other.name == "Overige bijdrage maatschappelijke waarde"


@pytest.mark.parametrize(("framework_id", "language"), [("sdg", "nl"), ("sdg-en", "en")])
def test_sdg_frameworks_have_the_seventeen_goals(framework_id: str, language: str) -> None:
    framework = load_framework(framework_id)
    assert framework.language == language
    assert framework.theme_ids == SDG_THEMES


def test_sdg_languages_describe_the_same_goals() -> None:
    dutch, english = load_framework("sdg"), load_framework("sdg-en")
    counts = [len(theme.criteria) for theme in dutch.themes]
    assert counts == [len(theme.criteria) for theme in english.themes]
    assert dutch.theme("sdg-13").name == "Klimaatactie"
    assert english.theme("sdg-13").name == "Climate action"


def test_shipped_frameworks_lists_every_file() -> None:
    assert [framework.id for framework in shipped_frameworks()] == shipped_ids()


def test_framework_path_points_at_the_packaged_file() -> None:
    path = framework_path("sdg-en")
    assert path.name == "sdg-en.yaml"
    assert path.is_file()


def test_theme_lookup_and_unknown_theme() -> None:
    framework = load_framework("sdg")
    assert framework.theme("sdg-6").id == "sdg-6"
    with pytest.raises(KeyError, match="sdg-18"):
        framework.theme("sdg-18")


def test_to_dict_round_trips() -> None:
    framework = load_framework("kwetsbaarheden")
    data = framework.to_dict()
    assert data["themes"][3]["id"] == "ecologisch"
    assert Framework.model_validate(data) == framework


# --- loading by id or path ----------------------------------------------------------------------------


def test_unknown_id_names_the_choices() -> None:
    with pytest.raises(InputError) as caught:
        load_framework("kwetsbaarheid")
    assert str(caught.value) == (
        "unknown framework 'kwetsbaarheid'; choose one of: kwetsbaarheden, sdg, sdg-en, or give a path to a YAML file"
    )
    with pytest.raises(InputError, match="unknown framework 'nope'"):
        framework_path("nope")


def test_load_by_path_as_str_and_path(tmp_path: Path) -> None:
    path = write(tmp_path, VALID, name="mini.yaml")
    by_str = load_framework(str(path))
    assert by_str == load_framework(path)
    assert by_str.language == "nl"
    assert by_str.other is None
    assert by_str.theme("alpha").criteria == []


def test_benchmark_framework_loads_as_a_path() -> None:
    framework = load_framework(str(BENCHMARK_FRAMEWORK))
    assert framework.id == "kwetsbaarheden"
    assert framework.theme_ids == KWETSBAARHEDEN_THEMES
    assert framework.theme("beloning").criteria[0].id == "onderwijs"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="framework file not found"):
        load_framework(tmp_path / "absent.yaml")


def test_directory_is_not_a_framework(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not a file"):
        load_framework(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\nname: Café\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_framework(path)


# --- bad files: each message names the line and the field ---------------------------------------------


def test_syntax_error_names_its_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, "id: x\nname: [unclosed\nthemes:\n  - id: a\n")
    assert "line 3, column 7: invalid YAML" in message
    assert "flow sequence on line 2" in message


def test_tab_indentation_is_a_syntax_error(tmp_path: Path) -> None:
    message = load_error(tmp_path, "id: x\n\tname: X\n")
    assert "line 2, column 1: invalid YAML" in message


def test_missing_themes(tmp_path: Path) -> None:
    message = load_error(tmp_path, "id: x\nname: X\n")
    assert message.endswith("line 1: framework has no themes; add at least one under `themes:`")


@pytest.mark.parametrize("value", ["[]", ""])
def test_empty_themes(tmp_path: Path, value: str) -> None:
    message = load_error(tmp_path, f"id: x\nname: X\nthemes: {value}\n")
    assert message.endswith("line 3: framework has no themes; add at least one under `themes:`")


def test_empty_file(tmp_path: Path) -> None:
    assert load_error(tmp_path, "# only a comment\n").endswith("is empty; a framework needs `id`, `name` and `themes`")


def test_top_level_list(tmp_path: Path) -> None:
    message = load_error(tmp_path, "- id: x\n- id: y\n")
    assert "line 1: the top level is a list, not a mapping" in message


def test_duplicate_theme_id_points_at_the_second_one(tmp_path: Path) -> None:
    text = VALID + "  - id: alpha\n    name: Alpha again\n    description: Twice.\n"
    message = load_error(tmp_path, text)
    assert "line 7, themes.1.id: duplicate theme id 'alpha'" in message


def test_duplicate_criterion_id(tmp_path: Path) -> None:
    text = VALID + "    criteria:\n      - id: c\n        text: One.\n      - id: c\n        text: Two.\n"
    message = load_error(tmp_path, text)
    assert "line 10, themes.0.criteria.1.id: duplicate criterion id 'c'" in message


def test_other_bucket_may_not_reuse_a_theme_id(tmp_path: Path) -> None:
    message = load_error(tmp_path, VALID + "other:\n  id: alpha\n  name: Rest\n")
    assert "line 8, other.id: the `other` bucket reuses theme id 'alpha'" in message


def test_missing_criterion_text_names_line_and_field(tmp_path: Path) -> None:
    text = """\
        id: x
        name: X
        themes:
          - id: a
            name: A
            criteria:
              - id: first
                text: Fine.
              - id: second
                txt: Misspelt.
        """
    message = load_error(tmp_path, text)
    assert "line 9, themes.0.criteria.1.text: required field `text` is missing; add it" in message
    # The misspelt key is a second problem; the author learns there is more to fix.
    assert "(and 1 more problem(s))" in message


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("    name: 12\n", "line 5, themes.0.name: expected text, got a number"),
        ("    keywords: storm\n", "line 7, themes.0.keywords: expected a list"),
        ("    criteria:\n      - just text\n", "line 8, themes.0.criteria.0: expected a mapping of fields"),
        ("    Criteria: []\n", "line 7, themes.0.Criteria: unknown field `Criteria`"),
    ],
)
def test_wrong_types_name_line_and_field(tmp_path: Path, snippet: str, expected: str) -> None:
    # The snippet is added to, or overrides a key of, the single theme in VALID.
    lines = VALID.splitlines(keepends=True)
    if snippet.startswith("    name:"):
        lines[4] = snippet
    else:
        lines.append(snippet)
    assert expected in load_error(tmp_path, "".join(lines))


def test_bad_theme_id(tmp_path: Path) -> None:
    message = load_error(tmp_path, VALID.replace("id: alpha", "id: Alpha Theme"))
    assert "line 4, themes.0.id: 'Alpha Theme' is not a valid id" in message


def test_bad_language(tmp_path: Path) -> None:
    message = load_error(tmp_path, VALID.replace("name: Mini\n", "name: Mini\nlanguage: de\n"))
    assert "line 3, language: 'de' is not allowed; use one of 'nl' or 'en'" in message


def test_theme_needs_description_or_criteria(tmp_path: Path) -> None:
    message = load_error(tmp_path, VALID.replace("    description: About alpha.\n", ""))
    assert "line 4, themes.0: theme 'alpha' has neither a description nor criteria" in message


def test_empty_criterion_text(tmp_path: Path) -> None:
    text = VALID + "    criteria:\n      - id: c\n        text: '  '\n"
    assert "line 9, themes.0.criteria.0.text: is empty" in load_error(tmp_path, text)


def test_duplicate_key(tmp_path: Path) -> None:
    message = load_error(tmp_path, VALID.replace("name: Mini\n", "name: Mini\nname: Maxi\n"))
    assert "line 3: key `name` appears twice" in message
