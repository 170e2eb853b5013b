"""Every organisation and 个体工商户 the published decisions name, across departments: one record per credit code.

A citizen looks a company up by its name or 统一社会信用代码, not by the
department that decided about it (the 信用中国 habit). Departments publish
separately, so the company's record is gathered here from the Publication:
only what is already public (decisions shown today, withdrawal notices), and
never a natural person, who has no credit code and must not be findable by
name across departments. The site, the open data and the search index all
take their parties from here, so they agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from .publicity import Publication, company_code, newest_first, newest_withdrawal
from .standard import DECISION_KINDS

# letters of the company index; a name whose first character has no pinyin letter is under OTHER
LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
OTHER = "#"

# administrative divisions a company name usually begins with (泸州市龙马潭区…): sorted by them, every company
# of the city would be under L, so the index goes by the first character of the 字号 that follows
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,5}?(?:自治区|自治州|自治县|省|市|区|县|旗|镇|乡|街道)")


@dataclass(slots=True)
class Party:
    """A company as the published decisions show it."""

    uscc: str
    name: str  # as its newest decision names it
    kind: str  # 法人及非法人组织 or 个体工商户, as its newest decision says
    former_names: list[str] = field(default_factory=list)  # other names the decisions use, newest first
    decisions: list[dict] = field(default_factory=list)  # the Publication's own decision dicts, newest first
    notices: list[dict] = field(default_factory=list)  # withdrawal notices about it, newest first
    departments: list[str] = field(default_factory=list)  # slugs, in the region's order
    trade: str = ""  # trade_name(name): the directory sorts and indexes by it

    @property
    def initial(self) -> str:
        return _letter(self.trade[:1])

    @property
    def first_date(self) -> date | None:
        return min((d["decision_date"] for d in self.decisions), default=None)

    @property
    def last_date(self) -> date | None:
        return max((d["decision_date"] for d in self.decisions), default=None)

    def counts(self) -> dict[str, int]:
        """Published decisions per 执法类别, in the standard's order (kinds it has none of included)."""
        counts = dict.fromkeys(DECISION_KINDS, 0)
        for d in self.decisions:
            counts[d["kind"]] += 1
        return counts


def of(publication: Publication) -> list[Party]:
    """Every party with a credit code in the publication, by credit code.

    Worked out once per publication and process: the site, the download page's
    row count and the open data all ask, and on a rebuild they render in one
    process (at 100,000 decisions each asking anew cost a third of a second). A
    publication whose departments or their records were replaced since is
    worked out again; the Party objects are shared, so callers only read them.
    """
    global _LAST
    shape = _shape(publication)
    if _LAST is not None and _LAST[0] is publication and _LAST[1] == shape:
        return _LAST[2]
    found = _of(publication)
    _LAST = (publication, shape, found)
    return found


_LAST: tuple[Publication, tuple, list[Party]] | None = None


def _shape(publication: Publication) -> tuple:
    """What parties depend on, by identity and length: the departments and their decisions and notices."""
    return tuple((id(d), id(d.decisions), len(d.decisions), id(d.withdrawals), len(d.withdrawals), id(d.concerns))
                 for d in publication.departments)


def _of(publication: Publication) -> list[Party]:
    departments = publication.departments
    order = {dept.slug: i for i, dept in enumerate(departments)}
    found: dict[str, Party] = {}
    names: dict[str, list[tuple[tuple, str]]] = {}
    for dept in departments:
        for d in dept.decisions:
            code = company_code(d["party"])
            if not code:
                continue
            p = found.get(code)
            if p is None:
                p = found[code] = Party(code, d["party"]["name"], d["party"]["kind"])
                names[code] = []
            p.decisions.append(d)
            names[code].append((newest_first(d), d["party"]["name"]))
    for dept in departments:  # (after every decision: a company whose only decision was withdrawn has no page)
        for w in dept.withdrawals:
            code = dept.concerns.get(w["slug"])
            if code in found:
                found[code].notices.append(w)
    for code, p in found.items():
        p.decisions.sort(key=newest_first)
        p.notices.sort(key=newest_withdrawal)
        newest = p.decisions[0]
        p.name, p.kind = newest["party"]["name"], newest["party"]["kind"]
        p.trade = trade_name(p.name.strip())
        p.former_names = list(dict.fromkeys(name for _, name in sorted(names[code]) if name != p.name))
        p.departments = sorted({x["department"] for x in (*p.decisions, *p.notices)}, key=order.__getitem__)
    return [found[code] for code in sorted(found)]


def newest_names(decisions: Iterable[dict]) -> dict[str, tuple[tuple, str]]:
    """Each company's newest decision among `decisions`: its sort key (newest_first) and the name it gives."""
    newest: dict[str, tuple[tuple, str]] = {}
    for d in decisions:
        code = company_code(d["party"])
        if code:
            key = newest_first(d)
            if code not in newest or key < newest[code][0]:
                newest[code] = (key, d["party"]["name"])
    return newest


def names_by_department(newest: dict[str, dict[str, tuple[tuple, str]]]) -> dict[str, list[tuple[str, str]]]:
    """Each department's companies (from its newest_names), each with the name the site lists it under: that of its
    newest decision in any department. A department's own company list shows it, so a rebuild that keeps the
    department's pages must know it did not change (build.py folds it into the department's key)."""
    overall: dict[str, tuple[tuple, str]] = {}
    for found in newest.values():
        for code, pair in found.items():
            if code not in overall or pair[0] < overall[code][0]:
                overall[code] = pair
    return {slug: [(code, overall[code][1]) for code in sorted(found)] for slug, found in newest.items()}


def trade_name(name: str) -> str:
    """The name without the administrative divisions it starts with: 泸州市龙马潭区聚鑫酒业有限公司 → 聚鑫酒业有限公司."""
    rest = name
    for _ in range(3):
        m = _PLACE.match(rest)
        if m is None or len(rest) - m.end() < 2:
            break
        rest = rest[m.end():]
    return rest


def initial(name: str) -> str:
    """The index letter of a company: the pinyin initial of its 字号's first character, or OTHER."""
    return _letter(trade_name(name.strip())[:1])


@cache
def _letter(first: str) -> str:
    """(Per character, once: there are a few thousand, and a hundred thousand companies.)"""
    from pypinyin import Style, lazy_pinyin

    if not first:
        return OTHER
    if first.isascii():
        letter = first.upper()
    else:
        letter = (lazy_pinyin(first, style=Style.FIRST_LETTER, errors="ignore") or [""])[0][:1].upper()
    return letter if letter in LETTERS else OTHER
