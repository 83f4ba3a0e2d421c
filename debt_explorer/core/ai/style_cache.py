"""Style features of file blobs, kept in the scan cache: a blob's bytes never change, so neither do its features.

An incremental scan scores the style of every file at the ref again (the model
and the labels may depend on the whole scan), but extracting the features is
the costly part (regular expressions over the text: 1.4 s for sphinx's 474
files) and depends only on the blob and the "files added with it" count.  The
cache key holds both, and the namespace holds :data:`STYLE_FEATURES_VERSION`
and the attribution version, so a change to :func:`~debt_explorer.core.ai.style.extract`
that bumps either starts afresh.  An entry that does not read back as features
is a miss (measured again and overwritten), never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from debt_explorer.core.ai.style import StyleFeatures, extract
from debt_explorer.core.cache import Cache

#: Bump when :func:`debt_explorer.core.ai.style.extract` computes anything differently.
STYLE_FEATURES_VERSION = "1"


def _namespace() -> str:
    from debt_explorer.core.ai.attribution import ATTRIBUTION_VERSION

    return f"style-features-{STYLE_FEATURES_VERSION}-{ATTRIBUTION_VERSION}"


def _key(blob: str, added_with: int) -> str:
    return f"{blob}\0{added_with}"


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


def _encode(features: StyleFeatures | None) -> Any:
    if features is None:
        return {"none": True}
    return {"v": features.values, "l": {name: list(lines) for name, lines in features.locations.items()}}


class StyleFeatureCache:
    """Features of the blobs a scan scores: read from the cache in one query, measured on a miss, then saved."""

    def __init__(self, cache: Cache | None, wanted: Iterable[tuple[str, int]],
                 read_text: Callable[[str], str | None]) -> None:
        self.cache, self.read_text = cache, read_text
        self.hits = 0
        self._fresh: list[tuple[str, Any]] = []
        self._known: dict[str, Any] = {}
        if cache is not None:
            self._known = cache.get_json_many(_namespace(), [_key(blob, n) for blob, n in wanted])

    def features(self, blob: str, added_with: int) -> StyleFeatures | None:
        """``extract(text, added_with)`` of the blob's text; ``None`` when it has too few lines or is unreadable."""
        key = _key(blob, added_with)
        if key in self._known:
            found, features = _decode(self._known[key])
            if found:
                self.hits += 1
                return features
        text = self.read_text(blob)
        if not text:  # unreadable (e.g. missing from a partial clone) is not a property of the blob: not saved
            return None
        features = extract(text, added_with)
        self._fresh.append((key, _encode(features)))
        return features

    def save(self) -> None:
        if self.cache is not None and self._fresh:
            self.cache.put_json_many(_namespace(), self._fresh)
            self._fresh = []
