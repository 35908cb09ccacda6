"""Sentence boundaries as character offsets, for Dutch and English policy prose.

spaCy's blank pipelines with the rule-based sentencizer know most abbreviations (o.a., bijv., art.),
but still split after amounts such as "€35 mrd." or "$5 bn.". Two repairs keep such sentences whole:
a boundary needs white space, and a "sentence" that starts in lower case continues the previous one.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=4)
def _pipeline(language: str):
    import spacy  # imported here: a document loaded from cache needs no sentence splitting

    nlp = spacy.blank("en" if language == "en" else "nl")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000
    return nlp


def split_sentences(text: str, language: str = "nl") -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences in ``text``, trimmed of surrounding white space."""
    return split_many([text], language)[0]


def split_many(texts: Iterable[str], language: str = "nl") -> list[list[tuple[int, int]]]:
    """Sentence offsets for many texts at once; spaCy's batching makes this much faster than one by one."""
    texts = list(texts)
    results: list[list[tuple[int, int]]] = [[] for _ in texts]
    todo = [i for i, text in enumerate(texts) if text.strip()]
    docs = _pipeline(language).pipe((texts[i] for i in todo), batch_size=256)
    for index, doc in zip(todo, docs, strict=True):
        results[index] = _spans(texts[index], doc)
    return results


def _spans(text: str, doc) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        start, end = _trim(text, sent.start_char, sent.end_char)
        if start >= end:
            continue
        if spans and _continues(text, spans[-1][1], start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _continues(text: str, previous_end: int, start: int) -> bool:
    if previous_end == start:
        return True
    first = text[start]
    return first.islower()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
