"""Load, validate and install the knowledge base (``resources/knowledge/*.yaml``).

- :func:`load_knowledge` reads one folder and validates everything; errors name file, record and field.
- :func:`default_knowledge` (cached) uses the user's folder (``user_data_dir()/knowledge``) when it is valid,
  else the bundled folder, and records why it fell back in ``Knowledge.load_warnings``.
- :func:`install_knowledge` validates an update (a folder, a ``.zip`` or a single ``.yaml`` file) and copies it to
  the user's folder only when it is valid. The bundled data always remains as the fallback.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

import yaml

from desktop import paths
from desktop.core.errors import KnowledgeError
from desktop.core.knowledge import parsers
from desktop.core.knowledge.fields import Context, file_error
from desktop.core.knowledge.model import Knowledge

log = logging.getLogger(__name__)

#: Every file of a complete knowledge base, in load order.
FILES: tuple[str, ...] = (
    "meta.yaml", "sources.yaml", "countries.yaml", "elements.yaml", "controls.yaml", "supply.yaml",
    "profiles.yaml", "classes.yaml", "vocabulary.yaml",
)
#: Files a knowledge base may carry; without them it is still valid (no scaling laws: class ranges only).
OPTIONAL_FILES: tuple[str, ...] = ("scaling.yaml",)
MAX_FILE_BYTES = 20 * 1024 * 1024

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """``yaml.safe_load`` semantics, except that dates stay text so that a bad date is reported by field."""


_SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    """Read one YAML file safely; problems become a :class:`KnowledgeError` naming the file."""
    name = path.name
    if not path.is_file():
        raise file_error(name, f"file not found in {path.parent}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise file_error(name, "file is too large to be a knowledge-base file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise file_error(name, "not UTF-8 text", detail=str(exc)) from None
    except OSError as exc:
        raise file_error(name, f"cannot be read ({exc.strerror or exc})", detail=str(exc)) from None
    try:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise file_error(name, f"not valid YAML{where}: {problem}", detail=str(exc)) from None


def load_knowledge(folder: Path | str | None = None, *, origin: str | None = None) -> Knowledge:
    """Load and validate the knowledge base in ``folder`` (default: the bundled one).

    Args:
        folder: folder holding the eight YAML files (see :data:`FILES`).
        origin: "bundled" or "user"; guessed from the folder when omitted.

    Returns:
        The validated, frozen :class:`Knowledge`.

    Raises:
        KnowledgeError: a file is missing or invalid; the message names the file, the record and the field.
    """
    bundled = paths.resource("knowledge")
    folder = Path(folder) if folder is not None else bundled
    docs = {name: read_yaml(folder / name) for name in FILES}
    ctx = Context()
    meta = parsers.parse_meta(docs["meta.yaml"], ctx)
    sources = parsers.parse_sources(docs["sources.yaml"], ctx)
    ctx.source_ids = set(sources)
    countries = parsers.parse_countries(docs["countries.yaml"], ctx)
    ctx.country_codes = set(countries)
    _check_country_aliases(countries)
    elements = parsers.parse_elements(docs["elements.yaml"], ctx)
    controls = parsers.parse_controls(docs["controls.yaml"], ctx)
    supply = parsers.parse_supply(docs["supply.yaml"], ctx)
    profiles = parsers.parse_profiles(docs["profiles.yaml"], ctx)
    classes = parsers.parse_classes(docs["classes.yaml"], ctx, profiles)
    vocabulary = parsers.parse_vocabulary(docs["vocabulary.yaml"], ctx)
    scaling = {}
    if (folder / "scaling.yaml").is_file():
        from desktop.core.knowledge.scaling import parse_scaling

        scaling = parse_scaling(read_yaml(folder / "scaling.yaml"), ctx, profiles, classes)
    if origin is None:
        origin = "bundled" if _same(folder, bundled) else "user"
    return Knowledge(
        version=meta["version"], as_of=meta["as_of"], compiled_on=meta["compiled_on"], title=meta["title"],
        warnings_en=meta["warnings_en"], warnings_ja=meta["warnings_ja"], sources=sources,
        elements=elements["elements"], stage_defaults=elements["stage_defaults"], controls=controls,
        profiles=profiles, classes=classes, supply_options=supply, countries=countries, folder=str(folder),
        origin=origin, producers=elements["producers"], eol_rir_group=elements["eol_rir_group"],
        scaling=scaling, vocabulary=vocabulary,
    )


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _check_country_aliases(countries: dict[str, Any]) -> None:
    from desktop.core.knowledge.countries import build_index

    build_index(countries.values())  # raises KnowledgeError on an alias claimed by two countries


# -- the default (user or bundled) knowledge base ----------------------------------------------------------------
def user_knowledge_dir() -> Path:
    """Where :func:`install_knowledge` puts an update: ``user_data_dir()/knowledge``."""
    return paths.user_data_dir() / "knowledge"


_lock = threading.Lock()
_cache: dict[tuple[str, str], Knowledge] = {}


def default_knowledge() -> Knowledge:
    """The knowledge base to use: the user's installed update when valid, else the bundled one (cached).

    An invalid user folder is not fatal: the bundled data is used and the reason is kept in
    ``Knowledge.load_warnings``.

    Raises:
        KnowledgeError: the bundled knowledge base itself is invalid (a packaging error).
    """
    user = user_knowledge_dir()
    key = (str(paths.resource("knowledge")), str(user))
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
        kb = _load_default(user)
        _cache[key] = kb
        return kb


def _load_default(user: Path) -> Knowledge:
    warnings: list[str] = []
    if (user / "meta.yaml").is_file():
        try:
            return load_knowledge(user, origin="user")
        except KnowledgeError as exc:
            log.warning("Installed knowledge base in %s is invalid, using the bundled one: %s", user, exc)
            warnings.append(f"The installed knowledge base in {user} is invalid and was not used: {exc}")
    kb = load_knowledge(None, origin="bundled")
    if warnings:
        from dataclasses import replace

        kb = replace(kb, load_warnings=tuple(warnings))
    return kb


def clear_cache() -> None:
    """Forget the cached default knowledge base (after an install, or in tests)."""
    from desktop.core.knowledge import countries

    with _lock:
        _cache.clear()
    countries.clear_cache()


# -- installing an update ----------------------------------------------------------------------------------------
def install_knowledge(src: Path | str) -> Knowledge:
    """Validate an update and install it as the user's knowledge base.

    ``src`` may be a folder, a ``.zip`` of one, or a single ``.yaml`` file. Files the update does not contain are
    taken from the bundled knowledge base, so an update may carry only, say, ``controls.yaml``. Nothing is
    installed unless the combined set validates; the previous installation and the bundled data are kept.

    Returns:
        The installed knowledge base (origin "user").

    Raises:
        KnowledgeError: the update is unreadable or invalid (the message gives the reason).
    """
    src = Path(src)
    if not src.exists():
        raise file_error(src.name, "the update file or folder does not exist")
    with tempfile.TemporaryDirectory(prefix="reerisk-kb-") as tmp:
        staging = Path(tmp) / "knowledge"
        shutil.copytree(paths.resource("knowledge"), staging)
        supplied = _overlay(src, staging, Path(tmp) / "unzipped")
        if not supplied:
            raise file_error(src.name, "contains no knowledge-base files (" + ", ".join(FILES) + ")")
        load_knowledge(staging, origin="user")  # raises with the reason
        target = user_knowledge_dir()
        _replace_folder(staging, target)
    clear_cache()
    kb = load_knowledge(target, origin="user")
    log.info("Installed knowledge base %s (as of %s) from %s: %s", kb.version, kb.as_of, src, ", ".join(supplied))
    return kb


def _overlay(src: Path, staging: Path, unzip_dir: Path) -> list[str]:
    """Copy the knowledge files found in ``src`` over ``staging``; returns their names."""
    if src.is_file() and src.suffix.lower() == ".zip":
        src = _unzip(src, unzip_dir)
    if src.is_file():
        if src.name not in FILES + OPTIONAL_FILES:
            raise file_error(src.name, "is not a knowledge-base file (expected one of: " + ", ".join(FILES) + ")")
        shutil.copyfile(src, staging / src.name)
        return [src.name]
    folder = src if any((src / n).is_file() for n in FILES) else _single_subfolder(src)
    supplied = [n for n in FILES + OPTIONAL_FILES if (folder / n).is_file()]
    for name in supplied:
        shutil.copyfile(folder / name, staging / name)
    return supplied


def _single_subfolder(folder: Path) -> Path:
    subs = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))]
    return subs[0] if len(subs) == 1 else folder


def _unzip(archive: Path, dest: Path) -> Path:
    try:
        with zipfile.ZipFile(archive) as zf:
            dest.mkdir(parents=True)
            for info in zf.infolist():
                name = Path(info.filename)
                if info.is_dir() or name.suffix.lower() != ".yaml":
                    continue
                if name.is_absolute() or ".." in name.parts or info.file_size > MAX_FILE_BYTES:
                    raise file_error(archive.name, f"unsafe or oversized entry {info.filename!r}")
                if name.name in FILES + OPTIONAL_FILES:
                    (dest / name.name).write_bytes(zf.read(info))
    except zipfile.BadZipFile as exc:
        raise file_error(archive.name, "not a valid .zip archive", detail=str(exc)) from None
    return dest


def _replace_folder(staging: Path, target: Path) -> None:
    """Swap ``target`` for a copy of ``staging`` with as little time as possible without a valid folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    new = target.with_name(target.name + ".new")
    old = target.with_name(target.name + ".old")
    for leftover in (new, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(staging, new)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def remove_installed_knowledge() -> None:
    """Delete the user's installed update so that the bundled knowledge base is used again."""
    target = user_knowledge_dir()
    if target.exists():
        shutil.rmtree(target)
    clear_cache()
