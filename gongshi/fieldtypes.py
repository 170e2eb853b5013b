"""The language the data standard (standard.py) is written in: field types, fields, lists, and their limits."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field

# Types a field can have; the validator has one checker per type.
TYPES = (
    "str",  # one line of text
    "text",  # free text, may span lines
    "code",  # an identifier without spaces (事项编码, 执法证号 …)
    "date",  # YYYY-MM-DD
    "int",  # whole number >= 0
    "money",  # yuan, >= 0, at most two decimals
    "bool",
    "enum",  # one of choices
    "enums",  # non-empty list of distinct choices
    "strs",  # list of one-line texts
    "codes",  # list of identifiers
    "uscc",  # 统一社会信用代码 (GB 32100-2015)
    "docno",  # 文书文号 (GB/T 9704)
    "region",  # GB/T 2260 six-digit region code
    "url",
    "phone",  # an office telephone number (never a person's mobile)
    "object",
    "objects",
)


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    type: str
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    private: bool = False  # collected for the record, never published
    example: object = None
    # Prose an editor writes (facts, conclusions, reasons): it may name people and hold their numbers, so
    # publicity scrubs it (gongshi.personal), the validator warns about what it finds there, and the open
    # data searches it. Every "text" field is free text unless it says otherwise; a one-line "str" field
    # that carries prose says so. Nothing else lists these fields.
    free_text: bool = False
    searchable: bool = False  # searched in the open data although not free text (names, codes, 文号)
    # The most a value may hold: characters for text (MAX_LENGTH by type unless a field says otherwise),
    # the largest number for an int. Beyond it a value is refused: nothing real is that long, and a
    # page, a feed entry or a file name made from it would be unusable or could not be written.
    max_length: int | None = None
    max_value: int | None = None
    min_value: int = 0  # the least an int may be (a time limit of 0 working days means nothing)
    # (field, value): a required field may be left out of a record whose `field` holds `value` (a refused
    # licence has no validity)
    unless: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown field type {self.type!r} for {self.key}")

    def sub(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


# Longest value by type (characters), measured against real lists: a 文号 or code is a few dozen
# characters, a one-line text a long name or address, free text a long statement of facts.
MAX_LENGTH = {"str": 500, "text": 20_000, "code": 64, "strs": 500, "codes": 64, "url": 2000, "phone": 40}
# Largest whole number: the int fields count days; SQLite's INTEGER holds up to 2**63 - 1 anyway.
MAX_INT = 36_500


def F(key: str, label: str, type: str, doc: str, **kw: object) -> Field:  # noqa: N802
    kw.setdefault("free_text", type == "text")
    kw.setdefault("max_length", MAX_LENGTH.get(type))
    if type == "int":
        kw.setdefault("max_value", MAX_INT)
    return Field(key, label, type, doc, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ListSpec:
    """One kind of file a department keeps."""

    name: str  # machine name, also the table name in the open data
    label: str  # Chinese column title
    filename: str  # file in the department folder ("decisions/" = a folder of files)
    doc: str
    fields: tuple[Field, ...]
    key: str | None = None  # field that identifies an item; unique within the department
    is_list: bool = True  # False: the file is one mapping (department profile)
    kinds: dict[str, tuple[Field, ...]] = dc_field(default_factory=dict)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        for extra in self.kinds.values():
            for f in extra:
                if f.key == key:
                    return f
        raise KeyError(key)

    def all_fields(self) -> tuple[Field, ...]:
        """Common fields followed by every kind-specific one, each once."""
        seen: dict[str, Field] = {f.key: f for f in self.fields}
        for extra in self.kinds.values():
            for f in extra:
                seen.setdefault(f.key, f)
        return tuple(seen.values())
