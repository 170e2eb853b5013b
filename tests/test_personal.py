"""Personal data in free text, in any written form: masked in the publication, warned about by validate."""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from gongshi import personal, publicity
from gongshi.build import BuildConfig, build
from gongshi.load import load
from tests.minimal_region import GOOD_RIC, Region

DECISIONS = "shijianju/decisions/2024.yaml"
AS_OF = date(2024, 6, 30)

MOBILE = "13812345678"
CARD = "6222021234567890123"
FULL = str.maketrans("0123456789Xx-", "０１２３４５６７８９Ｘｘ－")

# (what, how it is written in the text, the digits or text that must not survive)
VARIANTS = [
    *(("mobile", v, MOBILE) for v in (
        "13812345678", "138 1234 5678", "138-1234-5678", "138.1234.5678", "138 - 1234 - 5678",
        "+86 138 1234 5678", "+8613812345678", "86-13812345678", "0086 138 1234 5678", "(+86)13812345678",
        "１３８１２３４５６７８", "１３８－１２３４－５６７８", "138\u200b1234\u200b5678", "138\u00a01234\u00a05678",
        "1\u200c3\u200d8\ufeff1234\u00ad5678", "138\u20091234\u20095678",
        "138–1234–5678", "138—1234—5678", "138 — 1234 — 5678", "138−1234−5678", "138\u20111234\u20115678",
        "138‐1234‐5678", "138·1234·5678", "138・1234・5678", "138•1234•5678", "138\t1234\t5678",
        "138    1234    5678", "1 3 8 1 2 3 4 5 6 7 8", "＋８６　１３８　１２３４　５６７８", "+86 (0) 138 1234 5678",
        "𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "١٣٨١٢٣٤٥٦٧٨", "①③⑧①②③④⑤⑥⑦⑧", "一三八一二三四五六七八", "一三八 一二三四 五六七八",
        "幺三八".replace("幺", "一") + "1234〇〇〇〇".replace("〇〇〇〇", "5678"),
        "138\u034f1234\u034f5678", "138\ufe0f1234\ufe0f5678", "138\u31641234\u31645678",
        "138\U000e00201234\U000e01005678", "1\u200b\u200b\u200b\u200b\u200b\u200b38 1234 5678",
    )),
    *(("id", v, GOOD_RIC[:17]) for v in (
        GOOD_RIC, GOOD_RIC.lower(), "110105 19491231 002X", "110105-1949-1231-002X", "110105.19491231.002x",
        GOOD_RIC.translate(FULL), "110105\u200b19491231\u200b002X", "1101 0519 4912 3100 2X",
        "110105 194912 31002X", "510502199003071231",  # plain 18 digits: masked whatever the check digit
        "110105–19491231–002X", "110105—1949—1231—002X", " ".join(GOOD_RIC), "110 105 194 912 310 02X",
        "".join(chr(0x1D7CE + int(c)) if c.isdigit() else c for c in GOOD_RIC), "110105\u034f19491231\ufe00002X",
        "110105·19491231·002Ｘ",
    )),
    *(("card", v, "622202123456") for v in (
        CARD, "6222 0212 3456 7890 123", "6222-0212-3456-7890-123", "6222 0212 3456 7890", CARD.translate(FULL),
        "6222\u200b0212\u200b3456\u200b7890", "6222–0212–3456–7890", "6222　0212　3456　7890",
    )),
    *(("email", v, v.split("@")[0].translate({0xFF41 + i: 0x61 + i for i in range(26)})) for v in (
        "zhangsan@example.com", "li.si+1@qq.com", "wang_wu@mail.lz.gov.cn", "ｚｈａｎｇｓａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ",
        "zhangsan@qq。com", "zhangsan [at] qq.com", "zhangsan（at）qq.com", "zhang\u200bsan@qq.com",
    )),
    *(("landline", v, "2345678") for v in (
        "联系电话：0830-2345678", "电话 (0830) 234 5678", "座机08302345678", "电话：2345678", "固话0830–2345678",
        "联系方式：张三 0830-2345678", "家庭电话 0830 234 5678", "电 话：０８３０－２３４５６７８",
    )),
    *(("messenger", v, "zhangsan1990") for v in ("微信号 zhangsan1990", "QQ：zhangsan1990", "微信：zhangsan1990")),
    *(("messenger", v, "123456789") for v in ("QQ 123456789", "QQ号：123456789")),
    *(("address", v, "大山坪路") for v in (
        "家住泸州市江阳区大山坪路 1 号", "住址：泸州市江阳区大山坪路 1 号", "现住泸州市江阳区大山坪路1号3单元",
        "户籍地为泸州市江阳区大山坪路 1 号", "家庭住址：泸州市江阳区大山坪路 1 号",
        "男，汉族，住泸州市江阳区大山坪路 1 号", "住：泸州市江阳区大山坪路1号", "住在江阳区大山坪路1号",
        "居住在泸州市江阳区大山坪路 1 号", "住　址：泸州市江阳区大山坪路 1 号", "户口所在地泸州市江阳区大山坪路 1 号",
        "常住地址：泸州市江阳区大山坪路 1 号", "家\u200b住泸州市江阳区大山坪路 1 号",
    )),
]


