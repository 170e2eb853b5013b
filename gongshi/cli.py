"""The `gongshi` command. Library exceptions become Chinese messages here and nowhere else."""

from __future__ import annotations

import os
import signal
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from . import load as loader
from . import scaffold

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> date:
    """Disclosure dates are Beijing dates, whatever the server's clock zone."""
    return datetime.now(SHANGHAI).date()


class Failure(click.ClickException):
    """A failure explained to the editor; printed as 错误：… rather than click's English "Error:"."""

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"错误：{self.format_message()}", err=True)


class AsOf(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"“{value}”不是日期，请按 YYYY-MM-DD 填写", param, ctx)


@click.group(help="行政执法公示：从 YAML 清单生成公示网站、订阅源和开放数据。")
@click.version_option(package_name="gongshi")
def main() -> None:
    pass


@main.command(help="检查 datasets 目录中的全部清单，列出所有问题。")
@click.argument("datasets", default="datasets", type=click.Path(path_type=Path))
@click.option("--as-of", type=AsOf(), default=None, help="以哪一天为准检查到期等情况，默认今天（北京时间）。")
def validate(datasets: Path, as_of: date | None) -> None:
    report = _validate(datasets, as_of or today())
    for p in report.problems:
        click.echo(p.format())
    n_err, n_warn = len(report.errors), len(report.warnings)
    if n_err:
        click.echo(f"发现 {n_err} 个错误、{n_warn} 个警告；请改正错误后再发布。", err=True)
        sys.exit(1)
    summary = _summary(report.dataset)
    click.echo(f"检查通过：{summary}" + (f"；{n_warn} 个警告" if n_warn else "") + "。", err=True)


def _validate(datasets: Path, as_of: date) -> loader.Report:
    try:
        return loader.validate(datasets, as_of)
    except loader.DatasetsMissing:
        raise Failure(f"找不到数据目录“{datasets}”；请在项目根目录运行，或指定目录，如 gongshi validate datasets") from None
    except OSError as e:  # e.g. a folder that cannot be listed
        raise Failure(f"无法读取“{e.filename or datasets}”（{e.strerror}）；请检查目录权限") from None


def _summary(dataset: loader.Dataset | None) -> str:
    if dataset is None:
        return "无数据"
    n_dec = sum(len(d.decisions) for d in dataset.departments)
    return f"{len(dataset.departments)} 个部门，{n_dec} 条执法决定"


