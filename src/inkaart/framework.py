"""Frameworks: the themes a document is charted against, read from YAML.

A framework file names its themes, describes each one and lists criteria: the policy directions a
document may or may not address. Shipped frameworks live in ``inkaart/frameworks/*.yaml``; users can
pass their own file. Every problem in a user's file becomes one ``InputError`` line that names the
file, the line and the field, so nobody has to read a pydantic or PyYAML traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from inkaart.errors import InputError

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# A framework is a few dozen themes in tens of kilobytes (the shipped ones are under 25 kB). The
# limits keep a hostile or mistaken file from occupying the tool: parsing YAML costs seconds per MB,
# every theme costs embeddings, and aliases can make a few lines stand for billions of values.
MAX_FRAMEWORK_BYTES = 1_000_000
MAX_THEMES = 1_000
MAX_VALUES = 100_000  # scalars, lists and mappings after expanding aliases


def _blank_if_none(value: Any) -> Any:
    # `description:` with nothing after it parses as None; an empty description is what the author meant.
    return "" if value is None else value


OptionalText = Annotated[str, BeforeValidator(_blank_if_none), StringConstraints(strip_whitespace=True)]


class _FrameworkModel(BaseModel):
    # extra="forbid" turns a misspelt key (`criterion:`, `keyword:`) into an error instead of a silently
    # ignored field.
    model_config = ConfigDict(extra="forbid", frozen=True)


def _duplicate_error(kind: str, ids: list[str]) -> PydanticCustomError | None:
    """An error pointing at the second use of an id, or None when all ids are unique."""
    seen: set[str] = set()
    for index, item_id in enumerate(ids):
        if item_id in seen:
            # `at` lets the loader point at the duplicate's own line rather than at the whole list.
            return PydanticCustomError(
                "duplicate_id",
                "duplicate {kind} id '{id}'; every {kind} needs its own id",
                {"kind": kind, "id": item_id, "at": (index, "id")},
            )
        seen.add(item_id)
    return None


class Criterion(_FrameworkModel):
    """An expected policy direction within a theme."""

    id: Slug
    text: Text
    # Examples of what works against this direction ("De CO2-heffing wordt verlaagd"): they teach the
    # engine which things this direction wants more of, so their reversal reads as `against`.
    against: list[Text] = Field(default_factory=list)


class Theme(_FrameworkModel):
    """A theme of the framework: what it is about and which policy directions belong to it."""

    id: Slug
    name: Text
    description: OptionalText = ""
    criteria: list[Criterion] = Field(default_factory=list)
    keywords: list[Text] = Field(default_factory=list)
    exclude: list[Text] = Field(default_factory=list)
    # What the vulnerability grows from ("fossiele brandstoffen", "stikstof"): expanding it works against
    # the theme, reducing it works for it.
    harms: list[Text] = Field(default_factory=list)

    @field_validator("criteria")
    @classmethod
    def _unique_criterion_ids(cls, criteria: list[Criterion]) -> list[Criterion]:
        error = _duplicate_error("criterion", [criterion.id for criterion in criteria])
        if error:
            raise error
        return criteria

    @model_validator(mode="after")
    def _has_content(self) -> Theme:
        # The engine retrieves passages with the theme's own words; a bare name gives it too little.
        if not self.description and not self.criteria:
            raise PydanticCustomError(
                "empty_theme",
                "theme '{id}' has neither a description nor criteria; add a `description:` or `criteria:`",
                {"id": self.id},
            )
        return self


class OtherBucket(_FrameworkModel):
    """Where contributions go that fit none of the themes."""

    id: Slug
    name: Text
    description: OptionalText = ""


class Framework(_FrameworkModel):
    """A named set of themes in one language."""

    id: Slug
    name: Text
    language: Literal["nl", "en"] = "nl"
    description: OptionalText = ""
    themes: list[Theme] = Field(min_length=1)
    other: OtherBucket | None = None

    @field_validator("themes")
    @classmethod
    def _unique_theme_ids(cls, themes: list[Theme]) -> list[Theme]:
        error = _duplicate_error("theme", [theme.id for theme in themes])
        if error:
            raise error
        return themes

    @model_validator(mode="after")
    def _other_id_is_free(self) -> Framework:
        if self.other is not None and self.other.id in self.theme_ids:
            raise PydanticCustomError(
                "duplicate_id",
                "the `other` bucket reuses theme id '{id}'; give it an id of its own",
                {"id": self.other.id, "at": ("other", "id")},
            )
        return self

    @property
    def theme_ids(self) -> list[str]:
        return [theme.id for theme in self.themes]

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id; KeyError when the framework has none."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(f"framework '{self.id}' has no theme '{theme_id}'")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the same shape as the YAML file."""
        return self.model_dump(mode="json")


