"""The law's time limits: when a decision must be published, how long it stays public, when a withdrawal is due.

Every limit is a setting in region.yaml (`deadlines`, `publicity`, `supervision`: see standard.REGION) whose
default is the national rule, cited where the default is written. Publicity (what the public sees on a day),
`gongshi check` (what the judicial bureau is told) and the timeliness figures all count with these functions,
so the three can never disagree about a deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta

from .standard import DEFAULT_PUBLICITY_MONTHS, REFUSED
from .workdays import Calendar

# 国办发〔2018〕118号 (关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见),
# 二（四）加强事后公开: results "在执法决定作出之日起20个工作日内" made public, and "行政许可、行政处罚的
# 执法决定信息要在执法决定作出之日起7个工作日内公开". Counting starts the day after (民法典 第二百零一条).
DECISION_DAYS = 7
OTHER_DAYS = 20
# 川办发〔2019〕34号 (the reference text): a withdrawn decision is taken down "在有关法律文书生效后1日内".
# Nationally 行政处罚法（2021）第四十八条 gives 3 days; a region outside Sichuan sets withdrawal_days: 3.
WITHDRAWAL_DAYS = 1
# 市场监督管理行政处罚信息公示规定（市场监管总局令第45号，2021）: penalties by 普通程序 are published and
# "仅受到警告行政处罚的不予公示" (第二条); publicity ends "自公示之日起届满3年", "食品、药品、特种设备领域
# 行政处罚信息自公示之日起届满5年" (第十四条). Article numbers as in the 2021 text; the stored reference
# corpus does not hold it, so they are unverified here. Summary-procedure (简易程序) penalties fall outside
# 第二条, hence not published by default.
PENALTY_YEARS = 3
LONGER_YEARS = 5
LONGER_SECTORS = ("食品", "药品", "特种设备")
# A list "根据法律法规和机构职能变化及时调整" (川办发〔2019〕34号): a list untouched for a year is worth a look.
STALE_MONTHS = 12
LICENSING_AND_PENALTY = frozenset({"行政许可", "行政处罚"})

_SECTIONS = {
    "deadlines": ("decision_days", "other_days", "withdrawal_days"),
    "publicity": ("penalty_years", "longer_years", "longer_sectors", "summary_procedure", "warnings_only"),
    "supervision": ("stale_months", "timeliness_page"),
}


@dataclass(frozen=True, slots=True)
class Rules:
    """The region's time limits (region.yaml), each defaulting to the national rule above."""

    decision_days: int = DECISION_DAYS
    other_days: int = OTHER_DAYS
    withdrawal_days: int = WITHDRAWAL_DAYS
    penalty_years: int = PENALTY_YEARS
    longer_years: int = LONGER_YEARS
    longer_sectors: tuple[str, ...] = LONGER_SECTORS
    summary_procedure: bool = False  # publish 简易程序 penalties by default
    warnings_only: bool = False  # publish penalties that are only a 警告 by default
    stale_months: int = STALE_MONTHS
    timeliness_page: bool = True

    @classmethod
    def of(cls, region: dict) -> Rules:
        """The rules region.yaml sets (validated against standard.REGION); what it leaves out keeps its default."""
        given: dict = {}
        defaults = cls()
        for section, keys in _SECTIONS.items():
            values = region.get(section)
            if isinstance(values, dict):
                given.update({k: values[k] for k in keys if _fits(values.get(k), getattr(defaults, k))})
        if "longer_sectors" in given:
            given["longer_sectors"] = tuple(given["longer_sectors"])
        return cls(**given)

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def as_region(self) -> dict:
        """The settings as region.yaml would write them, every one filled: what the public sees as in force."""
        values = self.as_dict()
        values["longer_sectors"] = list(self.longer_sectors)
        return {section: {k: values[k] for k in keys} for section, keys in _SECTIONS.items()}


def _fits(value: object, default: object) -> bool:
    """A setting of the default's type (validation reports any other; the rules never see it)."""
    if isinstance(default, tuple):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return type(value) is type(default)


CALENDAR = Calendar()  # shared: its cache of deadlines is the same for everyone


def publication_deadline(rec: dict, rules: Rules, calendar: Calendar = CALENDAR) -> date:
    """The last day on which `rec` may first be published: N working days after its decision date."""
    days = rules.decision_days if rec["kind"] in LICENSING_AND_PENALTY else rules.other_days
    return calendar.add(rec["decision_date"], days)


def withdrawal_deadline(effective: date, rules: Rules) -> date:
    """The last day a withdrawn decision may still be shown: 1 day (a setting) after the withdrawal took effect."""
    return effective + timedelta(days=rules.withdrawal_days)


def withheld(rec: dict, rules: Rules) -> bool:
    """Not published by default (a summary-procedure penalty, a penalty that is only a 警告, a refused licence:
    the 双公示 publish licences granted), unless the decision says so by giving its own 公示截止期."""
    if rec.get("publicity_until"):
        return False
    if rec["kind"] == "行政许可":
        return rec.get("outcome") == REFUSED
    if rec["kind"] != "行政处罚":
        return False
    if rec.get("procedure") == "简易程序" and not rules.summary_procedure:
        return True
    categories = rec.get("categories")  # (a list once valid; validation may hand over what it reported)
    return isinstance(categories, list) and categories == ["警告"] and not rules.warnings_only


def default_end(rec: dict, published: date, rules: Rules, sector: str | None) -> date:
    """The last day a decision is public when it has no 公示截止期: a licence while valid, a penalty 3 years (5
    in the longer sectors, by its power's `sector`) from publication, other kinds by DEFAULT_PUBLICITY_MONTHS."""
    if rec["kind"] == "行政许可" and rec.get("valid_until"):
        return rec["valid_until"]
    if rec["kind"] == "行政处罚":
        years = rules.longer_years if sector in rules.longer_sectors else rules.penalty_years
        return add_months(published, 12 * years)
    return add_months(published, DEFAULT_PUBLICITY_MONTHS[rec["kind"]])


def default_for(rec: dict, published: date | None, rules: Rules, sector: str | None) -> tuple[date | None, str]:
    """What a decision's default publicity would be without its own 公示截止期, and how to say it: (None, …)
    when it would not be published at all. Without a 公示日期 (the build counts from the day it first shows the
    decision, unknown before) it is counted from the decision date, and the words say so."""
    without = {k: v for k, v in rec.items() if k != "publicity_until"}
    if withheld(without, rules):
        return None, "按规定不公示（简易程序、仅警告的处罚或不予许可）"
    base, label = (published, "公示日期") if published else (rec["decision_date"], "决定日期")
    end = default_end(without, base, rules, sector)
    return end, f"自{label} {base} 起算，默认公示至 {end}"


def publicity_end(rec: dict, published: date, rules: Rules, sector: str | None) -> date:
    """The decision's own 公示截止期 wins; else the default for its kind."""
    return rec.get("publicity_until") or default_end(rec, published, rules, sector)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day: 2024-02-29 + 12 → 2025-02-28)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))
