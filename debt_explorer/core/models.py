"""Immutable domain objects shared by the scanner, the exporters and the UI.

Every object here is a frozen dataclass: a finished ``ScanResult`` can be handed
from a worker thread to the GUI without copying or locking.  Dates are Unix
timestamps (seconds, UTC) unless a field name ends in ``_date`` *and* is
documented as ISO text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from debt_explorer.core.ai.labels import AiLabel, CommitKind, Confidence, EvidenceKind
from debt_explorer.core.options import ScanOptions


class Phase(str, Enum):
    """The steps of a scan, in the order they run (used for progress)."""

    OPEN = "open"
    HISTORY = "history"
    SNAPSHOTS = "snapshots"
    METRICS = "metrics"
    ATTRIBUTION = "attribution"
    AGGREGATE = "aggregate"


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress report: ``done`` of ``total`` units of ``phase``."""

    phase: Phase
    done: int
    total: int
    message: str = ""
    #: Once per scan: the files at the scanned ref with their metrics, churn and hotspot ranks, before the
    #: other snapshots are measured (no periods, no AI attribution yet).  See core/scan.py.
    partial: ScanResult | None = None


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit as read from ``git log`` (never from a checkout)."""

    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    author_date: int
    committer_name: str
    committer_email: str
    committer_date: int
    message: str

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True, slots=True)
class FileChange:
    """Lines one non-merge commit changed in one file.

    ``path`` is the path in that commit, ``old_path`` the path before a rename
    (``None`` when not renamed).  ``file`` is the identity the change is
    credited to: the path the file has at the scanned ref when it still
    exists there (renames followed), else its last known path.
    ``binary`` changes carry ``added == deleted == 0`` and are not counted.
    """

    sha: str
    path: str
    old_path: str | None
    added: int
    deleted: int
    binary: bool = False
    file: str = ""

    @property
    def churn(self) -> int:
        return self.added + self.deleted

    @property
    def maintenance(self) -> int:
        """Lines that rework existing code: ``deleted + min(added, deleted)``."""
        return self.deleted + min(self.added, self.deleted)

    @property
    def new_code(self) -> int:
        """Lines of new code: ``added - min(added, deleted)``."""
        return self.added - min(self.added, self.deleted)


@dataclass(frozen=True, slots=True)
class FunctionMetrics:
    """Complexity of one function or method (radon for Python, lizard otherwise)."""

    name: str
    line: int
    end_line: int
    complexity: int
    sloc: int
    #: SonarSource cognitive complexity (complexipy for Python, tree-sitter rules otherwise; None when unknown:
    #: lizard's languages, a file the grammar or complexipy rejects)
    cognitive: int | None = 0
    #: deepest nesting of control structures inside the function (tree-sitter languages; 0 when unknown)
    nesting: int = 0


@dataclass(frozen=True, slots=True)
class BlobMetrics:
    """Metrics of one blob's text.  Keyed in the cache by blob SHA + analyzer version.

    ``complexity`` is the sum of cyclomatic complexity over all functions and
    methods, each counted once.  ``maintainability`` is radon's MI (Python
    only, else ``None``).  ``parsed`` is false when no parser understood the
    text; ``reason`` then says why and only the size fields are meaningful.
    """

    language: str | None
    loc: int
    sloc: int
    comments: int
    blank: int
    complexity: int
    max_complexity: int
    functions: int
    maintainability: float | None
    parsed: bool
    reason: str | None = None
    function_list: tuple[FunctionMetrics, ...] = ()
    #: Σ and max of the functions' cognitive complexity (docs/metrics.md); None when unknown for a function
    cognitive: int | None = 0
    max_cognitive: int | None = 0


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of commit-level AI evidence: what kind of trace, and its exact text."""

    kind: EvidenceKind
    text: str

    def __post_init__(self) -> None:  # accept (and check) plain strings
        object.__setattr__(self, "kind", EvidenceKind(self.kind))


@dataclass(frozen=True, slots=True)
class CommitAttribution:
    """Classification of one commit: ``ai``, ``bot`` or ``human``."""

    sha: str
    kind: CommitKind
    tools: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:  # accept (and check) plain strings
        object.__setattr__(self, "kind", CommitKind(self.kind))


