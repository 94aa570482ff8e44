"""Helpers for packaging/reerisk.spec and packaging/build.py: plain functions, no PyInstaller import.

Kept out of the spec so that tests can check them without running a build. Note: ``packaging/`` has no
``__init__.py`` on purpose: a regular package there would shadow the PyPI ``packaging`` library that matplotlib
and setuptools import. Load this file by path (the spec puts ``SPECPATH`` on ``sys.path``).
"""
from __future__ import annotations

import fnmatch
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
RESOURCES = ROOT / "resources"
VERSION_TEMPLATE = PACKAGING / "windows" / "version_info.txt.in"
VERSION_FILE = PACKAGING / "windows" / "version_info.txt"

#: Python modules never needed at run time. The Qt list follows the issue; with PySide6-Essentials most of
#: them are not even installed, but a developer machine with the full PySide6 must not pull them in either.
QT_EXCLUDES: tuple[str, ...] = (
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick", "PySide6.QtWebChannel",
    "PySide6.QtWebSockets", "PySide6.QtWebView",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DInput", "PySide6.Qt3DLogic", "PySide6.Qt3DAnimation",
    "PySide6.Qt3DExtras",
    "PySide6.QtQuick", "PySide6.QtQuick3D", "PySide6.QtQuickControls2", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest", "PySide6.QtQml", "PySide6.QtQmlFeatures", "PySide6.QtLabsStyleKit",
    "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtSpatialAudio",
    "PySide6.QtSql", "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtCharts", "PySide6.QtGraphs",
    "PySide6.QtGraphsWidgets", "PySide6.QtDataVisualization", "PySide6.QtBluetooth", "PySide6.QtNfc",
    "PySide6.QtPositioning", "PySide6.QtLocation", "PySide6.QtSerialPort", "PySide6.QtSerialBus",
    "PySide6.QtSensors", "PySide6.QtTest", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools",
    "PySide6.QtRemoteObjects", "PySide6.QtScxml", "PySide6.QtStateMachine", "PySide6.QtTextToSpeech",
    "PySide6.QtHttpServer", "PySide6.QtNetworkAuth", "PySide6.QtXml", "PySide6.QtConcurrent",
    "PySide6.QtAxContainer", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets",
    # An offline app: no sockets, TLS or network-status plugins (this also drops libQt6Network + OpenSSL).
    "PySide6.QtNetwork",
    # Other Qt bindings: PyInstaller refuses to bundle two, and matplotlib's qt_compat probes them all.
    "PyQt5", "PyQt6", "PySide2",
)
OTHER_EXCLUDES: tuple[str, ...] = (
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib",
    "IPython", "ipykernel", "jupyter_client", "notebook", "pytest", "_pytest", "pytestqt", "py",
    "matplotlib.backends.backend_tkagg", "matplotlib.backends.backend_tkcairo", "matplotlib.backends._backend_tk",
    "matplotlib.backends.backend_gtk3agg", "matplotlib.backends.backend_gtk3cairo",
    "matplotlib.backends.backend_gtk4agg", "matplotlib.backends.backend_gtk4cairo",
    "matplotlib.backends.backend_wx", "matplotlib.backends.backend_wxagg", "matplotlib.backends.backend_wxcairo",
    "matplotlib.backends.backend_macosx", "matplotlib.backends.backend_webagg",
    "matplotlib.backends.backend_webagg_core", "matplotlib.backends.backend_nbagg",
    "matplotlib.backends.backend_qt5agg", "matplotlib.backends.backend_qt5cairo",
    "matplotlib.backends.backend_qtcairo", "matplotlib.backends.backend_cairo", "matplotlib.backends.backend_gtk3",
    "matplotlib.backends.backend_gtk4", "matplotlib.backends.backend_pgf", "matplotlib.backends.backend_template",
    "pypdf", "jsonschema", "importlinter", "setuptools", "pip", "wheel", "setuptools_scm",
    # Optional pandas/numpy extras reached through try-imports; the app reads local Excel/CSV files only.
    "botocore", "boto3", "s3fs", "gcsfs", "fsspec", "pyarrow", "numba", "numexpr", "tables", "sqlalchemy",
    "adbc_driver_manager", "jinja2", "bs4", "html5lib", "traitlets", "psutil", "scipy", "sympy", "qtpy",
)
EXCLUDES: tuple[str, ...] = QT_EXCLUDES + OTHER_EXCLUDES

#: Matplotlib backends to collect (PyInstaller 6 hook option; the default would probe the build machine).
MATPLOTLIB_BACKENDS: list[str] = ["Agg", "QtAgg"]