def digits(text: str) -> str:
    return "".join(c for c in personal.fold(text) if c.isdigit() or c in "Xx").upper()


@pytest.mark.parametrize(("what", "written", "secret"), VARIANTS, ids=[f"{w}:{v!r}" for w, v, _ in VARIANTS])
def test_scrub_masks_personal_data_in_any_written_form(what: str, written: str, secret: str) -> None:
    text = f"当事人（{written}）于2024年3月5日销售过期食品，罚款人民币 2,000.00 元。"
    out, changed = personal.scrub(text, {})
    assert changed and personal.REDACTED in out
    if what in ("address", "messenger"):
        assert secret not in out
    elif what == "email":
        assert "@" not in personal.fold(out) and secret not in personal.fold(out)
    else:
        assert secret.upper() not in digits(out).replace("2024", "", 1).replace("35", "", 1), out
    assert "2024年3月5日" in out and "罚款人民币 2,000.00 元" in out, "the rest is kept"
    assert personal.findings(text), "validate sees it too"


KEPT = [
    "依据《中华人民共和国食品安全法》第一百二十四条第一款",
    "统一社会信用代码 91510502MA6200000D",
    "食品经营许可证 JY15105020012345",
    "泸市监罚〔2024〕39号",
    "2024-03-05 至 2024-06-01",
    "罚款人民币 2,000.00 元，没收违法所得 1,234.56 元",
    "本机关办公电话见执法主体信息",
    "住所：泸州市江阳区酒城大道一段 1 号",  # an organisation's registered seat is public
    "送达地址：泸州市江阳区酒城大道一段 1 号",  # and so are its addresses
    "当事人提供住宿服务，未按规定登记住宿旅客信息",
    "经查，住建局作出泸住建罚〔2024〕3号决定，住宅小区内的商铺",
    "依据 GB 2760—2014、GB/T 5023.3—2008，2024-03-05—2025-03-04",
    "工作日 9:00—12:00、13:30—17:30",
    "第一、二、三项；一二三四五六",
    "⑴ 责令改正；⑵ 罚款 ①②③",
    "JY15105020012345 — 2026-02-11",
]


@pytest.mark.parametrize("text", KEPT)
def test_scrub_keeps_what_is_public(text: str) -> None:
    assert personal.scrub(text, {}, person=False) == (text, False)
    assert personal.findings(text, person=False) == []


def test_a_natural_persons_seat_is_a_home() -> None:
    out, _ = personal.scrub("住所：泸州市江阳区大山坪路 1 号", {}, person=True)
    assert "大山坪路" not in out


@pytest.mark.parametrize(
    "written",
    [
        "刘德华", "刘 德华", "刘\u200b德华", "刘\u200c德\u200d华", "刘\ufeff德华", "刘\u00ad德华", "刘　德华", "刘\u00a0德华",
        "刘\t德华", "刘·德华", "刘-德华", "刘\u034f德华", "刘德\ufe0f华", "刘\u3164德华", "刘\U000e0020德华", "刘 \u200b 德华",
    ],
)
def test_names_are_masked_with_anything_invisible_inside(written: str) -> None:
    party, names = publicity.public_party({"name": "刘\u200b德\ufe0f华", "kind": "自然人"}, ["王\u200b小明", " 李四 "])
    assert party["name"] == "刘某某"
    assert names == {"刘德华": "刘某某", "王小明": "王某某", "李四": "李某"}
    out, _ = personal.scrub(f"{written}的邻居王 小明和李四作证。", names)
    assert out == "刘某某的邻居王某某和李某作证。"


