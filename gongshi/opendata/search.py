"""Full-text search over decisions that finds Chinese text of any length.

SQLite has no Chinese word segmenter, and FTS5's trigram tokenizer finds
nothing for the one- and two-character queries people type most (罚款, 撤销).
So the index holds every single character and every pair of neighbouring
characters of the searchable text, as space-separated tokens for the plain
`unicode61` tokenizer (which folds case and treats punctuation as a break):

    泸市监罚〔2024〕39号 → 泸 市 监 罚 泸市 市监 监罚 2 0 2 4 20 02 24 3 9 号 39 9号

A query of one or two characters is then one token. A longer query becomes
the AND of its pairs, which narrows the candidates to a handful; each
candidate is then confirmed by looking for the whole query in the text
(`instr`), so results are exactly "contains the query", for every length.

The index is `detail=none` (it stores which rows contain a token, not where)
and contentless (the text stays in `decisions` only): measured on 200,000
synthetic decisions it is 46 MB, against 180 MB for a trigram index with the
positions that phrase queries need. Decisions are stored newest first, so
FTS5's rowid order is the display order and "the newest 100 matches" stops
reading early, however common the query.
"""

from __future__ import annotations

import re
from array import array

from ..catalog import BY_NAME

FTS_TABLE = "decisions_fts"

# The decision columns that are searched, in table order: those of the standard's free-text and searchable
# fields (standard.Field), so a new free-text field is searched with nothing listed here.
COLUMNS = tuple(c.name for c in BY_NAME["decisions"].columns if c.search)
COLUMNS_DESCRIBED = "、".join(dict.fromkeys(BY_NAME["decisions"].column(c).label for c in COLUMNS))  # for the API's pages
SEPARATOR = "\x1f"  # between columns, so a match cannot span two of them

# unicode61 keeps letters, digits and private-use characters; everything else separates tokens.
_RUN = re.compile(r"[^\W_]+")


