"""Atom and RSS feeds for the provincial platform and for people.

Feeds (site-wide and per department, each as Atom and RSS 2.0):
- decisions: every published decision, plus withdrawal notices, plus (Atom
  only) an RFC 6721 tombstone for each decision that was withdrawn, expired or
  deleted; RSS has no tombstones, so there a withdrawal is its notice item;
- withdrawals: the withdrawal notices;
- revisions: changes to a department's lists (powers, inspection items,
  officers, guides, flowcharts, discretion standards, the profile): the
  revisions each list's header declares, and items added, changed or removed
  as detected between builds; and each year's annual report (annual.py), from
  1 January, updated when it becomes final.

Machines can trust them because:
- entry ids are tag: URIs built from the department and the 文号 (or list and
  code) with a date taken from the record; the host (from base_url) is kept in
  the ledger once minted, so an id never changes, not even when the site moves
  (a local preview address is never kept);
- `published` is the data's 公示日期 (or the revision's date); `updated` is
  when the entry was placed in the feeds (ledger.py); neither ever comes from
  the build's clock, and every datetime is Asia/Shanghai (+08:00);
- the Atom feeds are RFC 5005 archived feeds (paging.py): nothing is missed
  or duplicated by a consumer that catches up after being offline;
- a rebuild with the same data and the same ledger writes byte-identical
  files, and a file whose bytes did not change keeps its previous
  modification time, so ETag and Last-Modified stay put.

The ledger (ledger.json beside the feeds) is read from the live publish
folder (`config.output / "feeds"`) before the new build is swapped in, and
written into the new build. Keeping it in publish/ needs no extra setting and
survives the atomic swap; the price is that deleting publish/ forgets it. A
build without a ledger is a first build: placements then come from the data's
dates alone, no list changes are detected, and expired decisions get no
tombstone (their entries carry 公示截止期). The ledger holds only public
identifiers, labels, dates and hashes, so publishing it is harmless and lets
anyone audit when an entry appeared. The alternatives were worse: committing
it beside the datasets would make the build write into its own input, and a
separate path would be one more setting to lose on a new machine; a
deployment that must survive losing publish/ can back up that one file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .. import collector, urls
from ..publicity import Publication
from ..reuse import Rendered, RenderJob
from . import paging, writer
from .ledger import stamp
from .records import Entry, Item, Site

SUBTITLES = {
    "decisions": "行政执法决定公示；撤回的决定以撤回公告和删除标记（RFC 6721）告知。",
    "withdrawals": "被撤销、确认违法或无效、变更或要求重新作出的执法决定的撤回公告。",
    "revisions": "权力清单、随机抽查事项清单、执法人员清单、服务指南、流程图、裁量基准和执法主体信息的调整，以及每年公布的年度执法数据。",
}
FEED_ID_DATE = 2019  # tag date of feed ids: fixed, the year of 川办发〔2019〕34号


class MissingBaseUrl(Exception):
    """Feeds need absolute links and a host for their ids: region.yaml has no base_url and none was given."""


@dataclass(slots=True)
class Feed:
    name: str
    dept: str | None
    title: str
    author: str
    alternate: str  # site path
    items: list[Item]


def render(job: RenderJob) -> Rendered:
    """Write every feed and the ledger into `job.out` (the feeds page, /feeds/, is the site's).

    Department by department (incremental.py): the departments the job may
    reuse, and whose results the cache holds, are not computed again, and
    documents that cannot have changed are linked from the live folder; the
    files written are the same, byte for byte, as when every department is
    computed (a forced build).
    """
    from . import incremental

    with collector.paused():
        return incremental.render(job)


def _alternate(name: str, dept: str | None) -> str:
    if name == "withdrawals":
        return urls.withdrawals(dept)
    if dept is None:
        return urls.home()
    return urls.decisions(dept) if name == "decisions" else urls.department(dept)


class _Paged:
    """One feed split into its documents, with what its documents say about themselves.

    `split` and `updated` may be given when the feed's items are not all at
    hand (the site-wide feeds are assembled archive page by archive page).
    """

    def __init__(
        self,
        feed: Feed,
        publication: Publication,
        site: Site,
        split: tuple[paging.Document, list[paging.Document]] | None = None,
        updated: datetime | None = None,
    ) -> None:
        self.feed = feed
        self.site = site
        self.current, self.archives = split if split is not None else paging.split(feed.items, publication.as_of)
        self.updated = updated or _newest(feed.items) or stamp(_fallback_date(publication, feed.dept))
        self.subscription = urls.feed(feed.name, feed.dept, "atom")
        self.rss = urls.feed(feed.name, feed.dept, "rss")
        self.archive_paths = [urls.feed_archive(feed.name, feed.dept, doc.page or "") for doc in self.archives]
        self.feed_id = site.tag(FEED_ID_DATE, f"{feed.dept}/feeds/{feed.name}" if feed.dept else f"feeds/{feed.name}")
        self.alternate = site.url(feed.alternate)

    def meta(
        self, path: str, doc_updated: datetime, links: list[tuple[str, str]], archive: bool = False
    ) -> writer.Meta:
        subtitle = SUBTITLES[self.feed.name]
        if path.endswith(".rss"):
            subtitle += f"完整历史与删除标记见 Atom 版本：{self.site.url(self.subscription)}"
        return writer.Meta(
            feed_id=self.feed_id,
            title=self.feed.title,
            subtitle=subtitle,
            author=self.feed.author,
            alternate=self.alternate,
            self_href=self.site.url(path),
            updated=doc_updated,
            links=[(rel, self.site.url(href)) for rel, href in links],
            archive=archive,
        )

    def archive_links(self, n: int) -> list[tuple[str, str]]:
        links = [("current", self.subscription)]
        if n > 0:
            links.append(("prev-archive", self.archive_paths[n - 1]))
        if n + 1 < len(self.archives):
            links.append(("next-archive", self.archive_paths[n + 1]))
        return links

    def archive_meta(self, n: int) -> writer.Meta:
        """Archive document `n`'s meta; its items must be in `self.archives[n]`."""
        doc_updated = _newest(self.archives[n].items) or self.updated
        return self.meta(self.archive_paths[n], doc_updated, self.archive_links(n), archive=True)

    def current_links(self) -> list[tuple[str, str]]:
        return [("prev-archive", self.archive_paths[-1])] if self.archive_paths else []

    def current_meta(self, kind: str) -> writer.Meta:
        if kind == "atom":
            return self.meta(self.subscription, self.updated, self.current_links())
        return self.meta(self.rss, self.updated, [])


def _newest(items: list[Item]) -> datetime | None:
    return max((i.sort_key[0] for i in items), default=None)


def _fallback_date(publication: Publication, dept: str | None) -> date:
    """An empty feed's `updated`: the department profile's (or the newest profile's) revision date."""
    dates = [d.profile.get("revised") for d in publication.departments if dept is None or d.slug == dept]
    dates = [d for d in dates if d]
    return max(dates) if dates else publication.as_of


def _rel(path: str) -> str:
    """A /feeds/… address as a path inside the feeds output folder."""
    prefix = urls.feeds_page()
    assert path.startswith(prefix), path
    return path[len(prefix) :]


__all__ = ["Entry", "MissingBaseUrl", "render"]
