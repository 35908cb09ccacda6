"""Score an analysis against a gold file: the benchmark protocol of ``shared/README.md`` as pure functions.

Two gold formats are understood:

* the *quote* gold (``themes: [{theme, quotes}]``, ``criteria: [{criterion, expected, evidence?}]``): gold quotes
  are found in the ranked passages by their first sentence;
* the *passage-id* gold (``themes: {id: {core, acceptable, against}}``, ``criteria: {id: {expected, evidence}}``):
  gold passages are named by the ids of a passage file.

Only the analysis dict is read (``themes[].ranking``, ``contributions``, ``against``, ``criteria`` and ``passages``),
so a saved or reviewed analysis scores the same as a fresh one; nothing here runs the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from inkaart.document.sentences import split_sentences
from inkaart.errors import InputError

KS = (5, 10, 20)
VERDICTS = ("addressed", "partial", "absent")
FUZZY_MIN = 90
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00ad": ""})


def normalise(text: str) -> str:
    """Compare texts after the typography a PDF or a typist varies: whitespace, curly quotes, dashes."""
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHY)).strip()


def first_sentence(quote: str, language: str = "nl") -> str:
    spans = split_sentences(quote, language)
    return quote[spans[0][0] : spans[0][1]] if spans else quote


def contains(passage: str, sentence: str) -> bool:
    """The protocol's match: exact containment after normalising, or a fuzzy partial match of at least 90 %."""
    passage, sentence = normalise(passage), normalise(sentence)
    return bool(sentence) and (sentence in passage or fuzz.partial_ratio(sentence, passage) >= FUZZY_MIN)


@dataclass
class Passages:
    """The analysis' passages, and the mapping from a gold file's passage ids onto them."""

    texts: dict[str, str]
    gold_ids: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, analysis: dict[str, Any], rows: dict[str, str] | None = None) -> Passages:
        texts = {p["id"]: p.get("text", "") for p in analysis.get("passages", [])}
        passages = cls(texts)
        by_text = {normalise(text): pid for pid, text in texts.items()}
        # Ids first; a passage file read before its row ids became passage ids is matched by the row's text.
        for gold_id, text in (rows or {}).items():
            if gold_id in texts:
                passages.gold_ids[gold_id] = gold_id
            elif normalise(text) in by_text:
                passages.gold_ids[gold_id] = by_text[normalise(text)]
        return passages

    def resolve(self, gold_id: str) -> str | None:
        if gold_id in self.texts:
            return gold_id
        return self.gold_ids.get(gold_id)

    def resolve_all(self, gold_ids: Iterable[str]) -> set[str]:
        return {pid for pid in map(self.resolve, gold_ids) if pid is not None}


def gold_kind(gold: object) -> str:
    """``quotes`` or ``passages``; a file of neither shape is refused."""
    if isinstance(gold, dict) and isinstance(gold.get("themes"), list):
        return "quotes"
    if isinstance(gold, dict) and isinstance(gold.get("themes"), dict):
        return "passages"
    raise InputError(None, "not a gold file: expected `themes` as a list of quotes or a mapping of passage ids")


def evaluate(
    analysis: dict[str, Any],
    gold: dict[str, Any],
    *,
    document_text: str | None = None,
    rows: dict[str, str] | None = None,
) -> dict[str, Any]:
    """All figures of the protocol for one analysis; ``rows`` maps a passage file's ids to their texts."""
    kind = gold_kind(gold)
    themes = {theme["id"]: theme for theme in analysis["themes"]}
    passages = Passages.of(analysis, rows)
    missing = sorted(_gold_theme_ids(gold, kind) - set(themes))
    if missing:
        raise InputError(None, f"the gold names themes the analysis lacks ({', '.join(missing)}); same framework?")
    if kind == "passages":
        _check_ids_resolve(gold, passages)
    result: dict[str, Any] = {"gold": kind, "document": analysis["document"].get("title", "")}
    if kind == "quotes":
        result["recall"] = recall(analysis, gold, passages)
        result["criteria"] = quote_criteria(analysis, gold, passages)
        truth = _quote_truth(gold, themes, passages, analysis["document"].get("language") or "nl")
    else:
        result["themes"] = theme_figures(themes, gold, passages)
        result["criteria"] = id_criteria(analysis, gold, passages)
        truth = {tid: passages.resolve_all(_listable(entry)) for tid, entry in gold["themes"].items()}
    result["verdicts"] = verdict_confusion(result["criteria"]["rows"])
    result["kappa"] = kappa_per_theme(themes, truth, passages)
    result["reported_size"] = {tid: len(_listed_ids(theme)) for tid, theme in themes.items()}
    if document_text is not None:
        result["faithfulness"] = faithfulness(analysis, document_text)
    return result


