"""`gongshi new-department`: a department folder whose templates explain every field.

The templates are generated from the standard, so they can never drift from
what the validator accepts. Values still to be filled in carry the marker
PLACEHOLDER; the validator warns about them, so a fresh scaffold validates but
cannot be forgotten.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from .standard import (
    DECISIONS,
    DEPARTMENT,
    DEPARTMENT_LISTS,
    LIST_HEADER,
    PARTY,
    REGION,
    Field,
    ListSpec,
)

PLACEHOLDER = "待填写"
# A checksum-valid code that no registered body has (its registration part is all zeros).
PLACEHOLDER_USCC = "11510500000000000B"
PLACEHOLDER_CODE = "CODE-001"
PLACEHOLDER_PHONE = "0830-0000000"
PLACEHOLDER_URL = "https://www.example.gov.cn/"
PLACEHOLDER_DOC_PREFIX = "某某罚"
# Every value the templates hold that is not real, whatever its type: the validator warns about each.
PLACEHOLDER_VALUES = frozenset({PLACEHOLDER_USCC, PLACEHOLDER_CODE, PLACEHOLDER_PHONE, PLACEHOLDER_URL})
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 64  # as load.MAX_SLUG: a slug names folders and feed files

# The 机关代字 of each decision example (某某罚, 某某许 …): the 文号 of an example left as it was.
_DOC_NO_CODES = {"行政处罚": "罚", "行政许可": "许", "行政强制": "强", "行政检查": "检", "行政征收征用": "征"}
# Forms of the made-up values an editor keeps when copying an example: CODE-002 for a second item, the
# 文号 of any kind's example, the zeros of the phone number with another area code.
_PLACEHOLDER_FORMS = re.compile(r"CODE-\d{1,4}|某某[罚许强检征]?〔.*|0\d{2,3}-0{7,8}")

# What a file's text holds if any of its values is a placeholder: a file without all of these is not looked at.
MARKERS = (PLACEHOLDER, *PLACEHOLDER_VALUES, "CODE-", "-0000000", "某某〔", *(f"某某{c}〔" for c in _DOC_NO_CODES.values()))


def is_placeholder(value: object) -> bool:
    """A template value an editor has not replaced yet: marked text, or one of the made-up codes and numbers."""
    return isinstance(value, str) and (
        PLACEHOLDER in value or value in PLACEHOLDER_VALUES or _PLACEHOLDER_FORMS.fullmatch(value) is not None
    )


class BadSlug(ValueError):
    """The folder name would not make a clean URL."""


class ReservedSlug(BadSlug):
    """The folder name is a site-wide section's (feeds, data …), which the build would refuse."""


class BadName(ValueError):
    """The body's name holds what no value may (a control or direction character), or nothing at all."""


class AlreadyExists(FileExistsError):
    """The department folder is already there; nothing was overwritten."""


class NameTaken(ValueError):
    """Another department folder already holds the body of that name; nothing was written."""

    def __init__(self, name: str, slug: str) -> None:
        super().__init__(name, slug)
        self.name = name
        self.slug = slug


def new_department(datasets: Path, slug: str, name: str, today: date | None = None) -> Path:
    from .fields import UNSAFE
    from .urls import RESERVED_SLUGS

    if not SLUG.match(slug) or len(slug) > MAX_SLUG:
        raise BadSlug(slug)
    if slug in RESERVED_SLUGS:
        raise ReservedSlug(slug)
    if not name.strip() or UNSAFE.search(name) or "\n" in name:
        raise BadName(name)
    folder = Path(datasets) / slug
    if folder.exists():
        raise AlreadyExists(str(folder))
    taken = _department_named(Path(datasets), name)
    if taken is not None:
        raise NameTaken(name, taken)
    today = today or date.today()
    folder.mkdir(parents=True)
    region = Path(datasets) / REGION.filename
    if not region.exists():
        region.write_text(profile_template(REGION, {}, today), encoding="utf-8")
    (folder / DEPARTMENT.filename).write_text(
        profile_template(DEPARTMENT, {"name": name}, today), encoding="utf-8"
    )
    for spec in DEPARTMENT_LISTS:
        (folder / spec.filename).write_text(list_template(spec, today), encoding="utf-8")
    decisions = folder / DECISIONS.filename.rstrip("/")
    decisions.mkdir()
    (decisions / f"{today.year}.yaml").write_text(decisions_template(today), encoding="utf-8")
    return folder


def _department_named(datasets: Path, name: str) -> str | None:
    """The folder of a department already called `name` (compared as the validator compares names)."""
    from .identifiers import normal

    wanted = normal(name)
    for profile in sorted(datasets.glob(f"*/{DEPARTMENT.filename}")):
        m = re.search(r"^name:\s*['\"]?(.*?)['\"]?\s*(?:#.*)?$", profile.read_text(encoding="utf-8", errors="replace"), re.M)
        if m and normal(m.group(1)) == wanted:
            return profile.parent.name
    return None


