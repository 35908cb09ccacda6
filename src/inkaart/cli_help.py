"""``--help`` that reads like the README: FILE and MB rather than ``{file}``, ``<list[Path]>`` or ``<bool>``.

Typer prints each parameter's Python type beside it; for a reader of a command's help that is noise. These
command classes give every parameter a plain metavar (empty for flags, which take no value) before the
help is drawn, and write the usage line with bare upper-case argument names.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup

# The value a typed option takes, as the help shows it.
_TYPE_METAVARS = {"int": "N", "float": "NUMBER", "str": "TEXT", "Path": "PATH"}


def _no_type(ctx: Any) -> None:
    # An argument's metavar already says what it is; no type column beside it.
    return None


def _plain(param: Any) -> None:
    if isinstance(param, TyperArgument):
        if param.metavar is None:
            param.metavar = param.name.upper() + ("..." if param.nargs != 1 else "")
        param.display_type_rich = _no_type
        return
    if param.metavar is not None:
        return
    if getattr(param, "is_flag", False):
        param.metavar = ""
        return
    annotation = getattr(param, "type_descriptor", None)
    name = getattr(getattr(annotation, "annotation", None), "__name__", "")
    param.metavar = _TYPE_METAVARS.get(name, "TEXT")


def _bare_help_option(option: Any) -> Any:
    if option is not None:
        option.metavar = ""
    return option


class Command(TyperCommand):
    def get_help_option(self, ctx: Any) -> Any:
        return _bare_help_option(super().get_help_option(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.params:
            _plain(param)
        super().format_help(ctx, formatter)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                _plain(param)
                pieces.append(param.metavar if param.required else f"[{param.metavar}]")
        return pieces


class Group(TyperGroup):
    def get_help_option(self, ctx: Any) -> Any:
        return _bare_help_option(super().get_help_option(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        # A group's callback can take options too (``frameworks --json``).
        for param in self.params:
            _plain(param)
        super().format_help(ctx, formatter)
