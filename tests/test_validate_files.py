"""Files and folders that cannot be read as lists: every one is reported with its line, none crashes."""

from __future__ import annotations

from gongshi import yamlfile
from gongshi.load import validate
from tests.minimal_region import AS_OF, Region

D = "shijianju/decisions/2024.yaml"
P = "shijianju/personnel.yaml"
DEPT = "shijianju/department.yaml"

CHECK_SYNTAX = "请检查该行及上一行的缩进、冒号后的空格、引号和括号是否成对"


def test_minimal_region_is_valid(region: Region):
    report = region.report()
    assert region.lines() == []
    assert report.dataset is not None
    assert [d.slug for d in report.dataset.departments] == ["shijianju"]
    assert len(report.dataset.department("shijianju").decisions) == 5


def test_yaml_syntax_error_names_its_line(region: Region):
    region.edit(D, "    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款人民币 2000 元\n   officer: x\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:12: 文件 — YAML 格式错误（第 12 行附近）："
        "列表项的缩进不一致，或列表中混入了“键: 值”；" + CHECK_SYNTAX
    ]


def test_missing_space_after_colon_points_at_that_line(region: Region):
    # the parser only notices on the next line
    region.edit(D, "    fine: 2000\n", "    fine:2000\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:21: 文件 — 冒号后缺少空格；YAML 的“键: 值”中冒号后必须有一个空格，如 name: 张三"
    ]


def test_line_without_colon_points_at_that_line(region: Region):
    region.edit(D, "    facts: 销售过期食品。\n", "    facts 销售过期食品。\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:16: 文件 — 这一行缺少冒号；每个字段写成“键: 值”，如 name: 张三；续行的长文本请改用 | 块"
    ]


def test_unclosed_bracket_is_reported_near_the_line(region: Region):
    region.edit(D, "    fine: 2000\n", "    fine: [2000\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:22: 文件 — YAML 格式错误（第 22 行附近）："
        "这里不应出现冒号，可能是上一行的括号或引号没有配对；" + CHECK_SYNTAX
    ]


def test_tab_in_indentation(region: Region):
    region.edit(D, "    fine: 2000\n", "\tfine: 2000\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:21: 文件 — 缩进中使用了制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成两个空格"
    ]


def test_tab_inside_a_value_is_fine(region: Region):
    region.edit(D, "    facts: 销售过期食品。\n", '    facts: "销售过期食品。\t"\n')
    assert region.lines() == []


def test_gbk_file_names_the_first_bad_line(region: Region):
    region.path(P).write_bytes(region.read(P).encode("gbk"))
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:3: 文件 — 文件不是 UTF-8 编码；请用编辑器另存为 UTF-8 编码（不要用 GBK）"
    ]


def test_utf8_with_bom_and_crlf_is_fine(region: Region):
    region.path(P).write_bytes(b"\xef\xbb\xbf" + region.read(P).replace("\n", "\r\n").encode("utf-8"))
    assert region.lines() == []


def test_empty_file(region: Region):
    region.write(P, "")
    assert region.lines() == ["datasets/shijianju/personnel.yaml:1: 文件 — 文件为空；请按模板填写内容，或删除该文件"]


def test_comment_only_file_is_empty(region: Region):
    region.write(P, "# 执法人员清单\n\n# 待补充\n")
    assert region.lines() == ["datasets/shijianju/personnel.yaml:1: 文件 — 文件为空；请按模板填写内容，或删除该文件"]


def test_binary_file(region: Region):
    region.path(P).write_bytes(b"PK\x03\x04\x14\x00\x00\x00binary spreadsheet")
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:1: 文件 — 文件不是文本文件（含有二进制内容）；清单须为 UTF-8 编码的 YAML 文本；Excel 表格请先导出"
    ]


def test_file_over_the_size_limit(region: Region, monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 1024 * 1024)
    region.write(D, region.read(D) + "#" + " " * (1024 * 1024) + "\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:1: 文件 — 文件过大（1.0 MB，上限 1 MB）；"
        "请按年份或月份拆分为多个文件，如 decisions/2024.yaml、decisions/2025.yaml"
    ]


def test_file_over_20_mb_is_refused_before_parsing(region: Region):
    with region.path(D).open("ab") as f:  # a sparse file: fast to make, never read
        f.truncate(21 * 1024 * 1024)
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:1: 文件 — 文件过大（21.0 MB，上限 20 MB）；"
        "请按年份或月份拆分为多个文件，如 decisions/2024.yaml、decisions/2025.yaml"
    ]


