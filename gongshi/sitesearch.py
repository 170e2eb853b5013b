"""The site search: Pagefind over small records of what a visitor searches for, in bundles merged in the browser.

Pagefind over the pages themselves would read every page's navigation and
tables: at 100,000 decisions that took minutes and gigabytes. So each
searchable thing (a decision, a withdrawal notice, a department, a list item,
a company) becomes a small record holding only what a visitor types: names,
credit code, 文号 in its written forms, legal basis, conclusion, and its kind,
department and year (which a search can be narrowed to). PER_PAGE records make
one of Pagefind's pages (page()), which the search form (search.js) splits at
its records again. The records are split into bundles, each its own index,
which the search form merges in the browser (Pagefind's mergeIndex): the
departments' own pages in one, and the decisions by the day of the year of
their date, with their companies (see Bundle). A bundle whose records are those
of the live output's is taken over whole, so an edit indexes one bundle again, a
new day (its new decisions and those whose publicity ended) mostly one, and a
rebuild with no change none; a bundle indexed again takes the records that did not change from its
last pages in the cache (Sections), and makes only the others.

Only the publication's public values enter a record; the build scans the
pages of records (kept in the cache) for personal data like any page, since
the index Pagefind makes of them is compressed and cannot be scanned itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from html import escape, unescape
from pathlib import Path

from . import collector, files, parties, reuse, urls, walk
from .publicity import Publication, PublicDepartment
from .reuse import Later, Rendered, RenderJob
from .standard import DEPARTMENT_LISTS

LIST_LABELS = {"powers": "权力清单", "inspection_items": "随机抽查事项", "service_guides": "服务指南",
               "discretion_standards": "裁量基准", "flowcharts": "流程图"}
KEYS = {spec.name: spec.key or "id" for spec in DEPARTMENT_LISTS}
FOLDER = "pagefind"  # under the output, and under the build cache
ENTRY = "pagefind-entry.json"  # written last: a bundle that has it is whole
BUNDLES_FILE = "bundles.json"  # the bundles' folders, first the one whose pagefind.js the search page loads
# what Pagefind writes that search.js does not load (its own search interfaces)
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js", "wasm.unknown.pagefind")
RECORDS_PER_BUNDLE = 12_000  # at most, on average (shares()): indexed again whole at ~0.17 ms a record, ~2 s
INDEXING_AT_ONCE = 2  # Pagefind processes running side by side (a whole build has a bundle per 12,000 records)
PER_PAGE = 8  # records to one of Pagefind's pages: its time goes with the pages more than with the words
SEPARATOR = "¶"  # begins each record in a page's text (Pagefind indexes no word in it)


class IndexFailed(Exception):
    """Pagefind could not index the records (its own message follows)."""


@dataclass(slots=True)
class Bundle:
    """One index: the departments' own pages (lists), or the decisions and withdrawal notices dated on a run of
    days of the year, of any year, with the companies whose newest decision is among them.

    By the day of the year, because that is what changes from one day to the next: a new decision is of the last
    few days, and the decisions whose publicity ends on a day were decided on the same day of earlier years (a
    penalty's one or three years, say), as are the companies that go with their last decision. So a new day
    indexes again the one bundle of those days (two when they straddle its end), and those that the companies of
    its new decisions leave, not one per year nor every bundle that holds a department where something changed.
    By year, a new day with new decisions indexed three bundles of the 100,000-decision benchmark's (of this
    year, last year's and three years ago), and one without two."""

    departments: list[PublicDepartment] = field(default_factory=list)  # their own pages: home and list items
    # each with its hash (PublicDepartment.key_of): what its record is made of, with the department's name that
    # the dict holds (department_name)
    decisions: list[tuple[dict, PublicDepartment, bytes]] = field(default_factory=list)
    notices: list[tuple[dict, PublicDepartment, bytes]] = field(default_factory=list)
    companies: list[parties.Party] = field(default_factory=list)

    def records(self) -> Iterator[Record]:
        """Every record, in a stable order: the same publication, the same bytes."""
        for _, make in self._made():
            yield make()

    def _made(self) -> Iterator[tuple[bytes, Callable[[], Record]]]:
        """Each record, to be made, with the hash of what it is made of (b"": a department's, not kept)."""
        for dept in self.departments:
            for r in department_records(dept):
                yield b"", lambda r=r: r
        for d, dept, key in self.decisions:
            yield key, lambda d=d, name=dept.name: decision_record(d, name)
        for w, dept, key in self.notices:
            yield key, lambda w=w, name=dept.name: notice_record(w, name)
        for p in self.companies:
            yield reuse.digest((p.uscc, p.name, p.former_names)), lambda p=p: party_record(p)

    def pages(self, known: dict[bytes, Section] | None = None, keys: list[bytes] | None = None) -> Iterator[str]:
        """The records as Pagefind's pages, PER_PAGE to a page (see page()). A record whose hash is in `known`
        (the sections of the bundle's last records, Sections.take) is taken from it: making the words of a record
        is most of the records' time, and a new day changes a few records of a bundle. `keys` gets each record's
        hash, in order (Sections.write)."""
        batch: list[Section] = []
        for key, make in self._made():
            part = known.get(key) if known and key else None
            batch.append(part or section(make()))
            if keys is not None:
                keys.append(key)
            if len(batch) == PER_PAGE:
                yield page(batch)
                batch = []
        if batch:
            yield page(batch)

    def digest(self) -> str:
        """A hash of what the records are made from (not of the records: most bundles of a rebuild are unchanged,
        and making their records would cost more than the rest of the search's part of it)."""
        h = hashlib.sha256(_code().encode())
        h.update(reuse.dumps((  # (one pickle of it all: one per decision took longer than the rest of the hash)
            [(dept.slug, dept.name, {name: [(it.get("name"), it[KEYS[name]], it.get("basis")) for it in lst.items]
                                     for name, lst in dept.lists.items() if name in LIST_LABELS})
             for dept in self.departments],
            [(p.uscc, p.name, p.former_names) for p in self.companies])))
        h.update(b"".join(key for *_, key in (*self.decisions, *self.notices)))
        return h.hexdigest()


def bundles(publication: Publication) -> dict[str, Bundle]:
    """Bundle name → what it indexes: "lists" first, then the decisions and notices by the day of the year of their
    date, in shares() equal runs of days (days-<first>-<last>, as MMDD), each with the companies whose newest
    decision is among them."""
    found: list[tuple[str, dict, PublicDepartment, int]] = []
    for dept in publication.departments:  # (with each record's place in its department: PublicDepartment.key_of)
        found += [("decision", d, dept, i) for i, d in enumerate(dept.decisions)]
        found += [("notice", w, dept, i) for i, w in enumerate(dept.withdrawals, len(dept.decisions))]
    newest: dict[str, list[parties.Party]] = {}  # a company goes with its newest decision (Party.decisions: newest first)
    for p in parties.of(publication):
        newest.setdefault(p.decisions[0]["id"], []).append(p)
    count = shares(len(found) + sum(map(len, newest.values())))
    days: dict[int, Bundle] = {}
    for kind, thing, dept, i in found:
        bundle = days.setdefault(share_of(thing["decision_date"], count), Bundle())
        if kind == "notice":
            bundle.notices.append((thing, dept, dept.key_of(i)))
        else:
            bundle.decisions.append((thing, dept, dept.key_of(i)))
            bundle.companies += newest.get(thing["id"], ())
    return {"lists": Bundle(departments=list(publication.departments)),
            **{share_name(k, count): days[k] for k in sorted(days)}}


def shares(records: int) -> int:
    """Into how many runs of days the year is split: the fewest of 1, 2, 3, 4, 6, 8, 12, 16 … (powers of two and
    one and a half times them) that give bundles of at most RECORDS_PER_BUNDLE records on average. From a step to
    the next the records grow by a third or a half, and every bundle is indexed again then: seldom, not each time
    their count crosses a multiple of RECORDS_PER_BUNDLE. (Powers of two alone made 17 smaller bundles of the
    100,000-decision benchmark's 123,000 records, not 13: a search downloaded a sixth more.)"""
    n = 1
    while n * RECORDS_PER_BUNDLE < records:
        n = n + 1 if n < 2 else n * 3 // 2 if n & (n - 1) == 0 else n * 4 // 3
    return n


def share_of(day: date, count: int) -> int:
    """The run of days (of `count`) that a date's day of the year falls in, the same for every year (February 29
    has a day of its own), so a date and its anniversaries share a bundle."""
    return (date(2000, day.month, day.day).toordinal() - _JANUARY_FIRST) * count // 366


def share_name(k: int, count: int) -> str:
    first, last = (date.fromordinal(_JANUARY_FIRST + -(-j * 366 // count)) for j in (k, k + 1))
    return f"days-{first:%m%d}-{(last - timedelta(days=1)):%m%d}"


_JANUARY_FIRST = date(2000, 1, 1).toordinal()  # (a leap year: every day of any year has its place)


@cache
def _code() -> str:
    """The code records are made with, and Pagefind's version: a bundle made by other code is made again."""
    from importlib.metadata import version

    h = hashlib.sha256(version("pagefind").encode())
    for module in (__file__, parties.__file__, urls.__file__):
        h.update(Path(module).read_bytes())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Record:
    """One thing a visitor finds: `find` is indexed by any part of it (words), `text` by its words' starts; a
    result shows `title` linking to `path`, `summary` and the meta (kind, department, date). A company's credit
    code is `weighty`: it finds the company before the decisions that name it."""

    path: str
    title: str
    kind: str
    find: tuple[str, ...]
    text: tuple[str, ...]
    summary: str
    dept: str | None = None
    day: str | None = None
    year: int | None = None  # of the decision (a notice's too): what the search can be narrowed to
    weighty: str | None = None
    cites: str = ""  # a legal basis: found by its law and its article (cited())


def department_records(dept: PublicDepartment) -> Iterator[Record]:
    """A department's home and its list items (powers, guides, inspection items …)."""
    name = dept.name
    yield Record(urls.department(dept.slug), name, "执法主体", (name,), (), "行政执法主体：执法职责、权力清单、执法人员、执法决定",
                 name)
    for list_name, label in LIST_LABELS.items():
        lst = dept.lists.get(list_name)
        for it in lst.items if lst else []:
            code = str(it[KEYS[list_name]])
            basis = basis_text(it.get("basis"))
            yield Record(urls.item(dept.slug, list_name, code), str(it.get("name", code)), label,
                         (str(it.get("name", "")), code), (), f"{code}　{basis}" if basis else code, name, cites=basis)


def basis_text(basis: object) -> str:
    """A list item's basis as a visitor reads it: 《law》article, one after another (a list's basis is a list of
    {law, article, text}; a decision's is already text)."""
    if isinstance(basis, list):
        return "；".join(basis_text(b) for b in basis)
    if isinstance(basis, dict):
        return f"{basis.get('law') or ''}{basis.get('article') or ''}"
    return str(basis or "")


def decision_record(d: dict, dept_name: str) -> Record:
    party = d["party"]
    find = (d["doc_no"], party["name"], party.get("uscc") or "", str(d.get("licence_name") or ""))
    text = (d.get("title") or "", d["conclusion"], str(d.get("violation_type") or ""), str(d["year"]))
    return Record(urls.decision(d["department"], d["slug"]), f"{party['name']}｜{d['doc_no']}", d["kind"], find, text,
                  f"{d['conclusion']}　{d.get('basis') or ''}".strip(), dept_name, d["decision_date"].isoformat(),
                  d["year"], cites=str(d.get("basis") or ""))


def notice_record(w: dict, dept_name: str) -> Record:
    text = ("撤回公告", w["withdrawal_kind"], w["reason"], str(w["decision_date"].year))
    return Record(urls.decision(w["department"], w["slug"]), f"撤回公告｜{w['doc_no']}", w["kind"], (w["doc_no"],), text,
                  f"{w['withdrawal_kind']}：{w['reason']}", dept_name, w["withdrawal_date"].isoformat(),
                  w["decision_date"].year)


def party_record(p: parties.Party) -> Record:
    """A company: found first by its credit code (weighted), and by its names."""
    former = f"；曾用名称：{'、'.join(p.former_names)}" if p.former_names else ""
    return Record(urls.party(p.uscc), p.name, "企业", (p.name, *p.former_names), (),
                  f"统一社会信用代码 {p.uscc}{former}", weighty=p.uscc)


_RUN = re.compile(r"[0-9A-Za-z\u3400-\u9fff]+")
# marks that do not end a word: a title's (《食品安全法》第一百二十四条), a 文号's year in any brackets (泸市应急罚
# 〔2026〕21号 reads as 泸市应急罚202621号, so the 文号 is one word, as typed with 【】 or [] too), a name's ()
_JOINED = str.maketrans("", "", "《》“”\"'〔〕【】[]［］()（）")
LONGEST = 16  # characters a query word may have and still match anywhere in a name


def words(text: str, starts: bool = True) -> str:
    """`text` as Pagefind should index it: every run of letters and digits, and (`starts`) each of its later
    starts, each as one ASCII word (spelled()).

    Pagefind splits Chinese into words with a dictionary, and a short query is split differently from the
    same characters in a long name (聚鑫 inside 龙马潭区聚鑫酒业有限公司), so a company's short name would not
    find it, and a 文号's parts found other records first. So the words are made here: the runs between
    punctuation and spaces, spelled in ASCII, which Pagefind takes as they are (search.js spells the query the
    same way). A name or a 文号 is indexed from each of its characters on, up to LONGEST
    characters: Pagefind matches a query word as the start of an indexed word, so any part of one finds it.
    Other text (a conclusion, a reason) is found by the start of its runs: each later start is a word more,
    and Pagefind's time goes with the words. Full-width letters and digits are read as ASCII (NFKC), as
    search.js reads the query."""
    out = []
    for run in _RUN.findall(unicodedata.normalize("NFKC", text).translate(_JOINED)):
        out.append(spelled(run))
        if starts:
            out += [spelled(run[i : i + LONGEST]) for i in range(1, len(run))
                    if not run[i].isascii() or not run[i - 1].isascii()]
    return GAP.join(out)


_ARTICLE = re.compile("中华人民共和国|第")


def cited(basis: str) -> str:
    """A legal basis as Pagefind should index it: each of its runs, and each from its law's name without
    中华人民共和国 and from each article (第…条) on, to the run's end: 食品安全法第一百二十四条 and 第一百二十四条
    find 《中华人民共和国食品安全法》第一百二十四条. Not from every character (as names): a basis is long, and
    what a visitor types of it starts where a law's name or an article does."""
    out = []
    for run in _RUN.findall(unicodedata.normalize("NFKC", basis).translate(_JOINED)):
        out.append(run)
        for m in _ARTICLE.finditer(run):
            start = m.start() if m.group() == "第" else m.end()
            if 0 < start < len(run):
                out.append(run[start:])
    return GAP.join(spelled(run) for run in dict.fromkeys(out))


_SPELLED = {c: "c" + str(c)[::-1] for c in range(0x3400, 0xA000)}
_GLUED = re.compile(r"(?<=[\u3400-\u9fff])(?=[0-9])")
# Between the words of a record: a line end, not a space. The guard reads digits with spaces between them as one
# number written out (138 1234 5678); words are separate in the text (编号1947210，2023年), and must stay so.
GAP = "\n"


def spelled(run: str) -> str:
    """A run as one ASCII word: each Chinese character as c and its code point in decimal, last digit first (东,
    19996, → c69991), letters and digits as they are (lower case), and a c more between a character and the
    digits after it. It ends in a digit, so no stemmer changes it; the c's keep a character's digits from running
    into the digits around it (泸市应急罚202621号: c…c202621c…): run together, they could read as an ID or mobile
    number to the guard (更正138123 as 19472138123); the last digit first spreads the words over Pagefind's index
    chunks (a search loads every chunk its word may start in). search.js spells the query the same way."""
    if not run.isalpha() and not run.isascii():  # (digits and characters both: only then can they meet)
        run = _GLUED.sub("c", run)
    return run.lower().translate(_SPELLED)


Section = tuple[str, list]  # a record in a page: its words' <section>, and what its result shows


def section(r: Record) -> Section:
    """A record's part of a page (page())."""
    found = [words(t) for t in r.find if t]
    plain = [cited(r.cites), *(words(t, starts=False) for t in (*r.text, r.kind, r.dept or "") if t)]
    if r.weighty:  # a company's names count for less than a decision's: a name finds the company's decisions
        # first, its credit code the company's page
        head = (f'<section><p>{SEPARATOR}</p><p data-pagefind-weight="10">{spelled(r.weighty)}</p>'
                f'<p data-pagefind-weight="0.2">{escape(GAP.join(found))}</p><p>')
    else:  # (one paragraph: Pagefind takes a fifth longer over the same words in one paragraph each)
        head = f"<section><p>{SEPARATOR} "
        plain = found + plain
    return (f'{head}{escape(GAP.join(w for w in plain if w))}</p></section>',
            [r.path, r.title, r.summary[:160], r.kind, r.dept or "", r.day or "", r.year or ""])


def page(sections: list[Section]) -> str:
    """Records as one of Pagefind's pages: each record's words after a SEPARATOR, and what its result shows as the
    page's `records` meta (search.js splits the page's text at the separators, keeps the records that hold every
    word of the query, and shows each as its own result).

    Pagefind spends much of its time per page: a page of PER_PAGE records indexes about twice as fast as PER_PAGE
    pages of one, and its list of pages, which every search downloads, is PER_PAGE times shorter.

    No Pagefind filters: Pagefind 1.5 writes a filter's values in a different order on every run, and the
    output must be the same bytes when built twice. The search form narrows a search to a kind, a department or
    a year by the record's own meta instead (search.js)."""
    meta = escape(json.dumps([shown for _, shown in sections], ensure_ascii=False, separators=(",", ":")))
    return (f'{_HEAD}{"".join(body for body, _ in sections)}<span data-pagefind-meta="records:{meta}"></span>'
            '</main></body></html>\n')


_HEAD = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>records</title></head><body><main data-pagefind-body>'
_PAGE = re.compile(re.escape(_HEAD) + r'(.*)<span data-pagefind-meta="records:([^"]*)"></span></main></body></html>\n',
                   re.S)


class Sections:
    """The sections of a bundle's records as its last build made them, by the hash of what each was made of: read
    back from its pages in the cache, with the hashes written beside them (<bundle>.keys)."""

    @staticmethod
    def take(folder: Path, read: bool = True) -> dict[bytes, Section]:
        """The sections (`read`), their hashes deleted: the pages are about to be written anew, and hashes left
        beside pages they do not describe (a build stopped while writing them) would give records another's
        words. {} when anything does not match (another version's code, a page changed by hand): all made anew."""
        path = folder.with_suffix(".keys")
        if not read:
            path.unlink(missing_ok=True)
            return {}
        try:
            code, _, keys = path.read_bytes().partition(b"\n")
            path.unlink()
            if code != _code().encode():
                return {}
            found: list[Section] = []
            for n in range(len(os.listdir(folder))):
                m = _PAGE.fullmatch((folder / f"{n}.html").read_text(encoding="utf-8"))
                bodies = m.group(1).split("</section>") if m else []
                shown = json.loads(unescape(m.group(2))) if m else []
                if not bodies or bodies.pop() or len(bodies) != len(shown):
                    return {}
                found += [(body + "</section>", s) for body, s in zip(bodies, shown, strict=True)]
        except (OSError, ValueError):
            return {}
        if len(keys) != 32 * len(found):
            return {}
        return {keys[32 * i : 32 * i + 32]: part for i, part in enumerate(found)}

    @staticmethod
    def write(folder: Path, keys: list[bytes]) -> None:
        files.replace(folder.with_suffix(".keys"), _code().encode() + b"\n" + b"".join(
            key or bytes(32) for key in keys))


def render(job: RenderJob) -> Rendered:
    """Write the bundles into `job.out` (records into the cache); the unchanged ones are `Rendered.whole`."""
    return start(job).finish()


def start(job: RenderJob) -> Later[Rendered]:
    """Make the records and start indexing them. A build renders the feeds before it finishes: Pagefind indexing
    a rebuild's bundle took as long as making its records, and the process waiting for it did nothing."""
    with collector.paused():
        return _start(job)


def _start(job: RenderJob) -> Later[Rendered]:
    out = Path(job.out)
    out.mkdir(parents=True, exist_ok=True)
    assert job.cache is not None, "the records are kept in the build cache"
    state = Path(job.cache) / "bundles.json"
    try:  # bundle → [digest of its records, files in it, digest of its entry file]
        previous = json.loads(state.read_text(encoding="utf-8")) if job.live is not None else {}
    except (OSError, ValueError):
        previous = {}
    planned = bundles(job.publication)
    now: dict[str, list] = {}
    whole: dict[str, int] = {}
    indexed: set[str] = set()
    running: deque[tuple[str, str, _Indexing]] = deque()  # started, oldest first

    def finish(name: str, digest: str, run: _Indexing) -> None:
        try:
            run.wait()
        finally:
            run.stop()
        indexed.add(name)
        now[name] = [digest, len(walk.files(out / name)), _entry(out / name)]

    def stop() -> None:  # nothing is left running when making a bundle's records or indexing one fails
        for _, _, run in running:
            run.stop()

    try:
        for name, bundle in planned.items():
            digest = bundle.digest()
            before = previous.get(name)
            live = Path(job.live) / name if job.live is not None else None
            # the state is of the last build, which may have been refused: the live bundle is taken over only when its
            # entry file (which names every part of the index by hash) is the one made from these very records
            if before and before[0] == digest and live is not None and _entry(live) == before[2]:
                whole[f"{out.name}/{name}"] = before[1]
                now[name] = before
                continue
            [folder] = record_folders(job.cache, [name])
            known = Sections.take(folder, read=bool(before))
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            keys: list[bytes] = []
            for i, html in enumerate(bundle.pages(known, keys)):  # flat: each record names its page (records meta)
                (folder / f"{i}.html").write_text(html, encoding="utf-8")
            Sections.write(folder, keys)
            if len(running) == INDEXING_AT_ONCE:
                finish(*running.popleft())
            running.append((name, digest, _Indexing(folder, out / name)))  # while the next bundle's records are made
    except BaseException:
        stop()
        raise

    def done() -> Rendered:
        try:
            while running:
                finish(*running.popleft())
        finally:
            stop()
        for folder in record_folders(job.cache, set(previous) - set(planned)):
            shutil.rmtree(folder, ignore_errors=True)
            folder.with_suffix(".keys").unlink(missing_ok=True)
        (out / BUNDLES_FILE).write_text(
            json.dumps([f"/{out.name}/{name}/" for name in planned], ensure_ascii=False) + "\n", encoding="utf-8")
        state.parent.mkdir(parents=True, exist_ok=True)
        files.replace(state, (json.dumps(now, indent=1, sort_keys=True) + "\n").encode())  # (whole or not at all)
        # `departments` names the bundles indexed anew (a test holds a rebuild to indexing no more than changed)
        return Rendered(sum(now[name][1] for name in indexed) + 1, indexed, whole=whole)

    return Later(done, stop)


def _entry(bundle: Path) -> str | None:
    try:
        return hashlib.sha256((bundle / ENTRY).read_bytes()).hexdigest()
    except OSError:
        return None


def record_folders(cache: Path, bundles: Iterable[str]) -> list[Path]:
    """The records these bundles were indexed from, in the search's cache folder: what the guard scans, since
    the index is compressed (those of the bundles indexed anew; a rebuild that adds needles, also the others')."""
    return [Path(cache) / "records" / name for name in sorted(bundles)]


def bundle_names(rendered: Rendered) -> set[str]:
    """The bundle folders of a render (their index is compressed: the guard reads the records instead)."""
    return {Path(rel).name for rel in rendered.whole} | set(rendered.departments)


class _Indexing:
    """Pagefind indexing one bundle, started at once: a rebuild's bundles are indexed side by side and beside the
    making of the next bundle's records, which Python does on one core."""

    def __init__(self, records: Path, out: Path) -> None:
        from pagefind_bin_extended import get_executable

        shutil.rmtree(out, ignore_errors=True)
        self.out = out
        self.log = tempfile.TemporaryFile()
        command = [os.fspath(get_executable()), "--site", os.fspath(records), "--output-path", os.fspath(out),
                   "--force-language", "en", "--silent"]
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self) -> None:
        code = self.process.wait()
        if code != 0 or not (self.out / ENTRY).is_file():
            self.log.seek(0)
            raise IndexFailed(self.log.read().decode("utf-8", "replace").strip()[-2000:])
        for name in UNUSED:
            (self.out / name).unlink(missing_ok=True)

    def stop(self) -> None:
        """(After wait, or when another bundle failed: nothing is left running.)"""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()
