"""The data standard as JSON Schema (draft 2020-12), one document per file kind.

For the provincial platform and for editors' tools (an editor with a YAML
language server validates while typing). The validator remains the authority:
rules between fields (a fine when 罚款 is chosen, checksums, references) are
beyond what a schema expresses and are only described here.
"""

from __future__ import annotations

import json
from pathlib import Path

from .standard import ALL_SPECS, DECISIONS, LIST_HEADER, Field, ListSpec

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://gongshi.example.org/schema/"

_USCC_CHARS = "0-9A-HJ-NPQRTUWXY"

_SIMPLE: dict[str, dict] = {
    "str": {"type": "string", "pattern": r"^[^\n]+$"},
    "text": {"type": "string"},
    "code": {"type": ["string", "integer"], "pattern": r"^\S{1,64}$"},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "int": {"type": "integer", "minimum": 0},
    "money": {"type": "number", "minimum": 0},
    "bool": {"type": "boolean"},
    "uscc": {"type": "string", "pattern": f"^[{_USCC_CHARS}]{{2}}[0-9]{{6}}[{_USCC_CHARS}]{{10}}$"},
    "docno": {"type": "string", "pattern": r"^[^〔〕【】\[\]［］\s]+[〔【\[［][0-9]{4}[〕】\]］][1-9][0-9]*号$"},
    "region": {"type": "string", "pattern": r"^[1-9][0-9]{5}$"},
    "url": {"type": "string", "format": "uri", "pattern": r"^https?://"},
    "phone": {"type": "string"},
}


def field_schema(f: Field) -> dict:
    out: dict = {"title": f.label, "description": f.doc}
    if f.private:
        out["x-gongshi-private"] = True
    t = f.type
    if t in _SIMPLE:
        out.update(_SIMPLE[t])
    elif t == "enum":
        out.update({"type": "string", "enum": list(f.choices)})
    elif t == "enums":
        out.update({"type": "array", "items": {"enum": list(f.choices)}, "minItems": 1, "uniqueItems": True})
    elif t == "strs":
        out.update({"type": "array", "items": {"type": "string"}})
    elif t == "codes":
        out.update({"type": "array", "items": _SIMPLE["code"]})
    elif t == "object":
        out.update(object_schema(f.fields))
    elif t == "objects":
        out.update({"type": "array", "items": object_schema(f.fields)})
    else:  # pragma: no cover - guarded by Field.__post_init__
        raise AssertionError(t)
    if f.max_length is not None and t in ("str", "text", "url", "phone"):
        out["maxLength"] = f.max_length
    if f.max_value is not None:
        out["maximum"] = f.max_value
    if t == "int" and f.min_value:
        out["minimum"] = f.min_value
    return out


def object_schema(fields: tuple[Field, ...], extra_required: tuple[str, ...] = ()) -> dict:
    return {
        "type": "object",
        "properties": {f.key: field_schema(f) for f in fields},
        "required": [f.key for f in fields if f.required] + list(extra_required),
        "additionalProperties": False,
    }


def _decision_item() -> dict:
    schema = object_schema(DECISIONS.all_fields())
    # only the common fields are required of every kind; each kind adds its own below
    schema["required"] = [f.key for f in DECISIONS.fields if f.required]
    schema["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {
                "required": [f.key for f in extra if f.required and f.unless is None],
                "not": {"anyOf": [{"required": [f.key]} for f in _foreign(kind)]},
            },
        }
        for kind, extra in DECISIONS.kinds.items()
    ]
    for kind, extra in DECISIONS.kinds.items():  # required unless another field says otherwise (Field.unless)
        for f in extra:
            if f.required and f.unless is not None:
                other, value = f.unless
                schema["allOf"].append({
                    "if": {"properties": {"kind": {"const": kind}, other: {"not": {"const": value}}}, "required": ["kind"]},
                    "then": {"required": [f.key]},
                })
    return schema


def _foreign(kind: str) -> list[Field]:
    """Fields of other kinds that a decision of `kind` must not carry."""
    own = {f.key for f in DECISIONS.kinds[kind]}
    seen: dict[str, Field] = {}
    for other, extra in DECISIONS.kinds.items():
        if other != kind:
            for f in extra:
                if f.key not in own:
                    seen.setdefault(f.key, f)
    return list(seen.values())


def spec_schema(spec: ListSpec) -> dict:
    head = {"$schema": DIALECT, "$id": f"{BASE_ID}{spec.name}.json", "title": spec.label, "description": spec.doc}
    if not spec.is_list:
        return head | object_schema(spec.fields)
    if spec is DECISIONS:
        return head | {
            "type": "object",
            "properties": {"items": {"type": "array", "items": _decision_item()}},
            "required": ["items"],
            "additionalProperties": False,
        }
    body = object_schema(LIST_HEADER)
    body["properties"]["items"] = {"type": "array", "items": object_schema(spec.fields)}
    body["required"].append("items")
    return head | body


def schemas() -> dict[str, dict]:
    """File name → schema document, for every file kind of the standard."""
    return {f"{spec.name}.json": spec_schema(spec) for spec in ALL_SPECS}


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out_dir / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written
