"""Decisions appended to a decisions file as text, in the style of the demo's files.

The file's own text and comments stay exactly as they were (its byte-order mark and line ends too): the
entries are added after its last item, and the file is read back to be sure its items did not change (a
blank line after a block scalar that keeps its line ends would have joined it).
"""

from __future__ import annotations

import codecs
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml_rs


class NotAppendable(ValueError):
    """The file's items are not a block list that entries can be added to."""


_PLAIN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef][^\n\r\t#:\"'\\]*")


def scalar(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, Decimal)):
        return str(v)
    if isinstance(v, date):
        return v.isoformat()
    text = str(v)
    if _PLAIN.fullmatch(text) and text == text.strip() and not text.startswith(("〔", "【")):
        return text
    return json.dumps(text, ensure_ascii=False)


def entry(rec: dict, indent: str) -> str:
    """A decision as the demo's files write one: `- doc_no: …` and its fields below, nested ones indented."""
    lines: list[str] = []
    inner = indent + "  "
    for i, (key, v) in enumerate(rec.items()):
        lead = f"{indent}- " if i == 0 else inner
        if isinstance(v, dict):
            lines.append(f"{lead}{key}:")
            lines.extend(f"{inner}  {k}: {scalar(x)}" for k, x in v.items())
        elif isinstance(v, list):
            lines.append(f"{lead}{key}:")
            lines.extend(f"{inner}  - {scalar(x)}" for x in v)
        else:
            lines.append(f"{lead}{key}: {scalar(v)}")
    return "\n".join(lines) + "\n"


_EMPTY_ITEMS = re.compile(r"^items:[ \t]*\[\][ \t]*(#.*)?$", re.M)
_ITEMS = re.compile(r"^items:[ \t]*(#.*)?$", re.M)
_FIRST_ITEM = re.compile(r"^( *)- ", re.M)


def appended(text: str | None, entries: list[dict], heading: str, blank: bool = True) -> str:
    """The file's text with the entries after its last item, a blank line before each (`blank`); its own text
    and comments unchanged."""
    if text is None:
        text = f"{heading}\n\nitems:\n"
    elif _EMPTY_ITEMS.search(text):
        text = _EMPTY_ITEMS.sub(lambda m: "items:" + (f"  {m.group(1)}" if m.group(1) else ""), text, count=1)
    elif not _ITEMS.search(text):
        raise NotAppendable("items")
    m = _ITEMS.search(text)
    assert m is not None
    first = _FIRST_ITEM.search(text, m.end())
    indent = first.group(1) if first else "  "
    if not text.endswith("\n"):
        text += "\n"
    return text + "".join(("\n" if blank else "") + entry(rec, indent) for rec in entries)


def file_bytes(path: Path, records: list[dict], heading: str) -> tuple[bytes, int]:
    """The file's bytes with the records appended, and the number of items it held: its own bytes (a byte-order
    mark, CRLF line ends) kept, and its items read back unchanged, or NotAppendable."""
    if not path.is_file():
        return appended(None, records, heading).encode("utf-8"), 0
    raw = path.read_bytes()
    bom = raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    before = _items(text)
    for blank in (True, False):  # a blank line after a block scalar that keeps its line ends would join it
        try:
            out = appended(text, records, heading, blank)
        except NotAppendable:
            break
        if before is not None and _items(out)[: len(before)] == before:
            out = out.replace("\n", "\r\n") if crlf else out
            return (codecs.BOM_UTF8 if bom else b"") + out.encode("utf-8"), len(before)
    raise NotAppendable(str(path))


def _items(text: str) -> list | None:
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except (yaml_rs.YAMLDecodeError, ValueError, RecursionError):
        return None
    items = data.get("items") if isinstance(data, dict) else None
    return items if isinstance(items, list) else [] if isinstance(data, dict) and "items" in data else None
