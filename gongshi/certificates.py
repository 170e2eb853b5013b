"""Whether an enforcement certificate (执法证) could be used on a given day: the one rule the site's certificate
check, the decision pages and `gongshi check` all apply.

A certificate is valid from its 发证日期 (`issued`) to its 有效期至 (`valid_until`), unless its dated history
(`history`: 暂扣, 恢复, 注销, 换证) says it was suspended or revoked by then. The `status` field says what holds
today; only the history can say what held on the day of an old decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ENDS = ("暂扣", "注销")  # events after which the certificate cannot be used (until 恢复 or 换证)


@dataclass(frozen=True, slots=True)
class Lapse:
    """Why a certificate could not be used on a day, and since when."""

    why: str  # NOT_YET, EXPIRED, or the history's event (暂扣, 注销)
    since: date


NOT_YET, EXPIRED = "未生效", "过期"


def lapse(officer: dict, day: date) -> Lapse | None:
    """None when the certificate was valid on `day`: issued by then, not past its 有效期至, and not suspended
    or revoked by then (the last dated event in its history on or before `day` decides)."""
    issued = officer.get("issued")
    if issued and day < issued:
        return Lapse(NOT_YET, issued)
    if officer["valid_until"] < day:
        return Lapse(EXPIRED, officer["valid_until"])
    last = last_event(officer, day)
    if last is not None and last["event"] in ENDS:
        return Lapse(last["event"], last["date"])
    return None


def certificate_holds(officer: dict, day: date) -> bool:
    return lapse(officer, day) is None


def last_event(officer: dict, day: date) -> dict | None:
    """The certificate's latest history event on or before `day` (of two on one day, the later written)."""
    last = None
    for event in officer.get("history") or ():
        if event["date"] <= day and (last is None or event["date"] >= last["date"]):
            last = event
    return last