def _check_ids_resolve(gold: dict[str, Any], passages: Passages) -> None:
    named = {
        pid
        for entry in gold["themes"].values()
        for key in ("core", "acceptable", "against")
        for pid in entry.get(key) or []
    }
    if named and not passages.resolve_all(named):
        raise InputError(
            None,
            "none of the gold's passage ids is a passage of the analysis; pass the passage file with --document, "
            "or check that gold and analysis are of the same document",
        )


def _gold_theme_ids(gold: dict[str, Any], kind: str) -> set[str]:
    if kind == "quotes":
        return {entry["theme"] for entry in gold["themes"]}
    return set(gold["themes"])


def _listable(entry: dict[str, Any]) -> list[str]:
    return [*(entry.get("core") or []), *(entry.get("acceptable") or [])]


def _listed_ids(theme: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(c["passage_id"] for c in theme.get("contributions", [])))


def _listed_texts(theme: dict[str, Any], passages: Passages) -> list[str]:
    return [c.get("text") or passages.texts.get(c["passage_id"], "") for c in theme.get("contributions", [])]


def recall(analysis: dict[str, Any], gold: dict[str, Any], passages: Passages) -> dict[str, Any]:
    """recall@k over the ranking and recall of the report, micro-averaged; a repeated gold quote counts once."""
    language = analysis["document"].get("language") or "nl"
    themes = {theme["id"]: theme for theme in analysis["themes"]}
    per_theme: dict[str, list[dict[str, Any]]] = {}
    for entry in gold["themes"]:
        theme = themes[entry["theme"]]
        ranking = [passages.texts.get(r["passage_id"], "") for r in theme.get("ranking", [])]
        listed = _listed_texts(theme, passages)
        rows = []
        for quote in dict.fromkeys(entry.get("quotes") or []):
            sentence = first_sentence(quote, language)
            rank = next((r for r, text in enumerate(ranking, 1) if contains(text, sentence)), None)
            reported = any(contains(text, sentence) for text in listed)
            rows.append({"quote": sentence, "rank": rank, "reported": reported})
        per_theme[entry["theme"]] = rows
    return {"quotes": sum(map(len, per_theme.values())), **_recall_figures(per_theme), "per_theme": per_theme}


