"""Checks that need more than one value: rules between fields, duplicates, references, compliance warnings."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from . import certificates, identifiers, personal, timelimits
from .fields import INVALID
from .problems import WARNING, Problem, YamlPath, field_label
from .scaffold import PLACEHOLDER_USCC, is_placeholder
from .standard import DECISIONS, NATURAL_PERSON, ORGANISATION, PARTY, SOLE_TRADER, WITHDRAWAL, ListSpec

if TYPE_CHECKING:
    from .load import Department

CERT_WARNING_DAYS = 30

# An amount the text states after 罚款 / 没收违法所得: "罚款人民币2,000元", "罚款 人民币 2000 元", "罚款金额为
# 0.2万元", "罚款￥2000", "罚款人民币（大写）贰仟元整（¥2000）", "并处罚款三千元". The text is read after NFKC
# (full-width digits, ￥ and brackets as ASCII); an amount counts when it has 元 after it or ¥/RMB before it.
_CONNECT = r"(?:\s|金额|数额|共计|合计|总计|计|为|:|人民币|\((?:大写|小写)\))*"
_CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_AMOUNT = (
    _CONNECT
    + r"(?:(?P<cur>¥|RMB)\s*)?(?:(?P<n>[0-9][0-9,]{0,20}(?:\.[0-9]{1,2})?)\s*(?P<wan>万)?\s*(?P<unit>元|圆)?"
    + f"|(?P<cn>[{_CN_DIGITS}十拾百佰千仟万萬]+)(?:元|圆)(?:(?P<jiao>[{_CN_DIGITS}])角)?(?:(?P<fen>[{_CN_DIGITS}])分)?)"
)
AMOUNT_WORDS = (
    ("fine", re.compile("罚款" + _AMOUNT), "罚款"),
    ("confiscation", re.compile("没收(?:违法所得|非法财物)" + _AMOUNT), "没收金额"),
)
_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {c: i for i, c in enumerate("〇壹贰叁肆伍陆柒捌玖")}
_CN_VALUE |= {"两": 2, "〇": 0}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}


def _chinese_number(text: str) -> int | None:
    """贰仟伍佰 → 2500, 一万二千 → 12000, 十万 → 100000; None for what is not a number written so."""
    total = section = digit = 0
    for c in text:
        if c in _CN_VALUE:
            digit = _CN_VALUE[c]
        elif c in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[c]
            digit = 0
        elif c in "万萬":
            total += (section + digit) * 10000
            section = digit = 0
        else:
            return None
    return total + section + digit


def _yuan(m: re.Match[str]) -> Decimal | None:
    """The amount a match states, in yuan; None when it states none (a number without 元, ¥ or RMB)."""
    if m["cn"]:
        whole = _chinese_number(m["cn"])
        if whole is None:
            return None
        cents = sum(_CN_VALUE[d] * k for d, k in ((m["jiao"], 10), (m["fen"], 1)) if d)
        return (Decimal(whole) + Decimal(cents) / 100).quantize(Decimal("0.01"))
    if not (m["unit"] or m["cur"]):
        return None
    n = Decimal(m["n"].replace(",", ""))
    return (n * 10000 if m["wan"] else n).quantize(Decimal("0.01"))


_FREE_TEXT = tuple(f.key for f in DECISIONS.all_fields() if f.free_text)  # standard.Field.free_text
_WITHDRAWAL_FREE_TEXT = tuple(f.key for f in WITHDRAWAL.fields if f.free_text)
LEGAL_REVIEW_SHARE = 0.05
# Keys only a penalty has: a decision with one of them is a penalty even while its kind is misspelt.
_PENALTY_ONLY = frozenset(
    f.key for f in DECISIONS.kinds["行政处罚"]
) - {f.key for kind, extra in DECISIONS.kinds.items() if kind != "行政处罚" for f in extra}

# Which power types a decision kind may be made under.
KIND_POWER_TYPES = {
    "行政许可": {"行政许可"},
    "行政处罚": {"行政处罚"},
    "行政强制": {"行政强制"},
    "行政检查": {"行政检查"},
    "行政征收征用": {"行政征收", "其他行政权力"},
}


# Dates that may not come before another: (key, label, the other's key (None:
# the decision date), the other's label, the rule), checked in this order.
DATE_ORDER = (
    ("published", "公示日期", None, "决定日期", "不能早于决定日期"),
    ("publicity_until", "公示截止期", None, "决定日期", "不能早于决定日期"),
    ("penalty_until", "处罚有效期", None, "决定日期", "不能早于决定日期"),
    ("corrected", "更正日期", None, "决定日期", "不能早于决定日期"),
    ("valid_until", "有效期至", "valid_from", "有效期自", "不能早于有效期自"),
    ("valid_until", "有效期至", None, "决定日期", "不能早于决定日期"),
    ("period_until", "期限至", "period_from", "期限自", "不能早于期限自"),
)


def ok(value: object) -> bool:
    return value is not None and value is not INVALID


def legal_review_shortfall(serving: list[dict]) -> str | None:
    """The words for fewer 法制审核人员 than 5% of the serving officers (validate warns, `gongshi check` reports)."""
    reviewers = sum(1 for p in serving if p.get("legal_review") is True)
    if serving and reviewers < LEGAL_REVIEW_SHARE * len(serving):
        return f"法制审核人员 {reviewers} 人，不足在岗执法人员 {len(serving)} 人的 5%"
    return None


class CrossCheck:
    """The region-wide checks, fed one department at a time in folder order: a value two departments claim is
    reported at the later one. Fed this way, a build can decide each department and let go of it before reading
    the next (the whole of a large region read at once is gigabytes)."""

    def __init__(self, root: Path, region: dict, placeholder_files: set[Path], problems: list[Problem], as_of: date, checks: type[Checks] | None = None) -> None:
        self.claims: dict[tuple[str, str], Claim] = {}
        self.checks = checks or Checks  # a subclass may leave out what only warns (load.validate's `warnings`)
        self.placeholder_files = placeholder_files
        self.problems = problems
        self.as_of = as_of
        self.rules = timelimits.Rules.of(region)
        placeholders(region, (root / "region.yaml", ()), problems)
        longer, usual = self.rules.longer_years, self.rules.penalty_years
        if longer < usual:
            message = f"特定领域的公示年限 {longer} 年短于一般行政处罚的 {usual} 年"
            hint = "食品、药品、特种设备等领域的公示期限应当不短于一般处罚；请核对 longer_years 和 penalty_years"
            where = ("publicity", "longer_years")
            problems.append(Problem(root / "region.yaml", where, field_label("特定领域行政处罚公示年限", where), message, hint, WARNING))

    def known(self, claims: list[Claim]) -> None:
        """A department taken from its memo: only its claims."""
        claim(claims, self.claims, self.problems)

    def department(self, dept: Department) -> None:
        placeholders(dept.profile, (dept.folder / "department.yaml", ()), self.problems)
        for data in dept.lists.values():
            for item in data.items:
                placeholders(item, item["_src"], self.problems)
        for rec in dept.decisions:  # only in files that hold a placeholder at all; the party's and lists' too
            if rec["_src"][0] in self.placeholder_files:
                placeholders(rec, rec["_src"], self.problems)
        self.checks(dept, self.problems, self.as_of, self.claims, self.rules).run()


Src = tuple[Path, YamlPath]


@dataclass(frozen=True, slots=True)
class Claim:
    """A value one department holds that no other department may hold, and where it is written."""

    kind: str  # a key of CLAIMS
    value: str  # as written
    src: Src  # the file and the path to the field


# kind → (label, key, what the later department is told, what to do)
CLAIMS = {
    "cert": ("执法证号", "cert_no", "执法证号“{value}”与 {other} 部门的人员重复", "执法证号全市唯一，请核对证件"),
    "name": ("执法主体名称", "name", "执法主体名称“{value}”与 {other} 部门相同", "一个执法主体只用一个部门目录：同一主体请合并目录，否则请核对名称"),
    "uscc": ("统一社会信用代码", "uscc", "统一社会信用代码“{value}”与 {other} 部门相同", "每个执法主体有自己的统一社会信用代码，请核对"),
    "prefix": ("决定文书号", "doc_no", "文号的机关代字“{value}”已由 {other} 部门使用", "不同执法主体的机关代字不能相同，请核对文号"),
}


def claims_of(dept: Department) -> list[Claim]:
    """What `claim` registers region-wide for a department (and its memo keeps, for a rebuild that does not read it)."""
    profile = dept.folder / "department.yaml"
    out = [Claim("cert", p["cert_no"], (p["_src"][0], (*p["_src"][1], "cert_no"))) for p in dept.items("personnel") if ok(p.get("cert_no"))]
    for key in ("name", "uscc"):
        if ok(dept.profile.get(key)) and dept.profile[key] != PLACEHOLDER_USCC:  # fresh scaffolds share that one
            out.append(Claim(key, dept.profile[key], (profile, (key,))))
    prefixes: set[str] = set()
    for rec in dept.decisions:
        if ok(rec.get("doc_no")):
            prefix = identifiers.doc_no_prefix(rec["doc_no"])
            if identifiers.normal(prefix) not in prefixes:
                prefixes.add(identifiers.normal(prefix))
                out.append(Claim("prefix", prefix, (rec["_src"][0], (*rec["_src"][1], "doc_no"))))
    return out


def claim(claims: list[Claim], region: dict[tuple[str, str], Claim], problems: list[Problem]) -> None:
    """Register one department's claims region-wide; one already held by an earlier department is an error.

    Also run for a department a rebuild takes from its memo (claims as the
    previous build registered them), so the region-wide checks stay whole.
    Values compare as identifiers.normal makes them, so an invisible or
    full-width character does not make a duplicate look different.
    """
    for c in claims:
        key = (c.kind, identifiers.normal(c.value))
        first = region.get(key)
        if first is None:
            region[key] = c
        elif _folder(first) != _folder(c):  # within one department, unique() has said so already
            label, field, message, hint = CLAIMS[c.kind]
            file, where = c.src
            problems.append(
                Problem(
                    file,
                    where,
                    field_label(label, (field,)),
                    message.format(value=c.value, other=_folder(first).name),
                    hint,
                    also=[first.src],
                )
            )


def _folder(c: Claim) -> Path:
    """The department folder a claim's file is in (decisions/*.yaml is one level further down)."""
    file = c.src[0]
    return file.parent.parent if file.parent.name == "decisions" else file.parent


