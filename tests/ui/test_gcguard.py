"""Reference cycles holding Qt objects are freed on the GUI thread, never on a background worker."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, QThread

from debt_explorer.ui import gcguard
from debt_explorer.ui.app import create_app


def test_cycles_dropped_by_a_worker_are_freed_on_the_gui_thread(qtbot) -> None:
    app = create_app()
    collector = gcguard.install(app)
    assert gcguard.install(app) is collector and not gc.isenabled()
    gui = QThread.currentThread()
    freed_on_gui: list[bool] = []

    class Probe(QObject):
        def __del__(self) -> None:
            freed_on_gui.append(QThread.currentThread() is gui)

    def worker() -> None:
        for _ in range(50):
            holder: dict[str, object] = {}
            probe = Probe()
            probe.moveToThread(gui)
            holder["self"] = holder  # a cycle: only the cyclic collector can free the Qt object in it
            holder["qt"] = probe
            del probe, holder
        kept = [[] for _ in range(20_000)]  # enough allocation to run Python's collector on this thread
        del kept

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert freed_on_gui == []  # without the guard all 50 are freed right here, on the worker
    before = collector.collections
    busy = [[] for _ in range(2 * collector.thresholds[0])]  # the GUI thread allocating, as it always does
    qtbot.waitUntil(lambda: len(freed_on_gui) == 50, timeout=5000)
    del busy
    assert all(freed_on_gui) and collector.collections > before


def test_collector_follows_pythons_thresholds(qtbot) -> None:
    collector = gcguard.install(create_app())
    gc.collect()
    before = collector.collections
    collector.check()  # counts are fresh: nothing to do
    assert collector.collections == before
    garbage = [[] for _ in range(collector.thresholds[0] * 2)]
    collector.check()
    assert collector.collections == before + 1 and gc.get_count()[0] < collector.thresholds[0]
    del garbage
