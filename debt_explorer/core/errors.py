"""Errors a scan reports to the user: one clear line, never a traceback."""

from __future__ import annotations


class ScanError(Exception):
    """Bad input or an unreadable repository.  ``str(error)`` is the message for the user."""


class ScanCancelled(Exception):
    """The user cancelled the scan; nothing partial is returned and the cache stays consistent."""
