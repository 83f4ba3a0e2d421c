"""The metric catalogue: name, unit, definition and direction of every per-file figure, in one place.

The hotspot table's headers and tooltips, the folder tree's headers, the Trends plots' tooltips (per-period
figures), the Help dialog and the column names of every CSV the app writes (file table, coupled pairs, plan)
are rendered from it (wily keeps one metric registry the same way); docs/metrics.md carries the rendered table
(a test checks it). To add a metric: one :class:`Metric` here, the field in ``core/models.py``, the doc's row.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from debt_explorer.core.options import ScanOptions

__all__ = [
    "FILE_DATA_METRICS",
    "FILE_METRICS",
    "FILE_PERIOD_METRICS",
    "FOLDER_METRICS",
    "PAIR_METRICS",
    "PERIOD_METRICS",
    "PLAN_METRICS",
    "PLOT_METRICS",
    "PLOT_TITLES",
    "Direction",
    "Metric",
    "csv_columns",
    "metric",
    "period_column",
    "period_metric",
    "plot_tooltip",
]

_DEFAULTS = ScanOptions()


class Direction(str, Enum):
    WORSE = "higher is worse"
    BETTER = "higher is better"
    NEITHER = "neither better nor worse"


@dataclass(frozen=True, slots=True)
class Metric:
    key: str  # the field (FileRecord, its ai_/line_origins figures, PeriodStats, ...) and the JSON/CSV column
    name: str  # the column header
    unit: str
    definition: str
    direction: Direction = Direction.NEITHER

    def tooltip(self) -> str:
        """One line for a header's tooltip: the definition, the unit and (if any) which direction is worse."""
        tail = f"; {self.direction.value}" if self.direction is not Direction.NEITHER else ""
        return f"{self.definition} ({self.unit}{tail})"


_W, _B = Direction.WORSE, Direction.BETTER

#: Per-file metrics, in the hotspot table's column order.
FILE_METRICS: tuple[Metric, ...] = (
    Metric("path", "Path", "text", "Path of the file at the scanned revision"),
    Metric("language", "Language", "text", "Language from the file extension (radon for Python, tree-sitter for "
           "TypeScript/JavaScript/Rust/Go/Java/C#/C/C++, lizard for the rest)"),
    Metric("sloc", "SLOC", "lines", "Source lines: non-blank, non-comment lines"),
    Metric("complexity", "Complexity", "sum of McCabe", "Sum of cyclomatic complexity over all functions and "
           "methods", _W),
    Metric("max_complexity", "Max CC", "McCabe", "Cyclomatic complexity of the most complex function", _W),
    Metric("maintainability", "MI", "0-100", "radon Maintainability Index (Python only)", _B),
    Metric("revisions", "Revisions", "commits", "Non-merge commits that changed the file, following renames", _W),
    Metric("churn", "Churn", "lines", "Lines added + deleted over the whole history", _W),
    Metric("authors", "Authors", "people", "Distinct author e-mails"),
    Metric("window_revisions", "Recent revs", "commits",
           f"Revisions within the hotspot window (default: last {_DEFAULTS.window_months} months)", _W),
    Metric("hotspot_score", "Hotspot", "0-1", "Percentile rank of recent revisions x percentile rank of "
           f"complexity; >= {_DEFAULTS.hotspot_threshold} (the default threshold) counts as a hotspot", _W),
    Metric("high_churn", "High churn", "yes/no", f"Recent churn >= {_DEFAULTS.high_churn_ratio:g} x SLOC and >= "
           f"{_DEFAULTS.min_high_churn_lines} lines", _W),
    Metric("ai", "AI", "label", "AI attribution label and confidence: disclosed (traces in the history or the "
           "tools' own records, high confidence; files are marked AI only on such evidence), possible (style score "
           "only, weak, low confidence), insufficient (under 15 SLOC)"),
    Metric("style_score", "Style", "0-1", "Style score for files without disclosed traces, for reference only: it "
           "cannot tell AI-created files from other files of the same era, so files are marked AI only on "
           "disclosed or recorded evidence."),
    Metric("cognitive", "Cognitive", "sum of SonarSource", "Sum of cognitive complexity over all functions; "
           "complexipy for Python, tree-sitter for TypeScript/JavaScript/Rust/Go/Java/C#/C/C++, blank where "
           "unknown", _W),
    Metric("max_cognitive", "Max cog", "SonarSource", "Cognitive complexity of the function hardest to read", _W),
    Metric("fix_commits", "Fix commits", "commits", "Bug-fix commits that changed the file in the hotspot window "
           "(rules: docs/coupling.md)", _W),
    Metric("fix_ratio", "Fix ratio", "0-1", "Fix commits / revisions in the hotspot window", _W),
    # line provenance (docs/provenance.md): fields of FileRecord.line_origins
    Metric("median_age_days", "Age", "days", "Median age of the file's lines (since the commit that wrote each "
           "line)"),
    Metric("main_author", "Main author", "person", "Author of the most current lines (bots excluded) and their "
           "share of the lines"),
    Metric("knowledge_loss_share", "Knowledge loss", "0-1", "Share of the lines whose author made no commit in "
           f"the hotspot window (default {_DEFAULTS.window_months} months)", _W),
)

