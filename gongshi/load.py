"""Load the datasets folder into a validated, typed Dataset — or report everything wrong with it.

Nothing downstream ever sees unvalidated data: `load()` either returns a
Dataset whose values are normalised, or raises DatasetInvalid carrying every
problem (not just the first), each with file and line.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import annual, checks
from .fields import INVALID, RecordChecker, excused, has_unsafe, spec_of
from .problems import ERROR, Problem, locate
from .scaffold import MARKERS
from .standard import (
    ANNUAL,
    BY_FILENAME,
    DECISIONS,
    DEPARTMENT,
    DEPARTMENT_LISTS,
    LIST_HEADER,
    REGION,
    ListSpec,
)
from .urls import RESERVED_SLUGS
from .yamlfile import Unreadable, YamlFile, read_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 64  # a slug names folders and feed files: short enough for every name made from it
YAML_SUFFIXES = (".yaml", ".yml")


class Tree:
    """The datasets folder as the build may read it: closed, and made of regular files and folders only.

    A symbolic link may point elsewhere inside the folder, but not out of it
    (the build would publish a file nobody committed), and nothing may be a
    pipe, socket or device (reading a pipe waits forever; a device never
    ends). Each such entry is one error with its path, and is then treated
    as absent; nothing is opened before it is known to be a regular file.
    """

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        self.root = os.path.realpath(root)
        self.problems = problems
        self.unsafe: dict[Path, str] = {}
        self.kinds: dict[Path, str | None] = {}

    def kind(self, path: Path) -> str | None:
        """"file", "dir", or None when it is absent or may not be read (the reason is kept for report_unsafe)."""
        if path in self.kinds:
            return self.kinds[path]
        kind = self._classify(path)
        self.kinds[path] = kind
        return kind

    def _classify(self, path: Path) -> str | None:
        try:
            link = os.lstat(path)
        except OSError:
            return None
        if stat.S_ISLNK(link.st_mode):
            target = os.path.realpath(path)
            if target != self.root and not target.startswith(self.root + os.sep):
                self.unsafe[path] = "是指向数据目录之外的链接，不会被读取"
                return None
        try:
            st = os.stat(path)
        except OSError:
            self.unsafe[path] = "是无法打开的链接（目标不存在或链接成环）"
            return None
        if stat.S_ISDIR(st.st_mode):
            return "dir"
        if stat.S_ISREG(st.st_mode):
            return "file"
        self.unsafe[path] = "不是普通文件（可能是管道、套接字或设备），不会被读取"
        return None

    def entries(self, folder: Path, kind: str | None = None) -> list[Path]:
        """The folder's entries (no dot files) in name order, of `kind` if given; unsafe ones are noted."""
        found = []
        for name in sorted(p.name for p in folder.iterdir()):  # an unreadable folder is the caller's error
            if name.startswith("."):
                continue
            path = folder / name
            k = self.kind(path)
            if k is not None and (kind is None or k == kind):
                found.append(path)
        return found

    def report_unsafe(self) -> None:
        for path, why in sorted(self.unsafe.items()):
            self.problems.append(
                Problem(path, (), "文件", f"“{path.name}”{why}", "数据目录中只能放普通的 YAML 文件和文件夹；请删除它，或换成文件本身", line=1)
            )


@dataclass(slots=True)
class ListData:
    """One list file of a department: its header and its checked items."""

    spec: ListSpec
    file: Path
    revised: date | None
    revisions: list[dict]
    items: list[dict]


@dataclass(slots=True)
class Department:
    slug: str
    folder: Path
    profile: dict
    lists: dict[str, ListData] = field(default_factory=dict)
    decisions: list[dict] = field(default_factory=list)
    annual: dict[int, dict] = field(default_factory=dict)  # year → the figures reported by hand (annual/<year>.yaml)
    # lists whose file exists but could not be read: references to them are not checked
    broken: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.profile.get("name", self.slug)

    def items(self, list_name: str) -> list[dict]:
        data = self.lists.get(list_name)
        return data.items if data else []


@dataclass(slots=True)
class Known:
    """A department a rebuild takes from its memo instead of reading it (see gongshi.memo).

    Its files are unchanged since a build that validated them, so only the
    region-wide checks need anything of it: what it claims (checks.claims_of).
    """

    slug: str
    claims: list


