"""Help > Metric definitions: rendered from the package's own catalogue, so it works from any install.

The column definitions come from the table's column catalogue, the retrospective and scope rules from
the core modules that apply them: the help can never disagree with what the app computes.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from debt_explorer.core import retro as retro_rules
from debt_explorer.core import scope as scope_rules
from debt_explorer.core.catalogue import PERIOD_METRICS, metric, period_metric
from debt_explorer.core.options import DEFAULT_EXCLUDES

#: Periods are no metric: the one rule the catalogue does not carry.
PERIODS = ("a commit belongs to the period of its committer date (UTC); snapshot figures are those at the "
           "period's end.")


def _general() -> list[tuple[str, str]]:
    """The headline definitions, worded as the table's and the plots' tooltips (core.catalogue)."""
    new_code = period_metric("new_code_churn")
    return [("Complexity", metric("complexity").tooltip()),
            ("Hotspot score", metric("hotspot_score").tooltip()),
            ("High churn", metric("high_churn").tooltip()),
            ("Maintenance churn", f"{period_metric('maintenance_churn').tooltip()}; {new_code.name.lower()}: "
                                  f"{new_code.tooltip()}"),
            ("Maintenance share", period_metric("maintenance_share").tooltip()),
            ("Periods", PERIODS)]


def definitions_html() -> str:
    from debt_explorer.ui.models.file_table import COLUMNS

    parts = ["<h3>Metrics</h3><dl>"]
    parts += [f"<dt><b>{html.escape(name)}</b></dt><dd>{html.escape(text)}</dd>" for name, text in _general()]
    parts.append("</dl><h3>Hotspot table columns</h3><table cellpadding='3'>")
    parts += [f"<tr><td><b>{html.escape(name)}</b></td><td>{html.escape(tip)}</td></tr>" for name, tip, _ in COLUMNS]
    parts.append("</table><h3>Overview plots (per period)</h3><table cellpadding='3'>")
    parts += [f"<tr><td><b>{html.escape(m.name)}</b></td><td>{html.escape(m.tooltip())}</td></tr>"
              for m in PERIOD_METRICS]
    parts.append("</table><h3>Which files count</h3><p>" + html.escape(scope_rules.__doc__ or "") + "</p>")
    parts.append("<p>Default excludes: " + html.escape(", ".join(DEFAULT_EXCLUDES)) + "</p>")
    parts.append("<h3>Retrospective</h3><p>" + html.escape(retro_rules.__doc__ or "").replace("\n\n", "</p><p>")
                 + f"</p><p>Enough activity: at least {retro_rules.MIN_COMMITS} commits and "
                 f"{retro_rules.MIN_CHURN} lines changed in code files.</p>")
    return "".join(parts)


def show_definitions(parent: QWidget) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle("Metric definitions")
    browser = QTextBrowser()
    browser.setHtml(definitions_html())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(760, 640)
    dialog.show()
    return dialog
