"""The Qt binding must not corrupt the interpreter (PySide6 6.12.0 on CPython 3.11 lost a None per setText)."""

from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal on CPython >= 3.12: the leak is harmless")
def test_text_setters_keep_none_references(qapp) -> None:
    from debt_explorer.ui.binding import none_refcount_drift

    assert none_refcount_drift(300) == 0


def test_sound_binding_is_accepted(qapp) -> None:
    from debt_explorer.ui.binding import binding_problem

    assert binding_problem() is None
