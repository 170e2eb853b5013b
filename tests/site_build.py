"""Build the site of the 泸州市 demo region once per test module (for test_site*.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gongshi import publicity, site
from gongshi.build import PROJECT, BuildConfig
from gongshi.load import Dataset, load
from gongshi.reuse import RenderJob

DEMO = PROJECT / "datasets"
AS_OF = date(2026, 11, 26)


@dataclass
class BuiltSite:
    root: Path
    dataset: Dataset
    publication: publicity.Publication
    files: int

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def page(self, path: str) -> Path:
        """The file serving a site path (root-relative, unencoded)."""
        from gongshi import urls

        return self.root / urls.file_path(path)

    def read(self, path: str) -> str:
        return self.page(path).read_text(encoding="utf-8")


def build_site(out: Path, datasets: Path = DEMO, as_of: date = AS_OF) -> BuiltSite:
    dataset = load(datasets, as_of)
    publication = publicity.decide(dataset, as_of)
    files = site.render(RenderJob(publication, out, BuildConfig(datasets, out, as_of))).files
    return BuiltSite(out, dataset, publication, files)
