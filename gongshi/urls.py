"""Where every record lives on the site — shared by pages, feeds and open data.

URLs are root-relative paths ending in `/` (each is a folder with index.html).
They are derived only from a record's own identifier (文号, 事项编码, 编号), so
a record keeps its URL whatever happens to other records.
"""

from __future__ import annotations

from urllib.parse import quote, urljoin

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


def absolute(base_url: str, path: str) -> str:
    """`path` under the site's public address, percent-encoded (文号 slugs are Chinese)."""
    return urljoin(base_url.rstrip("/") + "/", quote(path.lstrip("/"), safe="/-._~"))


def file_path(path: str) -> str:
    """The file under the output folder that serves `path`."""
    return path.strip("/") + "/index.html" if path.strip("/") else "index.html"