# --- shipped frameworks -------------------------------------------------------------------------------


def _shipped_dir() -> Traversable:
    return resources.files("inkaart").joinpath("frameworks")


def shipped_ids() -> list[str]:
    """Ids of the frameworks that come with inkaart, sorted."""
    names = (entry.name for entry in _shipped_dir().iterdir())
    return sorted(name.removesuffix(".yaml") for name in names if name.endswith(".yaml"))


def _unknown_framework(ref: str) -> InputError:
    choices = ", ".join(shipped_ids())
    return InputError(None, f"unknown framework '{ref}'; choose one of: {choices}, or give a path to a YAML file")


def framework_path(framework_id: str) -> Path:
    """The file of a shipped framework (inkaart is installed as plain files, not as a zip)."""
    if framework_id not in shipped_ids():
        raise _unknown_framework(framework_id)
    return Path(str(_shipped_dir().joinpath(f"{framework_id}.yaml")))


def shipped_frameworks() -> list[Framework]:
    """Every shipped framework, loaded and validated, in id order."""
    return [load_framework(framework_path(framework_id)) for framework_id in shipped_ids()]


def load_framework(ref: str | Path) -> Framework:
    """Load a shipped framework by id (``kwetsbaarheden``, ``sdg``, ...) or a framework YAML file by path."""
    if isinstance(ref, str) and ref in shipped_ids():
        return _load_file(framework_path(ref))
    if isinstance(ref, Path) or _looks_like_path(ref):
        return _load_file(Path(ref))
    raise _unknown_framework(ref)


def _looks_like_path(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref or Path(ref).is_file()


# --- reading and validating one file ------------------------------------------------------------------


def _load_file(path: Path) -> Framework:
    text = _read_text(path)
    root, data = _parse_yaml(path, text)
    _check_top_level(path, root, data)
    try:
        return Framework.model_validate(data)
    except ValidationError as error:
        raise _validation_input_error(path, root, error) from None


def _read_text(path: Path) -> str:
    if not path.exists():
        raise InputError(path, "framework file not found; check the path or use a shipped framework id")
    if not path.is_file():
        raise InputError(path, "is not a file; give the path to a framework YAML file")
    size = path.stat().st_size
    if size > MAX_FRAMEWORK_BYTES:
        raise InputError(
            path,
            f"framework file is {size / 1e6:.1f} MB, over the limit of {MAX_FRAMEWORK_BYTES / 1e6:g} MB "
            f"(at most {MAX_THEMES} themes); a framework is a short YAML file",
        )
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; save the framework file as UTF-8") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror}); check its permissions") from None