def grams(text: str) -> str:
    """The index tokens of `text`: its characters, then its neighbouring pairs, per unbroken run."""
    out: list[str] = []
    for run in _RUN.findall(text):
        out.extend(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(out)


# Building the index: `grams` per run of characters is Python-speed (~50 µs a
# decision). `index_texts` makes the same tokens for many texts at once with
# whole-buffer operations. Its tokens come in another order (every character
# with the pair it starts: 泸 泸市 市 市监 …) and with extra spaces between them,
# which changes nothing stored: a detail=none index keeps, per token, only the
# rows that contain it, and the row's token count — both the same for any order
# (tests/test_opendata.py builds the index both ways and compares what is stored).
_NONWORD = re.compile(r"[\W_]")  # one at a time: faster than runs ([\W_]+) in CPython's re, and keeps lengths
_WORD_FLAG = bytes(0 if b == 0x20 else 1 for b in range(256))  # text encoded as ASCII ("?" for the rest) → 1 per word char
_SPACE = " ".encode("utf-32-le")
assert array("I").itemsize == 4, "index_texts moves UTF-32 units as C unsigned ints"


def index_texts(texts: list[str]) -> list[str]:
    """The index text of each of `texts`: the tokens of `grams`, as a multiset, for a tokenizer that splits on spaces.

    Every character c_i of a text yields "c_i ␣ p_i p'_i ␣", five UTF-32 units,
    where p_i p'_i is the pair c_i c_{i+1} when both are word characters, else
    two spaces. The pairs are selected with bitwise operations on the texts as
    (very long) integers and the units laid out with strided array copies, so
    the per-character work is done in C.
    """
    # every character that is not a word character → a space, one for one, so each text keeps its
    # offsets; the "\n" after each text becomes one too, and no pair spans two texts
    joined = _NONWORD.sub(" ", "\n".join(texts) + "\n")
    n = len(joined)
    utf32 = joined.encode("utf-32-le")
    # 1 per word character, 0 per space (the only other character left), one UTF-32 unit each
    flags = joined.encode("ascii", "replace").translate(_WORD_FLAG).decode("latin-1").encode("utf-32-le")
    word = int.from_bytes(flags, "little")
    # all ones in unit i where characters i and i + 1 are both word characters: the pair to index
    mask = (word & (word >> 32)) * 0xFFFFFFFF
    units = int.from_bytes(utf32, "little")
    spaces = int.from_bytes(_SPACE * n, "little") & ~mask
    first = array("I", ((units & mask) | spaces).to_bytes(4 * n, "little"))
    second = array("I", (((units >> 32) & mask) | spaces).to_bytes(4 * n, "little"))
    out = array("I", _SPACE) * (5 * n)
    out[0::5] = array("I", utf32)
    out[2::5] = first
    out[3::5] = second
    text = out.tobytes().decode("utf-32-le")
    docs = []
    start = 0
    for t in texts:
        end = start + len(t)
        docs.append(text[5 * start : 5 * end])
        start = end + 1
    return docs


def haystack_sql(alias: str = "") -> str:
    """SQL for the searched text of a decision, lower-cased (ASCII) like the query it is compared with."""
    prefix = f"{alias}." if alias else ""
    parts = " || char(31) || ".join(f"coalesce({prefix}{c}, '')" for c in COLUMNS)
    return f"lower({parts})"


def match_expression(term: str) -> str | None:
    """The FTS5 MATCH expression that finds every row containing `term`, or None if nothing can.

    Pairs that contain punctuation shrink to the characters unicode61 keeps;
    the `instr` check makes the final result exact anyway.
    """
    term = term.strip()
    pieces = [term] if len(term) <= 2 else [term[i : i + 2] for i in range(len(term) - 1)]
    tokens = []
    for piece in pieces:
        kept = "".join(_RUN.findall(piece))
        if kept:
            tokens.append('"' + kept.replace('"', '""') + '"')
    return " AND ".join(dict.fromkeys(tokens)) or None


def exact(term: str) -> bool:
    """Whether the index alone answers `term`: one or two characters, none of them punctuation."""
    term = term.strip()
    return 0 < len(term) <= 2 and _RUN.fullmatch(term) is not None


# The canned query: the same search in plain SQL, so it works in any Datasette
# (no plugin needed). The recursive CTE builds the AND of the query's
# character pairs, as match_expression() does (a pair across a space is the
# one character the tokenizer keeps of it), and each whitespace-separated term
# must occur; rows come newest first. Unlike match_expression() it cannot
# drop a pair of two punctuation marks (》《), so such a query finds nothing
# here; the table search handles it.
CANNED_SEARCH_SQL = f"""\
-- 在执法决定中查找包含检索词的记录（任意长度，含一两个字的词），最新的在前，每页 100 条
with recursive
  -- whitespace (also the full-width space) separates terms, as in the table's search box; each must occur
  q(s) as (select trim(replace(replace(replace(replace(replace(:q, '　', ' '), char(9), ' '), '  ', ' '), '  ', ' '),
    '  ', ' '))),
  terms(t, rest) as (
    select '', (select s from q) || ' '
    union all
    select substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) from terms where rest != ''
  ),
  pairs(i, expr) as (
    select 1, '"' || replace(substr(s, 1, 2), '"', '""') || '"' from q where s != ''
    union all
    select i + 1, expr || ' AND "' || replace(substr(s, i + 1, 2), '"', '""') || '"'
    from pairs, q where i + 2 < length(s)
  ),
  hits as (
    select {FTS_TABLE}.rowid as rowid from {FTS_TABLE}
    where {FTS_TABLE} match coalesce((select expr from pairs order by i desc limit 1), '""')
    order by {FTS_TABLE}.rowid
  )
select d.id, d.doc_no, d.department_name, d.kind, d.decision_date, d.party_name, d.party_uscc,
  d.conclusion, d.fine_yuan, d.url
from hits join decisions d on d.rowid = hits.rowid
where not exists (select 1 from terms where t != '' and instr({haystack_sql("d")}, lower(t)) = 0)
order by hits.rowid
limit 100 offset 100 * max(0, coalesce(cast(nullif(:page, '') as integer), 1) - 1)
"""
