"""Period bucketing: quarter (default), month or year, in UTC.

A commit belongs to the period of its *committer* date (when it landed on the
branch, which is what a retrospective of "what happened this quarter" means;
the author date of a rebased or cherry-picked commit can be years older).
Labels: ``2024Q3``, ``2024-07``, ``2024``.  ``end`` is inclusive (the last
second of the period).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    start: int  # first second, UTC
    end: int  # last second, UTC (inclusive)

    @property
    def start_date(self) -> str:
        return datetime.fromtimestamp(self.start, UTC).date().isoformat()

    @property
    def end_date(self) -> str:
        return datetime.fromtimestamp(self.end, UTC).date().isoformat()


def _first_day(day: date, kind: str) -> date:
    if kind == "month":
        return day.replace(day=1)
    if kind == "year":
        return day.replace(month=1, day=1)
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def _next_first_day(first: date, kind: str) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    month_index = first.month - 1 + months
    return date(first.year + month_index // 12, month_index % 12 + 1, 1)


def _label(first: date, kind: str) -> str:
    if kind == "month":
        return f"{first.year}-{first.month:02d}"
    if kind == "year":
        return str(first.year)
    return f"{first.year}Q{(first.month - 1) // 3 + 1}"


def _stamp(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


class IsoSpan(Protocol):
    """Anything with ISO ``start`` and ``end`` days (``PeriodStats``, a window of periods)."""

    @property
    def start(self) -> str: ...

    @property
    def end(self) -> str: ...


def span_of(period: IsoSpan) -> tuple[int, int]:
    """``[start, end)`` of a period given as ISO days (``end`` inclusive), in Unix seconds, UTC.

    The one place ``PeriodStats``' ISO bounds are turned back into seconds: a commit is in the period when
    ``start <= committer_date < end``.
    """
    return _stamp(date.fromisoformat(period.start)), _stamp(date.fromisoformat(period.end) + timedelta(days=1))


def period_of(timestamp: int, kind: str = "quarter") -> Period:
    """The period containing ``timestamp`` (seconds, UTC)."""
    day = datetime.fromtimestamp(timestamp, UTC).date()
    first = _first_day(day, kind)
    nxt = _next_first_day(first, kind)
    return Period(_label(first, kind), _stamp(first), _stamp(nxt) - 1)


def periods_between(first_ts: int, last_ts: int, kind: str = "quarter") -> list[Period]:
    """Every period from the one holding ``first_ts`` to the one holding ``last_ts``, gaps included."""
    if last_ts < first_ts:
        first_ts, last_ts = last_ts, first_ts
    periods = [period_of(first_ts, kind)]
    while periods[-1].end < last_ts:
        nxt = _next_first_day(datetime.fromtimestamp(periods[-1].end + 1, UTC).date(), kind)
        start = periods[-1].end + 1
        periods.append(Period(_label(datetime.fromtimestamp(start, UTC).date(), kind), start,
                              _stamp(nxt) - 1))
    return periods


def months_before(timestamp: int, months: int) -> int:
    """The timestamp ``months`` calendar months before ``timestamp`` (day clamped to the month's end)."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last_day = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return int(moment.replace(year=year, month=month, day=min(moment.day, last_day)).timestamp())
