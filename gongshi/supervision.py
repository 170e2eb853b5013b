"""`gongshi check`: what the judicial bureau (司法局) needs to know — was the law's clock kept?

The reference text asks the supervisor for "关键环节实时预警" and "执法及监督情况通报". This module
reads every record (withdrawn, expired and minors' cases too: the report is for the supervisor, never a
public page, and names a case only by its 文号), the live output's record of what was shown when
(seen.py), and applies each rule below with the region's time limits (timelimits.py). A rule has a
stable code a report can be filtered by; a finding names the department, the 文号 or list, the file and
line to fix, the figure (days) and says in Chinese what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from .certificates import EXPIRED, NOT_YET, lapse
from .checks import legal_review_shortfall
from .load import Dataset, Department
from .problems import Problem, YamlPath, locate
from .publicity import doc_slug, is_minor
from .seen import DepartmentSeen, Seen
from .standard import DEPARTMENT_LISTS
from .timelimits import Rules, add_months, publication_deadline, withdrawal_deadline, withheld
from .workdays import Calendar

RULES = {
    "late-publication": "公示超期",
    "late-withdrawal": "撤下超期",
    "unpublished": "应公示未公示",
    "officer-not-serving": "执法人员证件无效",
    "legal-review-staff": "法制审核人员不足",
    "major-without-review": "重大决定未经法制审核",
    "stale-list": "清单长期未修订",
}
KEYS = ("department", "rule", "ref", "file", "line", "days", "message")


@dataclass(slots=True)
class Finding:
    department: str  # slug
    rule: str  # a key of RULES
    ref: str  # the decision's 文号, or the list's Chinese name
    file: Path
    line: int
    days: int | None  # how late (working days for publication, days otherwise), how long unrevised
    message: str

    def as_dict(self) -> dict:
        out = asdict(self)
        out["file"] = self.file.as_posix()  # as the datasets folder was given, like `gongshi validate` says it
        return {k: out[k] for k in KEYS}

    def format(self) -> str:
        return f"{self.file.as_posix()}:{self.line}: [{self.rule}] {self.ref} — {self.message}"


def check(dataset: Dataset, record: Seen, as_of: date, calendar: Calendar | None = None) -> list[Finding]:
    """Every finding, by department in folder order, then file and line. `record.known` False: no live output
    was given, so only the datasets' own 公示日期 count (a decision without one counts as not published)."""
    rules = Rules.of(dataset.region)
    calendar = calendar or Calendar()
    pending: list[tuple[Finding, Problem]] = []
    for dept in dataset.departments:
        clock = _Clock(dept, record.department(dept.slug), record.known, rules, calendar, as_of)
        for src, keys, finding in clock.findings():
            pending.append((finding, Problem(src[0], (*src[1], *keys), "", "", "")))
    problems = [p for _, p in pending]
    texts = {}
    for path in {p.file for p in problems}:
        try:
            texts[path] = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            pass
    locate(problems, texts)
    for finding, problem in pending:
        finding.line = problem.line or 1
    order = {slug: i for i, slug in enumerate(dataset.order)}
    return sorted((f for f, _ in pending), key=lambda f: (order.get(f.department, 0), f.file.as_posix(), f.line, f.rule))


Found = tuple[tuple[Path, YamlPath], YamlPath, Finding]


