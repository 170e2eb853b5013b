"""What a decision page shows, section by section, in the standard's order (the template lays them out)."""

from __future__ import annotations

from functools import cache

from ..standard import DECISIONS, Field

# Sections of a decision page: common fields first, then the kind's own.
DECISION_HEAD = ("doc_no", "title", "kind", "power_code", "decision_date", "published", "publicity_until", "corrected")
DECISION_PARTY = ("name", "kind", "uscc", "legal_rep")
DECISION_TAIL = ("officers", "procedure", "legal_review", "major", "remarks")


def decision_sections(d: dict) -> list[tuple[str, list[tuple[Field, object]]]]:
    """(heading, [(field, value)]) for a decision page, in the standard's order; empty values left out.

    Fields are looked up within the decision's own kind: `basis` is 处罚依据 for
    a penalty but 强制依据 for a coercive measure.
    """
    return [(heading, _pick(fields, d["party"] if of_party else d)) for heading, of_party, fields in _sections(d["kind"])]


@cache
def _sections(kind: str) -> tuple[tuple[str, bool, tuple[tuple[str, Field | None], ...]], ...]:
    """Per kind of decision, once: (heading, of the party?, ((key, field or None if the kind has none), …))."""
    own = {f.key: f for f in (*DECISIONS.fields, *DECISIONS.kinds.get(kind, ()))}
    party_spec = DECISIONS.field("party")
    party: dict[str, Field] = {}
    for f in party_spec.fields:
        party.setdefault(f.key, f)  # Field.sub: the first with the key
    specific = tuple(f.key for f in DECISIONS.kinds.get(kind, ()))
    return (
        ("基本信息", False, tuple((k, own.get(k)) for k in DECISION_HEAD)),
        (party_spec.label, True, tuple((k, party.get(k)) for k in DECISION_PARTY)),
        ("执法结论", False, tuple((k, own.get(k)) for k in ("conclusion", *specific))),
        ("办理情况", False, tuple((k, own.get(k)) for k in DECISION_TAIL)),
    )


def _pick(fields: tuple[tuple[str, Field | None], ...], source: dict) -> list[tuple[Field, object]]:
    out = []
    for key, f in fields:
        value = source.get(key)
        # value not in (None, "", []), without three comparisons for every value
        if value is not None and (value or not isinstance(value, (str, list))):
            if f is None:  # a value the standard does not define for this kind
                raise KeyError(key)
            out.append((f, value))
    return out
