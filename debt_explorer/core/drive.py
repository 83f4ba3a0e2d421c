"""Run a long-work generator (``run_scan``, ``run_xray``, ...) to its end when nobody watches its progress."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, TypeVar

T = TypeVar("T")


def run_to_end(generator: Generator[Any, Any, T]) -> T:
    """Every step of ``generator`` taken and dropped; its return value."""
    try:
        while True:
            next(generator)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
