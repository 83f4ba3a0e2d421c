"""Measure every distinct code blob of every snapshot exactly once.

Which files count ("code files"): a path whose language radon or lizard can
analyse, inside the include/exclude globs.  Of those, a blob is *skipped*
(sizes unknown, not in any total, listed in ``ScanResult.skipped`` when it is
at the scanned ref) when it is

* larger than ``max_file_bytes`` (default 1 MB),
* marked ``linguist-generated`` or ``linguist-vendored`` in .gitattributes,
* binary (a NUL byte in its first 8 KB), minified, or has a generated-code
  header (``@generated``, ``DO NOT EDIT``, ...),
* missing from the object database (damaged or partial clone),
* over the per-file time budget of metric work, or crashes the analyzer.

Content-based decisions are cached with the metrics, so a warm scan reads no
blob at all.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any

from debt_explorer.core.blobstream import stream_blobs
from debt_explorer.core.cache import Cache
from debt_explorer.core.errors import ScanCancelled
from debt_explorer.core.git_history import MISSING_SIZE, BlobReader, read_attributes
from debt_explorer.core.languages import (
    analyzer_for,
    is_binary,
    is_minified,
    language_for,
    looks_generated,
    text_of,
)
from debt_explorer.core.metric_pool import Extra, analyze_many
from debt_explorer.core.metrics import ANALYZER_VERSION
from debt_explorer.core.models import BlobMetrics, Phase, Progress, Skipped
from debt_explorer.core.options import ScanOptions
from debt_explorer.core.paths import PathFilter
from debt_explorer.core.pychunk_cache import PythonChunks

SKIP_PREFIX = "skipped: "


def skip_metrics(language: str | None, reason: str) -> BlobMetrics:
    return BlobMetrics(language=language, loc=0, sloc=0, comments=0, blank=0, complexity=0, max_complexity=0,
                       functions=0, maintainability=None, parsed=False, reason=SKIP_PREFIX + reason)


def is_counted(metrics: BlobMetrics | None) -> bool:
    """Whether a blob's metrics enter the totals (not skipped)."""
    if metrics is None:
        return False
    reason = metrics.reason or ""
    return not (reason.startswith("skipped") or reason == "analyzer crashed")


@dataclass
class Measured:
    """Metrics of all measured blobs plus the decisions about paths."""

    repo: str
    metrics: dict[str, BlobMetrics] = field(default_factory=dict)
    code_paths: dict[str, str] = field(default_factory=dict)  # path -> language
    skipped: list[Skipped] = field(default_factory=list)
    analysed: int = 0
    from_cache: int = 0
    flagged: set[str] = field(default_factory=set)
    path_filter: PathFilter | None = None
    not_files: set[str] = field(default_factory=set)  # symlinks and gitlinks: never code files
    #: blob -> what ``measure_blobs``'s ``extra`` made of its bytes in the worker
    extras: dict[str, Any] = field(default_factory=dict)
    #: blobs this pass measured (not from the cache, not decided without their bytes)
    measured_here: set[str] = field(default_factory=set)
    _reader: BlobReader | None = None

    def is_code_path(self, path: str) -> bool:
        """Whether changes to ``path`` count (also for paths in no snapshot): the one definition of a code file.

        The file table holds the code paths of the scanned tree; churn counts a
        change when this says yes, so both agree (a symlink or submodule named
        ``x.py`` is in neither).
        """
        if path in self.code_paths:
            return True
        if path in self.flagged or path in self.not_files:
            return False
        language = language_for(path)
        if language is None or analyzer_for(language) is None:
            return False
        return self.path_filter is None or self.path_filter(path)

    def counted(self, path: str, blob: str) -> BlobMetrics | None:
        """The metrics of ``path``'s blob if the file counts, else ``None``."""
        if path not in self.code_paths:
            return None
        metrics = self.metrics.get(blob)
        return metrics if is_counted(metrics) else None

    def read_text(self, blob: str) -> str | None:
        """Decoded text of a blob (for AI attribution), ``None`` when binary or unreadable."""
        if self._reader is None:
            self._reader = BlobReader(self.repo)
        return text_of(self._reader.read(blob))

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None


