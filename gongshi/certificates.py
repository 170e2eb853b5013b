"""Whether an enforcement certificate (执法证) could be used on a given day: the one rule the site's certificate
check, the decision pages and `gongshi check` all apply.

A certificate is valid from its 发证日期 (`issued`) to its 有效期至 (`valid_until`), unless its dated history
(`history`: 暂扣, 恢复, 注销, 换证) says it was suspended or revoked by then. The `status` field says what holds
today; only the history can say what held on the day of an old decision.
"""

from __future__ import annotations

from datetime import date

ENDS = ("暂扣", "注销")  # events after which the certificate cannot be used (until 恢复 or 换证)


def certificate_holds(officer: dict, day: date) -> bool:
    """Whether an officer's certificate was valid on `day`: issued by then, not past its 有效期至, and not
    suspended or revoked by then (the last dated event in its history on or before `day` decides)."""
    issued = officer.get("issued")
    if (issued and day < issued) or officer["valid_until"] < day:
        return False
    last = last_event(officer, day)
    return last is None or last["event"] not in ENDS


def last_event(officer: dict, day: date) -> dict | None:
    """The certificate's latest history event on or before `day` (of two on one day, the later written)."""
    last = None
    for event in officer.get("history") or ():
        if event["date"] <= day and (last is None or event["date"] >= last["date"]):
            last = event
    return last
