"""Item-data roles, defined once for every model and view of the window.

Each role means one thing wherever it is used; a model that has no such data simply returns ``None`` for it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

__all__ = ["PATH_ROLE", "RECORD_ROLE", "ROW_ROLE", "SORT_ROLE"]

#: A plain number or lower-cased text, for sorting (proxies call ``setSortRole(SORT_ROLE)``).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The core record behind a row (``FileRecord`` in the file table).
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
#: A repository-relative path (a folder in the folder tree, a repository in the recent list).
PATH_ROLE = Qt.ItemDataRole.UserRole + 3
#: The index of a row in the list the model was filled from (the detail's commit list).
ROW_ROLE = Qt.ItemDataRole.UserRole + 4