@dataclass(slots=True)
class Dataset:
    root: Path
    region: dict
    departments: list[Department]  # the departments read, in folder order
    known: list[Known] = field(default_factory=list)  # those taken from memos instead
    order: list[str] = field(default_factory=list)  # every department's slug in folder order
    # files whose text holds a template placeholder (scaffold.MARKERS): only their decisions are looked at
    placeholder_files: set[Path] = field(default_factory=set)

    def department(self, slug: str) -> Department:
        for d in self.departments:
            if d.slug == slug:
                return d
        raise KeyError(slug)


@dataclass(slots=True)
class Report:
    """The outcome of validation: the dataset (when it loaded) and all problems."""

    root: Path
    problems: list[Problem]
    dataset: Dataset | None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != ERROR]


class DatasetInvalid(Exception):
    """The datasets have errors; nothing may be published from them."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} errors in {report.root}")
        self.report = report


class DatasetsMissing(Exception):
    """The datasets folder does not exist."""


def load(
    root: Path,
    as_of: date,
    known: Callable[[Path, dict], Known | None] | None = None,
    keep: Callable[[Department, dict], None] | None = None,
    warnings: bool = True,
) -> Dataset:
    """Validated Dataset, or DatasetInvalid listing every error (see `validate` for `known`, `keep`, `warnings`)."""
    report = validate(root, as_of, known, keep, warnings)
    if report.errors or report.dataset is None:
        raise DatasetInvalid(report)
    return report.dataset


def validate(
    root: Path,
    as_of: date,
    known: Callable[[Path, dict], Known | None] | None = None,
    keep: Callable[[Department, dict], None] | None = None,
    warnings: bool = True,
) -> Report:
    """Read and check everything under `root`; never raises for bad content.

    `known(folder, region)` may return a department's memo (its files unchanged
    since a build validated them; region.yaml's settings, to decide it for the
    day), which is then not read again. `keep(dept)`, if
    given, is handed each department (and region.yaml's settings) once it is read and checked (region-wide
    checks included), in folder order, instead of the Dataset holding it: a
    build decides it there and lets it go, so a large region is never in
    memory whole. Whether the whole is valid is known only at the end. `warnings=False` leaves out the
    costly checks that can only warn (personal data in free text), for a reader that shows no warnings.
    """
    root = Path(root)
    if not root.is_dir():
        raise DatasetsMissing(str(root))
    problems: list[Problem] = []
    # Files that were read: not their texts, which would double the memory a
    # large region needs; locating problems reads again the few files involved.
    readable: set[Path] = set()
    tree = Tree(root, problems)
    placeholder_files: set[Path] = set()

    def read(path: Path) -> YamlFile | None:
        if tree.kind(path) != "file":
            return None
        try:
            yf = read_yaml(path)
        except Unreadable as e:
            problems.append(e.problem)
            return None
        readable.add(path)
        problems.extend(yf.problems)
        if any(marker in yf.text for marker in MARKERS):
            placeholder_files.add(path)
        return yf

    region = _load_region(root, read, problems, tree)
    departments: list[Department] = []
    memos: list[Known] = []
    order: list[str] = []
    cross = checks.CrossCheck(root, region or {}, placeholder_files, problems, as_of, None if warnings else _Quiet)
    looked = 0  # problems[:looked] hold no error
    for folder in tree.entries(root, "dir"):
        memo = known(folder, region or {}) if known is not None else None
        if memo is not None:
            memos.append(memo)
            order.append(memo.slug)
            cross.known(memo.claims)
            continue
        dept = _load_department(folder, read, problems, tree)
        if dept is not None:
            order.append(dept.slug)
            cross.department(dept)
            annual.check(dept, as_of, problems)
            if keep is None:
                departments.append(dept)
            elif not tree.unsafe and not any(p.severity == ERROR for p in problems[looked:]):
                looked = len(problems)
                # after an error (an unsafe entry is one, reported at the end) nothing will be published: no
                # department is handed on any more (one with an error may not even decide)
                keep(dept, region or {})
    for stray in (p for p in tree.entries(root, "file") if p.suffix in YAML_SUFFIXES):
        if stray.name != REGION.filename:
            problems.append(
                Problem(stray, (), "文件", f"未知文件“{stray.name}”", "清单文件应放在部门目录中，如 datasets/shijianju/powers.yaml", line=1)
            )
    if not order and not problems:
        problems.append(
            Problem(root, (), "目录", "没有任何部门目录", "请用 gongshi new-department 创建部门目录", line=1)
        )
    tree.report_unsafe()
    dataset = Dataset(root, region or {}, departments, memos, order, placeholder_files)
    readable.update(c.src[0] for memo in memos for c in memo.claims)  # a region-wide clash may point there
    locate(problems, _texts_to_locate(problems, readable))
    problems.sort(key=lambda p: (p.severity != ERROR, p.file.as_posix(), p.line or 0))
    return Report(root, problems, dataset if region is not None else None)


class _Quiet(checks.Checks):
    """The checks without the costly ones that can only warn (personal data in free text, amounts in words)."""

    def free_text(self, rec: dict) -> None:
        pass

    def amounts(self, rec: dict) -> None:
        pass

    def personnel_warnings(self) -> None:
        pass


def _texts_to_locate(problems: list[Problem], readable: set[Path]) -> dict[Path, str]:
    """The texts of the readable files that problems point into, read again."""
    involved = {p.file for p in problems if p.line is None}
    involved.update(file for p in problems for file, _ in p.also)
    texts = {}
    for path in involved & readable:
        try:
            texts[path] = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            pass  # changed since it was read: its problems point at line 1
    return texts


def _load_region(root: Path, read, problems: list[Problem], tree: Tree) -> dict | None:  # type: ignore[no-untyped-def]
    path = root / REGION.filename
    if tree.kind(path) is None:
        problems.append(
            Problem(path, (), "文件", "缺少地区信息文件 region.yaml", "请在 datasets/ 下创建 region.yaml，写明地区名称、代码和网站名称", line=1)
        )
        return None
    yf = read(path)
    if yf is None:
        return None
    checker = _checker(yf, problems)
    return checker.mapping(yf.data, REGION.fields, (), "地区信息")


def _load_department(folder: Path, read, problems: list[Problem], tree: Tree) -> Department | None:  # type: ignore[no-untyped-def]
    profile_path = folder / DEPARTMENT.filename
    if not SLUG.match(folder.name) or len(folder.name) > MAX_SLUG:
        problems.append(
            Problem(folder, (), "目录名", f"部门目录名“{folder.name}”不合规范", f"目录名会成为网址，只能用小写字母、数字和连字符（不超过 {MAX_SLUG} 个），如 shijianju", line=1)
        )
        return None
    if folder.name in RESERVED_SLUGS:
        problems.append(
            Problem(folder, (), "目录名", f"部门目录名“{folder.name}”已被网站的公共栏目占用", "请换一个目录名，如 shijianju", line=1)
        )
        return None
    if tree.kind(profile_path) is None:
        problems.append(
            Problem(profile_path, (), "文件", "缺少执法主体信息文件 department.yaml", f"请在 {folder.name}/ 目录下创建 department.yaml，写明执法主体名称、统一社会信用代码、职责和救济渠道等（格式见 gongshi new-department 生成的模板）", line=1)
        )
        return None
    yf = read(profile_path)
    profile = None
    if yf is not None:
        profile = _checker(yf, problems).mapping(yf.data, DEPARTMENT.fields, (), "执法主体")
    dept = Department(folder.name, folder, profile or {})

    for entry in tree.entries(folder):
        if entry.name == DEPARTMENT.filename:
            continue
        if tree.kind(entry) == "dir":
            if entry.name + "/" == DECISIONS.filename:
                for path in tree.entries(entry, "file"):
                    if path.suffix not in YAML_SUFFIXES:
                        continue
                    yf = read(path)
                    if yf is not None:
                        dept.decisions.extend(_decisions(yf, problems))
            elif entry.name + "/" == ANNUAL.filename:
                _annual(dept, tree.entries(entry, "file"), read, problems)
            else:
                problems.append(
                    Problem(entry, (), "目录", f"未知目录“{entry.name}”", "部门目录下只能有 decisions/ 和 annual/ 子目录", line=1)
                )
            continue
        if entry.suffix not in YAML_SUFFIXES:
            continue
        spec = BY_FILENAME.get(entry.name)
        if spec is None:
            names = "、".join(s.filename for s in DEPARTMENT_LISTS)
            problems.append(
                Problem(entry, (), "文件", f"未知文件“{entry.name}”", f"允许的清单文件：department.yaml、{names}、decisions/*.yaml", line=1)
            )
            continue
        yf = read(entry)
        data = _list_file(yf, spec, problems) if yf is not None else None
        if data is not None:
            dept.lists[spec.name] = data
        else:
            dept.broken.add(spec.name)
    return dept


ANNUAL_FILE = re.compile(r"^(\d{4})\.ya?ml$")


def _annual(dept: Department, paths: list[Path], read, problems: list[Problem]) -> None:  # type: ignore[no-untyped-def]
    """annual/<year>.yaml: one mapping of figures per year (standard.ANNUAL)."""
    for path in paths:
        found = ANNUAL_FILE.match(path.name)
        if found is None or not 2000 <= int(found.group(1)) <= 2999:
            if path.suffix in YAML_SUFFIXES or found is not None:
                problems.append(
                    Problem(path, (), "文件名", f"年度填报文件名“{path.name}”不是年份", "文件名应为所填报的年份，如 annual/2026.yaml", line=1)
                )
            continue
        yf = read(path)
        if yf is None:
            continue
        year = int(found.group(1))
        if year in dept.annual:
            problems.append(
                Problem(path, (), "文件名", f"{year} 年度的填报数据已在 {dept.annual[year]['_src'][0].name} 中", "一个年度只用一个文件：请合并两个文件，删除其中一个", line=1)
            )
            continue
        figures = _checker(yf, problems).mapping(yf.data, ANNUAL.fields, (), ANNUAL.label)
        if figures is not None:
            figures["_src"] = (path, ())
            dept.annual[year] = figures


def _checker(yf: YamlFile, problems: list[Problem]) -> RecordChecker:
    """A checker for the file's records that looks at every value for unsafe characters only where the
    text could hold one: as it is, or written as an escape (which needs a backslash)."""
    return RecordChecker(yf.path, problems, careful="\\" in yf.text or has_unsafe(yf.text))


_HEADER = spec_of(LIST_HEADER)


def _top_mapping(yf: YamlFile, problems: list[Problem], keys: str) -> dict | None:
    if not isinstance(yf.data, dict):
        problems.append(
            Problem(yf.path, (), "文件", "顶层应为键值对", f"文件应包含 {keys}，请按模板填写", line=1)
        )
        return None
    if "items" not in yf.data or yf.data["items"] is None:
        problems.append(
            Problem(yf.path, (), "清单条目 [items]", "缺少 items 列表", "请在 items: 下逐项填写，每项以“- ”开头", line=1)
        )
        return None
    if not isinstance(yf.data["items"], list):
        problems.append(
            Problem(yf.path, ("items",), "清单条目 [items]", "items 应为列表", "请在 items: 下逐项填写，每项以“- ”开头")
        )
        return None
    return yf.data


def _list_file(yf: YamlFile, spec: ListSpec, problems: list[Problem]) -> ListData | None:
    top = _top_mapping(yf, problems, "revised（最近修订日期）、revisions（修订记录）和 items")
    if top is None:
        return None
    checker = _checker(yf, problems)
    header = checker.mapping(
        {k: v for k, v in top.items() if k != "items"}, _HEADER, (), spec.label
    ) or {}
    fields = spec_of(spec.fields)
    items = []
    for i, raw in enumerate(top["items"]):
        rec = checker.mapping(raw, fields, ("items", i), spec.label)
        if rec is not None:
            rec["_src"] = (yf.path, ("items", i))
            items.append(rec)
    revised = header.get("revised")
    return ListData(
        spec,
        yf.path,
        revised if revised is not INVALID else None,
        header.get("revisions") or [],
        items,
    )


_DECISION_COMMON = spec_of(DECISIONS.fields)
_DECISION_KIND = {kind: spec_of(extra) for kind, extra in DECISIONS.kinds.items()}
_ANY_KIND = spec_of(tuple({f.key: f for extra in DECISIONS.kinds.values() for f in extra}.values()))


def _decisions(yf: YamlFile, problems: list[Problem]) -> list[dict]:
    top = _top_mapping(yf, problems, "items")
    if top is None:
        return []
    for key in top:
        if key != "items":
            problems.append(
                Problem(yf.path, (key,), key, f"未知字段“{key}”", "决定文件的顶层只有 items", at_key=True)
            )
    checker = _checker(yf, problems)
    out = []
    for i, raw in enumerate(top["items"]):
        where = ("items", i)
        kind = raw.get("kind") if isinstance(raw, dict) else None
        extra = _DECISION_KIND.get(kind.strip()) if isinstance(kind, str) else None
        # unknown or missing kind: its error is reported, and every other field is still checked, a
        # kind-specific one as any kind defines it, so that no mistake waits for the kind to be fixed
        rec = checker.mapping(raw, _DECISION_COMMON, where, DECISIONS.label, extra=extra or _ANY_KIND)
        if rec is None:
            continue
        if extra is not None:
            for f in extra.required:
                if f.key not in rec and _missing(raw.get(f.key)) and not excused(f, raw):
                    checker.missing(where, f)
        rec["_src"] = (yf.path, where)
        out.append(rec)
    return out


def _missing(v: object) -> bool:
    return v is None or v == "" or v == []
