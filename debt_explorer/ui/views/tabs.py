"""The main window's tabs by name (their order is the order ``MainWindow`` adds them)."""

from __future__ import annotations

from enum import IntEnum


class Tab(IntEnum):
    OVERVIEW = 0
    HOTSPOTS = 1
    MAP = 2
    RETROSPECTIVE = 3
    PLAN = 4
    COUPLING = 5
    LINES = 6
