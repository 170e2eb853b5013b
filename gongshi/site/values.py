"""One field's value as HTML, by the type the data standard gives it; a record's summary lists.

Done in Python rather than as Jinja macros because a decision page shows
some twenty fields and the site has to render 100,000 of them: a macro call
per field cost about four times the rest of the page. For the same reason
a decision page's sections and a decision's row in the lists are made here.
The pieces are plain str, escaped once and marked safe once when joined.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .. import urls
from ..standard import DECISIONS, REFERENCES, Field
from .formatting import href, money, time_tag, yes_no
from .pages import Ref


def _esc(value: object) -> str:
    """markupsafe.escape as a plain str; most values need no escaping and are returned as they are."""
    if type(value) is str and not ("&" in value or "<" in value or ">" in value or '"' in value or "'" in value):
        return value
    return str(escape(value))


def _paras(text: object) -> str:
    """formatting.paras as a plain str."""
    if not text:
        return ""
    return "".join(f"<p>{_esc(s)}</p>" for line in str(text).splitlines() if (s := line.strip()))


def _link(ref: Ref | None, code: object) -> str:
    if ref is None:
        return _esc(code)
    if ref.html is None:  # a record is referred to by many others: its link is made once per render
        title = f" {_esc(ref.title)}" if ref.title else ""
        ref.html = f'<a href="{_esc(href(ref.href))}">{_esc(ref.code)}{title}</a>'
    return ref.html


def render_value(
    value: object,
    field: Field,
    list_name: str | None = None,
    refs: dict[str, dict[str, Ref]] | None = None,
    compact: bool = False,
) -> Markup:
    return Markup(_html(value, field, list_name, refs, compact))


def _html(
    value: object,
    field: Field,
    list_name: str | None,
    refs: dict[str, dict[str, Ref]] | None,
    compact: bool,
) -> str:
    """render_value as a plain str: the pieces are joined first and marked safe once."""
    t = field.type
    target = REFERENCES.get((list_name, field.key)) if list_name else None
    if target and refs is not None:
        known = refs.get(target, {})
        if isinstance(value, list):
            links = [_link(known.get(str(c)), c) for c in value]
            if len(links) == 1 or compact:
                return "、".join(links)
            return '<ul class="plain">' + "".join(f"<li>{x}</li>" for x in links) + "</ul>"
        return _link(known.get(str(value)), value)
    if t == "date":
        return time_tag(value)  # type: ignore[arg-type]
    if t == "money":
        return _esc(money(value))  # type: ignore[arg-type]
    if t == "bool":
        return yes_no(value)  # type: ignore[arg-type]
    if t == "text":
        return _esc(value) if compact else _paras(value)
    if t == "url":
        return f'<a class="url" href="{_esc(value)}">{_esc(value)}</a>'
    if t == "int" and field.key.endswith("_days"):
        return f"{_esc(value)} 个工作日"
    if t in ("strs", "enums", "codes"):
        items = list(value)  # type: ignore[call-overload]
        if compact or len(items) == 1:
            return _esc("、".join(str(x) for x in items))
        return "<ul>" + "".join(f"<li>{_esc(x)}</li>" for x in items) + "</ul>"
    if t == "object":
        parts = [
            f"{_esc(sf.label)}：{_html(value[sf.key], sf, None, None, True)}"  # type: ignore[index]
            for sf in field.fields
            if not sf.private and value.get(sf.key) not in (None, "")  # type: ignore[union-attr]
        ]
        return "；".join(parts)
    return _esc(value)


_DT: dict[str, str] = {}


def _summary(out: list[str], rows: list[tuple[Field, object]], list_name: str | None, refs: dict | None) -> None:
    for f, v in rows:
        dt = _DT.get(f.label)
        if dt is None:
            dt = _DT[f.label] = f"<div><dt>{_esc(f.label)}</dt><dd>"
        out.append(dt)
        out.append(_html(v, f, list_name, refs, False))
        out.append("</dd></div>\n")


def summary_rows(
    rows: list[tuple[Field, object]],
    list_name: str | None = None,
    refs: dict[str, dict[str, Ref]] | None = None,
) -> Markup:
    """The <div><dt>label</dt><dd>value</dd></div> rows of a `summary` list, in one piece."""
    out: list[str] = []
    _summary(out, rows, list_name, refs)
    return Markup("".join(out))


def summary_sections(
    sections: list[tuple[str, list[tuple[Field, object]]]],
    list_name: str | None = None,
    refs: dict[str, dict[str, Ref]] | None = None,
) -> Markup:
    """A record page's sections, numbered, each a heading and its `summary` list; empty ones left out.

    In Python rather than a template loop for the same reason as render_value:
    a decision page has four of them and there are 100,000 decision pages.
    """
    out: list[str] = []
    n = 0
    for heading, rows in sections:
        if rows:
            n += 1
            out.append(f'<section aria-labelledby="sec-{n}">\n<h2 id="sec-{n}">{_esc(heading)}</h2>\n<dl class="summary">\n')
            _summary(out, rows, list_name, refs)
            out.append("</dl>\n</section>\n")
    return Markup("".join(out))


def decision_row(d: dict, show_dept: bool = False) -> Markup:
    """A decision's row in a table of decisions (its caption and header: _macros.html decision_table).

    In Python because every decision has a row, shown in three lists (all,
    its year, its kind), and a macro call cost more than the rest of the row.
    """
    dept = f'<td data-label="执法主体">{_esc(d["department_name"])}</td>' if show_dept else ""
    return Markup(
        f'<tr>\n<th scope="row" data-label="{_ROW_LABELS["doc_no"]}"><a href="{_esc(href(urls.decision(d["department"], d["slug"])))}">{_esc(d["doc_no"])}</a></th>\n'
        f'{dept}<td data-label="{_ROW_LABELS["kind"]}">{_esc(d["kind"])}</td>\n'
        f'<td data-label="{_ROW_LABELS["party"]}">{_esc(d["party"]["name"])}</td>\n'
        f'<td data-label="{_ROW_LABELS["conclusion"]}">{_esc(d["conclusion"])}</td>\n'
        f'<td class="nowrap" data-label="{_ROW_LABELS["decision_date"]}">{time_tag(d["decision_date"])}</td>\n'
        "</tr>\n"
    )


# Each cell names its column for phones, where a row is shown as a card without the header (site.css).
_ROW_LABELS = {key: DECISIONS.field(key).label for key in ("doc_no", "kind", "party", "conclusion", "decision_date")}
