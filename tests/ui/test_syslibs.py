"""Missing Qt system libraries: one line with the one apt command, exit 2, no abort."""

from __future__ import annotations

import subprocess

import pytest

from debt_explorer.ui import syslibs

LDD = """\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f)
"""


def test_parsing_and_the_apt_command() -> None:
    assert syslibs.missing_from_ldd(LDD) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
    error = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    assert syslibs.missing_from_import_error(error) == ["libEGL.so.1"]
    assert syslibs.apt_command(["libxcb-icccm.so.4", "libEGL.so.1"]) == "sudo apt-get install -y libegl1 libxcb-icccm4"


def test_gui_exits_2_with_the_command_when_the_platform_plugin_lacks_libraries(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(syslibs.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, LDD, ""))
    from debt_explorer.cli import main

    assert main(["gui"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("debt-explorer: Qt cannot start: missing system libraries (libxcb-cursor.so.0, libxcb-icccm.so.4). "
                   "Install them with: sudo apt-get install -y libxcb-cursor0 libxcb-icccm4")


def test_the_offscreen_platform_needs_nothing_missing_here() -> None:
    assert syslibs.qt_system_problem() is None  # the test run itself uses the offscreen plugin