class _Clock:
    def __init__(
        self, dept: Department, seen: DepartmentSeen, known: bool, rules: Rules, calendar: Calendar, as_of: date
    ) -> None:
        self.dept = dept
        self.seen = seen
        self.known = known
        self.rules = rules
        self.calendar = calendar
        self.as_of = as_of
        self.staff_by_cert = {str(o["cert_no"]): o for o in dept.items("personnel")}  # once, not per decision

    def finding(self, src: tuple, keys: YamlPath, rule: str, ref: str, days: int | None, message: str) -> Found:
        return src, keys, Finding(self.dept.slug, rule, ref, src[0], 1, days, message)

    def findings(self) -> Iterator[Found]:
        for rec in self.dept.decisions:
            if rec["decision_date"] > self.as_of:
                continue  # a report as of an earlier day knows nothing of it
            yield from self.publication(rec)
            yield from self.withdrawal(rec)
            yield from self.officers(rec)
            if rec.get("major") is True and rec.get("legal_review") is not True:
                yield self.finding(
                    rec["_src"], ("legal_review",), "major-without-review", rec["doc_no"], None,
                    "重大执法决定未记录经过法制审核；重大执法决定须经法制审核后作出",
                )
        yield from self.staff()
        yield from self.lists()

    def publication(self, rec: dict) -> Iterator[Found]:
        if is_minor(rec) or withheld(rec, self.rules):
            return  # never published, by law
        deadline = publication_deadline(rec, self.rules, self.calendar)
        written = rec.get("published")
        shown = self.seen.shown.get(doc_slug(rec["doc_no"]))
        published = written or shown
        limit = f"决定日期 {rec['decision_date']}，最迟应于 {deadline} 公示"
        note = ""
        if written and shown and shown > written and shown > deadline:
            # the site's own record says it was first shown later than the date typed in: the later one counts
            published, note = shown, f"（数据填写的公示日期为 {written}，但本平台 {shown} 才首次发布）"
        elif written and written > self.as_of and shown:
            published = shown  # dated after the report's day, but the site had shown it by then
        if published is not None and published <= self.as_of:
            if published > deadline:
                # published on the weekend after its last working day: late by one, not by none
                late = max(1, self.calendar.between(deadline, published))
                yield self.finding(
                    rec["_src"], ("published",) if written else ("decision_date",),
                    "late-publication", rec["doc_no"], late,
                    f"{limit}，实际 {published} 首次公示{note}，超期 {late} 个工作日",
                )
            return
        w = rec.get("withdrawal")
        if deadline >= self.as_of or (w and w["date"] <= deadline):
            return  # still within the limit, or withdrawn before it ran out
        late = max(1, self.calendar.between(deadline, self.as_of))
        how = "已发布的网站中没有这项决定" if self.known else "数据中没有公示日期，也没有已发布网站的记录可供核对"
        yield self.finding(
            rec["_src"], ("decision_date",), "unpublished", rec["doc_no"], late,
            f"{limit}，至 {self.as_of} 仍未公示（{how}），已超期 {late} 个工作日",
        )

    def withdrawal(self, rec: dict) -> Iterator[Found]:
        w = rec.get("withdrawal")
        slug = doc_slug(rec["doc_no"])
        if not w or w["date"] > self.as_of:
            return
        # this platform's own record when it showed the decision; else the day the editor says it was taken down
        # from another platform; else nothing was there to take down
        if slug in self.seen.shown:
            down = self.seen.taken_down.get(slug)
        elif w.get("taken_down"):
            down = w["taken_down"]
        else:
            return
        deadline = withdrawal_deadline(w["date"], self.rules)
        still = down is None or down > self.as_of
        if still:
            if self.as_of <= deadline:
                return
            down = self.as_of
        if down > deadline:
            late = (down - deadline).days
            when = f"至 {self.as_of} 仍未撤下" if still else f"{down} 才撤下"
            yield self.finding(
                rec["_src"], ("withdrawal", "date"), "late-withdrawal", rec["doc_no"], late,
                f"撤回于 {w['date']} 生效，最迟应于 {deadline} 撤下原决定，{when}，超期 {late} 日",
            )

    def officers(self, rec: dict) -> Iterator[Found]:
        for i, cert in enumerate(rec.get("officers") or ()):
            officer = self.staff_by_cert.get(str(cert))
            day = rec["decision_date"]
            found = None if officer is None else lapse(officer, day)
            if officer is None:
                why = "不在本部门执法人员清单中"
            elif found is not None:
                since = {NOT_YET: f"发证日期为 {found.since}", EXPIRED: f"有效期至 {found.since}"}
                why = f"的执法证在决定日期 {day} 无效（{since.get(found.why, f'{found.since} 起{found.why}')}）"
            else:
                continue
            yield self.finding(
                rec["_src"], ("officers", i), "officer-not-serving", rec["doc_no"], None,
                f"承办人员执法证号 {cert} {why}；无有效执法证件的人员不得从事执法活动",
            )

    def staff(self) -> Iterator[Found]:
        data = self.dept.lists.get("personnel")
        short = legal_review_shortfall([o for o in self.dept.items("personnel") if o.get("status") == "在岗"])
        if data is not None and short:
            yield self.finding((data.file, ()), (), "legal-review-staff", data.spec.label, None, short)

    def lists(self) -> Iterator[Found]:
        for spec in DEPARTMENT_LISTS:
            data = self.dept.lists.get(spec.name)
            if data is None or data.revised is None:
                continue
            due = add_months(data.revised, self.rules.stale_months)
            if due < self.as_of:
                days = (self.as_of - data.revised).days
                yield self.finding(
                    (data.file, ()), ("revised",), "stale-list", spec.label, days,
                    f"{spec.label}最近修订于 {data.revised}，已超过 {self.rules.stale_months} 个月未修订；"
                    "法律法规或职能调整后应及时更新清单",
                )
