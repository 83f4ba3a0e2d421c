"""History reading shortcuts keep every commit and every code file's line counts."""

from __future__ import annotations

from debt_explorer.core import git_history as gh
from gitrepo import RepoBuilder


def _read(path: str) -> dict[str, list]:
    shas = [sha for sha, _ in gh.list_commits(path, gh.open_repository(path).head)]
    reader = gh.read_commits(path, shas)
    try:
        while True:
            next(reader)
    except StopIteration as stop:
        commits, skipped = stop.value
    assert not skipped
    return {commit.message: sorted((c.path, c.added, c.deleted, c.binary) for c in changes)
            for commit, changes in commits}


def test_lock_files_are_recorded_without_diffing_them(repo_builder: RepoBuilder) -> None:
    lock = "".join(f'[[package]]\nname = "crate{i}"\nversion = "1.0.{i}"\n\n' for i in range(300))
    repo_builder.write("src/main.rs", "fn main() {\n    println!(\"hi\");\n}\n")
    repo_builder.write("Cargo.lock", lock)
    repo_builder.write("web/package-lock.json", '{"lockfileVersion": 3}\n')
    repo_builder.commit("first", "2024-01-10T10:00:00+00:00")
    repo_builder.write("Cargo.lock", lock.replace("1.0.", "1.1."))
    repo_builder.commit("only the lock file", "2024-01-11T10:00:00+00:00")
    repo_builder.write("src/main.rs", "fn main() {\n    println!(\"hello\");\n    run();\n}\n")
    repo_builder.write("web/package-lock.json", '{"lockfileVersion": 3, "packages": {}}\n')
    repo_builder.commit("code and lock", "2024-01-12T10:00:00+00:00")

    history = _read(str(repo_builder.path))
    assert history == {
        "first": [("Cargo.lock", 0, 0, True), ("src/main.rs", 3, 0, False), ("web/package-lock.json", 0, 0, True)],
        "only the lock file": [("Cargo.lock", 0, 0, True)],
        "code and lock": [("src/main.rs", 2, 1, False), ("web/package-lock.json", 0, 0, True)],
    }


def test_files_that_are_never_code_are_not_diffed_for_the_history(repo_builder: RepoBuilder) -> None:
    """Docs and data are recorded (renames too) without line counts, in any letter case; code files keep theirs,
    a code file with binary content stays binary (git's own check), and a template that becomes a code file
    under a new name keeps the line counts of its whole history."""
    guide = "".join(f"line {i}\n" for i in range(100))
    template = "".join(f"var x{i} = {i};\n" for i in range(40))
    repo_builder.write("docs/guide.rst", guide)
    repo_builder.write("NOTES.MD", "# notes\n")
    repo_builder.write("LIB/Tool.PY", "def f():\n    return 1\n")
    repo_builder.write("blob.c", "int x;\n\0\0binary\n")
    repo_builder.write("static/search.js_t", template)
    repo_builder.commit("first", "2024-01-10T10:00:00+00:00")
    repo_builder.remove("docs/guide.rst")
    repo_builder.write("docs/manual.rst", guide + "one more\n")
    repo_builder.write("LIB/Tool.PY", "def f():\n    return 2\n")
    repo_builder.remove("static/search.js_t")
    repo_builder.write("static/search.js", template + "var y = 1;\n")
    repo_builder.commit("rename the guide and the template", "2024-01-11T10:00:00+00:00")

    history = _read(str(repo_builder.path))
    assert history["first"] == [("LIB/Tool.PY", 2, 0, False), ("NOTES.MD", 0, 0, True), ("blob.c", 0, 0, True),
                                ("docs/guide.rst", 0, 0, True), ("static/search.js_t", 40, 0, False)]
    assert history["rename the guide and the template"] == [
        ("LIB/Tool.PY", 1, 1, False), ("docs/manual.rst", 0, 0, True), ("static/search.js", 1, 0, False)]
    path = str(repo_builder.path)
    reader = gh.read_commits(path, [sha for sha, _ in gh.list_commits(path, gh.open_repository(path).head)][:1])
    try:
        while True:
            next(reader)
    except StopIteration as stop:
        [(_, changes)], _ = stop.value
    renamed = {c.path: c.old_path for c in changes}
    assert renamed["docs/manual.rst"] == "docs/guide.rst"  # rename detection does not need the diff
    assert renamed["static/search.js"] == "static/search.js_t"


def test_blob_stream_reads_in_order_and_reports_missing_objects(repo_builder: RepoBuilder) -> None:
    from debt_explorer.core.blobstream import stream_blobs

    contents = [f"line {i}\n" * (i + 1) for i in range(600)]  # more names than one write holds
    for i, text in enumerate(contents):
        repo_builder.write(f"f{i}.txt", text)
    repo_builder.commit("many", "2024-01-10T10:00:00+00:00")
    tree = gh.list_tree(str(repo_builder.path), repo_builder.head())
    shas = [tree[f"f{i}.txt"][0] for i in range(600)]
    missing = "0123456789abcdef0123456789abcdef01234567"
    wanted = [*shas[:300], missing, *shas[300:], shas[0]]
    got = list(stream_blobs(str(repo_builder.path), wanted))
    assert [sha for sha, _ in got] == wanted
    expected = [text.encode() for text in contents]
    assert [data for _, data in got] == [*expected[:300], None, *expected[300:], expected[0]]
    stream = stream_blobs(str(repo_builder.path), shas)
    assert next(stream)[1] == expected[0]
    stream.close()  # stopping early ends git at once
