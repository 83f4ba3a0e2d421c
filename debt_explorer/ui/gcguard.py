"""Python's cyclic garbage collector runs on the GUI thread only, while the GUI lives.

Reference counting frees most objects at once, on whatever thread drops them; only objects in reference
cycles wait for the cyclic collector, which Python runs on whichever thread happens to allocate when a
threshold is crossed: often a background worker (a blame, an X-Ray, a scan parsing git output).  When such
a cycle holds a Qt object (a widget, an action, a model a closure keeps alive), Qt then destroys it on that
worker thread.  Qt objects belong to the GUI thread: destroying one elsewhere takes Qt's internal locks and
then waits for the GIL, while the GUI thread, holding the GIL, deletes another object and waits for the same
lock -- a deadlock the soak test met (GUI thread in ``QObject::~QObject`` on ``QBasicMutex``, worker thread
in ``QObject::~QObject`` from ``gc_collect_main`` waiting in ``GilState::acquire``).

So :func:`install` switches automatic collection off and a timer on the GUI thread collects instead, by
the same per-generation thresholds Python uses (checked every ``INTERVAL_MS``).  Worker threads never
collect; a cycle they leave waits at most one interval.  The command line never installs it.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the collector's counts.
INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    """Runs the cyclic collector on the thread it lives on (the GUI thread), as Python would run it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.collections = 0
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        """Collect the oldest generation whose count is past its threshold (and the younger ones with it)."""
        counts = gc.get_count()
        generation = -1
        for index in range(3):
            if counts[index] <= self.thresholds[index]:
                break
            generation = index
        if generation >= 0:
            gc.collect(generation)
            self.collections += 1


_installed: GuiThreadCollector | None = None


def install(app: QObject) -> GuiThreadCollector:
    """Collect on ``app``'s thread from now on (once per process; later calls return the same collector)."""
    global _installed
    if _installed is None:
        _installed = GuiThreadCollector(app)
    return _installed
