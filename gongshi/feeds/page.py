"""The feeds page (/feeds/): every feed listed for people, how to poll them, what the categories mean.

The site generator does not know the feeds, so this module writes the page.
When the theme has `feeds.html` (which extends the theme's base.html), the
page is rendered through it with the same globals and filters as every site
page, so it has the site's header, navigation and styles. Without the theme
(a renderer test, or a project without the site) a plain, self-contained page
says the same thing: the content is one template, BODY, in both cases.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import urls
from ..publicity import Publication

THEME_TEMPLATE = "feeds.html"
TITLE = "订阅源"

# The category schemes entries use; each id is the fragment of its scheme URI.
SCHEMES = [
    ("category-type", "条目类型", "decision（执法决定）、withdrawal（撤回公告）或 revision（清单调整）。"),
    ("category-kind", "执法类别", "行政许可、行政处罚、行政强制、行政检查或行政征收征用。"),
    ("category-department", "执法主体", "执法主体的网址标识（如 shijianju），标签为执法主体名称。"),
    (
        "category-list",
        "清单",
        "清单调整涉及的清单：powers（权力清单）、inspection_items（随机抽查事项清单）、personnel（执法人员清单）、"
        "service_guides（服务指南）、flowcharts（流程图）、discretion_standards（裁量基准）或 department（执法主体信息）。",
    ),
]

BODY = """\
<h1>{{ title }}</h1>
<p class="lead">本站以 Atom 和 RSS 2.0 两种格式提供订阅源，内容与网页和开放数据一致，只包含已公示的信息。
RSS 订阅源包含最近两个月的条目，适合用阅读器关注更新；Atom 订阅源另有按月归档的完整历史和删除标记，供省级平台等系统抓取。</p>
<div class="table-wrap" role="region" aria-labelledby="feeds-table" tabindex="0">
<table>
<caption id="feeds-table">订阅源一览（共 {{ groups|length }} 组，每个订阅源都有 Atom 和 RSS 两种格式）</caption>
<thead><tr><th scope="col">范围</th>{% for f in groups[0].feeds %}<th scope="col">{{ f.title }}</th>{% endfor %}</tr></thead>
<tbody>
{% for group in groups %}
<tr><th scope="row">{{ group.title }}</th>
{% for f in group.feeds %}
<td><a href="{{ f.atom }}">Atom</a>　<a href="{{ f.rss }}">RSS</a></td>
{% endfor %}
</tr>
{% endfor %}
</tbody>
</table>
</div>
<h2 id="polling">系统抓取说明</h2>
<ul>
<li>建议每 15 分钟抓取一次订阅源，并使用条件请求（If-None-Match、If-Modified-Since）：内容没有变化时，文件逐字节不变，服务器返回 304。</li>
<li>执法决定被撤回时，订阅源撤下原条目，发布撤回公告，Atom 订阅源另以删除标记（RFC 6721 at:deleted-entry）写明原条目标识、撤回日期和原因；公示期满或被删除的决定同样以删除标记告知。收到删除标记后应在 1 日内撤下对应信息。</li>
<li>Atom 订阅源按 RFC 5005 归档：当前文档包含最近两个月的条目，更早的条目按月归档，每月按日期分为 1—10 日、11—20 日、21 日至月末三个归档文档，条目所在的文档只取决于它自己的日期，不会因其他条目的增删而移动。离线一段时间后，沿 prev-archive 链接向前读取，直到遇到已经读过的归档文档为止，即可补齐，不遗漏、不重复。</li>
<li>条目标识（id）是永久不变的 tag: 网址；published 为首次公示日期，updated 为最近一次变更的日期，均为北京时间（+08:00）。同一条目出现多次时，以 updated 最新的为准。</li>
<li>条目摘要每行一项，格式为“字段名称：内容”，字段名称与<a href="{{ dictionary }}">数据字典</a>一致。</li>
</ul>
<h2 id="categories">条目分类</h2>
<p>每个条目带有以下分类（category），分类方案的网址指向本页对应的说明。</p>
<dl class="summary">
{% for id, term, text in schemes %}
<div><dt id="{{ id }}">{{ term }}</dt><dd>{{ text }}</dd></div>
{% endfor %}
</dl>
"""

STANDALONE = """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} - {{ site_title }}</title>
{% for link in feed_links %}
<link rel="alternate" type="{{ link.type }}" title="{{ link.title }}" href="{{ link.href }}">
{% endfor %}
<style>
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 1.0625rem; line-height: 1.7;
       color: #1b1b1b; background: #fff; margin: 0 auto; padding: 0 1rem; max-width: 72rem; }
a { color: #0b4f9c; }
a:focus-visible, [tabindex]:focus-visible { outline: 3px solid #1b1b1b; background: #ffdd00; }
.table-wrap { max-width: 100%; overflow-x: auto; margin: 0 0 1.5rem; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .25rem 0 .5rem; }
th, td { border: 1px solid #8c8f91; padding: .4rem .6rem; text-align: left; vertical-align: top; }
.summary dt { font-weight: bold; } .summary dd { margin: 0 0 .75rem; }
</style>
</head>
<body>
<a href="#main">跳到主要内容</a>
<header><p><a href="/">{{ site_title }}</a></p></header>
<main id="main">
{{ body }}
</main>
</body>
</html>
"""


def render(publication: Publication, config: object, groups: list[dict], feed_links: list[dict]) -> bytes:
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    ctx = {
        "title": TITLE,
        "site_title": publication.region.get("site_title", ""),
        "groups": groups,
        "schemes": SCHEMES,
        "dictionary": urls.dictionary(),
        "feed_links": feed_links,
    }
    body = Markup(env.from_string(BODY).render(ctx))
    html = _themed(publication, config, ctx, body)
    if html is None:
        html = env.from_string(STANDALONE).render(ctx, body=body)
    return html.encode("utf-8")


def _themed(publication: Publication, config: object, ctx: dict, body: Markup) -> str | None:
    project = getattr(config, "project", None)
    templates = Path(project) / "themes" / "gongshi" / "templates" if project else None
    if templates is None or not (templates / THEME_TEMPLATE).is_file():
        return None
    from ..site.formatting import FILTERS
    from ..site.plugin import site_globals

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.globals.update(site_globals(_pelican_settings(Path(project)), publication))
    return env.get_template(THEME_TEMPLATE).render(
        ctx,
        body=body,
        page_kind="page",
        current_path=urls.feeds_page(),
        crumbs=[{"title": "首页", "href": urls.home()}, {"title": TITLE, "href": None}],
    )


def _pelican_settings(project: Path) -> dict:
    """pelicanconf.py as the site reads it: the footer shows its licence and addresses."""
    path = project / "pelicanconf.py"
    if not path.is_file():
        return {}
    from pelican.settings import read_settings

    return read_settings(str(path))
