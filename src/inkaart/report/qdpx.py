"""REFI-QDA exchange: an analysis as a ``.qdpx`` project, and a framework as a ``.qdc`` codebook (and back).

QDA software (ATLAS.ti, MAXQDA, NVivo, QualCoder...) opens the project with the document as one text source,
every listed contribution a selection coded with its theme (and its criteria, child codes of the theme), and
the passages that work against a theme under a code of their own. Positions count Unicode code points from 0,
as REFI-QDA 1.5 §10.2 defines them and as Python indexes ``str``; the end position is exclusive, like the
analysis' own ``end`` offsets, so ``text[start:end]`` is the quote.

The analysis does not carry the document text itself, only its passages at their offsets. The source text is
rebuilt from them: what lies between passages (page headers, numbers) becomes line breaks, so every offset
holds.
GUIDs are uuid5 of the document's sha256 and the item's ids: exporting twice gives the same file.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from inkaart.errors import InputError
from inkaart.report.common import buckets, heading, labels

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_GUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/inkaart/refi-qda")
_ORIGIN = "inkaart framework"
# A fixed timestamp keeps the zip byte-identical between exports (zip cannot store dates before 1980).
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def guid(*parts: str) -> str:
    return str(uuid.uuid5(_GUID_ROOT, "\x1f".join(parts)))


def source_text(analysis: dict[str, Any]) -> str:
    """The document text as far as the analysis keeps it: each passage at its offsets, line breaks between."""
    passages = [p for p in analysis.get("passages", []) if "start" in p and "text" in p]
    quoted = [
        item for bucket in buckets(analysis) for item in [*bucket.contributions, *bucket.against] if "start" in item
    ]
    length = max((item["end"] for item in [*passages, *quoted]), default=0)
    characters = ["\n"] * length
    for passage in passages:
        characters[passage["start"] : passage["start"] + len(passage["text"])] = passage["text"]
    # A quote is authoritative where no passage covers it (an edited or reduced analysis).
    for item in quoted:
        if "".join(characters[item["start"] : item["end"]]) != item["quote"]:
            characters[item["start"] : item["end"]] = item["quote"]
    return "".join(characters)


@dataclass
class _Selection:
    start: int
    end: int
    quote: str
    codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def render_qdpx(analysis: dict[str, Any]) -> bytes:
    """The analysis as a REFI-QDA project: a zip of ``project.qde`` and ``sources/<guid>.txt``."""
    seed = analysis["document"].get("sha256") or analysis["document"]["title"]
    text = source_text(analysis)
    source_guid = guid(seed, "source")
    project = _project(analysis, seed, source_guid)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "project.qde", etree.tostring(project, xml_declaration=True, encoding="utf-8"))
        _add(archive, f"sources/{source_guid}.txt", text.encode("utf-8"))
    return buffer.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _q(tag: str, ns: str = PROJECT_NS) -> str:
    return f"{{{ns}}}{tag}"


def _project(analysis: dict[str, Any], seed: str, source_guid: str) -> etree._Element:
    words = labels(analysis)
    project = etree.Element(_q("Project"), nsmap={None: PROJECT_NS})
    project.set("name", _xml_text(heading(analysis)))
    project.set("origin", f"inkaart {analysis.get('inkaart_version', '')}".strip())
    reviewers = (analysis.get("review") or {}).get("reviewers") or []
    if reviewers:
        users = etree.SubElement(project, _q("Users"))
        for name in reviewers:
            etree.SubElement(users, _q("User"), guid=guid(seed, "user", name), name=_xml_text(name))
    codes = etree.SubElement(etree.SubElement(project, _q("CodeBook")), _q("Codes"))
    selections: dict[tuple[int, int], _Selection] = {}
    against_parent = None
    for bucket in buckets(analysis):
        theme_code = _code(codes, guid(seed, "theme", bucket.id), bucket.name, bucket.description)
        criterion_codes = {
            criterion["id"]: _code(
                theme_code, guid(seed, "criterion", bucket.id, criterion["id"]), criterion["text"], ""
            ).get("guid")
            for criterion in bucket.criteria
            if "id" in criterion
        }
        for item in bucket.contributions:
            selection = _selection(selections, item)
            selection.codes += [theme_code.get("guid")]
            selection.codes += [criterion_codes[c] for c in item.get("criteria") or [] if c in criterion_codes]
            if item.get("note"):
                selection.notes.append(item["note"])
        if bucket.against:
            if against_parent is None:
                against_parent = _code(codes, guid(seed, "against"), words.works_against, "", codable=False)
            against_code = _code(
                against_parent, guid(seed, "against", bucket.id), f"{words.works_against}: {bucket.name}", ""
            )
            for item in bucket.against:
                _selection(selections, item).codes.append(against_code.get("guid"))
    _sources(project, analysis, seed, source_guid, selections)
    return project


def _code(parent: etree._Element, code_guid: str, name: str, description: str, codable: bool = True):
    tag = parent.tag.rsplit("}", 1)[0] + "}Code"
    code = etree.SubElement(parent, tag, guid=code_guid, name=_xml_text(name), isCodable=str(codable).lower())
    if description:
        etree.SubElement(code, tag.replace("}Code", "}Description")).text = _xml_text(description)
    return code


def _selection(selections: dict[tuple[int, int], _Selection], item: dict[str, Any]) -> _Selection:
    key = (item["start"], item["end"])
    if key not in selections:
        selections[key] = _Selection(item["start"], item["end"], item["quote"])
    return selections[key]


def _sources(
    project: etree._Element,
    analysis: dict[str, Any],
    seed: str,
    source_guid: str,
    selections: dict[tuple[int, int], _Selection],
) -> None:
    source = etree.SubElement(
        etree.SubElement(project, _q("Sources")),
        _q("TextSource"),
        guid=source_guid,
        name=_xml_text(analysis["document"]["title"]),
        plainTextPath=f"internal://{source_guid}.txt",
    )
    notes: list[tuple[str, str]] = []
    for (start, end), selection in sorted(selections.items()):
        element = etree.SubElement(
            source,
            _q("PlainTextSelection"),
            guid=guid(seed, "selection", str(start), str(end)),
            name=_xml_text(_short(selection.quote)),
            startPosition=str(start),
            endPosition=str(end),
        )
        for code_guid in dict.fromkeys(selection.codes):
            coding = etree.SubElement(element, _q("Coding"), guid=guid(seed, "coding", str(start), code_guid))
            etree.SubElement(coding, _q("CodeRef"), targetGUID=code_guid)
        for index, note in enumerate(dict.fromkeys(selection.notes)):
            note_guid = guid(seed, "note", str(start), str(end), str(index))
            etree.SubElement(element, _q("NoteRef"), targetGUID=note_guid)
            notes.append((note_guid, note))
    if notes:
        container = etree.SubElement(project, _q("Notes"))
        for note_guid, note in notes:
            element = etree.SubElement(container, _q("Note"), guid=note_guid, name=_xml_text(_short(note)))
            etree.SubElement(element, _q("PlainTextContent")).text = _xml_text(note)


def _short(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most control characters; a PDF sometimes leaves them in names.
    return "".join(ch for ch in text if ch in "\t\n\r" or (ch >= " " and ch not in "\ufffe\uffff"))


# --- codebooks --------------------------------------------------------------------------------------


def framework_codebook(framework: dict[str, Any]) -> bytes:
    """A framework as a REFI-QDA codebook: one top code for the framework, themes below it, criteria below those.

    Ids travel in the names: a theme's (and the framework's) as a ``[id]`` suffix of its name, a criterion's as
    its whole name, its text being the description. GUIDs are uuid5 of the ids, so exports are identical.
    """
    fid = framework["id"]
    root = etree.Element(_q("CodeBook", CODEBOOK_NS), nsmap={None: CODEBOOK_NS})
    root.set("origin", f"{_ORIGIN} {fid}; language {framework.get('language', 'nl')}")
    codes = etree.SubElement(root, _q("Codes", CODEBOOK_NS))
    description = framework.get("description", "")
    top = _code(codes, guid(fid, "framework"), _named(framework["name"], fid), description, codable=False)
    for theme in framework["themes"]:
        name = _named(theme["name"], theme["id"])
        code = _code(top, guid(fid, "theme", theme["id"]), name, theme.get("description", ""))
        for criterion in theme.get("criteria") or []:
            _code(code, guid(fid, "criterion", theme["id"], criterion["id"]), criterion["id"], criterion["text"])
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _named(name: str, identifier: str) -> str:
    return f"{name} [{identifier}]"


def _unnamed(name: str) -> tuple[str, str | None]:
    """``"Economie [economisch]"`` -> ``("Economie", "economisch")``; a name without ``[id]`` has no id."""
    if name.endswith("]") and " [" in name:
        head, _, tail = name.rpartition(" [")
        return head, tail[:-1]
    return name, None


def codebook_framework(data: bytes) -> dict[str, Any]:
    """A framework skeleton (plain dict, ready for YAML) from a REFI-QDA codebook.

    An inkaart codebook has one top code (the framework) with the themes below it; a codebook from other
    software has its themes at the top. Criteria are the child codes of a theme, their description the
    criterion text (or their name when there is none).
    """
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise InputError(None, f"is not XML ({error.msg}); pass a REFI-QDA codebook (.qdc)") from None
    ns = root.nsmap.get(None) or CODEBOOK_NS
    top = root.findall(f"{{{ns}}}Codes/{{{ns}}}Code")
    if etree.QName(root).localname != "CodeBook" or not top:
        raise InputError(None, "is not a REFI-QDA codebook with codes (no <CodeBook><Codes><Code>); export one as .qdc")
    framework: dict[str, Any] = {"id": "imported", "name": "Imported codebook", "language": _language(root)}
    if len(top) == 1 and top[0].get("isCodable") == "false":
        name, identifier = _unnamed(top[0].get("name", ""))
        framework |= {"id": identifier or _slug(name), "name": name}
        description = _description(top[0], ns)
        if description:
            framework["description"] = description
        top = top[0].findall(f"{{{ns}}}Code")
    framework["themes"] = [_theme(code, ns) for code in top]
    return framework


def _language(root: etree._Element) -> str:
    origin = root.get("origin", "")
    language = origin.rpartition("; language ")[2] if origin.startswith(_ORIGIN) else ""
    return language if language in ("nl", "en") else "nl"


def _theme(code: etree._Element, ns: str) -> dict[str, Any]:
    name, identifier = _unnamed(code.get("name", ""))
    theme: dict[str, Any] = {"id": identifier or _slug(name), "name": name}
    description = _description(code, ns)
    if description:
        theme["description"] = description
    criteria = [_criterion(child, ns) for child in code.findall(f"{{{ns}}}Code")]
    if criteria:
        theme["criteria"] = criteria
    return theme


def _criterion(code: etree._Element, ns: str) -> dict[str, str]:
    name = code.get("name", "")
    description = _description(code, ns)
    if description:
        return {"id": _slug(name), "text": description}
    return {"id": _slug(name), "text": name}


def _description(code: etree._Element, ns: str) -> str:
    found = code.find(f"{{{ns}}}Description")
    return (found.text or "").strip() if found is not None else ""


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-")[:40].strip("-")
    return slug or "code"
