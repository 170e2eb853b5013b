"""Atom and RSS documents with feedgen, made reproducible.

feedgen stamps a feed and every entry with the current time unless told
otherwise, names itself and its version as generator, and prepends entries;
each of those would make two builds of the same data differ, so every one is
set explicitly here. feedgen knows neither RFC 6721 tombstones nor RFC 5005's
`fh:archive`: a feed extension adds both to the Atom document. RSS has no
tombstones; there a withdrawal is the notice item alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .records import Entry, Item, Tombstone

AT = "http://purl.org/atompub/tombstones/1.0"
FH = "http://purl.org/syndication/history/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANG = "zh-CN"
ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"


@dataclass(slots=True)
class Meta:
    """What a document says about itself."""

    feed_id: str
    title: str
    subtitle: str
    author: str
    alternate: str  # the HTML page the feed mirrors (absolute URL)
    self_href: str
    updated: datetime
    links: list[tuple[str, str]]  # (rel, absolute href): current, prev-archive, next-archive
    archive: bool = False


class _History(BaseExtension):
    """Adds `fh:archive` and `at:deleted-entry` elements to an Atom feed."""

    def __init__(self) -> None:
        self.archive = False
        self.tombstones: list[Tombstone] = []

    def extend_ns(self) -> dict[str, str]:
        return {"at": AT, "fh": FH} if (self.archive or self.tombstones) else {}

    def extend_atom(self, feed: etree._Element) -> etree._Element:
        if self.archive:
            etree.SubElement(feed, f"{{{FH}}}archive")
        for t in self.tombstones:
            el = etree.SubElement(feed, f"{{{AT}}}deleted-entry", ref=t.ref, when=t.when.isoformat())
            by = etree.SubElement(el, f"{{{AT}}}by")
            etree.SubElement(by, "name").text = t.by  # unprefixed: inherits the feed's Atom namespace
            comment = etree.SubElement(el, f"{{{AT}}}comment")
            comment.set(XML_LANG, LANG)
            comment.text = t.comment
            # no atom:link inside: feedparser would mistake it for a link of the feed itself;
            # the withdrawal notice entry links the page
        return feed


def _generator(meta: Meta) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(meta.feed_id)
    fg.title(meta.title)
    fg.subtitle(meta.subtitle)
    fg.description(meta.subtitle)
    fg.author(name=meta.author)
    fg.language(LANG)
    fg.generator("gongshi")
    fg.updated(meta.updated)  # also RSS lastBuildDate; never left to feedgen's "now"
    return fg


def _entry(fg: FeedGenerator, e: Entry) -> None:
    fe = fg.add_entry(order="append")
    fe.id(e.id)
    fe.title(e.title)
    fe.updated(e.updated)
    fe.published(e.published)
    fe.author(name=e.author)
    fe.link(href=e.link, rel="alternate", type="text/html")
    fe.summary(e.summary)
    fe.category([dict(c) for c in e.categories])


def atom(meta: Meta, items: list[Item]) -> bytes:
    fg = _generator(meta)
    fg.register_extension("history", _History, None, atom=True, rss=False)
    fg.history.archive = meta.archive
    fg.history.tombstones = [i for i in items if isinstance(i, Tombstone)]
    fg.link(href=meta.self_href, rel="self", type=ATOM_TYPE)
    for rel, href in meta.links:
        fg.link(href=href, rel=rel, type=ATOM_TYPE)
    fg.link(href=meta.alternate, rel="alternate", type="text/html")
    for e in items:
        if isinstance(e, Entry):
            _entry(fg, e)
    return fg.atom_str(pretty=True)


def rss(meta: Meta, items: list[Item]) -> bytes:
    fg = _generator(meta)
    fg.link(href=meta.self_href, rel="self", type=RSS_TYPE)
    fg.link(href=meta.alternate, rel="alternate", type="text/html")  # the last link is RSS's <link>
    for e in items:
        if isinstance(e, Entry):
            _entry(fg, e)
    return fg.rss_str(pretty=True)