#: Per-file figures the CSV and JSON carry beside the table's columns (same field names; docs/metrics.md).
FILE_DATA_METRICS: tuple[Metric, ...] = (
    Metric("functions", "Functions", "functions", "Functions and methods in the file"),
    Metric("added", "Added", "lines", "Lines added over the whole history, following renames (binary changes not "
           "counted)"),
    Metric("deleted", "Deleted", "lines", "Lines deleted over the whole history, following renames"),
    Metric("first_commit_date", "First commit", "date", "Committer date of the first commit that changed the file "
           "(ISO-8601 UTC)"),
    Metric("last_commit_date", "Last commit", "date", "Committer date of the last commit that changed the file "
           "(ISO-8601 UTC)"),
    Metric("window_churn", "Recent churn", "lines", "Lines added + deleted within the hotspot window", _W),
    Metric("relative_churn", "Relative churn", "ratio", "Recent churn / max(SLOC, 1)", _W),
    Metric("hotspot_rank", "Rank", "rank", "1 = highest hotspot score; ties broken by recent revisions, then "
           "complexity, then SLOC; blank when the score is 0"),
    Metric("parsed", "Parsed", "yes/no", "Whether the analyzer could parse the file (complexity is 0 when not)"),
    Metric("unparsed_reason", "Why unparsed", "text", "The analyzer's reason when the file could not be parsed"),
    # line provenance (docs/provenance.md): fields of FileRecord.line_origins
    Metric("lines", "Lines", "lines", "Lines of the file at the ref whose origin line provenance traced"),
    Metric("main_author_share", "Main author share", "0-1", "Share of the lines written by the main author"),
    Metric("ai_line_share", "AI line share", "0-1", "Share of the lines written by AI-attributed commits"),
    # AI attribution (docs/ai-attribution.md): fields of FileRecord.ai, prefixed ``ai_`` in the CSV
    Metric("ai_label", "AI label", "label", "AI attribution label: disclosed, likely, possible, none or "
           "insufficient (under 15 SLOC); blank when not attributed"),
    Metric("ai_confidence", "AI confidence", "level", "How far the label can be trusted: high (disclosed evidence "
           "only), medium or low"),
    Metric("ai_style_score", "AI style score", "0-1", "Style score of the file (reference only: it drives no "
           "label); blank when not computed"),
    Metric("ai_disclosed_line_share", "AI disclosed line share", "0-1", "Share of the current lines whose last "
           "change came from an AI-attributed commit (git blame -w); a floor; blank for files no AI-attributed "
           "commit touched"),
)

#: Per-file figures within the selected period: File > Export table adds them while a period filter is on, as
#: columns named ``<key>_<period>`` (:func:`period_column`, e.g. ``revisions_2024Q3``).
FILE_PERIOD_METRICS: tuple[Metric, ...] = (
    Metric("revisions", "Revisions in the period", "commits", "Non-merge commits in the selected period that "
           "changed the file, following renames", _W),
    Metric("churn", "Churn in the period", "lines", "Lines added + deleted by those commits", _W),
)

#: A coupled pair (code-maat's ``coupling``; docs/coupling.md): the columns of ``coupling --csv``.
PAIR_METRICS: tuple[Metric, ...] = (
    Metric("entity", "Entity", "path", "The first file (or folder) of the pair, in path order"),
    Metric("coupled", "Coupled", "path", "The second file (or folder) of the pair"),
    Metric("degree", "Degree", "%", "shared_revs / average_revs x 100, truncated to a whole percentage", _W),
    Metric("average_revs", "Average revs", "commits", "(entity_revs + coupled_revs) / 2, rounded up"),
    Metric("shared_revs", "Shared revs", "commits", "Commits in scope that changed both", _W),
    Metric("entity_revs", "Entity revs", "commits", "Commits in scope that changed the entity"),
    Metric("coupled_revs", "Coupled revs", "commits", "Commits in scope that changed the coupled one"),
    Metric("surprising", "Surprising", "text", "Why the pair is surprising (it crosses top-level folders, a "
           "production file with a test file excepted); blank when it is not"),
)

