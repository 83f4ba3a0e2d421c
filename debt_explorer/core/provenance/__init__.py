"""Line provenance: for every line of every code file, the commit that wrote it (what ``git blame`` says).

``engine`` runs the forward pass over one sealed ``git diff-tree --stdin`` stream
(``stream``); ``figures`` turns it into rework by origin, cohorts, survival and
ownership; ``truck`` computes truck factors; ``store`` persists the state at the
scanned revision so an incremental scan reads only new commits.
"""