#: Files (by destination path in the bundle, glob on "/"-separated paths) that hooks collect but the app never
#: loads: Qt libraries/plugins for excluded modules and Qt's own translations for languages we do not ship.
DROP_PATTERNS: tuple[str, ...] = (
    "*/Qt/plugins/qmltooling/*", "*/Qt/plugins/sqldrivers/*", "*/Qt/plugins/designer/*",
    "*/Qt/plugins/multimedia/*", "*/Qt/plugins/position/*", "*/Qt/plugins/sensors/*",
    "*/Qt/plugins/renderers/*", "*/Qt/plugins/sceneparsers/*", "*/Qt/plugins/geometryloaders/*",
    "*/Qt/qml/*", "*/Qt/resources/qtwebengine*", "*/Qt/libexec/QtWebEngineProcess*",
    "*libQt6Quick*", "*libQt6Qml*", "*libQt6Pdf*", "*libQt6WebEngine*", "*libQt6Sql*", "*libQt6Designer*",
    "*Qt6Quick*.dll", "*Qt6Qml*.dll", "*Qt6Pdf*.dll", "*Qt6WebEngine*.dll", "*Qt6Sql*.dll",
    "*/QtQuick.framework/*", "*/QtQml*.framework/*", "*/QtPdf.framework/*", "*/QtWebEngine*.framework/*",
    "*/QtSql.framework/*",
    # Linux: Qt plugins for embedded/kiosk use, and the GTK3 platform theme, which drags in the whole
    # GTK/cairo/pango stack from the build machine (the Fusion style looks right without it).
    "*/Qt/plugins/egldeviceintegrations/*", "*/Qt/plugins/generic/*",
    "*/Qt/plugins/wayland-graphics-integration-server/*", "*/Qt/plugins/platformthemes/libqgtk3.so",
    "*/Qt/plugins/platforms/libqeglfs.so", "*/Qt/plugins/platforms/libqlinuxfb.so",
    "*/Qt/plugins/platforms/libqminimalegl.so", "*/Qt/plugins/platforms/libqvkkhrdisplay.so",
    "*/Qt/plugins/platforms/libqvnc.so", "*libQt6EglFSDeviceIntegration.so*", "*libQt6EglFsKmsSupport.so*",
    *(f"/{lib}.so*" for lib in (
        "libgtk-3", "libgdk-3", "libgdk_pixbuf-2.0", "libatk-1.0", "libatk-bridge-2.0", "libatspi",
        "libpango-1.0", "libpangocairo-1.0", "libpangoft2-1.0", "libcairo", "libcairo-gobject", "libharfbuzz",
        "libfribidi", "libthai", "libdatrie", "libgraphite2", "libpixman-1", "libgio-2.0", "libgmodule-2.0",
        "libgobject-2.0", "libmount", "libblkid", "libselinux", "libepoxy",
    )),
)
#: Qt translation catalogues to keep (the UI is English or Japanese).
QT_TRANSLATION_LANGS: tuple[str, ...] = ("en", "ja")


def current_os() -> str:
    """'windows', 'macos' or 'linux'."""
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def arch() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine or "unknown")


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'1.2.3' → (1, 2, 3, 0); '1.2.3rc1' → (1, 2, 3, 0). Windows wants four 16-bit numbers."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    if not re.match(r"^\d+(\.\d+)*", version):
        raise ValueError(f"version {version!r} does not start with a number")
    numbers += [0] * (4 - len(numbers))
    if any(n > 0xFFFF for n in numbers):
        raise ValueError(f"version {version!r} has a part larger than 65535")
    return numbers[0], numbers[1], numbers[2], numbers[3]


def render_version_info(template: str, *, version: str, app_name: str, display_name: str, org_name: str,
                        app_id: str, exe_name: str) -> str:
    """Fill packaging/windows/version_info.txt.in (a PyInstaller VSVersionInfo text file)."""
    values = {
        "version": version,
        "version_tuple": repr(version_tuple(version)),
        "app_name": app_name,
        "display_name": display_name,
        "org_name": org_name,
        "app_id": app_id,
        "exe_name": exe_name,
    }
    text = template
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    leftover = re.findall(r"\{[a-z_]+\}", text)
    if leftover:
        raise ValueError(f"version_info template has unknown placeholders: {leftover}")
    return text


def write_version_info(target: Path | None = None, template: Path | None = None) -> Path:
    """Generate the Windows version resource file from the template and desktop/__init__.py."""
    import desktop

    target = target or VERSION_FILE
    template = template or VERSION_TEMPLATE
    text = render_version_info(
        template.read_text(encoding="utf-8"), version=desktop.__version__, app_name=desktop.APP_NAME,
        display_name=desktop.APP_DISPLAY_NAME, org_name=desktop.ORG_NAME, app_id=desktop.APP_ID,
        exe_name=desktop.APP_NAME,
    )
    target.write_text(text, encoding="utf-8")
    return target


def resource_datas(root: Path = RESOURCES) -> list[tuple[str, str]]:
    """(source file, destination folder) for every file under resources/, kept at <bundle>/resources/…"""
    skip_dirs = {"__pycache__", ".git"}
    skip_files = {".DS_Store", "Thumbs.db"}
    datas: list[tuple[str, str]] = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name in skip_files or path.suffix in (".pyc", ".pyo"):
            continue
        rel = path.relative_to(root)
        if any(part in skip_dirs for part in rel.parts):
            continue
        datas.append((str(path), str(Path("resources") / rel.parent)))
    return datas


def icon_path(kind: str, root: Path = RESOURCES) -> str | None:
    """resources/icons/reerisk.<kind> if the GUI work has produced it; else None and a printed warning."""
    path = root / "icons" / f"reerisk.{kind}"
    if path.is_file():
        return str(path)
    print(f"WARNING: {path} not found; building without an app icon (PyInstaller's default is used)")
    return None


def _norm(dest: str) -> str:
    return "/" + dest.replace("\\", "/").lstrip("/")


def drop_entry(dest: str) -> bool:
    """True if a collected file (destination path in the bundle) is not needed at run time."""
    path = _norm(dest)
    if any(fnmatch.fnmatch(path, pattern) for pattern in DROP_PATTERNS):
        return True
    if "/Qt/translations/" in path or "/translations/qt" in path.lower():
        name = path.rsplit("/", 1)[-1]
        match = re.match(r"^[a-z_]+?_([a-z]{2})(?:_[A-Za-z]+)?\.qm$", name)
        if match and match.group(1) not in QT_TRANSLATION_LANGS:
            return True
    return False


def filter_toc(toc: list) -> list:
    """Drop unneeded entries from an Analysis TOC (list of (dest, src, typecode))."""
    return [entry for entry in toc if not drop_entry(entry[0])]
