"""Change control in org.yml: who must approve a plan, how long it lives, and when sites may be changed."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from provisioner.registry.base import Model
from provisioner.registry.types import Bool, Int, Slug, Text, TimeOfDay

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WindowSiteType = Literal["school", "kita", "youth_centre", "office"]


class WeeklySlot(Model):
    """Open on these weekdays from start to end (end 00:00 is midnight; an end before the start runs past midnight)."""

    days: list[Weekday]
    start: TimeOfDay
    end: TimeOfDay


class DateRange(Model):
    """A named range of whole days, both ends included (e.g. the NRW school holidays)."""

    name: Text
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"{self.name}: end {self.end} is before start {self.start}")
        return self


class ChangeWindow(Model):
    """When a site's devices may be changed: always, weekly slots, and whole days on holidays."""

    always: Bool = False
    weekly: list[WeeklySlot] = []
    public_holidays: Bool = False
    """Whole days on public holidays (the `holidays` package, country DE, subdivision `holiday_state`)."""
    school_holidays: Bool = False
    """Whole days in the school_holidays ranges of change_control."""
    description: Text | None = None


class ChangeControl(Model):
    """org.yml `change_control`: approval rules, plan lifetime and change windows."""

    timezone: Text = "Europe/Berlin"
    require_approval: Bool = True
    distinct_approver: Bool = False
    """The approver must not be the planner."""
    plan_lifetime_hours: Annotated[Int, Field(ge=1, le=24 * 90)] = 72
    holiday_state: Text | None = "NW"
    school_holidays: list[DateRange] = []
    windows: dict[Slug, ChangeWindow] = {}
    default: Slug | None = None
    """The org-wide window: for sites whose type has none, and for the central devices (WLAN controllers)."""
    site_types: dict[WindowSiteType, Slug] = {}
    """The window of each site type; a site's own `change_window` wins. With no window at all a site is always open."""

    @model_validator(mode="after")
    def _known_windows(self) -> ChangeControl:
        named: dict[str, str] = {str(t): w for t, w in self.site_types.items()}
        if self.default:
            named["default"] = self.default
        unknown = sorted({f"{t}: {w}" for t, w in named.items() if w not in self.windows})
        if unknown:
            raise ValueError(f"site_types name windows that are not defined ({', '.join(unknown)}; defined: {', '.join(self.windows)})")
        return self