@pytest.fixture
def region(tmp_path: Path) -> Region:
    return Region(tmp_path)


def test_publication_masks_every_free_text_field_and_witnesses(region: Region) -> None:
    region.edit(DECISIONS, "      name: 刘某某\n", "      name: 刘德华\n")
    region.edit(
        DECISIONS,
        "    facts: 涉嫌销售过期食品。\n",
        "    facts: 刘 德华（手机 138-1234-5678，家住泸州市江阳区大山坪路 1 号）涉嫌销售过期食品，证人王小明在场。\n"
        "    persons:\n      - 王小明\n"
        "    remarks: 联系邮箱 liudehua@example.com\n",
    )
    region.edit(DECISIONS, "      - 王小明\n", "      - 王小明\n      - 张丽丽\n")
    region.edit(DECISIONS, "    conclusion: 扣押过期食品 20 箱\n", "    conclusion: 扣押过期食品 20 箱，通知其妻张丽丽（１３９ ００００ １１１１）\n")
    pub = publicity.decide(load(region.root, AS_OF), AS_OF)
    [d] = [d for d in pub.decisions() if d["kind"] == "行政强制"]
    assert d["facts"] == "刘某某（手机 （已隐去），家住（已隐去））涉嫌销售过期食品，证人王某某在场。"
    assert d["conclusion"] == "扣押过期食品 20 箱，通知其妻张某某（（已隐去））"
    assert d["remarks"] == "联系邮箱 （已隐去）"
    assert "persons" not in d
    flat = repr(pub)
    for secret in ("刘德华", "王小明", "张丽丽", "5678", "大山坪路", "liudehua", "１３９"):
        assert secret not in flat, secret


def test_withdrawal_reason_and_document_are_scrubbed(region: Region) -> None:
    region.edit(DECISIONS, "      name: 刘某某\n", "      name: 刘德华\n")
    region.edit(
        DECISIONS,
        "    period_until: 2024-06-08\n",
        "    period_until: 2024-06-08\n"
        "    withdrawal:\n"
        "      date: 2024-06-10\n"
        "      kind: 撤销\n"
        "      reason: 刘德华（电话 138 1234 5678）申请复议，复议机关撤销\n"
        "      document: 刘德华诉泸州市市场监督管理局案 泸市府复决〔2024〕3号\n",
    )
    pub = publicity.decide(load(region.root, AS_OF), AS_OF)
    [w] = pub.withdrawals()
    assert w["reason"] == "刘某某（电话 （已隐去））申请复议，复议机关撤销"
    assert w["document"] == "刘某某诉泸州市市场监督管理局案 泸市府复决〔2024〕3号"


def test_validate_warns_where_free_text_holds_personal_data(region: Region) -> None:
    region.edit(
        DECISIONS,
        "    facts: 销售过期食品。\n",
        "    facts: 销售过期食品，联系人手机 138 1234 5678，邮箱 a@b.cn。\n",
    )
    region.edit(DECISIONS, "    conclusion: 扣押过期食品 20 箱\n", "    conclusion: 扣押过期食品 20 箱，当事人家住江阳区某路\n")
    region.edit(DECISIONS, "    content: 罚款人民币 2000 元。\n", f"    content: 罚款人民币 2000 元（身份证 {GOOD_RIC[:6]} {GOOD_RIC[6:14]} {GOOD_RIC[14:]}）。\n")
    warnings = [w for w in region.warnings() if "个人信息" in w]
    assert warnings == [
        "datasets/shijianju/decisions/2024.yaml:16: [警告] 违法事实 [facts] — 文字中有疑似手机号码、电子邮箱，公开时会自动隐去；请从原文中删除当事人和其他自然人的个人信息，不要只依赖自动隐去",
        "datasets/shijianju/decisions/2024.yaml:20: [警告] 处罚内容 [content] — 文字中有疑似身份证号码，公开时会自动隐去；请从原文中删除当事人和其他自然人的个人信息，不要只依赖自动隐去",
        "datasets/shijianju/decisions/2024.yaml:48: [警告] 执法结论 [conclusion] — 文字中有疑似住址，公开时会自动隐去；请从原文中删除当事人和其他自然人的个人信息，不要只依赖自动隐去",
    ]
    assert not region.errors()
    assert all(GOOD_RIC[6:14] not in w and "1234" not in w for w in warnings), "the warning never repeats the value"