def test_duplicate_key_points_at_the_second_key(region: Region):
    region.edit(D, "    fine: 2000\n", "    fine: 2000\n    fine: 3000\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:22: 文件 — 字段“fine”在同一处出现了两次；请删除重复的一行，或合并两处内容"
    ]


def test_duplicate_key_in_a_nested_mapping(region: Region):
    region.edit(D, "      legal_rep: 王某\n    conclusion: 罚款", "      legal_rep: 王某\n      name: 另一家\n    conclusion: 罚款")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:11: 文件 — 字段“name”在同一处出现了两次；请删除重复的一行，或合并两处内容"
    ]


def test_same_key_in_different_records_is_not_a_duplicate(region: Region):
    # every decision has doc_no, kind …: only a repeat within one mapping counts
    assert region.read(D).count("\n    kind: ") == 5
    assert region.lines() == []


def test_top_level_not_a_mapping(region: Region):
    region.write(P, "- name: 张三\n- name: 李四\n")
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:1: 文件 — 顶层应为键值对；"
        "文件应包含 revised（最近修订日期）、revisions（修订记录）和 items，请按模板填写"
    ]


def test_broken_list_does_not_cascade_into_references(region: Region):
    # decisions name officers 51050001 and 51050002; with personnel.yaml unreadable
    # they must not each be reported as missing from it
    region.write(P, "revised: 2024-01-15\nitems:\n  name: 张三\n")
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:3: 清单条目 [items] — items 应为列表；请在 items: 下逐项填写，每项以“- ”开头"
    ]


def test_broken_powers_list_does_not_cascade(region: Region):
    region.write("shijianju/powers.yaml", "revised: 2024-01-15\nitems: [\n")
    assert region.lines() == [
        "datasets/shijianju/powers.yaml:2: 文件 — YAML 格式错误（第 2 行附近）：方括号或花括号没有配对；" + CHECK_SYNTAX
    ]


def test_missing_items(region: Region):
    region.edit(D, "items:\n", "item:\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:1: 清单条目 [items] — 缺少 items 列表；请在 items: 下逐项填写，每项以“- ”开头"
    ]


def test_list_file_missing_items(region: Region):
    region.write(P, "revised: 2024-01-15\n")
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:1: 清单条目 [items] — 缺少 items 列表；请在 items: 下逐项填写，每项以“- ”开头"
    ]


def test_several_yaml_documents_in_one_file(region: Region):
    region.write(P, region.read(P) + "---\nitems: []\n")
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:22: 文件 — 文件中有多个 YAML 文档（以 --- 分隔）；"
        "一个文件只能有一份清单：请删除该行的 ---，把内容合并到 items 下，或拆成多个文件"
    ]


def test_leading_document_marker_is_fine(region: Region):
    region.write(P, "---\n" + region.read(P))
    assert region.lines() == []


def test_python_tags_are_refused_at_their_line(region: Region):
    region.edit(D, "    fine: 2000\n", "    fine: !!python/object/apply:os.system 2000\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:21: 文件 — 不支持的 YAML 标签“!!python/object/apply:os.system”；"
        "请删除以 ! 开头的标签，直接填写值"
    ]


def test_unknown_file_in_department_folder(region: Region):
    region.write("shijianju/staff.yaml", "items: []\n")
    assert region.lines() == [
        "datasets/shijianju/staff.yaml:1: 文件 — 未知文件“staff.yaml”；允许的清单文件：department.yaml、powers.yaml、"
        "inspection_items.yaml、personnel.yaml、service_guides.yaml、flowcharts.yaml、discretion_standards.yaml、"
        "decisions/*.yaml"
    ]


def test_unknown_folder_in_department_folder(region: Region):
    region.write("shijianju/archive/2023.yaml", "items: []\n")
    assert region.lines() == ["datasets/shijianju/archive:1: 目录 — 未知目录“archive”；部门目录下只能有 decisions/ 和 annual/ 子目录"]


def test_non_yaml_files_are_ignored(region: Region):
    region.write("shijianju/README.txt", "说明\n")
    region.write("shijianju/decisions/notes.md", "说明\n")
    assert region.lines() == []


def test_yml_suffix_is_read_for_decisions(region: Region):
    region.write("shijianju/decisions/2023.yml", "items:\n  - doc_no: 泸市监罚〔2023〕1号\n")
    lines = region.lines()
    assert lines[0].startswith("datasets/shijianju/decisions/2023.yml:2: 执法类别 [kind] — 缺少必填字段")