def measure_blobs(repo: str, head: str, trees: dict[str, dict[str, tuple[str, int]]], path_filter: PathFilter,
                  options: ScanOptions, cache: Cache | None, cancel: Callable[[], bool],
                  known: Measured | None = None, extra: Extra | None = None,
                  extra_for: Mapping[str, str] | None = None,
                  keep_chunks: bool = False) -> Generator[Progress, None, Measured]:
    """Measure every code blob of ``trees``; ``known`` (an earlier pass over some of them) is not measured again.

    The blobs of ``extra_for`` (blob -> path) are read first and given to ``extra`` in the workers (see
    :func:`~debt_explorer.core.metric_pool.analyze_many`); what it makes of them lands in ``Measured.extras``.
    ``keep_chunks`` (the ref's pass): each Python file is measured with the chunks the cache kept from the last
    version measured at that path, and its own are kept for the next scan (:mod:`debt_explorer.core.pychunks`)."""
    measured = Measured(repo, path_filter=path_filter)
    head_tree = trees[head]
    # Which paths are code files in the scan.
    all_paths = set().union(*(tree.keys() for tree in trees.values()))
    for path in all_paths:
        language = language_for(path)
        if language is None or analyzer_for(language) is None:
            continue
        reason = path_filter.excluded_by(path)
        if reason is None:
            measured.code_paths[path] = language
        elif path in head_tree and reason.startswith("excluded by default"):
            measured.skipped.append(Skipped(path, reason))
    attributes = read_attributes(repo, [p for p in measured.code_paths], head)
    for path, attrs in attributes.items():
        if path in head_tree:
            measured.skipped.append(Skipped(path, "marked " + " and ".join(sorted(attrs)) + " in .gitattributes"))
        measured.code_paths.pop(path, None)
        measured.flagged.add(path)

    # Distinct blobs to measure, with one path each (the language comes from the path).
    wanted: dict[str, tuple[str, int]] = {}
    for tree in trees.values():
        for path, (blob, size) in tree.items():
            if path in measured.code_paths and blob not in wanted:
                wanted[blob] = (path, size)
    if known is not None:
        measured.metrics.update((blob, known.metrics[blob]) for blob in wanted if blob in known.metrics)
        measured.analysed, measured.from_cache = known.analysed, known.from_cache
        measured.extras.update(known.extras)
    if cache is not None:
        # Function lists are read only for the ref's blobs (the result's per-function table); other snapshots'
        # blobs enter period totals only.  A blob at the ref is always read with them (it is in ``known``).
        at_head = {blob for blob, _size in head_tree.values()}
        unknown = [blob for blob in wanted if blob not in measured.metrics]
        cached = cache.get_metrics([b for b in unknown if b in at_head], ANALYZER_VERSION)
        cached.update(cache.get_metrics([b for b in unknown if b not in at_head], ANALYZER_VERSION, functions=False))
        measured.metrics.update(cached)
        measured.from_cache += len(cached)
    # Versions of one file side by side: they land in the same worker, whose chunk memo then hits.
    todo = sorted(((blob, path, size) for blob, (path, size) in wanted.items() if blob not in measured.metrics),
                  key=lambda item: item[1])
    total = len(wanted)
    done = len(measured.metrics)
    yield Progress(Phase.METRICS, done, total, f"{measured.from_cache} blobs cached")

    pending_cache: list[tuple[str, BlobMetrics]] = []

    def flush() -> None:
        batch = pending_cache[:]
        del pending_cache[:len(batch)]
        if cache is not None and batch:
            cache.put_metrics(batch, ANALYZER_VERSION)

    def record(blob: str, metrics: BlobMetrics, cacheable: bool = True) -> None:
        measured.metrics[blob] = metrics
        if cacheable:
            pending_cache.append((blob, metrics))

    extra_paths = dict(extra_for or {}) if extra is not None else {}

    def work() -> Generator[tuple[str, str, bytes], None, None]:
        readable = []
        for blob, path, size in todo:
            if size == MISSING_SIZE:  # a partial clone's filtered blob: never fetched
                record(blob, skip_metrics(measured.code_paths[path],
                                          "object missing from the repository (partial clone)"), cacheable=False)
                continue
            if size > options.max_file_bytes:
                record(blob, skip_metrics(measured.code_paths[path],
                                          f"too large ({size:,} bytes > {options.max_file_bytes:,})"))
            else:
                readable.append((blob, path))
        for blob, data in stream_blobs(repo, list(extra_paths)):
            if data is not None:
                yield blob, extra_paths[blob], data
        paths = dict(readable)
        for blob, data in stream_blobs(repo, [blob for blob, _ in readable]):
            path = paths[blob]
            language = measured.code_paths[path]
            if data is None:
                record(blob, skip_metrics(language, "object missing from the repository"), cacheable=False)
                continue
            if is_binary(data):
                record(blob, skip_metrics(language, "binary content"))
            elif is_minified(path, data):
                record(blob, skip_metrics(language, "minified"))
            elif looks_generated(data):
                record(blob, skip_metrics(language, "generated (header marker)"))
            else:
                yield blob, path, data

    kept = PythonChunks(cache, [(blob, path) for blob, path, _size in todo
                                if measured.code_paths[path] == "Python"]) if keep_chunks else None
    items = work()
    results = analyze_many(items, jobs=options.workers, timeout=options.file_timeout, cancel=cancel, extra=extra,
                           extra_keys=frozenset(extra_paths), seeds=kept.seeds if kept else None,
                           keep_chunks=kept.wanted if kept else ())
    try:
        for blob, metrics, made, chunks in results:
            if chunks is not None and kept is not None:
                kept.add(blob, chunks)
            if made is not None:
                measured.extras[blob] = made
            if metrics is None:  # given to ``extra`` only
                if cancel():
                    raise ScanCancelled()
                continue
            measured.measured_here.add(blob)
            # Time-outs and crashes may be the machine's fault, not the file's: measure again next time.
            record(blob, metrics, cacheable=not ((metrics.reason or "").startswith("skipped: metric work")
                                                 or metrics.reason == "analyzer crashed"))
            measured.analysed += 1
            done += 1
            if len(pending_cache) >= 200:
                flush()
            if measured.analysed % 25 == 0:
                yield Progress(Phase.METRICS, min(done, total), total, "measuring")
            if cancel():
                raise ScanCancelled()
    finally:
        results.close()
        items.close()  # ends the cat-file stream
    flush()
    if kept is not None:
        kept.save()
    yield Progress(Phase.METRICS, total, total, "measured")

    for path, (blob, _size) in head_tree.items():
        if path in measured.code_paths:
            found = measured.metrics.get(blob)
            if found is not None and not is_counted(found):
                measured.skipped.append(Skipped(path, (found.reason or "").removeprefix(SKIP_PREFIX)))
    measured.skipped.sort(key=lambda s: s.path)
    return measured
