"""Atom and RSS documents with feedgen, made reproducible.

feedgen stamps a feed and every entry with the current time unless told
otherwise, names itself and its version as generator, and prepends entries;
each of those would make two builds of the same data differ, so every one is
set explicitly here. feedgen knows neither RFC 6721 tombstones nor RFC 5005's
`fh:archive`: a feed extension adds both to the Atom document. RSS has no
tombstones; there a withdrawal is the notice item alone.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from feedgen.entry import FeedEntry
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
        self.declare = False  # declare the namespaces although no tombstone follows (see `shell`)

    def extend_ns(self) -> dict[str, str]:
        return {"at": AT, "fh": FH} if (self.archive or self.tombstones or self.declare) else {}

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


class _SharedEntry(FeedEntry):
    """A feedgen entry made once per Entry and placed in every document that holds it.

    An entry appears in two documents its department's feed renders (Atom
    and RSS; the site-wide documents are assembled from their fragments),
    and a large region has hundreds of thousands. feedgen builds
    the entry's XML element anew for each document; here it is built once and
    moved: appending an lxml element to the next document takes it out of the
    previous one, which is already serialised by then. Serialisation (and so
    pretty-printing) never changes the element, so every document's bytes are
    those feedgen writes for a fresh entry.
    """

    def __init__(self) -> None:
        super().__init__()
        self._atom: etree._Element | None = None
        self._rss: etree._Element | None = None

    def atom_entry(self, extensions: bool = True) -> etree._Element:
        if self._atom is None:
            self._atom = super().atom_entry(extensions)
        return self._atom

    def rss_entry(self, extensions: bool = True) -> etree._Element:
        if self._rss is None:
            element = super().rss_entry(extensions)
            description = element.find("description")
            if description is not None and description.text:
                # A reader takes an RSS description as HTML: the data's text goes in escaped, so a "<script>"
                # typed by an editor shows as those characters and never becomes markup; lines stay lines.
                description.text = html.escape(description.text, quote=False).replace("\n", "<br />\n")
            self._rss = element
        return self._rss


class Entries:
    """The feedgen entries made so far, by Entry; `clear()` once no document still to write needs them.

    Holding every entry's element for the whole build would hold the whole
    feed history in memory; the caller writes the documents that share
    entries (a department's feed) together and then clears.
    """

    def __init__(self) -> None:
        self._made: dict[int, tuple[Entry, _SharedEntry]] = {}

    def get(self, e: Entry) -> _SharedEntry:
        found = self._made.get(id(e))
        if found is not None and found[0] is e:
            return found[1]
        fe = _SharedEntry()
        fe.id(e.id)
        fe.title(e.title)
        fe.updated(e.updated)
        fe.published(e.published)
        fe.author(name=e.author)
        fe.link(href=e.link, rel="alternate", type="text/html")
        fe.summary(e.summary)
        fe.category([dict(c) for c in e.categories])
        self._made[id(e)] = (e, fe)  # the Entry is kept so its id() is not reused while cached
        return fe

    def clear(self) -> None:
        self._made.clear()


def atom(meta: Meta, items: list[Item], entries: Entries | None = None, declare: bool = False) -> bytes:
    entries = entries if entries is not None else Entries()
    fg = _generator(meta)
    fg.register_extension("history", _History, None, atom=True, rss=False)
    fg.history.archive = meta.archive
    fg.history.declare = declare
    fg.history.tombstones = [i for i in items if isinstance(i, Tombstone)]
    fg.link(href=meta.self_href, rel="self", type=ATOM_TYPE)
    for rel, href in meta.links:
        fg.link(href=href, rel=rel, type=ATOM_TYPE)
    fg.link(href=meta.alternate, rel="alternate", type="text/html")
    fg.entry([entries.get(e) for e in items if isinstance(e, Entry)])  # in order, like add_entry(order="append")
    return fg.atom_str(pretty=True)


def rss(meta: Meta, items: list[Item], entries: Entries | None = None) -> bytes:
    entries = entries if entries is not None else Entries()
    fg = _generator(meta)
    fg.link(href=meta.self_href, rel="self", type=RSS_TYPE)
    fg.link(href=meta.alternate, rel="alternate", type="text/html")  # the last link is RSS's <link>
    fg.entry([entries.get(e) for e in items if isinstance(e, Entry)])
    return fg.rss_str(pretty=True)


# ---------------------------------------------------------------- documents as shell + fragments
#
# A document is its shell (what it says about itself) with one fragment per
# item spliced in before the closing tags: in Atom the tombstones, then the
# entries, each in item order; in RSS the entries. An item's fragment is the
# same bytes in every document that holds it (the same element at the same
# depth, pretty-printed the same way, under the same namespace declarations),
# so a document that combines other documents' items (the site-wide feeds)
# can be assembled from their fragments without feedgen re-making a single
# entry. `split` cuts a document rendered by feedgen into its fragments and
# `assemble` puts them back; the incremental renderer checks that the two
# agree with feedgen's own output before relying on them (see incremental.py).

_ATOM_END = b"</feed>\n"
_RSS_END = b"  </channel>\n</rss>\n"
_ATOM_START = re.compile(rb"^  <(?:entry>$|at:deleted-entry )", re.M)  # text is escaped: no "<" in it
_RSS_START = re.compile(rb"^    <item>$", re.M)


def shell(kind: str, meta: Meta, tombstones: bool) -> tuple[bytes, bytes]:
    """(head, tail) of a document with this meta and no items; `tombstones`: Atom with at:deleted-entry in it."""
    if kind == "atom":
        data = atom(meta, [], declare=tombstones)
        end = _ATOM_END
    else:
        data = rss(meta, [])
        end = _RSS_END
    if not data.endswith(end):
        raise ValueError(f"unexpected end of an empty {kind} document")
    return data[: -len(end)], end


def split(kind: str, data: bytes, count: int) -> tuple[int, list[tuple[int, int]]]:
    """(length of the head, [(offset, length)] of each item's fragment) of a document of `count` items."""
    end = _ATOM_END if kind == "atom" else _RSS_END
    pattern = _ATOM_START if kind == "atom" else _RSS_START
    if not data.endswith(end):
        raise ValueError(f"unexpected end of a {kind} document")
    stop = len(data) - len(end)
    starts = [m.start() for m in pattern.finditer(data, 0, stop)]
    if len(starts) != count:
        raise ValueError(f"{len(starts)} fragments in a {kind} document of {count} items")
    bounds = [*starts, stop]
    return (starts[0] if starts else stop), [(a, b - a) for a, b in zip(bounds, bounds[1:], strict=False)]


def assemble(head: bytes, fragments: list[bytes], tail: bytes) -> bytes:
    return head + b"".join(fragments) + tail
