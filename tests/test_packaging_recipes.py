"""Cheap checks of the packaging recipes (no PyInstaller build): spec, Windows installer, CI workflow, build.py.

The spec is executed with recording stand-ins for PyInstaller's Analysis/PYZ/EXE/COLLECT/BUNDLE, once per target
OS, so what it would hand to PyInstaller (names, version, resources, Info.plist, exclusions) is checked for real.
"""
from __future__ import annotations

import ast
import importlib.util
import plistlib
import re
import sys
import tarfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

import desktop

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
SPEC = PACKAGING / "reerisk.spec"
ISS = PACKAGING / "windows" / "reerisk.iss"
WORKFLOW = REPO / ".github" / "workflows" / "release.yml"


def load_module(name: str, path: Path) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def support() -> ModuleType:
    # The spec does `import spec_support` with packaging/ on sys.path; register the same module object.
    return load_module("spec_support", PACKAGING / "spec_support.py")


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return load_module("reerisk_build", PACKAGING / "build.py")


# -- the spec, executed with stand-ins --------------------------------------------------------------------------

class Recorder:
    calls: list[Recorder] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        Recorder.calls.append(self)


class Analysis(Recorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scripts: list = []
        self.pure: list = []
        self.binaries = [("PySide6/Qt/plugins/platforms/libqxcb.so", "/x", "BINARY"),
                         ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", "/x", "BINARY")]
        self.datas = [("PySide6/Qt/translations/qtbase_de.qm", "/x", "DATA"),
                      ("PySide6/Qt/translations/qtbase_ja.qm", "/x", "DATA")]


class PYZ(Recorder):
    pass


class EXE(Recorder):
    pass


class COLLECT(Recorder):
    pass


class BUNDLE(Recorder):
    pass


def run_spec(os_name: str, support: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Recorder]:
    # The spec's only PyInstaller import; faked so that this runs where PyInstaller is not installed (.ci/run).
    hooks = ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package, **kw: [f"{package}.cli", f"{package}.selftest"]  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(support, "current_os", lambda: os_name)
    monkeypatch.setattr(support, "VERSION_FILE", tmp_path / "version_info.txt")
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec inserts into sys.path
    Recorder.calls = []
    namespace = {"SPECPATH": str(PACKAGING), "Analysis": Analysis, "PYZ": PYZ, "EXE": EXE,
                 "COLLECT": COLLECT, "BUNDLE": BUNDLE, "__file__": str(SPEC)}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return Recorder.calls


def of(calls: list[Recorder], kind: type) -> list[Recorder]:
    return [c for c in calls if type(c) is kind]


@pytest.mark.parametrize("os_name", ["linux", "windows", "macos"])
def test_spec_builds_onedir_windowed_app_with_console_twin(os_name: str, support: ModuleType,
                                                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = run_spec(os_name, support, monkeypatch, tmp_path)
    (analysis,) = of(calls, Analysis)
    assert Path(analysis.args[0][0]) == PACKAGING / "reerisk_entry.py"
    assert str(REPO) in analysis.kwargs["pathex"]
    assert "desktop.cli" in analysis.kwargs["hiddenimports"]

    exes = of(calls, EXE)
    by_name = {e.kwargs["name"]: e for e in exes}
    assert set(by_name) == {desktop.APP_NAME, f"{desktop.APP_NAME}-cli"}
    assert by_name[desktop.APP_NAME].kwargs["console"] is False
    assert by_name[f"{desktop.APP_NAME}-cli"].kwargs["console"] is True
    for exe in exes:
        assert exe.kwargs["exclude_binaries"] is True  # onedir

    (collect,) = of(calls, COLLECT)
    assert collect.kwargs["name"] == desktop.APP_NAME
    assert collect.args[0] is by_name[desktop.APP_NAME]  # first EXECUTABLE = CFBundleExecutable on macOS
    assert by_name[f"{desktop.APP_NAME}-cli"] in collect.args

    # Qt trimming is applied to what Analysis collected.
    assert [d for d, *_ in analysis.binaries] == ["PySide6/Qt/plugins/platforms/libqxcb.so"]
    assert [d for d, *_ in analysis.datas] == ["PySide6/Qt/translations/qtbase_ja.qm"]

    if os_name == "windows":
        version_file = Path(by_name[desktop.APP_NAME].kwargs["version"])
        assert version_file == tmp_path / "version_info.txt"
        assert f"u'{desktop.__version__}'" in version_file.read_text(encoding="utf-8")
    else:
        assert by_name[desktop.APP_NAME].kwargs["version"] is None
    assert bool(of(calls, BUNDLE)) == (os_name == "macos")


def test_spec_bundles_every_resource_at_bundle_resources(support: ModuleType, monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    calls = run_spec("linux", support, monkeypatch, tmp_path)
    (analysis,) = of(calls, Analysis)
    datas = analysis.kwargs["datas"]
    sources = {Path(src) for src, _ in datas}
    resources = REPO / "resources"
    expected = {p for p in resources.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert sources == expected
    for src, dest in datas:
        assert Path(dest) == Path("resources") / Path(src).relative_to(resources).parent
    assert any(Path(s).name == "ipaexg.ttf" for s in sources)


def test_spec_reads_version_and_ids_from_the_package() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert re.search(r"from desktop import .*__version__", text)
    assert re.search(r"from desktop import .*APP_ID", text)
    assert "SPECPATH" in text
    assert "0.1.0" not in text and desktop.APP_ID not in text  # nothing hard-coded


def test_macos_bundle_info_plist(support: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = run_spec("macos", support, monkeypatch, tmp_path)
    (bundle,) = of(calls, BUNDLE)
    assert bundle.kwargs["name"] == f"{desktop.APP_NAME}.app"
    assert bundle.kwargs["bundle_identifier"] == desktop.APP_ID
    plist = bundle.kwargs["info_plist"]
    plistlib.dumps(plist)  # serialisable as an Info.plist
    assert plist["CFBundleIdentifier"] == desktop.APP_ID
    assert plist["CFBundleShortVersionString"] == desktop.__version__
    assert plist["NSHighResolutionCapable"] is True
    assert plist["LSBackgroundOnly"] is False  # the console twin must not turn the app into a background agent
    assert re.fullmatch(r"\d+\.\d+", plist["LSMinimumSystemVersion"])
    docs = {tuple(d["CFBundleTypeExtensions"]): d for d in plist["CFBundleDocumentTypes"]}
    assert docs[("reerisk",)]["CFBundleTypeRole"] == "Editor"
    assert docs[("reerisk",)]["LSHandlerRank"] == "Owner"
    assert docs[("xlsx",)]["CFBundleTypeRole"] == "Viewer"
    assert "org.openxmlformats.spreadsheetml.sheet" in docs[("xlsx",)]["LSItemContentTypes"]
    (exported,) = plist["UTExportedTypeDeclarations"]
    assert exported["UTTypeIdentifier"] in docs[("reerisk",)]["LSItemContentTypes"]
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == ["reerisk"]


def test_spec_excludes_unused_modules(support: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = run_spec("linux", support, monkeypatch, tmp_path)
    (analysis,) = of(calls, Analysis)
    excludes = set(analysis.kwargs["excludes"])
    for name in ("PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "PySide6.QtQuick", "PySide6.QtQml",
                 "PySide6.QtMultimedia", "PySide6.QtSql", "PySide6.QtPdf", "PySide6.QtCharts",
                 "PySide6.QtDataVisualization", "PySide6.QtBluetooth", "PySide6.QtPositioning",
                 "PySide6.QtSerialPort", "PySide6.QtTest", "tkinter", "IPython", "pytest",
                 "matplotlib.backends.backend_tkagg", "matplotlib.backends.backend_wxagg"):
        assert name in excludes, name
    for needed in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "matplotlib.backends.backend_agg",
                   "matplotlib.backends.backend_qtagg", "desktop", "pandas", "openpyxl", "reportlab"):
        assert needed not in excludes, needed
    assert analysis.kwargs["hooksconfig"]["matplotlib"]["backends"] == ["Agg", "QtAgg"]


def test_icon_is_optional(support: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert support.icon_path("ico", root=tmp_path) is None
    assert "WARNING" in capsys.readouterr().out
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "reerisk.icns").write_bytes(b"icns")
    assert support.icon_path("icns", root=tmp_path) == str(tmp_path / "icons" / "reerisk.icns")


@pytest.mark.parametrize(("dest", "dropped"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6/Qt/plugins/platforms/qwindows.dll", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
    ("PySide6\\Qt6Quick.dll", True),
    ("PySide6/Qt/translations/qtbase_ja.qm", False),
    ("PySide6/Qt/translations/qt_en.qm", False),
    ("PySide6/Qt/translations/qtbase_zh_TW.qm", True),
    ("PySide6/Qt/translations/qt_help_de.qm", True),
    ("libcairo.so.2", True),
    ("libglib-2.0.so.0", False),
    ("libffi.so.8", False),
    ("resources/translations/ja/gui.po", False),
    ("resources/fonts/ipaexg.ttf", False),
    ("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf", False),
])
def test_drop_entry(support: ModuleType, dest: str, dropped: bool) -> None:
    assert support.drop_entry(dest) is dropped


# -- Windows version resource -----------------------------------------------------------------------------------

def test_version_tuple(support: ModuleType) -> None:
    assert support.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert support.version_tuple("2.10.3.7") == (2, 10, 3, 7)
    assert support.version_tuple("1.2.0rc1") == (1, 2, 0, 1)
    with pytest.raises(ValueError):
        support.version_tuple("dev")
    with pytest.raises(ValueError):
        support.version_tuple("70000.0")


def test_version_info_renders_a_valid_vsversioninfo(support: ModuleType, tmp_path: Path) -> None:
    path = support.write_version_info(tmp_path / "version_info.txt")
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, mode="eval")  # PyInstaller eval()s this file
    assert isinstance(tree.body, ast.Call) and tree.body.func.id == "VSVersionInfo"  # type: ignore[attr-defined]
    assert f"filevers={support.version_tuple(desktop.__version__)!r}" in text
    assert f"StringStruct(u'ProductVersion', u'{desktop.__version__}')" in text
    assert f"StringStruct(u'OriginalFilename', u'{desktop.APP_NAME}.exe')" in text
    if all(importlib.util.find_spec(m) for m in ("PyInstaller", "pefile")):  # PyInstaller's parser (Windows CI)
        from PyInstaller.utils.win32.versioninfo import load_version_info_from_text_file

        info = load_version_info_from_text_file(str(path))
        assert info.ffi.fileVersionMS == (support.version_tuple(desktop.__version__)[0] << 16) | \
            support.version_tuple(desktop.__version__)[1]


def test_version_template_rejects_unknown_placeholders(support: ModuleType) -> None:
    with pytest.raises(ValueError, match="unknown placeholders"):
        support.render_version_info("{version} {nope}", version="1.0", app_name="a", display_name="a",
                                    org_name="o", app_id="i", exe_name="a")


# -- Inno Setup script ------------------------------------------------------------------------------------------

def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = match.group(1)
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


def test_iss_is_per_user_with_lowest_privileges() -> None:
    setup = dict(line.split("=", 1) for line in iss_sections()["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # never offers an admin install
    assert setup["DefaultDirName"].startswith(("{autopf}", "{localappdata}"))
    assert setup["Uninstallable"] == "yes"
    assert setup["ChangesAssociations"] == "yes"
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])
    assert setup["AppVersion"] == "{#AppVersion}"  # passed in by build.py, never hard-coded


def test_iss_installs_the_onedir_build_start_menu_and_association() -> None:
    sections = iss_sections()
    assert any("{#SourceDir}\\*" in line and "recursesubdirs" in line for line in sections["Files"])
    assert any(line.startswith('Name: "{autoprograms}') for line in sections["Icons"])
    registry = sections["Registry"]
    assert registry and all(line.startswith("Root: HKCU;") for line in registry)  # no HKLM/HKA writes
    assert any('Subkey: "Software\\Classes\\.reerisk"' in line and "uninsdeletevalue" in line for line in registry)
    assert any("shell\\open\\command" in line and '""%1""' in line for line in registry)
    assert any("uninsdeletekey" in line for line in registry)
    assert "japanese" in " ".join(sections["Languages"])


# -- CI workflow ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps_text(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


def test_workflow_has_the_three_os_jobs(workflow: dict[str, Any]) -> None:
    runners = {job["runs-on"] for job in workflow["jobs"].values()}
    assert runners == {"windows-latest", "macos-latest", "ubuntu-latest"}
    for job in workflow["jobs"].values():
        text = steps_text(job)
        setup = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/setup-python"))
        assert setup["with"]["python-version"] == "3.11"
        assert 'pip install ".[test,packaging]"' in text
        assert "pytest" in text
        assert "python packaging/build.py" in text
        assert "actions/upload-artifact" in text


def test_workflow_runs_the_frozen_self_test(workflow: dict[str, Any]) -> None:
    jobs = {job["runs-on"]: job for job in workflow["jobs"].values()}
    expected = {
        "windows-latest": r"dist\reerisk\reerisk-cli.exe --self-test",
        "macos-latest": "dist/reerisk.app/Contents/MacOS/reerisk-cli --self-test",
        "ubuntu-latest": "dist/reerisk/reerisk-cli --self-test",
    }
    for runner, command in expected.items():
        assert command in steps_text(jobs[runner]), runner


def test_workflow_linux_job_has_qt_system_libraries(workflow: dict[str, Any]) -> None:
    job = next(j for j in workflow["jobs"].values() if j["runs-on"] == "ubuntu-latest")
    text = steps_text(job)
    for package in ("libegl1", "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0",
                    "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0",
                    "libxcb-xkb1", "libdbus-1-3", "libfontconfig1"):
        assert package in text, package
    assert job["env"]["QT_QPA_PLATFORM"] == "offscreen"


def guarded_steps(job: dict[str, Any], needle: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if needle.lower() in str(s.get("run", "")).lower()]


def test_workflow_signing_steps_are_guarded_by_secrets(workflow: dict[str, Any]) -> None:
    jobs = {job["runs-on"]: job for job in workflow["jobs"].values()}
    win, mac = jobs["windows-latest"], jobs["macos-latest"]
    assert "secrets.WINDOWS_CERT_PFX_BASE64" in win["env"]["WINDOWS_CERT_PFX_BASE64"]
    assert "secrets.MACOS_CERT_P12_BASE64" in mac["env"]["MACOS_CERT_P12_BASE64"]
    sign = guarded_steps(win, "signtool") + guarded_steps(win, "FromBase64String")
    assert sign
    for step in sign:
        assert "env.WINDOWS_CERT_PFX_BASE64 != ''" in step["if"]
    assert any("/fd sha256" in s["run"] and "/tr" in s["run"] and "/td sha256" in s["run"] for s in sign)
    for needle in ("security import", "codesign", "notarytool submit", "stapler staple", "delete-keychain"):
        steps = guarded_steps(mac, needle)
        assert steps, needle
        for step in steps:
            assert "env.MACOS_CERT_P12_BASE64 != ''" in step.get("if", ""), needle
    (codesign_app,) = [s for s in guarded_steps(mac, "codesign --deep")]
    for flag in ("--force", "--options runtime", "--entitlements packaging/macos/entitlements.plist",
                 '--sign "$MACOS_SIGN_IDENTITY"'):
        assert flag in codesign_app["run"], flag
    assert "--wait" in guarded_steps(mac, "notarytool")[0]["run"]
    assert "env.APPLE_ID != ''" in guarded_steps(mac, "notarytool")[0]["if"]
    # Nothing secret is printed or referenced outside env mapping.
    assert "secrets." not in steps_text(win) + steps_text(mac)


def test_entitlements_plist() -> None:
    data = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert data == {"com.apple.security.cs.allow-unsigned-executable-memory": True}


# -- build.py ---------------------------------------------------------------------------------------------------

def test_build_script_has_three_os_branches(build: ModuleType) -> None:
    text = (PACKAGING / "build.py").read_text(encoding="utf-8")
    assert "iscc" in text and "hdiutil" in text and "tarfile" in text
    for flag in ("--skip-installer", "--clean", "--installer-only"):
        assert flag in text
    v, name = desktop.__version__, desktop.APP_NAME
    assert build.artifact_name("windows", "x86_64") == f"{name}-{v}-windows-x86_64-setup.exe"
    assert build.artifact_name("macos", "arm64") == f"{name}-{v}-macos-arm64.dmg"
    assert build.artifact_name("linux", "x86_64") == f"{name}-{v}-linux-x86_64.tar.gz"
    dist = Path("dist")
    assert build.cli_path(dist, "windows") == dist / name / f"{name}-cli.exe"
    assert build.cli_path(dist, "macos") == dist / f"{name}.app" / "Contents" / "MacOS" / f"{name}-cli"
    assert build.cli_path(dist, "linux") == dist / name / f"{name}-cli"


def test_linux_tarball_keeps_layout_and_exec_bits(build: ModuleType, support: ModuleType, tmp_path: Path) -> None:
    app = tmp_path / desktop.APP_NAME
    (app / "_internal" / "resources").mkdir(parents=True)
    (app / "reerisk-cli").write_text("#!/bin/sh\n")
    (app / "reerisk-cli").chmod(0o755)
    (app / "_internal" / "resources" / "x.txt").write_text("x")
    target = build.linux_tarball(tmp_path, "x86_64")
    assert target.name == f"{desktop.APP_NAME}-{desktop.__version__}-linux-x86_64.tar.gz"
    with tarfile.open(target) as tar:
        members = {m.name: m for m in tar.getmembers()}
    top = f"{desktop.APP_NAME}-{desktop.__version__}"
    assert f"{top}/_internal/resources/x.txt" in members
    cli = members[f"{top}/reerisk-cli"]
    assert cli.mode & 0o111 and cli.uid == 0 and cli.uname == ""


def test_iscc_missing_prints_how(build: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(build, "find_iscc", lambda: None)
    assert build.windows_installer(tmp_path, "x86_64") is None
    out = capsys.readouterr().out
    assert "Inno Setup" in out and f"/DAppVersion={desktop.__version__}" in out and "reerisk.iss" in out
