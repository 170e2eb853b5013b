"""Values that cannot be published safely: validate reports each with its file and line, and a build of
the same datasets refuses before writing anything (what a build would refuse, validate says first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongshi.build import BuildConfig, build
from gongshi.load import DatasetInvalid
from tests.minimal_region import AS_OF, Region

D = "shijianju/decisions/2024.yaml"
P = "shijianju/personnel.yaml"
G = "shijianju/service_guides.yaml"
PW = "shijianju/powers.yaml"
DEPT = "shijianju/department.yaml"

# (id, file, text to replace, replacement, the file:line and the words the error must have)
HOSTILE = [
    ("NUL", D, "    facts: 销售过期食品。\n", '    facts: "销售\\0过期食品。"\n', D, 16, "U+0000"),
    ("bell", D, "    conclusion: 罚款人民币 2000 元\n", '    conclusion: "罚款\\a人民币"\n', D, 11, "U+0007"),
    ("escape", D, "    violation_type: 食品安全\n", '    violation_type: "食品\\e安全"\n', D, 15, "U+001B"),
    ("carriage return", D, "    facts: 销售过期食品。\n", '    facts: "销售\\r过期食品。"\n', D, 16, "U+000D"),
    ("DEL", D, "    facts: 销售过期食品。\n", "    facts: 销售\x7f过期食品。\n", D, 16, "U+007F"),
    ("right-to-left override", D, "    facts: 销售过期食品。\n", "    facts: 销售\u202e过期食品。\n", D, 16, "U+202E"),
    ("left-to-right embedding", D, "    facts: 销售过期食品。\n", "    facts: 销售\u202a过期食品。\n", D, 16, "U+202A"),
    ("first strong isolate", D, "    basis: 《中华人民共和国食品安全法》第一百二十四条\n", "    basis: 《中华人民共和国食品安全法》\u2068第一百二十四条\n", D, 17, "U+2068"),
    ("noncharacter FFFE", D, "    facts: 销售过期食品。\n", '    facts: "销售\\uFFFE过期食品。"\n', D, 16, "U+FFFE"),
    ("noncharacter FFFF in a list", DEPT, "  - 负责市场综合监督管理\n", '  - "负责市场\\uFFFF综合监督管理"\n', DEPT, 7, "U+FFFF"),
    ("override in a name", P, "  - name: 张三\n", "  - name: 张\u202e三\n", P, 3, "U+202E"),
    ("control in region.yaml", "region.yaml", "publisher: 泸州市司法局\n", 'publisher: "泸州市\\x01司法局"\n', "region.yaml", 4, "U+0001"),
    ("int too large", G, "    statutory_days: 20\n", "    statutory_days: 99999999999999999999999999\n", G, None, "超过上限 36500"),
    ("int beyond 64 bits", G, "    promised_days: 10\n", "    promised_days: 18446744073709551616\n", G, None, "超过上限 36500"),
    ("one-line text too long", D, "    violation_type: 食品安全\n", f"    violation_type: {'食' * 501}\n", D, 15, "超过上限 500 个字"),
    ("free text too long", D, "    facts: 销售过期食品。\n", f"    facts: {'违' * 20_001}\n", D, 16, "超过上限 20000 个字"),
    ("code with a slash", PW, "  - code: CF-001\n", "  - code: CF/001\n", PW, 3, "含有空格、/"),
    ("code with a percent sign", PW, "  - code: CF-001\n", "  - code: CF%2F001\n", PW, 3, "含有空格、/"),
    ("code longer than a file name", PW, "  - code: CF-001\n", f"  - code: {'𠀀' * 60}\n", PW, 3, "不能作为网页文件名"),
    ("code with a zero-width space", P, '    cert_no: "51050001"\n', '    cert_no: "5105\u200b0001"\n', P, 5, "U+200B"),
    ("文号 with a slash", D, "  - doc_no: 泸市监罚〔2024〕39号\n", "  - doc_no: 泸市/监罚〔2024〕39号\n", D, 2, "文号中有“/”"),
    ("文号 with a hash", D, "  - doc_no: 泸市监罚〔2024〕39号\n", "  - doc_no: 泸市#监罚〔2024〕39号\n", D, 2, "文号中有“#”"),
    ("文号 with a question mark", D, "  - doc_no: 泸市监罚〔2024〕39号\n", "  - doc_no: 泸市?监罚〔2024〕39号\n", D, 2, "文号中有“?”"),
    ("文号 with a zero-width joiner", D, "  - doc_no: 泸市监罚〔2024〕39号\n", "  - doc_no: 泸市监\u200d罚〔2024〕39号\n", D, 2, "U+200D"),
    ("文号 longer than a file name", D, "  - doc_no: 泸市监罚〔2024〕39号\n", f"  - doc_no: {'泸' * 80}〔2024〕39号\n", D, 2, "不能作为网页文件名"),
    ("C1 control NEL", D, "    facts: 销售过期食品。\n", '    facts: "销售\\N过期食品。"\n', D, 16, "U+0085"),
    ("C1 control CSI", D, "    facts: 销售过期食品。\n", '    facts: "销售\\x9b31m过期食品。"\n', D, 16, "U+009B"),
    ("noncharacter FDD0", D, "    violation_type: 食品安全\n", '    violation_type: "食品\\uFDD0安全"\n', D, 15, "U+FDD0"),
    ("noncharacter of plane 1", P, "  - name: 张三\n", '  - name: "张三\\U0001FFFE"\n', P, 3, "U+1FFFE"),
    ("pop directional isolate in a list", DEPT, "  - 负责市场综合监督管理\n", "  - 负责市场\u2069综合监督管理\n", DEPT, 7, "U+2069"),
    ("code starting with a dot", PW, "  - code: CF-001\n", "  - code: .CF-001\n", PW, 3, "以 . 开头"),
    ("code named like the column's page", PW, "  - code: XK-001\n", "  - code: index.html\n", PW, 16, "以 .html 结尾"),
    ("code named like a page, upper case", PW, "  - code: XK-001\n", "  - code: INDEX.HTM\n", PW, 16, "以 .html 结尾"),
    ("文号 with a full-width slash", D, "  - doc_no: 泸市监罚〔2024〕39号\n", "  - doc_no: ..／..〔2024〕39号\n", D, 2, "文号中有“/”"),
    ("文号 with a full-width hash", D, "  - doc_no: 泸市监罚〔2024〕39号\n", "  - doc_no: 泸市＃监罚〔2024〕39号\n", D, 2, "文号中有“#”"),
    ("文号 with a full-width percent sign", D, "  - doc_no: 泸市监罚〔2024〕39号\n", "  - doc_no: 泸市％2F〔2024〕39号\n", D, 2, "文号中有“%”"),
    ("文号 starting with a dot", D, "  - doc_no: 泸市监罚〔2024〕39号\n", "  - doc_no: .罚〔2024〕39号\n", D, 2, "的机关代字以“.”开头"),
    ("credit code with a zero-width space", DEPT, "uscc: 1151", "uscc: 1151\u200b", DEPT, 2, "统一社会信用代码中有看不见的字符 U+200B"),
    ("文号 number too long", D, "  - doc_no: 泸市监罚〔2024〕39号\n", "  - doc_no: 泸市监罚〔2024〕3999999999999号\n", D, 2, "不能作为网页文件名"),
]


@pytest.mark.parametrize(("name", "rel", "old", "new", "file", "line", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_validate_reports_and_build_refuses(tmp_path: Path, name, rel, old, new, file, line, words) -> None:
    region = Region(tmp_path)
    region.edit(rel, old, new)
    errors = region.errors()
    matching = [e for e in errors if words in e]
    assert matching, f"{name}: not reported\n" + "\n".join(errors)
    where = f"datasets/{file}:" + (f"{line}:" if line else "")
    assert matching[0].startswith(where), matching[0]
    out = tmp_path / "publish"
    with pytest.raises(DatasetInvalid):
        build(BuildConfig(region.root, out, AS_OF, base_url="https://example.org/", jobs=1))
    assert not out.exists() and not any(p.name.startswith(".publish") for p in tmp_path.iterdir())


def test_a_department_folder_name_longer_than_a_slug_may_be(tmp_path: Path) -> None:
    region = Region(tmp_path)
    long = "a" * 65
    (region.root / "shijianju").rename(region.root / long)
    [error] = region.errors()
    assert error.startswith(f"datasets/{long}:1: 目录名 — 部门目录名“{long}”不合规范")


# Identifiers that differ only by what a reader cannot see, or by full-width forms, are the same record.
SAME = [
    ("文号, full-width digits and 【】", D, "  - doc_no: 泸市监许〔2024〕7号\n", "  - doc_no: 泸市监罚【２０２４】３９号\n", "决定文书号“泸市监罚〔2024〕39号”与执法决定中的另一条重复"),
    ("文号, ［］", D, "  - doc_no: 泸市监许〔2024〕7号\n", "  - doc_no: 泸市监罚［2024］39号\n", "与执法决定中的另一条重复"),
    ("执法证号, full-width", P, '    cert_no: "51050002"\n', '    cert_no: "５１０５０００１"\n', "与执法人员清单中的另一条重复"),
    ("事项编码, full-width letters", PW, "  - code: XK-001\n", "  - code: ＣＦ-001\n", "与权力清单中的另一条重复"),
    ("事项编码, full-width hyphen", PW, "  - code: XK-001\n", "  - code: CF－001\n", "与权力清单中的另一条重复"),
    ("文号, ﹝﹞", D, "  - doc_no: 泸市监许〔2024〕7号\n", "  - doc_no: 泸市监罚﹝2024﹞39号\n", "决定文书号“泸市监罚〔2024〕39号”与执法决定中的另一条重复"),
    ("文号, 〖〗", D, "  - doc_no: 泸市监许〔2024〕7号\n", "  - doc_no: 泸市监罚〖2024〗39号\n", "决定文书号“泸市监罚〔2024〕39号”与执法决定中的另一条重复"),
    ("文号, round brackets", D, "  - doc_no: 泸市监许〔2024〕7号\n", "  - doc_no: 泸市监罚（2024）39号\n", "决定文书号“泸市监罚〔2024〕39号”与执法决定中的另一条重复"),
    ("文号, ASCII round brackets", D, "  - doc_no: 泸市监许〔2024〕7号\n", "  - doc_no: 泸市监罚(2024)39号\n", "决定文书号“泸市监罚〔2024〕39号”与执法决定中的另一条重复"),
    ("执法证号, full-width with ideographic space", P, '    cert_no: "51050002"\n', '    cert_no: "51050001\u3000"\n', "与执法人员清单中的另一条重复"),
    ("流程图环节编号, full-width", "shijianju/flowcharts.yaml", "      - id: S2\n", "      - id: Ｓ1\n", "环节编号“Ｓ1”重复"),
]


@pytest.mark.parametrize(("name", "rel", "old", "new", "words"), SAME, ids=[s[0] for s in SAME])
def test_identifiers_compare_after_normalisation(tmp_path: Path, name, rel, old, new, words) -> None:
    region = Region(tmp_path)
    region.edit(rel, old, new)
    errors = region.errors()
    assert any(words in e for e in errors), f"{name}:\n" + "\n".join(errors)
