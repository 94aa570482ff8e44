"""Build reerisk for the current OS into dist/: the PyInstaller onedir app, then the installer.

    python packaging/build.py                   # app + installer for this OS
    python packaging/build.py --skip-installer  # only dist/reerisk (or dist/reerisk.app)
    python packaging/build.py --clean           # drop PyInstaller's cache and old output first
    python packaging/build.py --self-test       # also run the frozen app's self-test afterwards
    python packaging/build.py --installer-only  # only the installer, from an existing (e.g. signed) dist/

Windows: dist/reerisk/ → Inno Setup (packaging/windows/reerisk.iss, compiled with iscc if installed)
         → dist/reerisk-<version>-windows-<arch>-setup.exe
macOS:   dist/reerisk.app → hdiutil → dist/reerisk-<version>-macos-<arch>.dmg
Linux:   dist/reerisk/ → dist/reerisk-<version>-linux-<arch>.tar.gz  (what we can build and test in the dev box)

Signing and notarisation are not done here; CI does them when its secrets are set (see packaging/README.md).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import spec_support  # noqa: E402

from desktop import APP_DISPLAY_NAME, APP_NAME, __version__  # noqa: E402

SPEC = HERE / "reerisk.spec"
ISS = HERE / "windows" / "reerisk.iss"
ISCC_CANDIDATES = (
    r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe",
    r"C:\Program Files\Inno Setup 6\ISCC.exe",
)


def human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def tree_size(path: Path) -> tuple[int, int]:
    """(bytes, files) of a folder, not following symlinks."""
    total = count = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            file = Path(dirpath) / name
            if not file.is_symlink():
                total += file.stat().st_size
                count += 1
    return total, count


def run(cmd: list[str], **kwargs: object) -> None:
    print("+ " + " ".join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


def pyinstaller(dist: Path, work: Path, clean: bool) -> None:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist), "--workpath", str(work)]
    if clean:
        cmd.append("--clean")
    run(cmd + [str(SPEC)], cwd=ROOT)


def app_path(dist: Path, os_name: str) -> Path:
    """The built app: the .app bundle on macOS, the onedir folder elsewhere."""
    return dist / f"{APP_NAME}.app" if os_name == "macos" else dist / APP_NAME


def cli_path(dist: Path, os_name: str) -> Path:
    """The console twin inside the build (what CI runs with --self-test)."""
    if os_name == "macos":
        return dist / f"{APP_NAME}.app" / "Contents" / "MacOS" / f"{APP_NAME}-cli"
    if os_name == "windows":
        return dist / APP_NAME / f"{APP_NAME}-cli.exe"
    return dist / APP_NAME / f"{APP_NAME}-cli"


def artifact_name(os_name: str, arch: str, version: str = __version__) -> str:
    if os_name == "windows":
        return f"{APP_NAME}-{version}-windows-{arch}-setup.exe"
    if os_name == "macos":
        return f"{APP_NAME}-{version}-macos-{arch}.dmg"
    return f"{APP_NAME}-{version}-linux-{arch}.tar.gz"


# -- installers ------------------------------------------------------------------------------------------------

def find_iscc() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    return next((c for c in ISCC_CANDIDATES if Path(c).is_file()), None)


def windows_installer(dist: Path, arch: str) -> Path | None:
    target = dist / artifact_name("windows", arch)
    defines = [
        f"/DAppVersion={__version__}",
        f"/DAppName={APP_NAME}",
        f"/DAppDisplayName={APP_DISPLAY_NAME}",
        f"/DSourceDir={dist / APP_NAME}",
        f"/DOutputDir={dist}",
        f"/DOutputBaseName={target.stem}",
    ]
    iscc = find_iscc()
    if iscc is None:
        print("Inno Setup's compiler (iscc) was not found, so no installer was made. Install Inno Setup 6")
        print("(https://jrsoftware.org/isinfo.php, or `choco install innosetup`) and run:")
        print(f'  iscc {" ".join(defines)} "{ISS}"')
        return None
    run([iscc, *defines, str(ISS)])
    return target


def macos_dmg(dist: Path, arch: str) -> Path:
    target = dist / artifact_name("macos", arch)
    with tempfile.TemporaryDirectory(prefix="reerisk-dmg-") as tmp:
        staging = Path(tmp) / APP_DISPLAY_NAME
        staging.mkdir()
        # ditto keeps the bundle's symlinks, extended attributes and (ad-hoc or real) signatures intact.
        run(["ditto", str(app_path(dist, "macos")), str(staging / f"{APP_NAME}.app")])
        (staging / "Applications").symlink_to("/Applications")
        run(["hdiutil", "create", "-volname", f"{APP_DISPLAY_NAME} {__version__}", "-srcfolder", str(staging),
             "-ov", "-format", "UDZO", str(target)])
    return target


def linux_tarball(dist: Path, arch: str) -> Path:
    target = dist / artifact_name("linux", arch)
    top = f"{APP_NAME}-{__version__}"

    def reset_owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(app_path(dist, "linux"), arcname=top, filter=reset_owner)
    return target


# -- main ------------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-installer", action="store_true", help="build only the app, not the installer")
    parser.add_argument("--clean", action="store_true", help="remove build/ and old output, clear PyInstaller's cache")
    parser.add_argument("--installer-only", action="store_true",
                        help="do not run PyInstaller; make the installer from the app already in dist/ "
                             "(CI signs the app between the two steps)")
    parser.add_argument("--self-test", action="store_true", help="run the frozen app's --self-test afterwards")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder (default: build/pyinstaller)")
    args = parser.parse_args(argv)

    os_name = spec_support.current_os()
    arch = spec_support.arch()
    dist: Path = args.dist.resolve()
    work: Path = args.work.resolve()
    print(f"Building {APP_NAME} {__version__} for {os_name}-{arch} into {dist}", flush=True)

    if args.skip_installer and args.installer_only:
        parser.error("--skip-installer and --installer-only exclude each other")
    if not args.installer_only:
        if args.clean:
            for path in (work, app_path(dist, os_name), dist / APP_NAME):
                if path.exists():
                    print(f"removing {path}")
                    shutil.rmtree(path)
        pyinstaller(dist, work, args.clean)

    app = app_path(dist, os_name)
    if not app.exists():
        print(f"ERROR: {app} is missing (did PyInstaller run?)", file=sys.stderr)
        return 1
    outputs: list[Path] = [app]

    if not args.skip_installer:
        if os_name == "windows":
            installer = windows_installer(dist, arch)
        elif os_name == "macos":
            installer = macos_dmg(dist, arch)
        else:
            installer = linux_tarball(dist, arch)
        if installer is not None:
            outputs.append(installer)

    print()
    for path in outputs:
        if path.is_dir():
            size, files = tree_size(path)
            print(f"{path}  {human(size)} ({files} files)")
        else:
            print(f"{path}  {human(path.stat().st_size)}")

    if args.self_test:
        cli = cli_path(dist, os_name)
        print(f"\n+ {cli} --self-test", flush=True)
        return subprocess.run([str(cli), "--self-test"]).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
