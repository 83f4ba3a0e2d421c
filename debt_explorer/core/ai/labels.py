"""The vocabulary of AI attribution: a file's label and the confidence behind it.

``StrEnum`` members are ``str``: they compare equal to, hash like and serialise to JSON as their
values ("disclosed", "high", ...), so exports, caches and settings keep the same text.
"""

from __future__ import annotations

from enum import StrEnum


class AiLabel(StrEnum):
    """What the evidence says about who wrote a file at the scanned revision."""

    DISCLOSED = "disclosed"  # lines surviving from commits that carry an AI trace
    LIKELY = "likely"  # no trace, but the style model is confident
    POSSIBLE = "possible"  # no trace, the style model leans towards AI
    NONE = "none"  # nothing points to AI
    INSUFFICIENT = "insufficient"  # too small to judge

    @property
    def marked(self) -> bool:
        """Counted as AI-written in totals and filters ("AI-marked" = disclosed or likely)."""
        return self in AI_MARKED


#: The labels counted as AI-written.
AI_MARKED = frozenset({AiLabel.DISCLOSED, AiLabel.LIKELY})


class Confidence(StrEnum):
    """How far a label can be trusted; never high without disclosed evidence."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class CommitKind(StrEnum):
    """Who made a commit, as far as its traces tell."""

    AI = "ai"  # carries an AI trace (trailer, footer, author, branch, note, session record, provenance)
    BOT = "bot"  # an automation account (dependabot, renovate, ...)
    HUMAN = "human"  # no trace


class EvidenceKind(StrEnum):
    """Where a commit's AI trace was found (shown to the user next to the trace's text)."""

    AUTHOR = "author"
    TRAILER = "trailer"
    FOOTER = "footer"
    BRANCH = "branch"
    SUBJECT = "subject"
    STATEMENT = "statement"
    SIGN_OFF = "sign-off"
    SESSION_LINK = "session link"
    REVIEW_SUGGESTION = "review suggestion"
    NOTE = "note"
    SESSION_RECORD = "session record"
    PROVENANCE = "provenance"
