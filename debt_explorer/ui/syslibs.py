"""Before the window starts: are the system libraries Qt needs installed?  (Imports no Qt GUI module.)

Without them Qt either fails to import (``ImportError: libEGL.so.1: cannot open shared object file``) or
aborts the process while loading its platform plugin (SIGABRT, "Could not load the Qt platform plugin
xcb").  :func:`qt_system_problem` finds out first -- by importing the Qt GUI modules and by asking the
dynamic linker (``ldd``) what the platform plugin would miss -- and returns one line with the one
``apt-get`` command that installs what is missing.  The CLI prints it and exits 2.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

#: shared library -> the Debian/Ubuntu package that ships it
PACKAGES = {
    "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libOpenGL.so.0": "libopengl0",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6", "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0", "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1", "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xinput.so.0": "libxcb-xinput0",
}
_MISSING_IMPORT = re.compile(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object file")
_MISSING_LDD = re.compile(r"^\s*(lib[\w.+-]+\.so[\w.]*) => not found", re.MULTILINE)


def apt_command(libraries: list[str]) -> str:
    packages = sorted({PACKAGES.get(name, name.split(".so")[0].lower()) for name in libraries})
    return "sudo apt-get install -y " + " ".join(packages)


def message(libraries: list[str]) -> str:
    return (f"Qt cannot start: missing system libraries ({', '.join(sorted(set(libraries)))}). "
            f"Install them with: {apt_command(libraries)}")


def missing_from_import_error(error: ImportError) -> list[str]:
    return _MISSING_IMPORT.findall(str(error))


def missing_from_ldd(output: str) -> list[str]:
    return _MISSING_LDD.findall(output)


def _platform_plugin() -> Path | None:
    """The platform plugin Qt will load (xcb on an X display unless QT_QPA_PLATFORM says otherwise)."""
    import PySide6

    platform = (os.environ.get("QT_QPA_PLATFORM") or ("xcb" if os.environ.get("DISPLAY") else "")).split(":")[0]
    if not platform:
        return None
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / f"libq{platform}.so"
    return plugin if plugin.exists() else None


def qt_system_problem() -> str | None:
    """One line naming what is missing and the apt command that installs it, or ``None`` when Qt can start."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import PySide6.QtGui
        import PySide6.QtWidgets  # noqa: F401 - imported only to see whether it loads
    except ImportError as error:
        missing = missing_from_import_error(error)
        if missing:
            return message(missing)
        raise
    plugin = _platform_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return None
    done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False)
    missing = missing_from_ldd(done.stdout)
    return message(missing) if missing else None
