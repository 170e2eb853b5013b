"""Pelican settings for the gongshi site.

`gongshi build` reads this file and overrides OUTPUT_PATH, SITENAME and the
publication to render (see gongshi/site/__init__.py); Pelican itself only
renders the Markdown pages in content/ and copies the theme's static files,
while the datasets plugin renders every disclosure page.

Everything that would make two builds differ (feeds with a build timestamp,
archives, caches) is switched off: feeds are made by gongshi.feeds from the
data's own dates.
"""

SITENAME = "行政执法公示平台"  # replaced by region.yaml's site_title at build time
SITEURL = ""  # pages link root-relative (gongshi/urls.py)
RELATIVE_URLS = False

PATH = "content"
THEME = "themes/gongshi"
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
STATIC_PATHS: list[str] = []

DEFAULT_LANG = "zh-CN"
TIMEZONE = "Asia/Shanghai"
DEFAULT_DATE = None

# content/*.md are pages (关于本站 …); there are no blog articles.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS = [""]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DIRECT_TEMPLATES: list[str] = []
PAGINATED_TEMPLATES: dict = {}
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
TAGS_SAVE_AS = ""
TAG_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
INDEX_SAVE_AS = ""

# No Pelican feeds: they carry the build time. gongshi.feeds writes /feeds/.
FEED_DOMAIN = None
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# Nothing outside the output folder: no cache, no deletion (the build renders
# into a fresh folder and swaps it in whole).
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_SOURCES = False

# Templates escape by default: every value comes from editors' YAML.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

PLUGINS = ["gongshi.site.plugin"]

# gongshi settings (read by gongshi.site)
GONGSHI_DECISIONS_PER_PAGE = 25
GONGSHI_LATEST_DECISIONS = 10
GONGSHI_LATEST_WITHDRAWALS = 10
# Where the Datasette API over /data/gongshi.db is served; shown on 开放数据说明.
GONGSHI_DATASETTE_URL = "/api/"
GONGSHI_LICENCE = "知识共享署名 4.0 国际许可协议（CC BY 4.0）"
GONGSHI_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"

# Markdown for content/: tables and attribute lists, no syntax highlighting.
MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.meta": {}},
    "output_format": "html5",
}

# Processes that render the record pages (0 = one for a small region, both
# cores from 5,000 decisions). One by default: the build runs the site beside
# the feeds and open data on the 2-core VM, and the page folders and files
# (~0.05-0.1 ms each in the kernel; several times that while ext4, which has
# no journal there, skips inodes freed in the last minutes, e.g. by deleting
# a previous build) do not run in parallel. The output is the same either way.
GONGSHI_SITE_WORKERS = 1
