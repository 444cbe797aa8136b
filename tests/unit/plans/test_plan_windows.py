"""Change windows: weekly slots over midnight, whole days on school and public holidays, the next window."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from provisioner.plans.windows import is_open, next_windows
from provisioner.registry.change import ChangeControl, ChangeWindow

BERLIN = ZoneInfo("Europe/Berlin")
SCHOOLS = ChangeWindow.model_validate(
    {
        "weekly": [
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "17:00", "end": "06:30"},
            {"days": ["sat", "sun"], "start": "00:00", "end": "00:00"},
        ],
        "public_holidays": True,
        "school_holidays": True,
    }
)
CONTROL = ChangeControl.model_validate(
    {
        "school_holidays": [{"name": "Herbstferien 2026", "start": dt.date(2026, 10, 17), "end": dt.date(2026, 10, 31)}],
        "holiday_state": "NW",
    }
)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-12-02 10:00", False),  # Wednesday, lessons
        ("2026-12-02 18:00", True),  # Wednesday evening
        ("2026-12-03 06:00", True),  # the night runs to 06:30
        ("2026-12-03 06:30", False),
        ("2026-12-05 12:00", True),  # Saturday
        ("2026-10-21 10:00", True),  # a Wednesday in the autumn holidays (org.yml dates)
        ("2026-12-25 10:00", True),  # Christmas Day, a Friday (public holiday from the holidays package)
        ("2026-06-04 10:00", True),  # Fronleichnam: a public holiday in NW only
    ],
)
def test_school_window(moment: str, expected: bool) -> None:
    assert is_open(window=SCHOOLS, control=CONTROL, moment=at(moment)) is expected


def test_the_next_window_merges_friday_evening_with_the_weekend() -> None:
    upcoming = next_windows(window=SCHOOLS, control=CONTROL, moment=at("2026-12-04 10:00"), count=2)
    assert upcoming[0].start == at("2026-12-04 17:00")
    assert upcoming[0].end == at("2026-12-07 00:00")  # the weekday nights start on weekdays
    assert upcoming[1].start == at("2026-12-07 17:00")
    assert "Fri 2026-12-04 17:00" in str(upcoming[0])


def test_no_window_or_always_is_open() -> None:
    assert is_open(window=None, control=CONTROL, moment=at("2026-12-02 10:00"))
    assert is_open(window=ChangeWindow(always=True), control=CONTROL, moment=at("2026-12-02 10:00"))
    assert next_windows(window=None, control=CONTROL, moment=at("2026-12-02 10:00")) == []


def test_a_window_that_never_opens_has_no_next_window() -> None:
    never = ChangeWindow()
    assert not is_open(window=never, control=CONTROL, moment=at("2026-12-02 10:00"))
    assert next_windows(window=never, control=CONTROL, moment=at("2026-12-02 10:00")) == []


def test_site_types_must_name_defined_windows() -> None:
    with pytest.raises(ValueError, match="not defined"):
        ChangeControl.model_validate({"windows": {"schools": {"always": True}}, "site_types": {"school": "schol"}})