#: An item of the refactoring plan (docs/team-workflows.md): the columns of the plan CSV (``plan export --csv``, Plan tab).
PLAN_METRICS: tuple[Metric, ...] = (
    Metric("path", "Path", "text", "The file the item is about"),
    Metric("function", "Function", "text", "The function the item is about; blank for the whole file"),
    Metric("priority", "Priority", "level", "high, medium or low (the user's choice)"),
    Metric("effort", "Effort", "size", "S, M, L or XL (the user's estimate)"),
    Metric("note", "Note", "text", "The user's note"),
    Metric("added", "Added", "date", "Day the item was added to the plan (YYYY-MM-DD, UTC)"),
    Metric("complexity", "Complexity", "sum of McCabe", "The file's complexity at the scanned revision; blank when "
           "the file is gone", _W),
    Metric("complexity_change", "Complexity change", "sum of McCabe", "Complexity now - complexity when the item "
           "was added (negative: the refactoring paid off)", _W),
    Metric("sloc", "SLOC", "lines", "The file's source lines at the scanned revision"),
    Metric("hotspot_score", "Hotspot", "0-1", "The file's hotspot score at the scanned revision", _W),
    Metric("function_complexity", "Function complexity", "McCabe", "The function's cyclomatic complexity at the "
           "scanned revision; blank for a file item or a function not found", _W),
    Metric("function_complexity_change", "Function complexity change", "McCabe", "Function complexity now - when "
           "the item was added", _W),
)

#: Per-folder totals (core.folders), in the folder tree's column order.
FOLDER_METRICS: tuple[Metric, ...] = (
    Metric("path", "Folder", "text", "Folder (all code files below it)"),
    Metric("files", "Files", "files", "Code files"),
    Metric("sloc", "SLOC", "lines", "Source lines"),
    Metric("complexity", "Complexity", "sum of McCabe", "Sum of cyclomatic complexity", _W),
    Metric("churn", "Churn", "lines", "Lines added + deleted over the history", _W),
    Metric("hotspots", "Hotspots", "files", "Files with hotspot score >= the scan's hotspot threshold "
           f"(default {_DEFAULTS.hotspot_threshold})", _W),
    Metric("ai_marked", "AI", "files", "Files marked disclosed or likely AI"),
    Metric("truck_factor", "Truck", "authors", "Truck factor (Avelino et al. 2016): how many authors would have to "
           "leave before more than half of the folder's files have no author left (line provenance, "
           "docs/provenance.md)", Direction.BETTER),
)


#: Per-period figures (``PeriodStats`` fields) the Trends plots draw; the plots' tooltips are rendered from them.
PERIOD_METRICS: tuple[Metric, ...] = (
    Metric("complexity", "Complexity", "sum of McCabe", "Total cyclomatic complexity of the code files at the "
           "period's end (its snapshot)", _W),
    Metric("sloc", "SLOC", "lines", "Total source lines of the code files at the period's end"),
    Metric("ai_complexity", "AI complexity", "sum of McCabe", "Complexity of the files touched by AI-attributed "
           "commits or marked likely AI, at the period's end"),
    Metric("ai_sloc", "AI SLOC", "lines", "Source lines of those files at the period's end"),
    Metric("maintenance_churn", "Maintenance churn", "lines", "deleted + min(added, deleted) per change, summed "
           "over the period's non-merge commits (rework of existing code)", _W),
    Metric("new_code_churn", "New-code churn", "lines", "added - min(added, deleted) per change, summed over the "
           "period's non-merge commits"),
    Metric("maintenance_share", "Maintenance share", "0-1", "maintenance churn / (maintenance + new-code churn)",
           _W),
    Metric("ai_churn", "AI churn", "lines", "Lines changed by the period's AI-attributed commits"),
    Metric("ai_commit_share", "AI commit share", "0-1", "AI-attributed commits / the period's non-merge commits"),
    Metric("ai_authors", "AI authors", "people", "Authors with any AI-attributed commit in the period (the plot "
           "shows their share of the period's authors: team adoption; no one is named)"),
    Metric("hotspots", "Hotspots", "files", "Files with hotspot score >= the hotspot threshold (default "
           f"{_DEFAULTS.hotspot_threshold}) at the period's end, the window ending there", _W),
    Metric("high_churn_files", "High-churn files", "files", "Files meeting the high-churn rule at the period's end",
           _W),
    Metric("knowledge_loss_share", "Knowledge loss", "0-1", "Share of the code lines alive at the period's end "
           "(bots excluded) whose author made no commit in the hotspot window before it (default "
           f"{_DEFAULTS.window_months} months; line provenance, docs/provenance.md)", _W),
)