def _parse_yaml(path: Path, text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the plain data built from it, from a single parse."""
    loader = yaml.SafeLoader(text)
    try:
        with _yaml_errors(path):
            root = loader.get_single_node()
        if root is None:
            return None, None
        _check_size(path, root)
        _check_duplicate_keys(path, root)
        with _yaml_errors(path):
            return root, loader.construct_document(root)
    finally:
        loader.dispose()


@contextmanager
def _yaml_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except yaml.MarkedYAMLError as error:
        raise InputError(path, _yaml_error_line(error)) from None
    except yaml.YAMLError as error:
        raise InputError(path, f"invalid YAML ({error}); fix the syntax") from None
    except RecursionError:
        # PyYAML composes and builds nested lists and mappings recursively.
        raise InputError(path, "invalid YAML (nested too deeply); a framework is themes with criteria") from None


def _check_size(path: Path, root: yaml.Node) -> None:
    """Refuse too many themes, and aliases that expand to more values than a framework can hold."""
    themes = _child(root, "themes")
    if themes is not None and isinstance(themes[1], yaml.SequenceNode) and len(themes[1].value) > MAX_THEMES:
        count = len(themes[1].value)
        raise InputError(path, f"has {count} themes, over the limit of {MAX_THEMES}; split the framework")
    if _expanded_size(root) > MAX_VALUES:
        raise InputError(
            path,
            f"expands to more than {MAX_VALUES} values through its anchors and aliases (&name/*name); "
            "write the repeated parts out or remove the aliases",
        )


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes the document holds once every alias is replaced by a copy of its anchor.

    Aliases make the node tree a graph that shares subtrees, so sizes are memoised per node: linear
    in the distinct nodes however large the expansion. The sum is capped to stay a small integer.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done or not children:
            total = 1 + sum(sizes[id(child)] for child in children)
            sizes[id(node)] = min(total, MAX_VALUES + 1)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _yaml_error_line(error: yaml.MarkedYAMLError) -> str:
    mark = error.problem_mark or error.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    problem = error.problem or error.context or "unreadable"
    # The parser notices an unclosed bracket or quote only lines later; the context says where it began.
    if error.context and error.context_mark and error.problem:
        problem += f" {error.context} on line {error.context_mark.line + 1}"
    return f"{where}invalid YAML ({problem}); fix the syntax, e.g. indentation, quotes or a missing ':'"


def _check_duplicate_keys(path: Path, node: yaml.Node) -> None:
    # PyYAML keeps the last of two equal keys without a word; a framework author would lose text silently.
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.value in seen:
                line = key.start_mark.line + 1
                raise InputError(path, f"line {line}: key `{key.value}` appears twice; keep one of them")
            seen.add(key.value)
        children = [value for _, value in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    else:
        children = []
    for child in children:
        _check_duplicate_keys(path, child)


def _check_top_level(path: Path, root: yaml.Node | None, data: Any) -> None:
    """The checks whose message reads better than pydantic's would."""
    if data is None:
        raise InputError(path, "is empty; a framework needs `id`, `name` and `themes`")
    if not isinstance(data, dict):
        line = root.start_mark.line + 1 if root is not None else 1
        raise InputError(
            path,
            f"line {line}: the top level is {_yaml_type(data)}, not a mapping; "
            "start the file with `id:`, `name:` and `themes:`",
        )
    if not data.get("themes"):
        line = _line_of(root, ("themes",))
        raise InputError(path, f"line {line}: framework has no themes; add at least one under `themes:`")


def _validation_input_error(path: Path, root: yaml.Node | None, error: ValidationError) -> InputError:
    """One line for the first problem; the rest are counted so the author knows more may follow."""
    details = error.errors(include_url=False)
    first = details[0]
    loc = _full_loc(first)
    field = ".".join(str(part) for part in loc) or "(top level)"
    more = f" (and {len(details) - 1} more problem(s))" if len(details) > 1 else ""
    return InputError(path, f"line {_line_of(root, loc)}, {field}: {_explain(first)}{more}")


def _full_loc(detail: ErrorDetails) -> tuple[str | int, ...]:
    # pydantic locates model-validator errors at the model; `at` narrows them to the offending field.
    at = detail.get("ctx", {}).get("at", ())
    return tuple(detail["loc"]) + tuple(at)


def _explain(detail: ErrorDetails) -> str:
    """Pydantic's message rephrased for someone editing YAML, with what to do about it."""
    kind = detail["type"]
    name = str(detail["loc"][-1]) if detail["loc"] else ""
    given = detail.get("input")
    if kind == "missing":
        return f"required field `{name}` is missing; add it"
    if kind == "extra_forbidden":
        return f"unknown field `{name}`; remove it or correct its spelling"
    if kind == "string_pattern_mismatch":
        return (
            f"'{given}' is not a valid id; use lowercase letters, digits, '-' and '_', starting with a letter or digit"
        )
    if kind == "string_too_short":
        return "is empty; write some text here"
    if kind == "string_type":
        return f"expected text, got {_yaml_type(given)}; put the value in quotes if it should be text"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got {_yaml_type(given)}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"expected a mapping of fields (`key: value`), got {_yaml_type(given)}"
    if kind == "literal_error":
        return f"'{given}' is not allowed; use one of {detail.get('ctx', {}).get('expected', '')}"
    if kind == "too_short":
        return f"`{name}` is empty; add at least one item"
    return detail["msg"]


def _yaml_type(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def _line_of(root: yaml.Node | None, loc: tuple[str | int, ...]) -> int:
    """1-based line of the deepest node on `loc` that exists (a missing field reports its parent)."""
    if root is None:
        return 1
    line = root.start_mark.line
    node: yaml.Node | None = root
    for part in loc:
        found = _child(node, part)
        if found is None:
            break
        line, node = found
    return line + 1


def _child(node: yaml.Node | None, part: str | int) -> tuple[int, yaml.Node] | None:
    """The child at `part` and the line to report it on: a key's own line, or a list item's line."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return key.start_mark.line, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item = node.value[part]
        return item.start_mark.line, item
    return None
