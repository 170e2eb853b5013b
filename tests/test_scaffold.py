"""`gongshi new-department`: templates that validate, refusals that explain themselves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongshi import scaffold
from gongshi.cli import main, today
from gongshi.load import validate
from gongshi.standard import DEPARTMENT_LISTS
from gongshi.yamlfile import read_yaml
from tests.minimal_region import AS_OF, Region

DAY = date(2024, 6, 30)


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args))

    return invoke


def uncomment_example(text: str) -> str:
    """What the template tells an editor to do: drop `items: []`, strip the leading `# ` of the example."""
    out: list[str] = []
    example = False
    for line in text.splitlines():
        if line.startswith("# 示例（"):
            example = True
            continue
        if line == "items: []":
            continue
        if example and line.startswith("#"):
            line = line[2:]
        out.append(line)
    return "\n".join(out) + "\n"


def test_new_department_validates_with_placeholder_warnings_only(cli, tmp_path: Path):
    result = cli("new-department", "shijianju", "--name", "泸州市市场监督管理局")
    assert result.exit_code == 0, result.output
    assert result.stdout == "已创建 datasets/shijianju；请按注释填写各清单，然后运行 gongshi validate datasets\n"
    folder = tmp_path / "datasets" / "shijianju"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["department.yaml", "decisions", *(s.filename for s in DEPARTMENT_LISTS)]
    )
    assert (tmp_path / "datasets" / "region.yaml").exists()

    result = cli("validate", "datasets", "--as-of", today().isoformat())
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines, "placeholders must be flagged"
    assert all("[警告] 模板内容" in line for line in lines), lines
    assert result.stderr.startswith("检查通过：1 个部门，0 条执法决定；")


def test_name_is_filled_in(tmp_path: Path):
    folder = scaffold.new_department(tmp_path / "datasets", "shijianju", "泸州市市场监督管理局", today=DAY)
    assert 'name: "泸州市市场监督管理局"' in (folder / "department.yaml").read_text(encoding="utf-8")
    assert (folder / "decisions" / "2024.yaml").exists()


def test_existing_region_yaml_is_kept(region: Region):
    before = region.read("region.yaml")
    scaffold.new_department(region.root, "sifaju", "泸州市司法局", today=DAY)
    assert region.read("region.yaml") == before
    report = validate(region.root, AS_OF)
    assert report.errors == []
    assert [d.slug for d in report.dataset.departments] == ["shijianju", "sifaju"]


def test_existing_folder_is_refused(cli, tmp_path: Path):
    assert cli("new-department", "shijianju", "--name", "甲").exit_code == 0
    marker = tmp_path / "datasets" / "shijianju" / "powers.yaml"
    marker.write_text("# 已填写\n", encoding="utf-8")
    result = cli("new-department", "shijianju", "--name", "乙")
    assert result.exit_code == 1
    assert result.stderr == "错误：部门目录 datasets/shijianju 已存在，未作任何改动\n"
    assert marker.read_text(encoding="utf-8") == "# 已填写\n"


@pytest.mark.parametrize("slug", ["ShiJianJu", "市监局", "shi_jian_ju", "shijianju-", "shi jian ju", "../x"])
def test_bad_slug_is_refused(cli, tmp_path: Path, slug: str):
    result = cli("new-department", slug, "--name", "泸州市市场监督管理局")
    assert result.exit_code == 1
    assert result.stderr == f"错误：目录名“{slug}”不合规范：只能用小写字母、数字和连字符（不超过 64 个），如 shijianju\n"
    assert not (tmp_path / "datasets").exists()


def test_name_is_required(cli):
    result = cli("new-department", "shijianju")
    assert result.exit_code == 2
    assert "--name" in result.stderr


@pytest.mark.parametrize("spec", DEPARTMENT_LISTS, ids=lambda s: s.name)
def test_uncommented_examples_are_valid_yaml(tmp_path: Path, spec):
    folder = scaffold.new_department(tmp_path / "datasets", "shijianju", "泸州市市场监督管理局", today=DAY)
    path = folder / spec.filename
    path.write_text(uncomment_example(path.read_text(encoding="utf-8")), encoding="utf-8")
    data = read_yaml(path).data
    assert isinstance(data, dict)
    assert len(data["items"]) == 1
    assert set(data["items"][0]) == {f.key for f in spec.fields}


def test_uncommented_powers_example_validates(tmp_path: Path):
    folder = scaffold.new_department(tmp_path / "datasets", "shijianju", "泸州市市场监督管理局", today=DAY)
    for spec in DEPARTMENT_LISTS:
        path = folder / spec.filename
        path.write_text(uncomment_example(path.read_text(encoding="utf-8")), encoding="utf-8")
    report = validate(tmp_path / "datasets", DAY)
    assert [p.format(tmp_path) for p in report.errors] == []


def test_uncommented_decision_examples_validate(tmp_path: Path):
    folder = scaffold.new_department(tmp_path / "datasets", "shijianju", "泸州市市场监督管理局", today=DAY)
    for spec in DEPARTMENT_LISTS:
        path = folder / spec.filename
        path.write_text(uncomment_example(path.read_text(encoding="utf-8")), encoding="utf-8")
    path = folder / "decisions" / "2024.yaml"
    path.write_text(uncomment_example(path.read_text(encoding="utf-8")), encoding="utf-8")
    data = read_yaml(path).data
    assert [d["kind"] for d in data["items"]] == ["行政处罚", "行政许可", "行政强制", "行政检查", "行政征收征用"]
    report = validate(tmp_path / "datasets", DAY)
    # the example power CODE-001 is a 行政许可: every other kind's example names the wrong power type
    assert [(p.file.name, p.field, p.message) for p in report.errors] == [
        ("2024.yaml", "事项编码 [power_code]", f"事项“CODE-001”的权力类型是行政许可，而决定的执法类别是{kind}")
        for kind in ("行政处罚", "行政强制", "行政检查", "行政征收征用")
    ]


def test_every_template_value_is_flagged_until_replaced(tmp_path: Path):
    """Codes, phone numbers, addresses and credit codes of the templates too, not only the marked text."""
    folder = scaffold.new_department(tmp_path / "datasets", "shijianju", "泸州市市场监督管理局", today=DAY)
    profile = (folder / "department.yaml").read_text(encoding="utf-8")
    for value in (scaffold.PLACEHOLDER_USCC, scaffold.PLACEHOLDER_PHONE):
        assert value in profile
    report = validate(tmp_path / "datasets", DAY)
    flagged = {p.format(tmp_path).split(" — ")[0].split("[")[-1] for p in report.warnings}
    assert {"uscc]", "phone]", "address]"} <= flagged, flagged
    # an example the editor uncommented but did not change: its codes and 文号 are flagged too
    powers = folder / "powers.yaml"
    powers.write_text(uncomment_example(powers.read_text(encoding="utf-8")), encoding="utf-8")
    report = validate(tmp_path / "datasets", DAY)
    assert any("“CODE-001”仍是模板占位内容" in p.message for p in report.warnings)


def test_an_existing_body_is_refused(cli, tmp_path: Path):
    assert cli("new-department", "shijianju", "--name", "泸州市市场监督管理局").exit_code == 0
    for name in ("泸州市市场监督管理局", " 泸州市市场监督管理局", "泸州市市场\u200b监督管理局"):
        result = cli("new-department", "shiscjgj", "--name", name)
        assert result.exit_code == 1
        assert result.stderr == (
            f"错误：执法主体“{name}”已在部门目录 datasets/shijianju 中，未作任何改动；同一主体不要建两个目录\n"
        )
        assert not (tmp_path / "datasets" / "shiscjgj").exists()


def test_the_readme_example_does_not_collide_with_the_demo(tmp_path: Path):
    import re
    import shutil

    from gongshi.build import PROJECT

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    slug, name = re.search(r"gongshi new-department (\S+) --name (\S+)", readme).groups()
    datasets = tmp_path / "datasets"
    shutil.copytree(PROJECT / "datasets", datasets)
    demo_day = date(2026, 11, 26)
    folder = scaffold.new_department(datasets, slug, name, today=demo_day)
    assert folder.is_dir()
    assert validate(datasets, demo_day).errors == []


def test_every_decision_example_value_is_flagged_until_replaced(tmp_path: Path):
    """The examples of every kind: their 文号 (某某许〔…〕, not only 某某罚), and the party's and lists' values."""
    folder = scaffold.new_department(tmp_path / "datasets", "shijianju", "泸州市市场监督管理局", today=DAY)
    path = folder / "decisions" / "2024.yaml"
    path.write_text(uncomment_example(path.read_text(encoding="utf-8")), encoding="utf-8")
    warned = {(p.field, p.message) for p in validate(tmp_path / "datasets", DAY).warnings if p.file == path}
    for code in "罚许强检征":
        assert ("模板内容 [doc_no]", f"“某某{code}〔2024〕1号”仍是模板占位内容") in warned
    for key, value in [("party.uscc", scaffold.PLACEHOLDER_USCC), ("party.name", "（待填写：行政相对人名称）"), ("officers", "CODE-001")]:
        assert (f"模板内容 [{key}]", f"“{value}”仍是模板占位内容") in warned, key


@pytest.mark.parametrize("value", ["CODE-002", "CODE-17", "某某〔2024〕3号", "某某罚〔2025〕12号", "028-0000000", "0830-00000000"])
def test_copies_of_template_values_are_flagged(region: Region, value: str):
    """An editor who copies an example item and changes the number keeps a made-up value all the same."""
    region.edit("shijianju/department.yaml", "address: 泸州市江阳区酒城大道一段 1 号\n", f'address: "{value}"\n')
    assert [w.split(" — ")[1] for w in region.warnings()] == [f"“{value}”仍是模板占位内容；请改为真实信息，否则将原样公开"]


@pytest.mark.parametrize(
    ("slug", "name", "message"),
    [
        ("feeds", "泸州市司法局", "错误：目录名“feeds”已被网站的公共栏目占用，请换一个，如 shijianju\n"),
        ("data", "泸州市司法局", "错误：目录名“data”已被网站的公共栏目占用，请换一个，如 shijianju\n"),
        ("a" * 65, "泸州市司法局", f"错误：目录名“{'a' * 65}”不合规范：只能用小写字母、数字和连字符（不超过 64 个），如 shijianju\n"),
        ("sifaju", "泸州市\u202e司法局", "错误：执法主体名称不能为空，也不能含有控制字符或改变文字方向的字符；请按印章上的全称填写\n"),
        ("sifaju", "泸州市\x07司法局", "错误：执法主体名称不能为空，也不能含有控制字符或改变文字方向的字符；请按印章上的全称填写\n"),
        ("sifaju", "  ", "错误：执法主体名称不能为空，也不能含有控制字符或改变文字方向的字符；请按印章上的全称填写\n"),
    ],
)
def test_new_department_refuses_what_validate_would(cli, tmp_path: Path, slug: str, name: str, message: str):
    result = cli("new-department", slug, "--name", name)
    assert (result.exit_code, result.stderr) == (1, message)
    assert not (tmp_path / "datasets" / slug).exists()