#: The Trends plots' titles, in their order: each plot's title, its File > Export menu entry, the default name
#: of its exported file and the title written into that file.
PLOT_TITLES: tuple[str, ...] = ("Complexity build-up", "Maintenance burden", "AI-attributed work",
                                "Hotspots and high-churn files")

#: The period figures each Trends plot draws, in the plots' order (build-up, burden, AI, hotspots).
PLOT_METRICS: tuple[tuple[str, ...], ...] = (
    ("complexity", "sloc", "ai_complexity", "ai_sloc"),
    ("maintenance_churn", "new_code_churn", "maintenance_share"),
    ("ai_churn", "ai_commit_share", "ai_authors"),
    ("hotspots", "high_churn_files"),
)

#: Period figures drawn by the overview's line-provenance plots (ui/views/lines_view.py), not by the Trends plots.
PROVENANCE_PLOT_METRICS: tuple[str, ...] = ("knowledge_loss_share",)


def period_metric(key: str) -> Metric:
    """The per-period metric ``key``; KeyError for an unknown one."""
    for entry in PERIOD_METRICS:
        if entry.key == key:
            return entry
    raise KeyError(key)


def plot_tooltip(index: int) -> str:
    """Tooltip of Trends plot ``index``: one line per figure it draws, ``Name: definition (unit; direction)``."""
    return "\n".join(f"{(m := period_metric(key)).name}: {m.tooltip()}" for key in PLOT_METRICS[index])


def metric(key: str) -> Metric:
    """The per-file metric ``key`` (a table column or a CSV/JSON-only figure); KeyError for an unknown one."""
    for entry in FILE_METRICS + FILE_DATA_METRICS:
        if entry.key == key:
            return entry
    raise KeyError(key)


def csv_columns(keys: tuple[str, ...], metrics: tuple[Metric, ...] | None = None) -> tuple[str, ...]:
    """CSV header cells: each the key of a catalogued metric (KeyError for one not catalogued).

    ``metrics`` is the CSV's level (``PAIR_METRICS``, ``PLAN_METRICS``); by default the per-file figures
    (``FILE_METRICS`` and ``FILE_DATA_METRICS``).  The column *order* is the CSV's documented contract and
    stays with the writer; the names come from here, so a CSV column is always a field the catalogue (and
    docs/metrics.md) defines.
    """
    if metrics is None:
        return tuple(metric(key).key for key in keys)
    known = {m.key for m in metrics}
    for key in keys:
        if key not in known:
            raise KeyError(key)
    return keys


def period_column(key: str, period: str) -> str:
    """The CSV column of per-file figure ``key`` within ``period`` (``revisions_2024Q3``); KeyError if unknown."""
    if key not in {m.key for m in FILE_PERIOD_METRICS}:
        raise KeyError(key)
    return f"{key}_{period}"


def catalogue_markdown() -> str:
    """The catalogue as the Markdown section docs/metrics.md carries verbatim (a test keeps the two equal).

    Regenerate with ``python -m debt_explorer.core.catalogue``.
    """
    rows = ["## The metric catalogue", "",
            "Rendered from `debt_explorer/core/catalogue.py` (`python -m debt_explorer.core.catalogue`); the "
            "table headers, tooltips, the Trends plots' tooltips and the Help dialog show the same text, and every column "
            "of every CSV the app writes is a field of this table.", "",
            "| level | field | header | unit | definition | direction |", "|---|---|---|---|---|---|"]
    for level, metrics in (("file", FILE_METRICS), ("file (CSV/JSON)", FILE_DATA_METRICS),
                           ("file in a period (`<field>_<period>`, table CSV)", FILE_PERIOD_METRICS),
                           ("folder", FOLDER_METRICS), ("period", PERIOD_METRICS),
                           ("coupled pair (coupling CSV)", PAIR_METRICS), ("plan item (plan CSV)", PLAN_METRICS)):
        rows += [f"| {level} | `{m.key}` | {m.name} | {m.unit} | {m.definition.replace('|', '/')} | "
                 f"{m.direction.value} |" for m in metrics]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(catalogue_markdown(), end="")