def _recall_figures(per_theme: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    rows = [row for theme_rows in per_theme.values() for row in theme_rows]
    micro: dict[str, float | None] = {}
    for k in KS:
        micro[str(k)] = _share(sum(1 for r in rows if r["rank"] and r["rank"] <= k), len(rows))
    micro["reported"] = _share(sum(1 for r in rows if r["reported"]), len(rows))
    themes = {
        tid: {
            **{str(k): _share(sum(1 for r in rs if r["rank"] and r["rank"] <= k), len(rs)) for k in KS},
            "reported": _share(sum(1 for r in rs if r["reported"]), len(rs)),
        }
        for tid, rs in per_theme.items()
    }
    return {"micro": micro, "theme_recall": themes}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def quote_criteria(analysis: dict[str, Any], gold: dict[str, Any], passages: Passages) -> dict[str, Any]:
    """Each gold criterion: its verdict among ``expected`` and, when given, the evidence phrase among its evidence."""
    criteria = _criteria(analysis)
    rows = []
    unknown = []
    for entry in gold.get("criteria") or []:
        criterion = criteria.get(entry["criterion"])
        if criterion is None:
            unknown.append(entry["criterion"])
            continue
        phrase = entry.get("evidence")
        evidence_ok = not phrase or any(
            contains(item.get("quote", ""), phrase) or contains(passages.texts.get(item.get("passage_id"), ""), phrase)
            for item in criterion.get("evidence", [])
        )
        rows.append(_criterion_row(entry["criterion"], criterion, list(entry["expected"]), evidence_ok))
    return _criteria_summary(rows, criteria, unknown)


def id_criteria(analysis: dict[str, Any], gold: dict[str, Any], passages: Passages) -> dict[str, Any]:
    """Verdict among ``expected``; for addressed/partial also one evidence passage among the gold evidence."""
    criteria = _criteria(analysis)
    rows = []
    unknown = []
    for key, entry in (gold.get("criteria") or {}).items():
        criterion = criteria.get(key)
        if criterion is None:
            unknown.append(key)
            continue
        gold_evidence = passages.resolve_all(entry.get("evidence") or [])
        tool_evidence = {item.get("passage_id") for item in criterion.get("evidence", [])}
        evidence_ok = criterion["verdict"] == "absent" or bool(gold_evidence & tool_evidence)
        rows.append(_criterion_row(key, criterion, list(entry["expected"]), evidence_ok))
    return _criteria_summary(rows, criteria, unknown)


def _criteria(analysis: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{t['id']}.{c['id']}": c for t in analysis["themes"] for c in t.get("criteria", []) if "id" in c}


def _verdict(criterion: dict[str, Any]) -> str:
    # A reviewer's override is the analysis' final word, as every report shows it.
    return (criterion.get("override") or {}).get("verdict") or criterion["verdict"]


def _criterion_row(key: str, criterion: dict[str, Any], expected: list[str], evidence_ok: bool) -> dict[str, Any]:
    verdict = _verdict(criterion)
    return {
        "criterion": key,
        "verdict": verdict,
        "expected": expected,
        "verdict_ok": verdict in expected,
        "evidence_ok": evidence_ok,
        "ok": verdict in expected and evidence_ok,
    }


def _criteria_summary(
    rows: list[dict[str, Any]], criteria: dict[str, dict[str, Any]], unknown: list[str]
) -> dict[str, Any]:
    """The scored rows, the misses, and the criteria the gold names but this framework lacks (not scored)."""
    gold_keys = {row["criterion"] for row in rows}
    others = {
        key: {
            "verdict": _verdict(c),
            "score": c.get("score"),
            "evidence": (c.get("evidence") or [{}])[0].get("quote", ""),
        }
        for key, c in criteria.items()
        if key not in gold_keys
    }
    return {
        "right": sum(row["ok"] for row in rows),
        "total": len(rows),
        "misses": [row for row in rows if not row["ok"]],
        "rows": rows,
        "others": others,
        "unknown": unknown,
    }


def verdict_confusion(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Verdict accuracy (tool verdict among expected) and a confusion matrix gold (first expected) × tool."""
    matrix = {gold: dict.fromkeys(VERDICTS, 0) for gold in VERDICTS}
    for row in rows:
        if row["expected"] and row["expected"][0] in matrix and row["verdict"] in VERDICTS:
            matrix[row["expected"][0]][row["verdict"]] += 1
    return {"accuracy": _share(sum(row["verdict_ok"] for row in rows), len(rows)), "matrix": matrix}


def theme_figures(themes: dict[str, dict[str, Any]], gold: dict[str, Any], passages: Passages) -> dict[str, Any]:
    """Per theme of the id gold: precision of the listed contributions, core recall, against listed and found."""
    per_theme = {}
    for tid, entry in gold["themes"].items():
        theme = themes[tid]
        listed = set(_listed_ids(theme))
        allowed = passages.resolve_all(_listable(entry))
        core = passages.resolve_all(entry.get("core") or [])
        against = passages.resolve_all(entry.get("against") or [])
        found_against = {item["passage_id"] for item in theme.get("against") or []}
        per_theme[tid] = {
            "listed": len(listed),
            "listed_right": len(listed & allowed),
            "precision": _share(len(listed & allowed), len(listed)),
            "core": len(core),
            "core_found": len(core & listed),
            "core_recall": _share(len(core & listed), len(core)),
            "against": len(against),
            "against_listed": sorted(against & listed),
            "against_found": len(against & found_against),
        }
    rows = per_theme.values()
    totals = {
        "precision": _share(sum(r["listed_right"] for r in rows), sum(r["listed"] for r in rows)),
        "core_recall": _share(sum(r["core_found"] for r in rows), sum(r["core"] for r in rows)),
        "against_listed": sum(len(r["against_listed"]) for r in rows),
        "against_found": sum(r["against_found"] for r in rows),
        "against": sum(r["against"] for r in rows),
    }
    return {"micro": totals, "per_theme": per_theme}


def _quote_truth(
    gold: dict[str, Any], themes: dict[str, dict[str, Any]], passages: Passages, language: str
) -> dict[str, set[str]]:
    """For the quote gold, the passages a theme should list: those that contain a gold quote's first sentence."""
    truth = {}
    for entry in gold["themes"]:
        sentences = [first_sentence(q, language) for q in dict.fromkeys(entry.get("quotes") or [])]
        truth[entry["theme"]] = {
            pid for pid, text in passages.texts.items() if any(contains(text, sentence) for sentence in sentences)
        }
    return {tid: found for tid, found in truth.items() if tid in themes}


def kappa_per_theme(
    themes: dict[str, dict[str, Any]], truth: dict[str, set[str]], passages: Passages
) -> dict[str, float | None]:
    """Cohen's kappa of listed-or-not (tool) against should-be-listed (gold) over every passage, per theme."""
    return {
        tid: cohen_kappa(set(_listed_ids(themes[tid])), wanted, set(passages.texts)) for tid, wanted in truth.items()
    }


def cohen_kappa(tool: set[str], gold: set[str], universe: set[str]) -> float | None:
    """Two raters' yes/no over ``universe``; ``None`` when chance agreement is total (nothing to tell apart)."""
    n = len(universe)
    if not n:
        return None
    both = len(tool & gold & universe)
    neither = len(universe - tool - gold)
    observed = (both + neither) / n
    tool_yes, gold_yes = len(tool & universe) / n, len(gold & universe) / n
    expected = tool_yes * gold_yes + (1 - tool_yes) * (1 - gold_yes)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def faithfulness(analysis: dict[str, Any], text: str) -> dict[str, Any]:
    """Share of quotes (contributions, against, other, evidence) that are the document text at their offsets."""
    items = [c for t in analysis["themes"] for c in [*t.get("contributions", []), *(t.get("against") or [])]]
    items += analysis.get("other", [])
    items += [e for t in analysis["themes"] for c in t.get("criteria", []) for e in c.get("evidence", [])]
    wrong = [i["quote"] for i in items if "start" not in i or text[i["start"] : i["end"]] != i["quote"]]
    verbatim = (len(items) - len(wrong)) / len(items) if items else 1.0
    return {"quotes": len(items), "verbatim": verbatim, "wrong": wrong}


def to_markdown(result: dict[str, Any]) -> str:
    """The figures as Markdown tables, misses listed so a reader can judge them."""
    lines = [f"# Evaluation: {result['document']}", ""]
    if "recall" in result:
        lines += _recall_markdown(result["recall"])
    if "themes" in result:
        lines += _themes_markdown(result["themes"])
    lines += _criteria_markdown(result["criteria"], result["verdicts"])
    lines += [
        "## Agreement per theme (Cohen's kappa, listed or not)",
        "",
        "| theme | kappa | listed |",
        "|---|---|---|",
    ]
    for tid, kappa in result["kappa"].items():
        lines.append(f"| {tid} | {_figure(kappa)} | {result['reported_size'].get(tid, 0)} |")
    if "faithfulness" in result:
        faith = result["faithfulness"]
        lines += ["", f"Verbatim quotes: {faith['verbatim']:.0%} of {faith['quotes']}."]
        lines += [f"- not verbatim: {quote}" for quote in faith["wrong"]]
    return "\n".join(lines) + "\n"


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _recall_markdown(found: dict[str, Any]) -> list[str]:
    n, micro = found["quotes"], found["micro"]
    at = {key: f"{_figure(value)} ({round((value or 0) * n)}/{n})" for key, value in micro.items()}
    lines = [
        "## Recall of the gold quotes",
        "",
        "| | @5 | @10 | @20 | in report |",
        "|---|---|---|---|---|",
        f"| all ({n} quotes) | {at['5']} | {at['10']} | {at['20']} | {at['reported']} |",
    ]
    for tid, figures in found["theme_recall"].items():
        cells = " | ".join(_figure(figures[key]) for key in ("5", "10", "20", "reported"))
        lines.append(f"| {tid} | {cells} |")
    lines += ["", "| theme | gold quotes at rank (· = not ranked; * = listed in the report) |", "|---|---|"]
    for tid, rows in found["per_theme"].items():
        ranks = " ".join(f"{r['rank'] or '·'}{'*' if r['reported'] else ''}" for r in rows) or "(none)"
        lines.append(f"| {tid} | {ranks} |")
    return [*lines, ""]


def _themes_markdown(themes: dict[str, Any]) -> list[str]:
    micro = themes["micro"]
    lines = [
        "## Listed contributions against the gold passages",
        "",
        f"Precision {_figure(micro['precision'])}, core recall {_figure(micro['core_recall'])}, "
        f"against-passages listed as contributions {micro['against_listed']}, "
        f"found as against {micro['against_found']}/{micro['against']}.",
        "",
        "| theme | listed | precision | core recall | against listed | against found |",
        "|---|---|---|---|---|---|",
    ]
    for tid, row in themes["per_theme"].items():
        listed_against = ", ".join(row["against_listed"]) or "0"
        lines.append(
            f"| {tid} | {row['listed']} | {_figure(row['precision'])} | {row['core_found']}/{row['core']} | "
            f"{listed_against} | {row['against_found']}/{row['against']} |"
        )
    return [*lines, ""]


def _criteria_markdown(criteria: dict[str, Any], verdicts: dict[str, Any]) -> list[str]:
    lines = [
        f"## Criteria: {criteria['right']}/{criteria['total']} right; verdict accuracy {_figure(verdicts['accuracy'])}",
        "",
        "| criterion | verdict | expected | evidence | ok |",
        "|---|---|---|---|---|",
    ]
    for row in criteria["rows"]:
        lines.append(
            f"| {row['criterion']} | {row['verdict']} | {', '.join(row['expected'])} | "
            f"{'yes' if row['evidence_ok'] else 'NO'} | {'yes' if row['ok'] else 'NO'} |"
        )
    lines += ["", "| gold (first expected) \\ tool | " + " | ".join(VERDICTS) + " |", "|---|---|---|---|"]
    for gold, counts in verdicts["matrix"].items():
        lines.append(f"| {gold} | " + " | ".join(str(counts[v]) for v in VERDICTS) + " |")
    if criteria["unknown"]:
        lines += ["", f"Not scored, not in this framework: {', '.join(criteria['unknown'])}."]
    if criteria["others"]:
        lines += ["", "| other criterion | verdict | closeness | closest evidence |", "|---|---|---|---|"]
        for key, c in criteria["others"].items():
            evidence = c["evidence"][:120].replace("|", "/")
            lines.append(f"| {key} | {c['verdict']} | {_figure(c['score'])} | {evidence} |")
    return [*lines, ""]