@dataclass(frozen=True, slots=True)
class AiSignal:
    """One signal behind a file's AI label, including signals pointing to a human.

    ``weight`` is signed: positive pushes toward AI, negative toward a human.
    ``locations`` are 1-based line numbers (or commit SHAs for commit signals).
    """

    signal: str
    weight: float
    detail: str
    locations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileAi:
    """AI attribution of one file at the scanned ref."""

    label: AiLabel
    confidence: Confidence
    style_score: float | None
    disclosed_commits: int
    disclosed_tools: tuple[str, ...]
    disclosed_line_share: float | None
    evidence: tuple[AiSignal, ...] = ()

    def __post_init__(self) -> None:  # accept (and check) the plain strings older code and tests pass
        object.__setattr__(self, "label", AiLabel(self.label))
        object.__setattr__(self, "confidence", Confidence(self.confidence))


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file (or object) the scan did not analyse, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Owner:
    """An author's share of a file's (or folder's) current lines (line provenance; bots excluded)."""

    author: str
    lines: int
    share: float


@dataclass(frozen=True, slots=True)
class LineOrigins:
    """Who wrote a file's current lines and when (line provenance at the scanned ref; docs/provenance.md).

    ``lines`` counts every line (``git blame`` lines, not SLOC).  Shares of
    owners, ``main_author_share`` and ``knowledge_loss_share`` are over the
    lines of non-bot commits; ``ai_line_share`` over all lines.
    """

    lines: int
    median_age_days: float | None
    owners: tuple[Owner, ...]
    main_author: str | None
    main_author_share: float | None
    knowledge_loss_share: float | None
    ai_line_share: float | None
    ai_lines: int | None = None
    bot_lines: int = 0
    #: lines by age band: <=90 days, <=1 year, <=2 years, older
    age_bands: tuple[int, int, int, int] = (0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class LostOwner:
    """An author who made no commit in the window before a period's end, and the code lines they still hold."""

    author: str
    lines: int
    #: committer date (Unix seconds) of the author's last commit at or before the period's end
    last_commit: int


@dataclass(frozen=True, slots=True)
class LostFile:
    """A code file's lines whose authors made no commit in the window before a period's end (bots excluded)."""

    path: str
    lines: int
    #: of the file's non-bot lines
    share: float
    #: the same share at the end of the period before (None: the file was not there under this path, or all bot)
    share_before: float | None = None


@dataclass(frozen=True, slots=True)
class SurvivalCurve:
    """Of the lines one class of commits wrote, the share alive k periods later (see docs/provenance.md)."""

    lines: int
    alive_after: Mapping[int, float | None]
    measured_lines: Mapping[int, int]
    median_lifetime_periods: int | None


@dataclass(frozen=True, slots=True)
class Survival:
    ai: SurvivalCurve | None
    other: SurvivalCurve
    period: str = "quarter"


@dataclass(frozen=True, slots=True)
class FileAuthor:
    """An author of ``files`` of a folder's files by degree of authorship (``share`` of the folder's files)."""

    author: str
    files: int
    share: float


@dataclass(frozen=True, slots=True)
class TruckFactor:
    """Avelino et al. (ICPC 2016) truck factor of a folder ("" = the repository) and its key authors."""

    truck_factor: int
    authors: tuple[str, ...]
    files: int
    main_authors: tuple[FileAuthor, ...] = ()


@dataclass(frozen=True, slots=True)
class FileRecord:
    """Everything the scan knows about one file at the scanned ref."""

    path: str
    blob: str
    language: str | None
    sloc: int
    complexity: int
    max_complexity: int
    functions: int
    maintainability: float | None
    parsed: bool
    unparsed_reason: str | None
    revisions: int
    added: int
    deleted: int
    churn: int
    authors: int
    first_commit_date: int | None
    last_commit_date: int | None
    window_revisions: int
    window_churn: int
    relative_churn: float
    hotspot_score: float
    hotspot_rank: int | None
    high_churn: bool
    ai: FileAi | None = None
    #: Σ and max of the functions' cognitive complexity at the ref (None: unknown, see BlobMetrics)
    cognitive: int | None = 0
    max_cognitive: int | None = 0
    #: bug-fix commits (core/fixes.py) that changed the file in the hotspot window, their churn,
    #: and fix_commits / window_revisions (None without window revisions)
    fix_commits: int = 0
    fix_churn: int = 0
    fix_ratio: float | None = None
    line_origins: LineOrigins | None = None


@dataclass(frozen=True, slots=True)
class FilePoint:
    """A file's size and complexity at one period end (for the drill-down plots)."""

    period: str
    sloc: int
    complexity: int


@dataclass(frozen=True, slots=True)
class PeriodStats:
    """Activity during one period and the snapshot at its end.

    A commit belongs to the period of its *committer* date.  The snapshot is the
    last first-parent commit of the scanned ref at or before the period's end.
    """

    period: str
    start: str
    end: str
    commits: int
    authors: int
    added: int
    deleted: int
    churn: int
    maintenance_churn: int
    new_code_churn: int
    maintenance_share: float | None
    snapshot: str | None
    files: int
    sloc: int
    complexity: int
    mean_maintainability: float | None
    hotspots: int
    high_churn_files: int
    ai_commits: int | None = None
    ai_commit_share: float | None = None
    ai_churn: int | None = None
    ai_marked_files: int | None = None
    ai_complexity: int | None = None
    ai_sloc: int | None = None
    #: team adoption: distinct authors with at least one AI-attributed commit in the period (never who)
    ai_authors: int | None = None
    #: lines added by AI in the period's commits as the tools' own records say (``--ai-provenance``), else None
    ai_recorded_lines: int | None = None
    #: bug-fix commits landed in the period and their churn of code files (core/fixes.py)
    fix_commits: int | None = None
    fix_churn: int | None = None
    #: line provenance (docs/provenance.md); None when it could not run
    rework_lines: int | None = None
    rework_ai_lines: int | None = None
    rework_recent_lines: int | None = None
    rework_old_lines: int | None = None
    rework_bot_lines: int | None = None
    ai_rework_share: float | None = None
    lines_alive_by_cohort: Mapping[str, int] | None = None
    ai_lines_alive: int | None = None
    ai_lines_alive_share: float | None = None
    #: knowledge loss at the period's end (line provenance; docs/provenance.md): share and count of the non-bot
    #: code lines whose author made no commit in the ``window_months`` before it; the top holders and files
    knowledge_loss_share: float | None = None
    knowledge_loss_lines: int | None = None
    knowledge_loss_authors: tuple[LostOwner, ...] = ()
    knowledge_loss_files: tuple[LostFile, ...] = ()


@dataclass(frozen=True, slots=True)
class RepoInfo:
    path: str
    rev: str
    head: str
    commits_scanned: int
    first_commit_date: int | None
    last_commit_date: int | None
    shallow: bool
    bare: bool = False
    branch: str | None = None


@dataclass(frozen=True, slots=True)
class ScanStats:
    """What the scan cost: useful for benchmarks and the status bar."""

    seconds: float = 0.0
    commits_from_cache: int = 0
    commits_read: int = 0
    blobs_analysed: int = 0
    blobs_from_cache: int = 0
    phase_seconds: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ScanResult:
    """The immutable outcome of one scan.

    ``commits`` are newest first; ``changes`` are the non-merge file changes
    of those commits (renames resolved into ``FileChange.file``);
    ``file_series`` maps a path at the scanned ref to its size and complexity
    at each period end where it existed.
    """

    repo: RepoInfo
    options: ScanOptions
    files: tuple[FileRecord, ...]
    periods: tuple[PeriodStats, ...]
    skipped: tuple[Skipped, ...]
    commits: tuple[Commit, ...]
    changes: tuple[FileChange, ...]
    file_series: Mapping[str, tuple[FilePoint, ...]]
    ai_commits: tuple[CommitAttribution, ...] = ()
    warnings: tuple[str, ...] = ()
    stats: ScanStats = ScanStats()
    #: path at the scanned ref -> its functions (for the drill-down)
    functions: Mapping[str, tuple[FunctionMetrics, ...]] = field(default_factory=dict)
    #: period -> the files (paths as they were then, renames resolved where they survive) that were hotspots
    period_hotspots: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: line provenance: survival of AI-written vs other lines, truck factor per folder ("" = repository)
    survival: Survival | None = None
    truck_factors: Mapping[str, TruckFactor] = field(default_factory=dict)

    def file(self, path: str) -> FileRecord | None:
        for record in self.files:
            if record.path == path:
                return record
        return None
