"""How values read on the page: Chinese dates, yuan, paragraphs, safe links.

These are Jinja filters. They only format; what is shown was decided by
gongshi.publicity. Dates carry a machine-readable <time datetime> so that
assistive technology and scrapers need not parse 2024年3月5日.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from markupsafe import Markup, escape

from ..standard import LONG_TERM, Field

_LONG_TERM = date.fromisoformat(LONG_TERM)


def cn_date(value: date | None) -> str:
    """2024-03-05 → 2024年3月5日 (the form used on Chinese official documents)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@lru_cache(maxsize=4096)  # a few thousand distinct dates make up every date on the site
def time_tag(value: date | None) -> Markup:
    if value is None:
        return Markup("")
    text = "长期" if value == _LONG_TERM else cn_date(value)
    return Markup(f'<time datetime="{value.isoformat()}">{text}</time>')


def money(value: Decimal | int | float | None) -> str:
    """12000.5 → 12,000.50 元: two decimals always, so amounts line up and never look rounded."""
    if value is None:
        return ""
    return f"{Decimal(value):,.2f} 元"


class _Percent(dict):
    """Code point → the character as quote(…, safe="/-._~#") encodes it, computed on first use.

    quote() encodes byte by byte, so a string's quoting is its characters'
    quotings joined, which str.translate does in C (as in urls.absolute_under).
    """

    def __missing__(self, code: int) -> str:
        self[code] = quote(chr(code), safe="/-._~#")
        return self[code]


_PERCENT = _Percent()


@lru_cache(maxsize=4096)  # breadcrumbs, pagination and filter links repeat on page after page
def href(path: str) -> str:
    """A root-relative path percent-encoded (文号 slugs and kinds are Chinese), as urls.absolute does."""
    return path.translate(_PERCENT)


def paras(text: str | None) -> Markup:
    """Free text → one <p> per line; editors write one paragraph per line in YAML."""
    if not text:
        return Markup("")
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return Markup("".join(f"<p>{escape(line)}</p>" for line in lines))


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "是" if value else "否"


def with_values(fields: tuple[Field, ...], rows: list[dict]) -> list[Field]:
    """The public sub-fields that at least one row fills in: a table's columns, no empty ones."""
    return [f for f in fields if not f.private and any(r.get(f.key) not in (None, "", []) for r in rows)]


FILTERS = {
    "with_values": with_values,
    "cn_date": cn_date,
    "time_tag": time_tag,
    "money": money,
    "href": href,
    "paras": paras,
    "yes_no": yes_no,
}
