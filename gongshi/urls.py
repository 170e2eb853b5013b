"""Where every record lives on the site — shared by pages, feeds and open data.

URLs are root-relative paths ending in `/` (each is a folder with index.html).
They are derived only from a record's own identifier (文号, 事项编码, 编号), so
a record keeps its URL whatever happens to other records.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urljoin


class UnsafePagePath(Exception):
    """Two records would share a page, or a record's code would put its page outside its folder.

    Here rather than in gongshi.site, so the CLI can catch it without importing Pelican.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)  # both in args, so the error survives a worker process
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


LIST_PATHS = {
    "powers": "powers",
    "inspection_items": "inspection-items",
    "personnel": "personnel",
    "service_guides": "service-guides",
    "flowcharts": "flowcharts",
    "discretion_standards": "discretion-standards",
}


def home() -> str:
    return "/"


def department(dept: str) -> str:
    return f"/{dept}/"


def column(dept: str, list_name: str) -> str:
    return f"/{dept}/{LIST_PATHS[list_name]}/"


def item(dept: str, list_name: str, code: str) -> str:
    return f"/{dept}/{LIST_PATHS[list_name]}/{code}/"


def decisions(dept: str, page: int = 1) -> str:
    return f"/{dept}/decisions/" if page == 1 else f"/{dept}/decisions/page/{page}/"


def decision(dept: str, slug: str) -> str:
    """Also the address of the withdrawal page once a decision is withdrawn."""
    return f"/{dept}/decisions/{slug}/"


def withdrawals(dept: str | None = None) -> str:
    return f"/{dept}/withdrawals/" if dept else "/withdrawals/"


def feeds_page() -> str:
    return "/feeds/"


_SAFE = "/-._~"


def absolute(base_url: str, path: str) -> str:
    """`path` under the site's public address, percent-encoded (文号 slugs are Chinese)."""
    return urljoin(base_url.rstrip("/") + "/", quote(path.lstrip("/"), safe=_SAFE))


class _Quoted(dict):
    """Code point → the character percent-encoded as `absolute` encodes it, computed on first use.

    quote() works byte by byte, so a string's quoting is its characters'
    quotings joined, which str.translate does in C.
    """

    def __missing__(self, code: int) -> str:
        self[code] = quote(chr(code), safe=_SAFE)
        return self[code]


def absolute_under(base_url: str) -> Callable[[str], str]:
    """`absolute` bound to one base URL, for making one address per record (100,000 decisions).

    urljoin costs ~14 µs a call. A record's address is its folder's plus one
    last segment, and urljoin appends such a segment as it is unless a segment
    is empty, "." or ".." (quoting cannot make one), so the folder is joined
    once and the quoted segment appended: the same string, in a tenth of the time.
    """
    folders: dict[str, str | None] = {}  # folder → its address, None where urljoin must resolve dots
    quoted = _Quoted()

    def join(path: str) -> str:
        folder, _, last = path[:-1].rpartition("/")
        if folder not in folders:
            plain = bool(folder.lstrip("/")) and not {".", ".."} & set(folder.split("/"))
            folders[folder] = absolute(base_url, folder + "/") if plain else None
        prefix = folders[folder]
        if prefix is None or not path.endswith("/") or last in ("", ".", ".."):
            return absolute(base_url, path)
        return prefix + last.translate(quoted) + "/"

    return join


def not_found(dept: str | None = None) -> str:
    """The page a server shows for an address that has nothing (a file, not a folder).

    A department has its own, under its folder: an expired decision's old
    address is under the department's, so its 404 can say why such pages go
    and link to the department's columns (`gongshi serve` and the README's
    server configuration pick the department's page by the first segment).
    """
    return f"/{dept}/404.html" if dept else "/404.html"


def file_path(path: str) -> str:
    """The file under the output folder that serves `path` (a folder's index.html, or the file a path names)."""
    if path.endswith(".html"):
        return path.strip("/")
    return path.strip("/") + "/index.html" if path.strip("/") else "index.html"