# ---------------------------------------------------------------- the free-text flag is the only list

NEW_FIELD = textwrap.dedent(
    """\
    import sys
    from gongshi import standard
    extra = standard.F("notes_extra", "补充说明", "text", "处罚的补充说明。")  # a new free-text field, nothing else touched
    standard.DECISIONS.kinds["行政处罚"] = (*standard.DECISIONS.kinds["行政处罚"], extra)
    from datetime import date
    from pathlib import Path
    from gongshi.build import BuildConfig, build
    build(BuildConfig(Path(sys.argv[1]), Path(sys.argv[2]), date(2024, 6, 30), base_url="https://example.org/", jobs=1))
    from gongshi.load import validate
    print("\\n".join(p.format(Path(sys.argv[1]).parent) for p in validate(Path(sys.argv[1]), date(2024, 6, 30)).warnings))
    """
)


def test_a_new_free_text_field_is_scrubbed_and_searched(region: Region, tmp_path: Path) -> None:
    region.edit(DECISIONS, "    discretion: D-001\n", "    discretion: D-001\n    notes_extra: 经办人手机 13812345678，复查合格\n")
    out = tmp_path / "publish"
    done = subprocess.run([sys.executable, "-c", NEW_FIELD, str(region.root), str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stdout.splitlines() if "补充说明" in line] == [
        "datasets/shijianju/decisions/2024.yaml:23: [警告] 补充说明 [notes_extra] — 文字中有疑似手机号码，公开时会自动隐去；"
        "请从原文中删除当事人和其他自然人的个人信息，不要只依赖自动隐去"
    ], "validate warns about it too"
    db = sqlite3.connect(out / "data" / "gongshi.db")
    [(notes,)] = db.execute("select notes_extra from decisions where doc_no = '泸市监罚〔2024〕39号'").fetchall()
    assert notes == "经办人手机 （已隐去），复查合格"
    page = next(out.rglob("泸市监罚-2024-39/index.html")).read_text(encoding="utf-8")
    assert "复查合格" in page and "13812345678" not in page
    searched = subprocess.run(
        [sys.executable, "-c", NEW_FIELD.split("from datetime")[0] + textwrap.dedent(
            """\
            import json, sqlite3
            from gongshi.opendata import search
            db = sqlite3.connect(sys.argv[2] + "/data/gongshi.db")
            sql = f"select doc_no from decisions where instr({search.haystack_sql()}, ?) > 0"
            print(json.dumps([search.COLUMNS, db.execute(sql, ("复查合格",)).fetchall()], ensure_ascii=False))
            """
        ), str(region.root), str(out)],
        capture_output=True, text=True,
    )
    assert searched.returncode == 0, searched.stderr
    columns, found = json.loads(searched.stdout)
    assert "notes_extra" in columns and found == [["泸市监罚〔2024〕39号"]]


def test_every_free_text_field_is_flagged_once() -> None:
    from gongshi.standard import DECISIONS as SPEC

    flagged = {f.key for f in SPEC.all_fields() if f.free_text}
    assert {"facts", "conclusion", "content", "remarks", "basis", "findings", "title", "violation_type", "subject",
            "licence_affected"} <= flagged
    assert not {"doc_no", "power_code", "kind", "categories"} & flagged
    source = (Path(__file__).resolve().parent.parent / "gongshi").rglob("*.py")
    listed = [p for p in source if re.search(r'\(\s*"conclusion",\s*"facts"', p.read_text(encoding="utf-8"))]
    assert not listed, f"a hand-kept list of free-text fields: {listed}"


def test_a_build_publishes_none_of_the_variants(region: Region, tmp_path: Path) -> None:
    region.edit(DECISIONS, "      name: 刘某某\n", "      name: 刘\u200b德华\n")
    lines = "；".join(v for _, v, _ in VARIANTS if "\n" not in v)
    region.edit(DECISIONS, "    facts: 涉嫌销售过期食品。\n", f"    facts: \"刘德华 {lines}\"\n")
    # and in the licence, remark and withdrawal fields of other decisions (a one-line field takes a few at a time)
    quoted = json.dumps(lines, ensure_ascii=False)
    short = [json.dumps("；".join(v for _, v, _ in VARIANTS[i : i + 12]), ensure_ascii=False) for i in range(0, len(VARIANTS), 12)]
    region.edit(DECISIONS, "    licence_name: 食品经营许可证\n", f"    licence_name: {short[0]}\n    remarks: {quoted}\n")
    region.edit(
        DECISIONS,
        "    inspection_item: CC-001\n",
        f"    inspection_item: CC-001\n    withdrawal:\n      date: 2024-06-10\n      kind: 撤销\n"
        f"      reason: {quoted}\n      document: {short[1]}\n",
    )
    region.edit(DECISIONS, "    subject: 食品经营日常检查\n", f"    subject: {short[2]}\n")
    out = tmp_path / "publish"
    build(BuildConfig(region.root, out, AS_OF, base_url="https://example.org/", jobs=1))
    shown = {p: shown_text(p) for p in out.rglob("*") if p.is_file() and p.suffix != ".db" and not p.name.startswith("wasm.")}
    assert any("准予许可" in t for t in shown.values()) and any("撤销" in t for t in shown.values()), "published"
    assert any("刘某某" in t for p, t in shown.items() if p.suffix == ".pf_fragment"), "the search index is read"
    secrets = (MOBILE, GOOD_RIC[:17], "622202123456", "2345678", "大山坪路", "刘德华", "zhangsan", "wang_wu", "一三八", "1990")
    for path, text in shown.items():
        folded = personal.fold(text)
        for secret in secrets:
            assert secret not in folded and secret not in digits(folded), (path.relative_to(out), secret)


def shown_text(path: Path) -> str:
    """What a file shows, file by file: the search index's files unpacked, and without hex digests (the build
    record's hashes), whose digits are random. Digits are joined within one file only: joined across the whole
    output, a four-digit secret such as a birth year turns up among hashes and dates by chance."""
    data = path.read_bytes()
    text = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8", "replace")
    return re.sub(r"[0-9a-f]{32,}", " ", text)


# ---------------------------------------------------------------- validate warns, field by field, in any written form

WARNED = [
    ("手机号码", "138—1234—5678"), ("手机号码", "＋８６　１３８　１２３４　５６７８"), ("手机号码", "138\u200b1234\u200b5678"),
    ("手机号码", "一三八一二三四五六七八"), ("手机号码", "𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖"), ("手机号码", "(+86) 138·1234·5678"),
    ("身份证号码", "110105–19491231–002X"), ("身份证号码", GOOD_RIC.translate(FULL)), ("身份证号码", " ".join(GOOD_RIC)),
    ("电子邮箱", "zhangsan@qq。com"), ("电子邮箱", "ｚｈａｎｇｓａｎ＠ｑｑ．ｃｏｍ"), ("电子邮箱", "zhangsan [at] qq.com"),
    ("住址", "家住泸州市江阳区大山坪路1号"), ("住址", "男，汉族，住泸州市江阳区大山坪路1号"), ("住址", "住　址：江阳区大山坪路1号"),
]
# (label [key], line of the value, what replaces what in the minimal region)
FIELDS = [
    ("违法事实 [facts]", 16, "    facts: 销售过期食品。\n", "    facts: {}\n"),
    ("备注 [remarks]", 23, "    discretion: D-001\n", "    discretion: D-001\n    remarks: {}\n"),
    ("许可证书名称 [licence_name]", 34, "    licence_name: 食品经营许可证\n", "    licence_name: {}\n"),
    ("撤回原因 [withdrawal.reason]", 58, "    period_until: 2024-06-08\n",
     "    period_until: 2024-06-08\n    withdrawal:\n      date: 2024-06-10\n      kind: 撤销\n      reason: {}\n"
     "      document: 泸市府复决〔2024〕3号\n"),
]


@pytest.mark.parametrize(("label", "line", "old", "new"), FIELDS, ids=[f[0] for f in FIELDS])
@pytest.mark.parametrize(("kind", "written"), WARNED, ids=[repr(w) for _, w in WARNED])
def test_validate_warns_at_the_line_of_any_free_text_field(region: Region, label, line, old, new, kind, written) -> None:
    region.edit(DECISIONS, old, new.format(json.dumps(f"说明：{written}。", ensure_ascii=False)))
    assert [w for w in region.warnings() if "个人信息" in w] == [
        f"datasets/shijianju/decisions/2024.yaml:{line}: [警告] {label} — 文字中有疑似{kind}，公开时会自动隐去；"
        "请从原文中删除当事人和其他自然人的个人信息，不要只依赖自动隐去"
    ]
    assert not region.errors()