def _progress():  # type: ignore[no-untyped-def]
    """Stage lines with elapsed time on a terminal; silent under CI and in logs."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    started = time.perf_counter()

    def say(message: str) -> None:
        click.echo(f"[{time.perf_counter() - started:6.1f} s] {message}…", err=True)

    return say


def _build(  # type: ignore[no-untyped-def]
    datasets: Path,
    output: Path,
    as_of: date | None,
    base_url: str | None = None,
    datasette_url: str | None = None,
    force: bool = False,
):
    from . import build as builder
    from . import feeds, guard, seen
    from .urls import UnsafePagePath

    config = builder.BuildConfig(
        datasets=datasets,
        output=output,
        as_of=as_of or today(),
        base_url=base_url,
        datasette_url=datasette_url,
        force=force,
    )
    try:
        return builder.build(config, progress=_progress())
    except feeds.MissingBaseUrl:
        raise Failure(
            f"{datasets}/region.yaml 没有填写 base_url（网站地址）；订阅源需要完整网址，请填写 base_url 或用 --base-url 指定"
        ) from None
    except UnsafePagePath as e:
        raise Failure(f"页面地址“{e.path}”无法生成（{e.reason}）；请修改对应的编号或目录名") from None
    except loader.DatasetsMissing:
        raise Failure(f"找不到数据目录“{datasets}”") from None
    except seen.UnreadableRecord as e:
        raise Failure(
            f"无法读取上次发布时记录的公示日期（{e}）；请从备份恢复 {output}/{seen.FILENAME}，"
            "删除它则所有未填公示日期的决定将以今天为首次公示日期"
        ) from None
    except loader.DatasetInvalid as e:
        for p in e.report.problems:
            click.echo(p.format(), err=True)
        raise Failure(
            f"数据有 {len(e.report.errors)} 个错误，未发布任何内容，{output} 保持原样；请改正后重新构建"
        ) from None
    except guard.PersonalDataFound as e:
        for leak in e.leaks:
            click.echo(leak.describe(e.root), err=True)
        raise Failure(
            f"输出中发现 {len(e.leaks)} 处个人信息，未发布任何内容，{output} 保持原样；请检查上述文件对应的数据"
        ) from None


@main.command(help="生成公示网站、订阅源和开放数据库到 publish/。")
@click.option("--datasets", default="datasets", type=click.Path(path_type=Path), help="数据目录。")
@click.option("--output", default="publish", type=click.Path(path_type=Path), help="输出目录。")
@click.option("--as-of", type=AsOf(), default=None, help="以哪一天为准决定公示内容，默认今天（北京时间）。")
@click.option("--base-url", default=None, help="网站的公开地址，覆盖 region.yaml 中的 base_url。")
@click.option("--force", is_flag=True, help="即使输入没有变化也重新生成。")
def build(datasets: Path, output: Path, as_of: date | None, base_url: str | None, force: bool) -> None:
    _built(_build(datasets, output, as_of, base_url, force=force))


def _built(result) -> None:  # type: ignore[no-untyped-def] - gongshi.build.BuildResult
    if result.reused:
        click.echo(f"数据、模板和设置都没有变化，{result.output} 保持原样（{result.files} 个文件，用时 {result.seconds:.1f} 秒）。")
        return
    pub = result.publication
    click.echo("公示中  撤回  过期  未成年  不公示  执法主体：清单条目")
    for dept in pub.departments:
        c = dept.counts
        lists = "，".join(f"{label} {size}" for label, size in dept.list_sizes())
        click.echo(f"{c.published:>6}{c.withdrawn:>6}{c.expired:>6}{c.minors:>8}{c.withheld:>8}  {dept.name}：{lists}")
    c = pub.counts
    click.echo(
        f"已发布到 {result.output}：{c.published} 条执法决定，{c.withdrawn} 条撤回公告，"
        f"{c.expired} 条已过公示期，{c.minors} 条涉及未成年人未公开，{c.withheld} 条按规定不公示（简易程序、仅警告的处罚或不予许可）；共 {result.files} 个文件，用时 {result.seconds:.1f} 秒。"
    )


@main.command(help="构建后在本机同时提供公示网站和开放数据 API（Datasette），按 Ctrl-C 停止。")
@click.option("--datasets", default="datasets", type=click.Path(path_type=Path), help="数据目录。")
@click.option("--output", default="publish", type=click.Path(path_type=Path), help="输出目录。")
@click.option("--as-of", type=AsOf(), default=None, help="以哪一天为准决定公示内容，默认今天（北京时间）。")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址。")
@click.option("--port", default=8000, show_default=True, type=int, help="公示网站的端口。")
@click.option("--api-port", default=8001, show_default=True, type=int, help="开放数据 API（Datasette）的端口。")
def serve(datasets: Path, output: Path, as_of: date | None, host: str, port: int, api_port: int) -> None:
    from . import serve as serving

    def begin():  # type: ignore[no-untyped-def] - gongshi.serve.Servers
        for p in (port, api_port):
            serving.check_port(host, p)  # before building, not after
        # the region's own base_url: a local address would change feed links and the feeds' ledger;
        # but the pages' link to the API points at the local Datasette
        _built(_build(datasets, output, as_of, datasette_url=f"http://{host}:{api_port}/"))
        return serving.start(output, host, port, api_port, notify=_api_news)

    servers = _serving(begin, "请先运行 gongshi build", "--port 或 --api-port")
    click.echo(f"公示网站：{servers.site_url}")
    click.echo(f"开放数据 API：{servers.api_url}")
    click.echo("重新运行 gongshi build 后，网站和 API 自动提供新的内容。按 Ctrl-C 停止。")
    _serve_until_stopped(servers)


@main.command(help="在生产环境中提供开放数据 API（Datasette）：只读、不可变数据库，带预先统计，新的构建自动生效；按 Ctrl-C 停止。网站文件请由 Web 服务器提供。")
@click.option("--publish", default="publish", type=click.Path(path_type=Path), help="已发布的网站目录（其中的 data/gongshi.db）。")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址。")
@click.option("--port", default=8001, show_default=True, type=int, help="端口。")
@click.option("--base-url", default=None, help="Web 服务器转发 API 时所用的路径，如 /api/。")
@click.option("--workers", default=None, type=click.IntRange(1), help="Datasette 进程数，默认每个 CPU 核一个。")
def api(publish: Path, host: str, port: int, base_url: str | None, workers: int | None) -> None:
    from . import serve as serving

    if base_url is not None and not (base_url.startswith("/") and base_url.endswith("/")):
        raise Failure(f"--base-url 应以 / 开头和结尾，如 /api/，而不是“{base_url}”")
    servers = _serving(lambda: serving.start(publish, host, None, port, notify=_api_news, base_url=base_url,
                                             workers=workers),
                       "请先运行 gongshi build，或用 --publish 指定已发布的网站目录", "--port")
    from .opendata.database import SCHEMA_VERSION

    built = serving.schema_version(publish.resolve() / "data")
    if built != SCHEMA_VERSION:
        click.echo(f"注意：{publish}/data/gongshi.db 由旧版 gongshi 生成（数据库版本 {built}，现为 {SCHEMA_VERSION}），"
                   "缺少新版的索引，排序和检索会变慢；请重新运行 gongshi build。", err=True)
    click.echo(f"开放数据 API：{servers.api_url}")
    click.echo("重新运行 gongshi build 后，API 自动改用新的数据库。按 Ctrl-C 停止。")
    _serve_until_stopped(servers)


def _serving(start, build_hint: str, port_hint: str):  # type: ignore[no-untyped-def] - gongshi.serve.Servers
    """`start()`, its failures told in Chinese: `build_hint` says how to get a database, `port_hint` which option
    picks another port."""
    from . import serve as serving

    try:
        return start()
    except serving.NotBuilt as e:
        raise Failure(f"找不到开放数据库 {e.path}；{build_hint}") from None
    except serving.PortInUse as e:
        raise Failure(f"端口 {e.port} 已被占用；请用 {port_hint} 换一个端口") from None
    except serving.ApiFailed as e:
        raise Failure(f"开放数据 API（Datasette）未能启动：\n{e.output}") from None


def _serve_until_stopped(servers) -> None:  # type: ignore[no-untyped-def] - gongshi.serve.Servers
    # a service manager's stop, a closed terminal, Ctrl-\: shut down the way Ctrl-C does
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, _interrupt)
    try:
        servers.wait()
    except KeyboardInterrupt:
        pass
    finally:
        servers.stop()


def _api_news(what: str) -> None:
    if what == "restarted":
        click.echo("检测到新的构建，开放数据 API 已改用新的数据库。")
    elif what == "exited":
        click.echo("开放数据 API 意外退出，正在重新启动。", err=True)
    else:
        click.echo(f"检测到新的构建，但开放数据 API 未能启动：{what.removeprefix('failed: ')}", err=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.command("new-department", help="创建部门目录，内含带注释的清单模板。")
@click.argument("slug")
@click.option("--name", "name", required=True, help="执法主体全称，如 泸州市市场监督管理局。")
@click.option("--datasets", default="datasets", type=click.Path(path_type=Path), help="数据目录。")
def new_department(slug: str, name: str, datasets: Path) -> None:
    try:
        folder = scaffold.new_department(datasets, slug, name, today=today())
    except scaffold.ReservedSlug:
        raise Failure(f"目录名“{slug}”已被网站的公共栏目占用，请换一个，如 shijianju") from None
    except scaffold.BadName:
        raise Failure("执法主体名称不能为空，也不能含有控制字符或改变文字方向的字符；请按印章上的全称填写") from None
    except scaffold.BadSlug:
        raise Failure(
            f"目录名“{slug}”不合规范：只能用小写字母、数字和连字符（不超过 {scaffold.MAX_SLUG} 个），如 shijianju"
        ) from None
    except scaffold.AlreadyExists:
        raise Failure(f"部门目录 {datasets / slug} 已存在，未作任何改动") from None
    except scaffold.NameTaken as e:
        raise Failure(f"执法主体“{e.name}”已在部门目录 {datasets / e.slug} 中，未作任何改动；同一主体不要建两个目录") from None
    click.echo(f"已创建 {folder}；请按注释填写各清单，然后运行 gongshi validate {datasets}")


@main.command(help="把数据标准导出为 JSON Schema 文件（每类清单一个）。")
@click.option("--output", default="schemas", type=click.Path(path_type=Path), help="输出目录。")
def schema(output: Path) -> None:
    from . import schema as schema_export

    for path in schema_export.write(output):
        click.echo(str(path))


class BadInput(Failure):
    """Input `gongshi check` cannot work from: exit status 2, as its help says (1 means something was found)."""

    exit_code = 2


@main.command(help="执法监督报告：核对公示、撤下是否超期，执法证件、法制审核和清单修订情况。无问题退出码 0，有问题 1，输入有误 2。")
@click.option("--datasets", default="datasets", type=click.Path(path_type=Path), help="数据目录。")
@click.option("--publish", default="publish", type=click.Path(path_type=Path), help="已发布的网站目录，其中记录了每项决定首次公示和撤下的日期；不存在时只按数据中的日期核对。")
@click.option("--as-of", type=AsOf(), default=None, help="以哪一天为准核对，默认今天（北京时间）。")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True, help="输出格式。")
@click.option("--output", type=click.Path(path_type=Path), default=None, help="写入文件，默认输出到屏幕。")
def check(datasets: Path, publish: Path, as_of: date | None, fmt: str, output: Path | None) -> None:
    import csv
    import io
    import json

    from . import seen, supervision
    from .workdays import Calendar

    day = as_of or today()
    given = click.get_current_context().get_parameter_source("publish") is not click.core.ParameterSource.DEFAULT
    if given and not publish.is_dir():
        raise BadInput(f"找不到已发布的网站目录“{publish}”；请检查 --publish，或不指定它（只按数据中的日期核对）")
    try:
        # the data as it is today (a report as of an earlier day leaves out what was decided after it)
        report = loader.validate(datasets, max(day, today()))
    except loader.DatasetsMissing:
        raise BadInput(f"找不到数据目录“{datasets}”") from None
    except OSError as e:
        raise BadInput(f"无法读取“{e.filename or datasets}”（{e.strerror}）；请检查目录权限") from None
    if report.errors or report.dataset is None:
        for p in report.errors:
            click.echo(p.format(), err=True)
        raise BadInput(f"数据有 {len(report.errors)} 个错误，无法核对；请先改正（gongshi validate {datasets}）")
    try:
        record = seen.read(publish)
    except seen.UnreadableRecord as e:
        raise BadInput(f"无法读取已发布网站中的公示日期记录（{e}）；请检查 --publish 指定的目录") from None
    calendar = Calendar()
    findings = supervision.check(report.dataset, record, day, calendar)
    if fmt == "json":
        text = json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=1) + "\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=supervision.KEYS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(f.as_dict() for f in findings)
        text = buffer.getvalue()
    else:
        text = "".join(f.format() + "\n" for f in findings)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:  # a CSV file opens in Excel with its Chinese intact only with a byte-order mark
            output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        except OSError as e:
            raise BadInput(f"无法写入“{output}”（{e.strerror}）；请检查目录是否存在、是否有写权限") from None
    if not record.known:
        click.echo(f"提示：{publish} 中没有公示日期记录，只按数据中的公示日期核对。", err=True)
    for year in sorted(calendar.unknown_years):
        click.echo(f"提示：已安装的节假日日历还没有 {year} 年的安排，该年按周一至周五计算工作日，可能相差节假日。", err=True)
    counts = {rule: sum(f.rule == rule for f in findings) for rule in supervision.RULES}
    summary = "，".join(f"{supervision.RULES[rule]} {n} 项" for rule, n in counts.items() if n)
    click.echo(f"发现 {len(findings)} 项问题：{summary}。" if findings else "未发现问题。", err=True)
    sys.exit(1 if findings else 0)


KINDS = click.Choice(["行政处罚", "行政许可"])  # national.KINDS, without importing it for every command


@main.group(help="导出数据供其他系统使用。")
def export() -> None:
    pass


@export.command(help="按国家“双公示”字段导出行政处罚或行政许可决定，供报送信用中国等信用平台。内部使用，不会写入公示网站。")
@click.option("--kind", type=KINDS, required=True, help="行政处罚 或 行政许可。")
@click.option("--datasets", default="datasets", type=click.Path(path_type=Path), help="数据目录。")
@click.option("--publish", default="publish", type=click.Path(path_type=Path), help="已发布的网站目录（读取每项决定的首次公示日期；导出文件不能放在其中）。")
@click.option("--department", default=None, help="只导出这个部门目录的决定，如 shijianju。")
@click.option("--since", type=AsOf(), default=None, help="只导出该日（含）以来新公示、更正、撤销或公示期满的决定，用于增量报送。")
@click.option("--as-of", type=AsOf(), default=None, help="以哪一天为准，默认今天（北京时间）。")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default=None, help="文件格式，默认按 --output 的扩展名。")
@click.option("--include-personal-ids", is_flag=True, help="包含自然人的全名和证件号码、个体工商户经营者（信用平台比对用）；文件仅本人可读。")
@click.option("--output", required=True, type=click.Path(path_type=Path), help="输出文件，如 处罚.csv。")
def shuanggongshi(kind: str, datasets: Path, publish: Path, department: str | None, since: date | None,
                  as_of: date | None, fmt: str | None, include_personal_ids: bool, output: Path) -> None:
    from . import export as exporting
    from . import seen

    fmt = fmt or (output.suffix.lower().lstrip(".") if output.suffix.lower() in (".csv", ".xlsx") else None)
    if fmt is None:
        raise Failure(f"无法从“{output.name}”判断格式；请用 .csv 或 .xlsx 作扩展名，或指定 --format")
    try:
        exporting.check_output(output, publish)
    except exporting.InsidePublished:
        raise Failure(f"导出文件不能放在公示网站目录 {publish} 中（那里的一切都会公开）；请换一个位置") from None
    day = as_of or today()
    try:
        dataset = loader.load(datasets, day, warnings=False)  # errors stop an export; warnings are validate's
        record = seen.read(publish)
        result = exporting.rows(dataset, record, kind, day, since, include_personal_ids, department)
        exporting.write(result, output, fmt, include_personal_ids)
    except loader.DatasetsMissing:
        raise Failure(f"找不到数据目录“{datasets}”") from None
    except loader.DatasetInvalid as e:
        for p in e.report.errors:
            click.echo(p.format(), err=True)
        raise Failure(f"数据有 {len(e.report.errors)} 个错误，未导出；请先改正（gongshi validate {datasets}）") from None
    except seen.UnreadableRecord as e:
        raise Failure(f"无法读取 {publish} 中的公示日期记录（{e}）；请检查 --publish") from None
    except exporting.UnknownDepartment:
        raise Failure(f"没有部门目录“{department}”；请核对 --department") from None
    except OSError as e:
        raise Failure(f"无法写入“{output}”（{e.strerror}）；请检查目录是否存在、是否有写权限") from None
    c = result.counts
    click.echo(
        f"已导出 {len(result.rows)} 条{kind}决定到 {output}：正常 {c['正常']} 条，撤销 {c['撤销']} 条"
        + (f"，删除（公示期满）{c['删除']} 条" if since else "") + "。"
    )
    if not record.known:
        click.echo(f"提示：{publish} 中没有公示日期记录，未填公示日期的决定按今天计；请用 --publish 指定已发布的网站目录。", err=True)
    if include_personal_ids:
        click.echo("注意：文件含自然人全名和证件号码，已设为仅本人可读；只通过内部渠道报送信用平台，不要公开或转发。", err=True)
    else:
        click.echo("提示：未含自然人证件号码（证件号码列为空，姓名已隐去）；报送需要时加 --include-personal-ids。", err=True)


@main.command("import", help="把表格（xlsx、xls 或 csv，国家“双公示”字段或本部门的列名）中的决定追加到部门的决定文件。")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--department", required=True, help="部门目录名，如 shijianju。")
@click.option("--datasets", default="datasets", type=click.Path(path_type=Path), help="数据目录。")
@click.option("--mapping", type=click.Path(path_type=Path), default=None, help="列名映射文件（YAML）：本部门表格的列名对应的双公示字段代码。")
@click.option("--dry-run", is_flag=True, help="只检查，不写入。")
@click.option("--skip-bad", is_flag=True, help="写入没有问题的行，列出有问题的行。")
@click.option("--as-of", type=AsOf(), default=None, help="以哪一天为准检查，默认今天（北京时间）。")
def import_(file: Path, department: str, datasets: Path, mapping: Path | None, dry_run: bool, skip_bad: bool,
            as_of: date | None) -> None:
    from . import importing, spreadsheet

    for path, what in ((file, "表格文件"), (mapping, "映射文件")):
        if path is not None and not path.is_file():
            raise Failure(f"找不到{what}“{path}”；请核对文件名和所在目录")
    try:
        rules = importing.Mapping.read(mapping) if mapping else None
        result = importing.plan(file, datasets, department, as_of or today(), rules, skip_bad)
    except importing.BadMapping as e:
        raise Failure(f"映射文件 {mapping} 有误：{e}") from None
    except spreadsheet.UnknownFormat:
        raise Failure(f"无法读取“{file.name}”：只支持 xlsx、xls、ods 和 csv 文件") from None
    except spreadsheet.Unreadable as e:
        raise Failure(f"无法读取“{file}”（{e}）；请确认它是完好的表格文件") from None
    except importing.ImportError_ as e:
        for problem in e.problems:
            click.echo(f"{file}：{problem}", err=True)
        raise Failure(f"{file} 无法导入，未写入任何内容") from None
    except loader.DatasetsMissing:
        raise Failure(f"找不到数据目录“{datasets}”") from None
    for problem in result.problems:
        click.echo(problem.format(str(file)), err=True)
    for number, doc_no in result.existing:
        click.echo(f"{file} 第 {number} 行：文号“{doc_no}”已在部门数据中，未重复导入。", err=True)
    if result.deleted:
        click.echo(f"{file} 第 {'、'.join(map(str, result.deleted))} 行公示状态为删除，不是要导入的决定，已跳过。", err=True)
    if result.fatal:
        raise Failure(f"表格有 {len(result.errors)} 处错误（{len(result.bad)} 行），其中有不属于某一行的错误，未写入任何内容；请改正后重新导入")
    if result.errors and not skip_bad:
        raise Failure(
            f"{len(result.bad)} 行有错误（共 {len(result.errors)} 处），未写入任何内容；请改正后重新导入，或用 --skip-bad 只导入没有问题的行"
        )
    where = "；".join(f"{path}（{len(rows)} 条）" for path, rows in result.added.items())
    warned = len(result.problems) - len(result.errors)
    notes = f"（另有 {warned} 个警告，见上，请逐一核对）" if warned else ""
    if result.withheld:
        click.echo(
            f"提示：第 {'、'.join(map(str, result.withheld))} 行按规定不公示（简易程序或仅警告的处罚、不予许可），"
            "只计入年度统计，也不会导出报送；确需公示的请填写公示截止期。",
            err=True,
        )
    if not result.count:
        click.echo(f"{file} 中没有要导入的新决定（读到 {result.rows} 行数据），未写入任何内容。{notes}")
        return
    if dry_run:
        click.echo(f"检查完毕（未写入）：可导入 {result.count} 条{result.kind}决定到 {where}。{notes}")
        return
    try:
        importing.write(result)
    except OSError as e:
        raise Failure(f"无法写入“{e.filename}”（{e.strerror}）；请检查权限") from None
    skipped = f"；{len(result.bad)} 行有错误未导入（第 {'、'.join(map(str, result.bad))} 行）" if result.bad else ""
    click.echo(f"已导入 {result.count} 条{result.kind}决定到 {where}{skipped}。{notes}请运行 gongshi validate {datasets} 后构建。")


@main.command(help="生成填写决定用的 Excel 模板：含国家“双公示”字段、下拉选项和填写说明。")
@click.option("--kind", type=KINDS, required=True, help="行政处罚 或 行政许可。")
@click.option("--output", required=True, type=click.Path(path_type=Path), help="输出文件，如 处罚模板.xlsx。")
@click.option("--department", default=None, help="部门目录名：“事项编码”列提供该部门此类事项的下拉选项。")
@click.option("--datasets", default="datasets", type=click.Path(path_type=Path), help="数据目录。")
def template(kind: str, output: Path, department: str | None, datasets: Path) -> None:
    from . import template as templates
    from .yamlfile import Unreadable, read_yaml

    powers = None
    if department is not None:
        path = datasets / department / "powers.yaml"
        try:
            data = read_yaml(path).data
        except Unreadable:
            raise Failure(f"无法读取 {path}；请核对 --department 和 --datasets，并先运行 gongshi validate") from None
        items = data.get("items") if isinstance(data, dict) else None
        powers = {str(p["code"]): str(p.get("name", "")) for p in items or [] if isinstance(p, dict)
                  and p.get("type") == kind and p.get("code")}
        if not powers:
            raise Failure(f"{path} 中没有{kind}类的事项；请核对 --department 和 --kind")
    try:
        templates.write(kind, output, powers)
    except OSError as e:
        raise Failure(f"无法写入“{output}”（{e.strerror}）；请检查目录是否存在、是否有写权限") from None
    click.echo(f"已生成 {output}：填好后用 gongshi import {output} --department 部门目录名 导入。")


def run() -> None:
    """The `gongshi` command: `main`, then out without tearing the interpreter down (os._exit).

    Python frees every object one by one when it exits: after a build of 100,000 decisions, the publication took
    1.4 s of a rebuild's 13.5 s, after the build had finished and said so. Nothing is left to be done then: each
    command has stopped its servers and child processes and removed its temporary folders itself, and the output
    is flushed here. An uncaught exception still goes the ordinary way, with its traceback."""
    try:
        main()
        code: int | str | None = 0
    except SystemExit as stop:
        code = stop.code
    if isinstance(code, str):  # (as sys.exit prints one)
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (gongshi … | head) or stream
            pass
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    run()
