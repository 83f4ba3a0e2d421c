"""``python -m debt_explorer`` runs the command line."""

from debt_explorer.cli import main

raise SystemExit(main())