# ---------------------------------------------------------------- filtered decision lists, site-wide pages
#
# A year or a kind filter is a static folder, so filtering works without
# JavaScript or a query string. Decision slugs always contain "-" (prefix-year-
# number), so neither a bare year nor "kind"/"page" can collide with a record.


def decisions_year(dept: str, year: int, page: int = 1) -> str:
    base = f"/{dept}/decisions/{year}/"
    return base if page == 1 else f"{base}page/{page}/"


def decisions_kind(dept: str, kind: str, page: int = 1) -> str:
    base = f"/{dept}/decisions/kind/{kind}/"
    return base if page == 1 else f"{base}page/{page}/"


def party(uscc: str) -> str:
    """A company's page: every published decision about it, of every department (a 统一社会信用代码 is 18
    letters and digits, so it can collide neither with the letters of the index nor with "page")."""
    return f"/parties/{uscc}/"


def parties(letter: str | None = None, page: int = 1) -> str:
    """The company index (no letter), or the companies under one initial (# for a name without a pinyin letter)."""
    if letter is None:
        return "/parties/"
    base = f"/parties/{'other' if letter == '#' else letter.lower()}/"
    return base if page == 1 else f"{base}page/{page}/"


def department_parties(dept: str, page: int = 1) -> str:
    """The companies a department's published decisions name."""
    base = f"/{dept}/parties/"
    return base if page == 1 else f"{base}page/{page}/"


def search() -> str:
    """The site search page (Pagefind); its index is under /pagefind/."""
    return "/search/"


def certificates() -> str:
    """Site-wide index of enforcement-certificate numbers, for checking an officer."""
    return "/certificates/"


def timeliness() -> str:
    """How promptly each department published its decisions and took withdrawn ones down."""
    return "/timeliness/"


def statistics(year: int | None = None, dept: str | None = None) -> str:
    """The annual statistics: the years (no year), a year's region-wide report, or one department's."""
    if year is None:
        return f"/{dept}/statistics/" if dept else "/statistics/"
    return f"/{dept}/statistics/{year}/" if dept else f"/statistics/{year}/"


def dictionary() -> str:
    """The data dictionary generated from the data standard."""
    return "/dictionary/"


def schema(name: str) -> str:
    """A JSON Schema file of the standard (a file, not a folder)."""
    return f"/schemas/{name}.json"


def page(slug: str) -> str:
    """A Markdown content page (关于本站, 开放数据说明 …)."""
    return f"/{slug}/"


# Top-level folders used by site-wide pages and the other renderers; a
# department slug equal to one of them would overwrite or be overwritten.
RESERVED_SLUGS = frozenset(
    {
        "withdrawals",
        "parties",
        "search",
        "pagefind",
        "feeds",
        "data",
        "schemas",
        "dictionary",
        "certificates",
        "timeliness",
        "statistics",
        "theme",
        "about",
        "open-data",
        "editors-guide",
        "accessibility",
    }
)


# ---------------------------------------------------------------- feeds (files, not folders)
#
# Department feeds live under /feeds/departments/<slug>/ so that no department
# slug can collide with the site-wide feeds or their archive folder.

FEED_EXTENSIONS = ("atom", "rss")


def feed(name: str, dept: str | None = None, fmt: str = "atom") -> str:
    """A subscription document: name is decisions, withdrawals or revisions; fmt atom or rss."""
    base = f"/feeds/departments/{dept}/" if dept else "/feeds/"
    return f"{base}{name}.{fmt}"


def feed_archive(name: str, dept: str | None, page: str) -> str:
    """An RFC 5005 archive document of an Atom feed; page is "2024-03" or "2024-03-2"."""
    base = f"/feeds/departments/{dept}/" if dept else "/feeds/"
    return f"{base}archive/{name}/{page}.atom"


# ---------------------------------------------------------------- open data (files, not folders)


def data_file(name: str) -> str:
    """A bulk download beside the database: gongshi.db, decisions.csv, decisions.jsonl …"""
    return f"/data/{name}"