def test_list_file_at_datasets_root(region: Region):
    region.write("powers.yaml", "items: []\n")
    assert region.lines() == [
        "datasets/powers.yaml:1: 文件 — 未知文件“powers.yaml”；清单文件应放在部门目录中，如 datasets/shijianju/powers.yaml"
    ]


def test_folder_name_with_uppercase(region: Region):
    region.write("ShiJianJu/department.yaml", "name: x\n")
    assert region.lines() == [
        "datasets/ShiJianJu:1: 目录名 — 部门目录名“ShiJianJu”不合规范；目录名会成为网址，只能用小写字母、数字和连字符（不超过 64 个），如 shijianju"
    ]


def test_folder_name_in_chinese(region: Region):
    region.write("市监局/department.yaml", "name: x\n")
    assert region.lines() == [
        "datasets/市监局:1: 目录名 — 部门目录名“市监局”不合规范；目录名会成为网址，只能用小写字母、数字和连字符（不超过 64 个），如 shijianju"
    ]


def test_folder_name_reserved_for_a_site_page(region: Region):
    region.write("certificates/department.yaml", "name: x\n")
    assert region.lines() == [
        "datasets/certificates:1: 目录名 — 部门目录名“certificates”已被网站的公共栏目占用；请换一个目录名，如 shijianju"
    ]


def test_hidden_folders_are_ignored(region: Region):
    region.write(".git/config.yaml", "x: 1\n")
    region.write("shijianju/.drafts.yaml", "x: [\n")
    assert region.lines() == []


def test_missing_department_yaml(region: Region):
    region.write("sifaju/powers.yaml", "revised: 2024-01-15\nitems: []\n")
    assert region.lines() == [
        "datasets/sifaju/department.yaml:1: 文件 — 缺少执法主体信息文件 department.yaml；"
        "请在 sifaju/ 目录下创建 department.yaml，写明执法主体名称、统一社会信用代码、职责和救济渠道等"
        "（格式见 gongshi new-department 生成的模板）"
    ]


def test_department_yaml_not_a_mapping(region: Region):
    region.write(DEPT, "- 泸州市市场监督管理局\n")
    assert region.lines() == [
        "datasets/shijianju/department.yaml:1: 执法主体 — 应为键值对（映射），实际为列表；请按模板的缩进格式填写"
    ]


def test_missing_region_yaml(region: Region):
    region.path("region.yaml").unlink()
    report = region.report()
    assert [p.format(region.base) for p in report.problems] == [
        "datasets/region.yaml:1: 文件 — 缺少地区信息文件 region.yaml；请在 datasets/ 下创建 region.yaml，写明地区名称、代码和网站名称"
    ]
    assert report.dataset is None


def test_empty_datasets_folder(tmp_path):
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "region.yaml").write_text(
        "name: 泸州市\ncode: '510500'\nsite_title: 泸州市行政执法公示平台\npublisher: 泸州市司法局\n", encoding="utf-8"
    )
    report = validate(tmp_path / "datasets", AS_OF)
    assert [p.format(tmp_path) for p in report.problems] == [
        "datasets:1: 目录 — 没有任何部门目录；请用 gongshi new-department 创建部门目录"
    ]


def test_decision_file_top_level_extra_key(region: Region):
    region.edit(D, "items:\n", "revised: 2024-01-01\nitems:\n")
    assert region.lines() == ["datasets/shijianju/decisions/2024.yaml:1: revised — 未知字段“revised”；决定文件的顶层只有 items"]


def test_every_unreadable_file_is_reported_at_once(region: Region):
    region.write(P, "")
    region.path("shijianju/flowcharts.yaml").write_bytes("revised: 2024-01-15\n".encode("gbk") + "流程".encode("gbk"))
    region.edit(D, "    fine: 2000\n", "\tfine: 2000\n")
    assert [line.split(" — ")[0] for line in region.lines()] == [
        "datasets/shijianju/decisions/2024.yaml:21: 文件",
        "datasets/shijianju/flowcharts.yaml:2: 文件",
        "datasets/shijianju/personnel.yaml:1: 文件",
    ]


def test_nesting_too_deep(region: Region):
    region.edit(D, "    fine: 2000\n", "    fine: 2000\n    x: " + "[" * 5000 + "]" * 5000 + "\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:22: 文件 — YAML 格式错误（第 22 行附近）：括号或缩进的层次过深；" + CHECK_SYNTAX
    ]
