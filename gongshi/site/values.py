"""One field's value as HTML, by the type the data standard gives it.

Done in Python rather than as a Jinja macro because a decision page shows
some twenty fields and the site has to render 100,000 of them: a macro call
per field cost about four times the rest of the page.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..standard import Field
from .formatting import href, money, paras, time_tag, yes_no
from .pages import REFERENCES, Ref


def _link(ref: Ref | None, code: object) -> str:
    if ref is None:
        return str(escape(code))
    title = f" {escape(ref.title)}" if ref.title else ""
    return f'<a href="{escape(href(ref.href))}">{escape(ref.code)}{title}</a>'


def render_value(
    value: object,
    field: Field,
    list_name: str | None = None,
    refs: dict[str, dict[str, Ref]] | None = None,
    compact: bool = False,
) -> Markup:
    t = field.type
    target = REFERENCES.get((list_name, field.key)) if list_name else None
    if target and refs is not None:
        known = refs.get(target, {})
        if isinstance(value, list):
            links = [_link(known.get(str(c)), c) for c in value]
            if len(links) == 1 or compact:
                return Markup("、".join(links))
            return Markup('<ul class="plain">' + "".join(f"<li>{x}</li>" for x in links) + "</ul>")
        return Markup(_link(known.get(str(value)), value))
    if t == "date":
        return time_tag(value)  # type: ignore[arg-type]
    if t == "money":
        return Markup(escape(money(value)))  # type: ignore[arg-type]
    if t == "bool":
        return Markup(yes_no(value))  # type: ignore[arg-type]
    if t == "text":
        return Markup(escape(value)) if compact else paras(value)  # type: ignore[arg-type]
    if t == "url":
        return Markup(f'<a class="url" href="{escape(value)}">{escape(value)}</a>')
    if t == "int" and field.key.endswith("_days"):
        return Markup(f"{escape(value)} 个工作日")
    if t in ("strs", "enums", "codes"):
        items = list(value)  # type: ignore[call-overload]
        if compact or len(items) == 1:
            return Markup(escape("、".join(str(x) for x in items)))
        return Markup("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in items) + "</ul>")
    if t == "object":
        parts = [
            f"{escape(sf.label)}：{render_value(value[sf.key], sf, compact=True)}"  # type: ignore[index]
            for sf in field.fields
            if not sf.private and value.get(sf.key) not in (None, "")  # type: ignore[union-attr]
        ]
        return Markup("；".join(parts))
    return Markup(escape(value))


def summary_rows(
    rows: list[tuple[Field, object]],
    list_name: str | None = None,
    refs: dict[str, dict[str, Ref]] | None = None,
) -> Markup:
    """The <div><dt>label</dt><dd>value</dd></div> rows of a `summary` list, in one piece."""
    return Markup(
        "".join(
            f"<div><dt>{escape(f.label)}</dt><dd>{render_value(v, f, list_name, refs)}</dd></div>\n" for f, v in rows
        )
    )
