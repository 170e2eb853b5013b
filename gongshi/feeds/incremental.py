"""The feeds rendered department by department, reusing what the previous build made.

The feeds are a function of (publication, previous ledger, as_of, base_url),
and nearly all of it splits by department: a department's entries, its share
of the ledger and its own documents depend only on its PublicDepartment, its
share of the previous ledger and a few globals. So each department is a
*unit*, computed alone (records.py on a one-department Publication and a
Ledger holding only its share) or taken whole from the cache:

- a unit's result is memoised under a hash of everything it depends on (its
  Keys entry, the hash of its share of the previous ledger, `common`, as_of,
  the previous ledger's as_of, the authority, base_url). The one ledger value
  shared across departments, the next event number of a day
  (`Ledger.event_seq`), is read only when a list change is detected; the memo
  records which days it read and with what answer, and is used only if the
  answers are the same now.
- after computing a unit from share P, the memo is also stored under the key
  the next build will look for: the share it wrote (P'). That is exact
  because a ledger share is a fixed point on the same as_of: with P' as the
  previous share every entry keeps its placement (same hash), every removal
  is kept and none is new, every list equals its recorded hashes so no event
  is detected, and the authority is the pinned one, so the items and the
  share made from P' are those made from P (only the order of items with
  distinct sort keys may differ, which the paged documents do not show).
- a department's own documents are rendered with feedgen from its items; a
  reused department's documents are hard-linked from the live folder when the
  previous build recorded the same document key (the hash of its bytes) for
  a file that is still the very file it wrote (inode, size, mtime).
- the site-wide documents combine every unit's items. Each Atom or RSS
  document is a shell plus one fragment per item (writer.split), and an
  item's fragment is the same bytes in the department's document and in the
  site-wide one, so site-wide documents are assembled from the fragments in
  the departments' documents, by archive page: a site-wide page is keyed by
  the identities of every unit's share of that page (the keys of its
  documents and its items' sort keys), and is only assembled again when one
  of them changed. The shell of a document (all but its items' fragments) is
  checked against feedgen's own output for every kind of document once per
  process, and a build stops when it does not hold (pyproject.toml pins
  feedgen and lxml as tested).
- the ledger is written from each unit's rows (ledger.Rows), which do not
  overlap since every key starts with the department's slug.

A clean build runs the same code with every unit computed. When a warm
render finds something it cannot vouch for (a cached share missing, a live
file that no longer holds the fragment it should) it renders again with
every unit computed.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from .. import files
from ..cache import Store
from ..publicity import Publication, PublicDepartment
from ..reuse import Keys, Rendered, RenderJob
from ..subscriptions import NAMES, TITLES
from . import Feed, MissingBaseUrl, _alternate, _fallback_date, _Paged, _rel, paging, records, revisions, writer
from . import ledger as ledger_mod
from .ledger import DICT_SECTIONS, Ledger, Rows, open_start, stamp
from .records import Entry, Item, Site
from .shares import (
    Group,
    Manifest,
    Memo,
    Share,
    Slim,
    Unusable,
    empty_share,
    group_of,
    item_key,
    key_of,
    locations,
    newest_of,
    nonempty,
    partition,
    rows_hash,
    slims,
)

FORMAT = "gongshi-feeds-cache-5"


class _Miss(Exception):
    """Something the warm path needs is not in the cache: every unit is computed instead."""


# ---------------------------------------------------------------- the render


class _Context:
    def __init__(self, publication: Publication, out: Path, previous: Path | None, config: object, keys: Keys) -> None:
        self.publication = publication
        self.as_of = publication.as_of
        self.out = out
        self.previous = previous
        self.config = config
        self.keys = keys
        self.w = files.Writer(out, previous)
        self.doc_keys: dict[str, str] = {}  # every file written, with its key
        self.scratch: dict[str, bytes] = {}
        self.manifest: Manifest | None = None
        self._live: dict[str, os.stat_result | None] = {}

    # -- writing and linking

    def write(self, rel: str, data: bytes, key: str | None = None) -> None:
        self.w.write(rel, data)
        self.doc_keys[rel] = key or hashlib.sha256(data).hexdigest()[:40]

    def linkable(self, rel: str, key: str) -> bool:
        """The live file `rel` is the one the previous build wrote with this key."""
        m = self.manifest
        if m is None or self.previous is None:
            return False
        rec = m.docs.get(rel)
        if rec is None or rec[0] != key:
            return False
        if rel not in self._live:
            try:
                self._live[rel] = os.stat(os.path.join(self.previous, rel))
            except OSError:
                self._live[rel] = None
        st = self._live[rel]
        return st is not None and stat.S_ISREG(st.st_mode) and (st.st_ino, st.st_size, st.st_mtime_ns) == rec[1:]

    def link(self, rel: str, key: str) -> None:
        """Take the live file over: a hard link keeps its bytes and modification time."""
        self.w.link(rel)
        self.doc_keys[rel] = key

    def fragment(self, loc: tuple[str, int, int], files: dict[str, bytes]) -> bytes:
        """An entry's bytes, cut from its department's document; `files` holds the documents read for the
        site-wide document being assembled. A department's document goes into that one only, so none is kept
        beyond it (all of them held at once were 172 MB at 100,000 decisions)."""
        rel, off, size = loc
        data = self.scratch.get(rel)
        if data is None:
            data = files.get(rel)
            if data is None:
                with open(os.path.join(self.w.out, rel), "rb") as f:
                    data = files[rel] = f.read()
        if off + size > len(data):
            raise Unusable(f"fragment outside {rel}")
        return data[off : off + size]


def render(job: RenderJob) -> Rendered:
    """Every feed and the ledger, department by department: the departments that did not change (and whose
    results the cache holds) are taken from the cache, the others computed; a forced or first build computes
    them all. Either way the same code writes the same bytes."""
    publication, config = job.publication, job.config
    base_url = publication.region.get("base_url") or getattr(config, "base_url", None)
    if not base_url:
        raise MissingBaseUrl()
    if job.cache is None or job.keys is None:  # a render outside a build: nothing is kept for a next one
        with tempfile.TemporaryDirectory() as cache:
            return render(replace(job, cache=Path(cache), keys=job.keys or Keys("")))
    out = Path(job.out)
    # the ledger is read from the live output even when nothing may be reused from it (a forced build)
    previous = Path(config.output) / "feeds" if getattr(config, "output", None) else None
    changed = job.changed if job.live is not None else None

    def attempt(changed: frozenset[str] | None) -> _Incremental:
        return _Incremental(publication, out, previous, config, job.keys, changed, Store(job.cache), base_url)

    run = attempt(changed)
    try:
        return Rendered(run.run(), run.computed)
    except Unusable:
        if changed is None or run.ctx.manifest is None:  # it computed every department already
            raise
        if previous is None or not (out.exists() and previous.exists() and os.path.samefile(out, previous)):
            for rel in run.ctx.doc_keys:  # only its own files: the site writes the feeds page beside them
                Path(out, rel).unlink(missing_ok=True)
    # what the live output or the cache holds could not be vouched for (a file changed under it, say): every
    # department computed anew, writing over what was written
    run = attempt(None)
    return Rendered(run.run(), run.computed)


class _Incremental:
    def __init__(
        self,
        publication: Publication,
        out: Path,
        previous: Path | None,
        config: object,
        keys: Keys,
        changed: frozenset[str] | None,
        store: Store,
        base_url: str,
    ) -> None:
        self.ctx = _Context(publication, out, previous, config, keys)
        self.publication = publication
        self.keys = keys
        self.changed = changed
        self.computed: set[str] = set()  # departments whose feeds were computed, not taken from the cache
        self.store = store
        self.base_url = base_url
        self.host = urlsplit(base_url).hostname or "localhost"
        self.slugs = [d.slug for d in publication.departments]

    # -- the previous ledger: from the cache's record of it (warm) or parsed (cold)

    def _previous_ledger(self) -> tuple[bytes | None, Manifest | None]:
        prev = self.ctx.previous
        if prev is None:
            return None, None
        try:
            data = (prev / ledger_mod.FILENAME).read_bytes()
        except OSError:
            return None, None
        manifest = self.store.load("builds", hashlib.sha256(data).hexdigest())
        if not isinstance(manifest, Manifest) or manifest.common != self.keys.common:
            return data, None
        return data, manifest

    def run(self) -> int:
        ctx = self.ctx
        data, manifest = self._previous_ledger()
        changed = self.changed
        units = None
        if manifest is not None and changed is not None:
            ctx.manifest = manifest
            units = self._warm(manifest, changed)
        if units is None:
            ctx.manifest = None
            units = self._cold(data)
        self.site = Site(
            self.base_url,
            self.authority,
            self.publication.region,
            {d.slug: d.name for d in self.publication.departments},
        )
        results: list[tuple[str, Memo, Rows]] = []
        for slug, dept, plan in units:
            results.append((slug, *self._unit(slug, dept, plan)))
        self._site_feeds([(slug, memo) for slug, memo, _ in results])
        ledger_text = self._ledger([rows for _, _, rows in results])
        ctx.write(ledger_mod.FILENAME, ledger_text)
        self._record(ledger_text, {slug: memo.part for slug, memo, _ in results}, [r for _, _, r in results])
        return ctx.w.count

    def _warm(self, manifest: Manifest, changed: set[str]) -> list[tuple[str, PublicDepartment | None, tuple]] | None:
        """Each unit with how to get it: ("memo", Memo) or ("compute", previous share, its hash); None: go cold."""
        try:
            return self._warm_units(manifest, changed)
        except _Miss:
            return None

    def _warm_units(self, manifest: Manifest, changed: set[str]) -> list[tuple[str, PublicDepartment | None, tuple]]:
        self.prev_as_of: str | None = manifest.as_of
        self.authority = (
            manifest.authority if manifest.authority and not ledger_mod.is_local(manifest.authority) else self.host
        )
        self.event_seq = dict(manifest.event_seq)
        units = []
        for dept in self.publication.departments:
            part_hash = manifest.parts.get(dept.slug)
            memo = None
            if dept.slug not in changed and part_hash is not None:
                memo = self.store.load("memos", self._memo_key(dept.slug, part_hash, manifest.as_of))
                if not (isinstance(memo, Memo) and self._reusable(memo)):
                    memo = None
            if memo is not None:
                units.append((dept.slug, dept, ("memo", memo)))
            else:
                units.append((dept.slug, dept, ("compute", self._share(part_hash, manifest), part_hash)))
        for slug in sorted(set(manifest.parts) - set(self.slugs)):
            units.append((slug, None, ("compute", self._share(manifest.parts[slug], manifest), manifest.parts[slug])))
        return units

    def _reusable(self, memo: Memo) -> bool:
        if any(self.event_seq.get(day, 0) != seq for day, seq in memo.queries.items()):
            return False
        return all(self.ctx.linkable(rel, key) for rel, key in memo.docs.items())

    def _share(self, part_hash: str | None, manifest: Manifest) -> dict:
        """A unit's share of the previous ledger as Ledger reads it."""
        base = {"format": ledger_mod.FORMAT, "as_of": manifest.as_of, "authority": manifest.authority}
        if part_hash is None:
            return {**base, "lists": {}}
        rows = self.store.load("parts", part_hash)
        if not isinstance(rows, Rows):
            raise _Miss(part_hash)
        for name in DICT_SECTIONS:
            base[name] = json.loads("{" + ",".join(b[2] for b in rows.dicts.get(name, [])) + "}")
        base["events"] = [json.loads(line) for _, line in rows.events]
        base["removals"] = [json.loads(line) for _, line in rows.removals]
        return base

    def _cold(self, data: bytes | None) -> list[tuple[str, PublicDepartment | None, tuple]]:
        """Every unit computed, from the previous ledger read and split by department."""
        try:
            full = Ledger.read(data.decode("utf-8") if data is not None else None, self.publication.as_of, self.host)
        except (ledger_mod.UnreadableLedger, UnicodeDecodeError):  # of another format: start afresh rather than
            # refuse to publish
            full = Ledger.read(None, self.publication.as_of, self.host)
        prev = full.previous
        shares = partition(prev) if prev else {}
        self.prev_as_of = prev["as_of"] if prev else None
        self.authority = full.authority
        self.event_seq = dict(full.next_event_seq)
        units: list[tuple[str, PublicDepartment | None, tuple]] = []
        for dept in self.publication.departments:
            share = shares.pop(dept.slug, None)
            if prev and share is None:
                share = empty_share(prev)
            units.append((dept.slug, dept, ("compute", share, None)))
        for slug in sorted(shares):
            units.append((slug, None, ("compute", shares[slug], None)))
        return units

    def _memo_key(self, slug: str, part_hash: str | None, prev_as_of: str | None) -> str:
        """What a unit's result depends on. Of the days, only their months: the day of this build matters only
        when an entry is placed or removed, which takes a change in the department (its key) or in its share of the
        ledger (part_hash); the months decide which entries the subscription documents hold and how a placement
        is dated (ledger.placement_date)."""
        return key_of(
            FORMAT,
            self.keys.common,
            self.keys.departments.get(slug),
            part_hash,
            open_start(self.publication.as_of).isoformat(),
            open_start(date.fromisoformat(prev_as_of)).isoformat() if prev_as_of else None,
            self.authority,
            self.base_url,
            paging.DAYS_PER_PAGE,
        )

    # -- one unit

    def _unit(self, slug: str, dept: PublicDepartment | None, plan: tuple) -> tuple[Memo, Rows]:
        if plan[0] == "memo":
            memo: Memo = plan[1]
            for rel, key in memo.docs.items():
                self.ctx.link(rel, key)
            rows = self.store.load("parts", memo.part)
            if not isinstance(rows, Rows):
                raise Unusable(f"ledger share {memo.part} is not in the cache")
            return memo, rows
        _, share, part_hash = plan
        if dept is not None:
            self.computed.add(slug)
        memo, rows = self._compute(slug, dept, share)
        self.store.save("parts", memo.part, rows, fixed=True)
        if dept is not None:
            if part_hash is not None:  # this build's inputs (a retried build finds it)
                self.store.save("memos", self._memo_key(slug, part_hash, self.prev_as_of), memo, fixed=True)
            # the next build's inputs: its previous share is the one written now (the fixed point above)
            forward = Memo(memo.part, {}, memo.docs, memo.feeds)
            self.store.save("memos", self._memo_key(slug, memo.part, self.publication.as_of.isoformat()), forward, fixed=True)
        return memo, rows

    def _compute(self, slug: str, dept: PublicDepartment | None, share: dict | None) -> tuple[Memo, Rows]:
        pub = self.publication
        ledger = Ledger(share, pub.as_of, self.host, self.event_seq)  # a day's next event number is global
        if ledger.authority != self.authority:
            raise Unusable("authority")
        queries = ledger.asked
        sub = Publication(pub.as_of, pub.region, [dept] if dept is not None else [])
        decisions = records.decision_entries(sub, ledger, self.site)
        notices, withdrawn = records.withdrawal_items(sub, ledger, self.site)
        removed = records.removal_tombstones(sub, ledger, self.site)
        revised = revisions.revision_entries(sub, ledger, self.site)
        contents: dict[str, list[Item]] = {
            "decisions": [*decisions, *notices, *withdrawn, *removed],
            "withdrawals": [*notices, *(t for t in removed if t.notice)],
            "revisions": list(revised),
        }
        if any(i.dept != slug for items in contents.values() for i in items):
            raise Unusable(f"an item of {slug} names another department")
        rows = ledger.rows()
        part = rows_hash(rows)
        if dept is None:
            return Memo(part, queries, {}, {name: self._scratch(slug, name, contents[name]) for name in NAMES}), rows
        docs: dict[str, bytes] = {}
        keys: dict[str, str] = {}
        feeds: dict[str, Share] = {}
        for name in NAMES:
            feed = Feed(name, slug, f"{dept.name}{TITLES[name]}", dept.name, _alternate(name, slug), contents[name])
            p = _Paged(feed, pub, self.site)
            entries = writer.Entries()
            for n, doc in enumerate(p.archives):
                self._document(docs, keys, _rel(p.archive_paths[n]), "atom", p.archive_meta(n), doc.items, entries)
            arel, rrel = _rel(p.subscription), _rel(p.rss)
            ameta, rmeta = p.current_meta("atom"), p.current_meta("rss")
            self._document(docs, keys, arel, "atom", ameta, p.current.items, entries)
            self._document(docs, keys, rrel, "rss", rmeta, p.current.items, entries)
            share_ = Share(newest_of(contents[name]))
            atom = locations("atom", arel, docs[arel], p.current.items, ameta)
            rss = locations("rss", rrel, docs[rrel], p.current.items, rmeta)
            share_.groups[""] = group_of([keys[arel], keys[rrel]], p.current.items, atom, rss)
            for n, doc in enumerate(p.archives):  # a group per archive page: an entry's page is its own day's
                rel = _rel(p.archive_paths[n])
                locs = locations("atom", rel, docs[rel], doc.items, p.archive_meta(n))
                share_.groups[doc.page or ""] = group_of([keys[rel]], doc.items, locs, {})
            feeds[name] = share_
        return Memo(part, queries, keys, feeds), rows

    def _document(
        self,
        docs: dict[str, bytes],
        keys: dict[str, str],
        rel: str,
        kind: str,
        meta: writer.Meta,
        items: list[Item],
        entries: writer.Entries,
    ) -> None:
        """One of a department's documents, keyed by what it is made of: taken over from the live output when
        the live build wrote it from the same (most of a changed department's archive documents), else made."""
        key = key_of(FORMAT, kind, rel, repr(meta), [item_key(i) for i in items])
        if self.ctx.linkable(rel, key):
            self.ctx.link(rel, key)
            with open(os.path.join(self.ctx.w.out, rel), "rb") as f:
                data = f.read()
        else:
            data = writer.atom(meta, items, entries) if kind == "atom" else writer.rss(meta, items, entries)
            self.ctx.write(rel, data, key)
        docs[rel] = data
        keys[rel] = key

    def _scratch(self, slug: str, name: str, items: list[Item]) -> Share:
        """A unit without a department (its records outlived it): its items only go to the site-wide feeds.

        Their fragments come from a document rendered here and never written.
        """
        share = Share(newest_of(items))
        if not items:
            return share
        if any(isinstance(i, Entry) for i in items):
            raise Unusable(f"entries of a department that no longer exists: {slug}")
        rel = f"#{slug}/{name}"
        meta = writer.Meta("x", "x", "x", "x", "x", "x", stamp(self.publication.as_of), [])
        data = self.ctx.scratch[rel] = writer.atom(meta, items)
        locs = locations("atom", rel, data, items, None)
        start = open_start(self.publication.as_of)
        by_group: dict[str, list[Item]] = {}
        for i in items:
            day = i.sort_key[0].date()
            by_group.setdefault("" if day >= start else paging.page_name(paging.page_of(day)), []).append(i)
        key = hashlib.sha256(data).hexdigest()[:40]
        for g, members in by_group.items():
            share.groups[g] = group_of([key], members, locs, {})
        return share

    # -- site-wide documents

    def _site_feeds(self, memos: list[tuple[str, Memo]]) -> None:
        pub = self.publication
        region_name = pub.region.get("name", "")
        publisher = pub.region.get("publisher") or region_name
        for name in NAMES:
            shares = [(slug, memo.feeds[name]) for slug, memo in memos if name in memo.feeds]
            newest = max((s.newest for _, s in shares if s.newest is not None), default=None)
            updated = newest or stamp(_fallback_date(pub, None))
            by_group: dict[str, list[tuple[str, Group]]] = {}
            for slug, s in shares:
                for g, group in s.groups.items():
                    by_group.setdefault(g, []).append((slug, group))
            names = sorted((g for g in by_group if g), key=paging.page_order)  # the site-wide document of a page
            archives = [paging.Document(name_, []) for name_ in names]  # holds its departments' entries of that page
            feed = Feed(name, None, f"{region_name}{TITLES[name]}", publisher, _alternate(name, None), [])
            p = _Paged(feed, pub, self.site, split=(paging.Document(None, []), archives), updated=updated)
            for n, name_ in enumerate(names):
                self._site_month(p, n, 1, by_group[name_])
            self._site_current(p, by_group.get("", []), updated)

    def _site_month(self, p: _Paged, first: int, n: int, members: list[tuple[str, Group]]) -> None:
        ident = key_of([(slug, g.identity) for slug, g in members])
        rels = [_rel(p.archive_paths[first + k]) for k in range(n)]
        keys = [key_of(FORMAT, "archive", rels[k], p.archive_links(first + k), ident, k) for k in range(n)]
        if all(self.ctx.linkable(rel, key) for rel, key in zip(rels, keys, strict=True)):
            for rel, key in zip(rels, keys, strict=True):
                self.ctx.link(rel, key)
            return
        _, docs = paging.split(slims(members), self.publication.as_of)
        if [d.page for d in docs] != [d.page for d in p.archives[first : first + n]]:
            raise Unusable("site-wide archive pages")
        for k, doc in enumerate(docs):
            p.archives[first + k] = doc
            self.ctx.write(rels[k], self._assemble("atom", p.archive_meta(first + k), doc.items), keys[k])
            p.archives[first + k] = paging.Document(doc.page, [])

    def _site_current(self, p: _Paged, members: list[tuple[str, Group]], updated: datetime) -> None:
        ident = key_of([(slug, g.identity) for slug, g in members])
        arel, rrel = _rel(p.subscription), _rel(p.rss)
        akey = key_of(FORMAT, "current", arel, p.current_links(), ident, updated.isoformat())
        rkey = key_of(FORMAT, "rss", rrel, ident, updated.isoformat())
        if self.ctx.linkable(arel, akey) and self.ctx.linkable(rrel, rkey):
            self.ctx.link(arel, akey)
            self.ctx.link(rrel, rkey)
            return
        current, docs = paging.split(slims(members), self.publication.as_of)
        if docs:
            raise Unusable("site-wide subscription document")
        self.ctx.write(arel, self._assemble("atom", p.current_meta("atom"), current.items), akey)
        self.ctx.write(rrel, self._assemble("rss", p.current_meta("rss"), current.items), rkey)

    def _assemble(self, kind: str, meta: writer.Meta, items: list[Slim]) -> bytes:
        if kind == "atom":
            ordered = [i.atom for i in items if i.tomb] + [i.atom for i in items if not i.tomb]
            head, tail = writer.shell("atom", meta, any(i.tomb for i in items))
        else:
            ordered = [i.rss for i in items if not i.tomb]  # type: ignore[misc]
            head, tail = writer.shell("rss", meta, False)
        files: dict[str, bytes] = {}
        return writer.assemble(head, [self.ctx.fragment(loc, files) for loc in ordered], tail)

    # -- ledger, page, record

    def _ledger(self, rows: list[Rows]) -> bytes:
        merged = Rows({name: [] for name in DICT_SECTIONS}, [], [])
        for r in rows:
            for name in DICT_SECTIONS:
                merged.dicts[name].extend(r.dicts.get(name, []))
            merged.events.extend(r.events)
            merged.removals.extend(r.removals)
        try:
            text = ledger_mod.assemble(self.publication.as_of, self.authority, merged)
        except ValueError as e:
            raise Unusable(str(e)) from None
        return text.encode("utf-8")

    def _record(self, ledger_text: bytes, parts: dict[str, str], rows: list[Rows]) -> None:
        """The manifest of this build, then the cache pruned to what this build and the live one use."""
        last: dict[str, int] = {}
        for r in rows:
            for (day, seq, _), _line in r.events:
                last[day] = max(last.get(day, -1), seq)
        docs = {}
        for rel, key in self.ctx.doc_keys.items():
            st = os.stat(os.path.join(self.ctx.w.out, rel))
            docs[rel] = (key, st.st_ino, st.st_size, st.st_mtime_ns)
        kept = {slug: h for (slug, h), r in zip(parts.items(), rows, strict=True) if slug in self.slugs or nonempty(r)}
        name = hashlib.sha256(ledger_text).hexdigest()
        live = self.ctx.manifest
        keep = set(live.uses) if live is not None else set()
        self.store.used.add(("builds", name))
        manifest = Manifest(
            self.keys.common,
            self.publication.as_of.isoformat(),
            self.authority,
            {d: s + 1 for d, s in last.items()},
            kept,
            docs,
            set(self.store.used),
        )
        self.store.save("builds", name, manifest)
        self.store.prune(("memos", "parts", "builds"), keep)