def placeholders(value: object, src: tuple[Path, YamlPath], problems: list[Problem]) -> None:
    """Warn about template values an editor has not replaced yet: text, codes, phone numbers, addresses."""
    file, where = src
    if isinstance(value, str):
        if is_placeholder(value):
            problems.append(
                Problem(file, where, field_label("模板内容", where), f"“{value}”仍是模板占位内容", "请改为真实信息，否则将原样公开", severity=WARNING)
            )
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "_src":
                placeholders(v, (file, (*where, k)), problems)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            placeholders(v, (file, (*where, i)), problems)


class Checks:
    def __init__(
        self, dept: Department, problems: list[Problem], as_of: date, claims: dict, rules: timelimits.Rules
    ) -> None:
        self.dept = dept
        self.problems = problems
        self.as_of = as_of
        self.claims = claims  # the region-wide claims so far (CrossCheck)
        self.rules = rules

    def problem(
        self,
        src: tuple[Path, YamlPath],
        keys: YamlPath,
        label: str,
        message: str,
        hint: str,
        severity: str = "error",
        also: list | None = None,
    ) -> None:
        file, where = src
        self.problems.append(
            Problem(
                file,
                (*where, *keys),
                field_label(label, keys),
                message,
                hint,
                severity=severity,
                also=also or [],
            )
        )

    def run(self) -> None:
        d = self.dept
        keys: dict[str, dict | None] = {name: None for name in d.broken}  # None: the file could not be read
        for name, spec_list in d.lists.items():
            keys[name] = self.unique(spec_list.items, spec_list.spec.key, spec_list.spec)
        self.claim_region()
        powers = keys.get("powers", {})
        guides = keys.get("service_guides", {})
        charts = keys.get("flowcharts", {})
        standards = keys.get("discretion_standards", {})
        items = keys.get("inspection_items", {})
        officers = None if "personnel" in d.broken else {
            p["cert_no"]: p for p in d.items("personnel") if ok(p.get("cert_no"))
        }

        for p in d.items("powers"):
            self.ref(p, "flowchart", "流程图", charts, "流程图清单（flowcharts.yaml）")
            self.ref(p, "guide", "服务指南", guides, "服务指南（service_guides.yaml）")
            self.refs(p, "discretion", "裁量基准", standards, "裁量基准（discretion_standards.yaml）")
        for g in d.items("service_guides"):
            self.ref(g, "power_code", "事项编码", powers, "权力清单（powers.yaml）")
            self.ref(g, "flowchart", "流程图", charts, "流程图清单（flowcharts.yaml）")
            pd, sd = g.get("promised_days"), g.get("statutory_days")
            if ok(pd) and ok(sd) and pd > sd:
                self.problem(g["_src"], ("promised_days",), "承诺办结时限", f"承诺时限 {pd} 日长于法定时限 {sd} 日", "承诺时限不得超过法定时限")
        for c in d.items("flowcharts"):
            self.ref(c, "power_code", "事项编码", powers, "权力清单（powers.yaml）")
            self.flowchart(c)
        for s in d.items("discretion_standards"):
            self.ref(s, "power_code", "事项编码", powers, "权力清单（powers.yaml）")

        self.unique(d.decisions, "doc_no", DECISIONS)
        for rec in d.decisions:
            self.decision(rec, powers, officers, standards, items)
        self.personnel_warnings()

    def publicity_period(self, rec: dict, powers: dict | None) -> None:
        """A natural person's penalty kept public longer than the default for its kind (timelimits): the
        proportionality the credit rules ask for; the decision's own 公示截止期 wins, so it is a warning."""
        until, party = rec.get("publicity_until"), rec.get("party")
        if rec.get("kind") != "行政处罚" or not ok(until) or until < self.as_of or not isinstance(party, dict) \
                or party.get("kind") != NATURAL_PERSON or not ok(rec.get("decision_date")):
            return  # (past its 公示截止期 it is no longer public: nothing to warn about)
        power = (powers or {}).get(rec.get("power_code")) or {}
        dated = rec.get("published") if ok(rec.get("published")) else None
        default, shown = timelimits.default_for(rec, dated, self.rules, power.get("sector"))
        if default is None or until > default:
            message = f"自然人的行政处罚公示至 {until}，长于同类决定的默认期限（{shown}）"
            hint = "公示期限应与违法行为相称；如无特别理由，请删除公示截止期或提前"
            self.problem(rec["_src"], ("publicity_until",), "公示截止期", message, hint, severity=WARNING)

    # -- uniqueness and references

    def unique(self, records: list[dict], key: str | None, spec: ListSpec) -> dict[str, dict]:
        seen: dict[str, dict] = {}
        if key is None:
            return seen
        label = spec.field(key).label
        for rec in records:
            value = rec.get(key)
            if not ok(value):
                continue
            same = identifiers.normal(value) if isinstance(value, str) else value
            if same in seen:
                first = seen[same]["_src"]
                self.problem(
                    rec["_src"],
                    (key,),
                    label,
                    f"{label}“{value}”与{spec.label}中的另一条重复",
                    "同一部门内不得重复；如是同一条，请删除其中一条，否则请改正编号",
                    also=[first],
                )
            else:
                seen[same] = rec
        return {r[key]: r for r in seen.values()}

    def claim_region(self) -> None:
        claim(claims_of(self.dept), self.claims, self.problems)

    def ref(self, rec: dict, key: str, label: str, targets: dict | None, where: str) -> None:
        value = rec.get(key)
        if targets is not None and ok(value) and value not in targets:
            self.problem(rec["_src"], (key,), label, f"“{value}”在本部门{where}中不存在", f"请先在{where}中添加该项，或改正编号")

    def refs(self, rec: dict, key: str, label: str, targets: dict | None, where: str) -> None:
        values = rec.get(key)
        if targets is None or not ok(values):
            return
        for i, value in enumerate(values):
            if value not in targets:
                self.problem(rec["_src"], (key, i), label, f"“{value}”在本部门{where}中不存在", f"请先在{where}中添加该项，或改正编号")

    def flowchart(self, chart: dict) -> None:
        steps = chart.get("steps")
        if not ok(steps):
            return
        ids: dict[str, int] = {}
        same: set[str] = set()  # as identifiers.normal makes them: Ｓ1 and S1 are one step to a reader
        for i, step in enumerate(steps):
            sid = step.get("id")
            if not ok(sid):
                continue
            if identifiers.normal(sid) in same:
                self.problem(chart["_src"], ("steps", i, "id"), "环节编号", f"环节编号“{sid}”重复", "同一流程图内环节编号不得重复")
            same.add(identifiers.normal(sid))
            ids.setdefault(sid, i)
        for i, step in enumerate(steps):
            nxt = step.get("next")
            if not ok(nxt):
                continue
            for j, target in enumerate(nxt):
                if target not in ids:
                    self.problem(chart["_src"], ("steps", i, "next", j), "后续环节", f"环节“{target}”不存在", "请填写本流程图中已有的环节编号")
        if len(steps) < 2:
            self.problem(chart["_src"], ("steps",), "环节", "流程图至少应有两个环节", "请补全从受理到办结的各个环节")

    # -- decisions

    def decision(
        self, rec: dict, powers: dict | None, officers: dict | None, standards: dict | None, items: dict | None
    ) -> None:
        src = rec["_src"]
        kind = rec.get("kind")
        code = rec.get("power_code")
        self.publicity_period(rec, powers)
        if ok(code) and powers is not None:
            power = powers.get(code)
            if power is None:
                self.problem(src, ("power_code",), "事项编码", f"“{code}”不在本部门的权力清单中", "请核对事项编码，或先在 powers.yaml 中添加该事项")
            elif ok(kind) and ok(power.get("type")) and power["type"] not in KIND_POWER_TYPES[kind]:
                self.problem(
                    src,
                    ("power_code",),
                    "事项编码",
                    f"事项“{code}”的权力类型是{power['type']}，而决定的执法类别是{kind}",
                    "请核对事项编码或执法类别",
                )
        if ok(rec.get("officers")) and officers is not None:
            for i, cert in enumerate(rec["officers"]):
                if cert not in officers:
                    self.problem(src, ("officers", i), "执法人员", f"执法证号“{cert}”不在本部门的执法人员清单中", "请核对证号，或先在 personnel.yaml 中添加该人员")
        self.ref(rec, "discretion", "裁量基准", standards, "裁量基准（discretion_standards.yaml）")
        self.ref(rec, "inspection_item", "抽查事项编号", items, "随机抽查事项清单（inspection_items.yaml）")
        self.party(rec)
        self.free_text(rec)
        self.dates(rec)
        if kind == "行政处罚" or (not ok(kind) and not _PENALTY_ONLY.isdisjoint(rec)):
            self.penalty(rec)  # with the kind wrong, a penalty's own fields still say what it is
        if rec.get("major") is True and rec.get("legal_review") is not True:
            # a warning: the decision exists and must still be disclosed; `gongshi check` reports it to the supervisor
            self.problem(src, ("legal_review",), "经法制审核", "重大执法决定未标明经过法制审核", "重大执法决定须经法制审核后作出；经过审核的请填写 legal_review: true", severity=WARNING)

    def party(self, rec: dict) -> None:
        party = rec.get("party")
        if not ok(party):
            return
        src = rec["_src"]
        kind = party.get("kind")

        def need(key: str, why: str) -> None:
            if key not in party:
                f = PARTY.sub(key)
                self.problem(src, ("party", key), f.label, f"缺少必填字段（{why}）", f"请填写 party.{key}：{f.doc}")

        def forbid(key: str, why: str) -> None:
            if key in party:
                f = PARTY.sub(key)
                self.problem(src, ("party", key), f.label, f"不应填写（{why}）", f"请删除 party.{key}")

        if kind == ORGANISATION:
            need("uscc", "当事人为法人及非法人组织")
            need("legal_rep", "当事人为法人及非法人组织")
            forbid("id_number", "当事人为单位，证件号码只用于自然人")
            forbid("minor", "当事人为单位")
        elif kind == SOLE_TRADER:
            need("uscc", "当事人为个体工商户")
            need("operator", "当事人为个体工商户")
            forbid("minor", "当事人为个体工商户")
        elif kind == NATURAL_PERSON:
            need("id_type", "当事人为自然人")
            need("id_number", "当事人为自然人")
            forbid("uscc", "自然人没有统一社会信用代码")
            forbid("legal_rep", "自然人没有法定代表人")
        if kind == NATURAL_PERSON or not ok(kind):  # a wrong kind must not hide a wrong number
            self.resident_id(rec, party)

    def resident_id(self, rec: dict, party: dict) -> None:
        src = rec["_src"]
        number = party.get("id_number")
        if party.get("id_type") == "居民身份证" and ok(number):
            try:
                identifiers.check_ric(number)
            except identifiers.IdentifierError as e:
                self.problem(src, ("party", "id_number"), "证件号码", str(e), "请核对身份证上的号码")
            else:
                if not identifiers.region_ever_listed(number[:6]):
                    self.problem(
                        src,
                        ("party", "id_number"),
                        "证件号码",
                        "居民身份证号码的前 6 位不是 GB/T 2260 曾经使用过的行政区划代码",
                        "请核对身份证上的号码；确实如此的（如港澳台居民居住证）可以保留",
                        severity=WARNING,
                    )
                decided = rec.get("decision_date")
                if ok(decided) and party.get("minor") is not True and identifiers.under_18(number, decided):
                    self.problem(
                        src,
                        ("party", "minor"),
                        "未成年人",
                        "证件号码显示当事人在决定日未满十八周岁，但没有标明未成年人",
                        "请填写 party.minor: true（该决定将不予公开），或核对证件号码",
                    )

    def free_text(self, rec: dict) -> None:
        """Warn about personal data in free text: publicity masks what it recognises, but the source should not hold it."""
        party = rec.get("party")
        person = not ok(party) or party.get("kind") != ORGANISATION
        texts = [((key,), rec[key]) for key in _FREE_TEXT if type(rec.get(key)) is str]
        w = rec.get("withdrawal")
        if ok(w):
            texts += [(("withdrawal", key), w[key]) for key in _WITHDRAWAL_FREE_TEXT if type(w.get(key)) is str]
        # one look at all of them first (a paragraph break between, which no pattern spans): most find nothing
        if not personal.findings("\n\n".join(text for _, text in texts), person):
            return
        for keys, text in texts:
            kinds = dict.fromkeys(f.kind for f in personal.findings(text, person))
            if kinds:
                label = (WITHDRAWAL.sub(keys[1]) if len(keys) == 2 else DECISIONS.field(keys[0])).label
                self.problem(
                    rec["_src"],
                    keys,
                    label,
                    f"文字中有疑似{'、'.join(kinds)}，公开时会自动隐去",
                    "请从原文中删除当事人和其他自然人的个人信息，不要只依赖自动隐去",
                    severity=WARNING,
                )

    def dates(self, rec: dict) -> None:
        src = rec["_src"]
        decided = rec.get("decision_date")
        if not ok(decided):
            return
        reported: set[str] = set()
        for key, label, other_key, other_label, rule in DATE_ORDER:
            value = rec.get(key)
            if value is None or value is INVALID:
                continue  # most decisions have few of these dates
            other = decided if other_key is None else rec.get(other_key)
            if key not in reported and ok(other) and value < other:
                reported.add(key)
                self.problem(src, (key,), label, f"{label} {value} 早于{other_label} {other}", f"{label}{rule}，请核对")
        w = rec.get("withdrawal")
        if ok(w) and ok(w.get("date")) and w["date"] < decided:
            self.problem(src, ("withdrawal", "date"), "生效日期", f"撤回日期 {w['date']} 早于决定日期 {decided}", "撤回只能发生在决定之后，请核对撤销文书的生效日期")
        if ok(rec.get("decision_date")) and decided > self.as_of:
            self.problem(src, ("decision_date",), "决定日期", f"决定日期 {decided} 晚于今天（{self.as_of}）", "请核对日期；尚未作出的决定不能公示")
        published = rec.get("published")
        if ok(published) and published > self.as_of:
            self.problem(src, ("published",), "公示日期", f"公示日期 {published} 晚于今天（{self.as_of}）", "公示日期是首次公示的日期，不能是将来；尚未公示的请不填，以本平台首次发布之日为准")

    def penalty(self, rec: dict) -> None:
        src = rec["_src"]
        cats = rec.get("categories")
        if not ok(cats):
            return
        if "罚款" in cats and "fine" not in rec:
            self.problem(src, ("fine",), "罚款金额（元）", "处罚类别含“罚款”，但没有填写罚款金额", "请填写 fine：以元为单位的罚款金额")
        if "罚款" not in cats and ok(rec.get("fine")):
            self.problem(src, ("fine",), "罚款金额（元）", "填写了罚款金额，但处罚类别不含“罚款”", "请在 categories 中加上“罚款”，或删除 fine")
        if "没收违法所得" in cats and "confiscation" not in rec:
            self.problem(src, ("confiscation",), "没收金额（元）", "处罚类别含“没收违法所得”，但没有填写没收金额", "请填写 confiscation：以元为单位的没收金额")
        if {"暂扣许可证件", "吊销许可证件"} & set(cats) and "licence_affected" not in rec:
            self.problem(src, ("licence_affected",), "暂扣或吊销证照名称及编号", "处罚类别含暂扣或吊销许可证件，但没有填写证照名称及编号", "请填写 licence_affected，如 食品经营许可证 JY15105020012345")
        self.amounts(rec)

    def amounts(self, rec: dict) -> None:
        """Warn when the conclusion or content names a fine or confiscation other than the amount field."""
        for key, words, label in AMOUNT_WORDS:
            amount = rec.get(key)
            if not ok(amount):
                continue
            for text_key in ("conclusion", "content"):
                text = rec.get(text_key)
                if type(text) is not str or not any(w in text for w in ("罚款", "没收")):
                    continue
                text = unicodedata.normalize("NFKC", text)
                written = [y for m in words.finditer(text) if (y := _yuan(m)) is not None]
                if written and amount not in written:
                    shown = f"{written[0]:,.2f}".rstrip("0").rstrip(".")
                    self.problem(
                        rec["_src"],
                        (text_key,),
                        DECISIONS.field(text_key).label,
                        f"文字中的{label} {shown} 元与 {key}（{amount:,.2f} 元）不一致",
                        f"请核对金额：{key} 以元为单位，文字与它应当一致",
                        severity=WARNING,
                    )

    # -- warnings

    def personnel_warnings(self) -> None:
        staff = [p for p in self.dept.items("personnel") if p.get("status") == "在岗"]
        soon = self.as_of + timedelta(days=CERT_WARNING_DAYS)
        for p in self.dept.items("personnel"):
            issued, until = p.get("issued"), p.get("valid_until")
            if ok(issued) and ok(until) and issued > until:
                self.problem(p["_src"], ("issued",), "发证日期", f"发证日期 {issued} 晚于有效期至 {until}", "请核对证件的发证日期和有效期")
        for p in staff:
            given = p.get("history") if isinstance(p.get("history"), list) else []  # INVALID: reported already
            history = [e for e in given if isinstance(e, dict) and ok(e.get("date")) and ok(e.get("event"))]
            last = certificates.last_event({"history": history}, self.as_of)
            if last is not None and last["event"] in certificates.ENDS:
                self.problem(p["_src"], ("status",), "状态", f"证件记录显示执法证已于 {last['date']} {last['event']}，但状态仍为在岗", "请把状态改为暂扣或注销；证件已恢复的，请在证件记录中补充“恢复”", severity=WARNING)
            until = p.get("valid_until")
            if not ok(until):
                continue
            if until < self.as_of:
                self.problem(p["_src"], ("valid_until",), "有效期至", f"执法证已于 {until} 过期，但状态仍为在岗", "请换发证件后更新有效期，或将状态改为离岗", severity=WARNING)
            elif until <= soon:
                self.problem(p["_src"], ("valid_until",), "有效期至", f"执法证将于 {until} 到期（{CERT_WARNING_DAYS} 日内）", "请及时办理换证", severity=WARNING)
        short = legal_review_shortfall(staff)
        if short:
            hint = "法制审核人员原则上不少于执法人员总数的 5%，请充实法制审核力量"
            self.problem((self.dept.lists["personnel"].file, ()), (), "法制审核人员", short, hint, severity=WARNING)
