"""Style features of file blobs, kept in the scan cache: a blob's bytes never change, so neither do its features.

An incremental scan scores the style of every file at the ref again (the model
and the labels may depend on the whole scan), but extracting the features is
the costly part (regular expressions over the text: 1.4 s for sphinx's 474
files).  All features but one depend only on the blob; ``files_added_with_it``
depends on history and is set when the features are used.  So the cache key
is the blob, and the namespace holds :data:`STYLE_FEATURES_VERSION` and the
attribution version: a change to :func:`~debt_explorer.core.ai.style.extract`
that bumps either starts afresh.  An entry that does not read back as features
is a miss (measured again and overwritten), never an error.

The features of the blobs the scan measured at the ref are extracted by the
metric workers in the second metric pass (:func:`blob_features`, given to
:func:`~debt_explorer.core.measure.measure_blobs` as ``extra`` for those
blobs): off the scan's own thread, in parallel, after the first view, under
the per-file time budget.  Others (cached metrics, a cache filled without AI
attribution) are extracted here on a miss.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from debt_explorer.core.ai.style import StyleFeatures, added_with_value, extract
from debt_explorer.core.cache import Cache
from debt_explorer.core.languages import text_of
from debt_explorer.core.metric_pool import EXTRA_OVER_BUDGET

#: Bump when :func:`debt_explorer.core.ai.style.extract` computes anything differently.
STYLE_FEATURES_VERSION = "2"


def _namespace() -> str:
    from debt_explorer.core.ai.attribution import ATTRIBUTION_VERSION

    return f"style-features-{STYLE_FEATURES_VERSION}-{ATTRIBUTION_VERSION}"


def blob_features(path: str, data: bytes) -> Any:
    """In a metric worker: the stored form of a blob's features; ``None`` when it has no text (not stored)."""
    text = text_of(data)
    return _encode(extract(text)) if text else None


def _decode(value: Any) -> tuple[bool, StyleFeatures | None]:
    """(found, features) from a stored value; (False, None) when it is not what :func:`_encode` writes."""
    if value == {"none": True}:
        return True, None
    if not isinstance(value, dict) or set(value) != {"v", "l"}:
        return False, None
    values, locations = value["v"], value["l"]
    if not (isinstance(values, dict) and isinstance(locations, dict)
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values.values())
            and all(isinstance(v, list) and all(isinstance(n, int) and not isinstance(n, bool) for n in v)
                    for v in locations.values())):
        return False, None
    return True, StyleFeatures(dict(values), {name: tuple(lines) for name, lines in locations.items()})


def _with_added(features: StyleFeatures | None, added_with: int) -> StyleFeatures | None:
    if features is None:
        return None
    return StyleFeatures({**features.values, "files_added_with_it": added_with_value(added_with)}, features.locations)


def _encode(features: StyleFeatures | None) -> Any:
    if features is None:
        return {"none": True}
    return {"v": features.values, "l": {name: list(lines) for name, lines in features.locations.items()}}


class StyleFeatureCache:
    """Features of the blobs a scan scores: made by the metric workers (``made``: blob -> :func:`blob_features`),
    else read from the cache in one query, else extracted here; what is new is then saved."""

    def __init__(self, cache: Cache | None, wanted: Iterable[str], read_text: Callable[[str], str | None],
                 made: Mapping[str, Any] | None = None) -> None:
        self.cache, self.read_text = cache, read_text
        self.hits = 0
        wanted = list(wanted)
        self._made = made = made or {}
        self._fresh: list[tuple[str, Any]] = [(blob, made[blob]) for blob in dict.fromkeys(wanted)
                                              if blob in made and made[blob] != EXTRA_OVER_BUDGET]
        self._known: dict[str, Any] = {}
        if cache is not None:
            self._known = cache.get_json_many(_namespace(), [blob for blob in wanted if blob not in made])
        self._known.update(self._fresh)

    def features(self, blob: str, added_with: int) -> StyleFeatures | None:
        """``extract(text, added_with)`` of the blob's text; ``None`` when it has too few lines or is unreadable."""
        if self._made.get(blob) == EXTRA_OVER_BUDGET:  # the worker's time budget for this file: no features
            return None
        if blob in self._known:
            found, features = _decode(self._known[blob])
            if found:
                self.hits += 1
                return _with_added(features, added_with)
        text = self.read_text(blob)
        if not text:  # unreadable (e.g. missing from a partial clone) is not a property of the blob: not saved
            return None
        features = extract(text, added_with)
        self._fresh.append((blob, _encode(features)))
        return features

    def save(self) -> None:
        if self.cache is not None and self._fresh:
            self.cache.put_json_many(_namespace(), self._fresh)
            self._fresh = []
