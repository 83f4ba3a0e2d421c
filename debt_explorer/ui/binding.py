"""Refuse to run on a Qt binding that corrupts the interpreter.

PySide6-Essentials 6.12.0 on CPython < 3.12 drops one reference to ``None`` on
every call of ``QLabel.setText``, ``QTextEdit.setPlainText``/``setText``/
``setHtml`` (and ``QPlainTextEdit.setPlainText``).  Once ``None``'s count
reaches zero the interpreter aborts with ``Fatal Python error: none_dealloc``
wherever it happens to be — after a minute of browsing.  CPython 3.12 made
``None`` immortal, so the leak is harmless there.

:func:`binding_problem` measures the leak directly (a few dozen setter calls on
throw-away widgets, microseconds) instead of trusting a version list, so a new
release with the same defect is caught too.  ``pyproject.toml`` keeps pip from
choosing such a release in the first place.
"""

from __future__ import annotations

import sys

#: The text setters the application calls; each is probed.
PROBE_CALLS = 40


def none_refcount_drift(calls: int = PROBE_CALLS) -> int:
    """How many references to ``None`` ``calls`` rounds of every Qt text setter lose (0 on a sound binding).

    Needs a ``QApplication``.
    """
    from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit

    label, rich, plain = QLabel(), QTextEdit(), QPlainTextEdit()
    try:
        before = sys.getrefcount(None)
        for index in range(calls):
            text = f"probe {index}"
            label.setText(text)
            rich.setPlainText(text)
            rich.setText(text)
            rich.setHtml(f"<b>{text}</b>")
            plain.setPlainText(text)
        return before - sys.getrefcount(None)
    finally:
        for widget in (label, rich, plain):
            widget.deleteLater()


def binding_problem() -> str | None:
    """A one-line reason not to start, or ``None`` when the binding is sound (always sound on CPython ≥ 3.12)."""
    if sys.version_info >= (3, 12):
        return None
    lost = none_refcount_drift()
    if lost < PROBE_CALLS:  # a sound binding loses nothing; small noise from the probe itself is tolerated
        return None
    import PySide6

    return (f"PySide6 {PySide6.__version__} on Python {sys.version_info.major}.{sys.version_info.minor} loses a "
            f"reference to None on every text update and would crash the window; install a sound release: "
            f"pip install 'PySide6-Essentials>=6.6,<6.12'")