def _sample(f: Field, today: date, fill: bool) -> object:
    """A value for `f` that passes validation (placeholders when `fill`)."""
    if f.example is not None:
        return f.example
    t = f.type
    if t in ("str", "text"):
        return f"（{PLACEHOLDER}：{f.label}）"
    if t == "code":
        return PLACEHOLDER_CODE
    if t == "date":
        return today.isoformat()
    if t in ("int", "money"):
        return 0
    if t == "bool":
        return False
    if t == "enum":
        return f.choices[0]
    if t == "enums":
        return [f.choices[0]]
    if t == "strs":
        return [f"（{PLACEHOLDER}：{f.label}）"]
    if t == "codes":
        return [PLACEHOLDER_CODE]
    if t == "uscc":
        return PLACEHOLDER_USCC
    if t == "docno":
        return f"{PLACEHOLDER_DOC_PREFIX}〔{today.year}〕1号"
    if t == "region":
        return "510500"
    if t == "url":
        return PLACEHOLDER_URL
    if t == "phone":
        return PLACEHOLDER_PHONE
    if t == "object":
        return {s.key: _sample(s, today, fill) for s in f.fields if s.required or not fill}
    if t == "objects":
        return [{s.key: _sample(s, today, fill) for s in f.fields if s.required or not fill}]
    raise AssertionError(t)


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _emit(fields: tuple[Field, ...], values: dict, indent: str, first_prefix: str | None = None) -> list[str]:
    """YAML lines for a mapping, each field preceded by a comment with its label."""
    lines: list[str] = []
    lead = first_prefix if first_prefix is not None else indent
    for f in fields:
        if f.key not in values:
            continue
        need = "必填" if f.required else "选填"
        lines.append(f"{indent}# {f.label}（{need}）：{f.doc}")
        value = values[f.key]
        key_line = f"{lead}{f.key}:"
        lead = indent
        if isinstance(value, dict):
            lines.append(key_line)
            lines.extend(_emit(f.fields, value, indent + "  "))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(key_line)
            for item in value:
                lines.extend(_emit(f.fields, item, indent + "    ", first_prefix=indent + "  - "))
        elif isinstance(value, list):
            lines.append(key_line)
            lines.extend(f"{indent}  - {_scalar(v)}" for v in value)
        else:
            lines.append(f"{key_line} {_scalar(value)}")
    return lines


def profile_template(spec: ListSpec, given: dict, today: date) -> str:
    values = {f.key: _sample(f, today, fill=True) for f in spec.fields if f.required}
    values.update(given)
    head = [f"# {spec.label}（{spec.filename}）：{spec.doc}", f"# 凡含“{PLACEHOLDER}”的内容请改为真实信息，gongshi validate 会提醒。", ""]
    return "\n".join(head + _emit(spec.fields, values, "")) + "\n"


def _commented_example(fields: tuple[Field, ...], today: date, overrides: dict | None = None) -> list[str]:
    """One item showing every field, commented out so that removing the leading `# ` gives valid YAML."""
    example = {f.key: _sample(f, today, fill=False) for f in fields}
    example.update(overrides or {})
    body = _emit(fields, example, "    ", first_prefix="  - ")
    return ["#" + line[1:] if line.startswith(" ") else "# " + line for line in body]


def _step(sid: str, name: str, nxt: list[str] | None) -> dict:
    step = {"id": sid, "name": name, "actor": f"（{PLACEHOLDER}：承办者）", "time_limit": f"（{PLACEHOLDER}：时限）"}
    if nxt:
        step["next"] = nxt
    return step


# A flowchart needs at least two steps, so its example has two.
_LIST_EXAMPLES = {
    "flowcharts": {
        "steps": [
            _step("S1", "受理", ["S2"]),
            {**_step("S2", "决定", None), "when": f"（{PLACEHOLDER}：进入条件，不是分支的环节可删去）"},
        ]
    },
}

# Decision examples: one per kind, each valid on its own (文号 prefixes: _DOC_NO_CODES).
_PUBLIC_PARTY = ("name", "kind", "uscc", "legal_rep")  # an organisation; see the header for persons


def list_template(spec: ListSpec, today: date) -> str:
    header = {f.key: f for f in LIST_HEADER}
    lines = [
        f"# {spec.label}（{spec.filename}）：{spec.doc}",
        "# 在 items: 下逐项填写，每项以“  - ”开头；下面注释中的示例列出了全部字段。",
        "",
        f"# {header['revised'].label}（必填）：{header['revised'].doc}",
        f"revised: {today.isoformat()}",
        f"# {header['revisions'].label}（选填）：{header['revisions'].doc}",
        "revisions: []",
        "items: []",
        "# 示例（去掉行首的 # 并把 items: [] 改为 items:）：",
        "# items:",
        *_commented_example(spec.fields, today, _LIST_EXAMPLES.get(spec.name)),
    ]
    return "\n".join(lines) + "\n"


def decisions_template(today: date) -> str:
    lines = [
        f"# {DECISIONS.label}：{DECISIONS.doc}",
        "# 在 items: 下逐条填写。共同字段之外，不同执法类别（kind）还有各自的字段，示例如下。",
        "# 下面示例中的当事人是单位（填 uscc 和 legal_rep）。个体工商户填 uscc 和 operator（经营者）；",
        "# 自然人不填 uscc、legal_rep，而填 id_type、id_number（只采集、不公开），未成年人加 minor: true。",
        "# 决定被撤销等情形，加填 withdrawal（date、kind、reason、document）。",
        "",
        "items: []",
        "# 示例（去掉行首的 # 并把 items: [] 改为 items:，只保留用得到的执法类别）：",
        "# items:",
    ]
    common = tuple(f for f in DECISIONS.fields if f.key != "withdrawal")
    for kind, extra in DECISIONS.kinds.items():
        overrides: dict = {
            "kind": kind,
            "doc_no": f"某某{_DOC_NO_CODES.get(kind, '')}〔{today.year}〕1号",
            "party": {k: v for k, v in _sample(PARTY, today, fill=False).items() if k in _PUBLIC_PARTY},
        }
        if kind == "行政处罚":
            overrides.update(categories=["罚款"], fine=2000)
        lines += [f"#   # ---- {kind} 示例 ----", *_commented_example(common + extra, today, overrides)]
    return "\n".join(lines) + "\n"
