"""Change windows: is a site open for changes now, and when is its next window?

A window (org.yml change_control.windows) is a set of intervals in the org's time zone: weekly
slots, and whole days on public holidays (the `holidays` package, DE plus the state) and school
holidays (date ranges in org.yml). Intervals are built day by day and merged, so a Friday-evening
slot followed by an open weekend is one window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from provisioner.plans.model import PlanRefused
from provisioner.registry.change import ChangeControl, ChangeWindow, WeeklySlot
from provisioner.registry.load import Registry

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HORIZON_DAYS = 400
ALWAYS = "(no window: always open)"


@dataclass(frozen=True)
class SiteWindow:
    """The window that applies to one site (None: no window configured, always open)."""

    site: str
    name: str
    window: ChangeWindow | None


@dataclass(frozen=True)
class Interval:
    """One open period, in the org's time zone."""

    start: dt.datetime
    end: dt.datetime

    def __str__(self) -> str:
        end = self.end.strftime("%H:%M") if self.end.date() == self.start.date() else self.end.strftime("%a %Y-%m-%d %H:%M")
        return f"{self.start.strftime('%a %Y-%m-%d %H:%M')} - {end} {self.start.tzname()}"


def window_of(*, registry: Registry, site: str) -> SiteWindow:
    """A site's window: its own change_window, else its type's, else the org default; the central devices get the default."""
    control = registry.org.change_control
    entry = registry.site(site)
    name = control.default
    if entry is not None:
        name = entry.site.change_window or control.site_types.get(entry.site.type) or control.default
        if entry.site.change_window and entry.site.change_window not in control.windows:
            raise PlanRefused(
                f"sites/{site}.yml: change_window '{entry.site.change_window}' is not defined in org.yml change_control.windows "
                f"(defined: {', '.join(control.windows) or 'none'})"
            )
    if name is None:
        return SiteWindow(site=site, name=ALWAYS, window=None)
    return SiteWindow(site=site, name=name, window=control.windows[name])


def zone(control: ChangeControl) -> ZoneInfo:
    try:
        return ZoneInfo(control.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PlanRefused(f"org.yml: change_control.timezone '{control.timezone}' is not a known time zone (e.g. Europe/Berlin)") from exc


def is_open(*, window: ChangeWindow | None, control: ChangeControl, moment: dt.datetime) -> bool:
    """Whether the moment lies inside the window."""
    if window is None or window.always:
        return True
    local = moment.astimezone(zone(control))
    around = intervals(window=window, control=control, first=local.date() - dt.timedelta(days=1), days=2)
    return any(i.start <= local < i.end for i in around)


def next_windows(*, window: ChangeWindow | None, control: ChangeControl, moment: dt.datetime, count: int = 3) -> list[Interval]:
    """The current (if open) and next windows, at most `count`; empty for an always-open site or a window that never opens."""
    if window is None or window.always:
        return []
    local = moment.astimezone(zone(control))
    found = intervals(window=window, control=control, first=local.date() - dt.timedelta(days=1), days=HORIZON_DAYS)
    return [i for i in found if i.end > local][:count]


def intervals(*, window: ChangeWindow, control: ChangeControl, first: dt.date, days: int) -> list[Interval]:
    """The window's merged open intervals on `days` days from `first`."""
    tz = zone(control)
    raw: list[Interval] = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        if _whole_day(window, control, day):
            raw.append(Interval(_at(day, "00:00", tz), _at(day + dt.timedelta(days=1), "00:00", tz)))
        raw += [_slot(day, slot, tz) for slot in window.weekly if DAYS[day.weekday()] in slot.days]
    return _merge(sorted(raw, key=lambda i: i.start))


def _whole_day(window: ChangeWindow, control: ChangeControl, day: dt.date) -> bool:
    if window.school_holidays and any(r.start <= day <= r.end for r in control.school_holidays):
        return True
    return window.public_holidays and day in public_holidays(control.holiday_state, day.year)


def _slot(day: dt.date, slot: WeeklySlot, tz: ZoneInfo) -> Interval:
    start = _at(day, slot.start, tz)
    end_day = day + dt.timedelta(days=1) if slot.end <= slot.start else day
    return Interval(start, _at(end_day, slot.end, tz))


def _at(day: dt.date, hhmm: str, tz: ZoneInfo) -> dt.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def _merge(items: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for item in items:
        if merged and item.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Interval(last.start, max(last.end, item.end))
        else:
            merged.append(item)
    return merged


@lru_cache(maxsize=32)
def public_holidays(state: str | None, year: int) -> frozenset[dt.date]:
    """Public holidays of Germany (and the state, e.g. NW) from the `holidays` package; none without a state."""
    if state is None:
        return frozenset()
    return frozenset(holidays.country_holidays("DE", subdiv=state, years=year).keys())
