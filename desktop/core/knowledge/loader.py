"""Load, validate and install the knowledge base (``resources/knowledge/*.yaml``).

- :func:`load_knowledge` reads one folder and validates everything; errors name file, record and field.
- :func:`default_knowledge` (cached) uses the user's folder (``user_data_dir()/knowledge``) when it is valid,
  else the bundled folder, and records why it fell back in ``Knowledge.load_warnings``.
- :func:`install_knowledge` validates an update (a folder, a ``.zip`` or a single ``.yaml`` file) and copies it to
  the user's folder only when it is valid. The bundled data always remains as the fallback.

Hostile files are bounded (issue 14): a file's size is taken from ``stat`` and then enforced by a bounded read,
so a 2 GB sparse file is refused before anything is copied; YAML nesting is limited and aliases may repeat only
a bounded number of values, so an alias bomb ("billion laughs") is refused while it is being parsed, long before
anything expands it. Installs by several processes at once are serialised by a file lock around the swap.
"""
from __future__ import annotations

import logging
import shutil
import stat as stat_mod
import tempfile
import threading
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.resolver import Resolver

from desktop import paths
from desktop.core.errors import KnowledgeError
from desktop.core.knowledge import parsers
from desktop.core.knowledge.fields import Context, file_error, show
from desktop.core.knowledge.model import Knowledge
from desktop.core.progress import gc_paused

log = logging.getLogger(__name__)

#: Every file of a complete knowledge base, in load order.
FILES: tuple[str, ...] = (
    "meta.yaml", "sources.yaml", "countries.yaml", "elements.yaml", "controls.yaml", "supply.yaml",
    "profiles.yaml", "classes.yaml", "vocabulary.yaml",
)
#: Files a knowledge base may carry; without them it is still valid (no scaling laws: class ranges only).
OPTIONAL_FILES: tuple[str, ...] = ("scaling.yaml",)
#: Required files added to the format after the first release: a knowledge base installed before them is still
#: valid and takes them from the bundled folder (an upgrade must not silently throw the user's update away).
#: scaling.yaml is optional and refers to classes and profiles, so an old install goes without it (class ranges).
ADDED_FILES: frozenset[str] = frozenset({"vocabulary.yaml"})
MAX_FILE_BYTES = 20 * 1024 * 1024
#: A ``.zip`` update holds at most the knowledge files; anything larger is not one.
MAX_ZIP_BYTES = 200 * 1024 * 1024
#: Deepest nesting of mappings and lists in a knowledge file (the bundled files use 6). libyaml's own composer
#: recurses without limit and crashes the process on ~100 000 levels, so nodes are composed here, in Python.
MAX_DEPTH = 50
#: How many values aliases (``*name``) may repeat in one file, counted as if every alias were written out. The
#: bundled ``scaling.yaml`` repeats about 100; an alias bomb needs billions and is refused at the first excess.
MAX_ALIAS_NODES = 100_000
#: How long an install waits for another install to finish its swap.
LOCK_TIMEOUT_S = 60.0

try:  # libyaml's event parser when available (fast); the composer above it is always PyYAML's Python one
    from yaml._yaml import CParser as _EventParser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _EventParser = None


class _BoundedComposer(Composer):
    """PyYAML's composer with two bounds: nesting depth and the number of values aliases repeat.

    Counting happens while composing, before any Python object exists, so an alias bomb costs a few hundred
    events. A recursive alias (a node that contains an alias to itself) is refused too: nothing downstream could
    print or walk it.
    """

    def _init_bounds(self) -> None:
        Composer.__init__(self)
        self._depth = 0
        self._nodes = 0           # values composed so far, with every alias counted as written out
        self._alias_nodes = 0     # of which repeated through aliases
        self._sizes: dict[str, int] = {}
        self._open: set[str] = set()

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            if event.anchor in self._open:
                raise ComposerError(None, None, f"alias *{event.anchor} refers to the value it is part of",
                                    event.start_mark)
            size = self._sizes.get(event.anchor, 0)
            self._nodes += size
            self._alias_nodes += size
            if self._alias_nodes > MAX_ALIAS_NODES:
                raise ComposerError(None, None, f"aliases (*name) repeat more than {MAX_ALIAS_NODES:,} values; "
                                    "write the values out or use fewer aliases", event.start_mark)
            return super().compose_node(parent, index)
        event = self.peek_event()
        if self._depth >= MAX_DEPTH:
            raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        anchor = event.anchor
        start = self._nodes
        self._nodes += 1
        if anchor is not None:
            self._open.add(anchor)
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if anchor is not None:
            self._open.discard(anchor)
            self._sizes[anchor] = self._nodes - start
        return node


def _strip_timestamps(resolvers: dict[Any, list[Any]]) -> dict[Any, list[Any]]:
    """Dates stay text so that a bad date is reported by field, not as a YAML error."""
    return {first: [(tag, rx) for tag, rx in entries if tag != "tag:yaml.org,2002:timestamp"]
            for first, entries in resolvers.items()}


if _EventParser is not None:
    class _SafeLoader(_BoundedComposer, _EventParser, SafeConstructor, Resolver):  # type: ignore[misc, valid-type]
        """``yaml.safe_load`` semantics with bounded nesting and aliases (see :class:`_BoundedComposer`)."""

        def __init__(self, stream: Any) -> None:
            _EventParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._init_bounds()

        # CParser implements these in C, bypassing compose_node; PyYAML's Python versions call it.
        check_node = Composer.check_node
        get_node = Composer.get_node
        get_single_node = Composer.get_single_node
else:  # pragma: no cover
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _SafeLoader(Reader, Scanner, Parser, _BoundedComposer, SafeConstructor, Resolver):  # type: ignore[no-redef]
        """``yaml.safe_load`` semantics with bounded nesting and aliases (pure-Python PyYAML)."""

        def __init__(self, stream: Any) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._init_bounds()


_SafeLoader.yaml_implicit_resolvers = _strip_timestamps(Resolver.yaml_implicit_resolvers)


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.1f}".rstrip("0").rstrip(".") or "0"


def _too_large(name: str, size: int | None = None, limit: int = MAX_FILE_BYTES) -> KnowledgeError:
    how = f"{_mb(size)} MB; the limit is" if size is not None else "over the limit of"
    return file_error(name, f"file is too large to be a knowledge-base file ({how} {_mb(limit)} MB)")


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The size on disk is checked first (a 2 GB sparse file is refused without reading a block), and the read itself
    stops after ``limit + 1`` bytes, so a file that grows, or reports a wrong size (``/proc``), cannot make it read
    more.
    """
    name = path.name
    try:
        st = path.stat()
    except OSError as exc:
        raise file_error(name, f"cannot be read ({exc.strerror or exc})", detail=str(exc)) from None
    if not stat_mod.S_ISREG(st.st_mode):
        raise file_error(name, "is not a regular file")
    if st.st_size > limit:
        raise _too_large(name, st.st_size, limit)
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise file_error(name, f"cannot be read ({exc.strerror or exc})", detail=str(exc)) from None
    if len(data) > limit:
        raise _too_large(name, None, limit)
    return data


def parse_yaml(data: bytes, name: str) -> Any:
    """Parse one knowledge file's bytes with the bounded safe loader; problems name the file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise file_error(name, "not UTF-8 text", detail=str(exc)) from None
    try:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a SafeLoader equivalent
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise file_error(name, f"not valid YAML{where}: {problem}", detail=str(exc)) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4 300 digits
        raise file_error(name, f"not valid YAML: {exc}", detail=str(exc)) from None


def read_yaml(path: Path) -> Any:
    """Read one YAML file safely; problems become a :class:`KnowledgeError` naming the file."""
    if not path.is_file():
        raise file_error(path.name, f"file not found in {path.parent}")
    return parse_yaml(read_bounded(path), path.name)


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
    with gc_paused():   # YAML nodes and records, all long-lived: no collection needs to walk them while they are built
        return _load_knowledge(folder, origin)


def _load_knowledge(folder: Path | str | None, origin: str | None) -> Knowledge:
    bundled = paths.resource("knowledge")
    folder = Path(folder) if folder is not None else bundled
    def path_of(name: str) -> Path:
        """The folder's file; a required file added to the format since an earlier version (vocabulary.yaml) comes
        from the bundled folder when an older install does not have it."""
        own = folder / name
        return bundled / name if name in ADDED_FILES and not own.is_file() else own

    docs = {name: read_yaml(path_of(name)) for name in FILES}
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
            return _load_user(user)
        except KnowledgeError as exc:
            log.warning("Installed knowledge base in %s is invalid, using the bundled one: %s", user, exc)
            warnings.append(f"The installed knowledge base in {user} is invalid and was not used: {exc}")
    kb = load_knowledge(None, origin="bundled")
    if warnings:
        from dataclasses import replace

        kb = replace(kb, load_warnings=tuple(warnings))
    return kb


def _load_user(user: Path) -> Knowledge:
    """Load the user's folder under the install lock, so that an install swapping it in another process is never
    read half-way. Without the lock (a read-only folder, or an install stuck for :data:`LOCK_TIMEOUT_S`) it is
    read as it is; a torn read then fails validation and the bundled data is used."""
    from filelock import Timeout

    try:
        lock = _install_lock(user)
        lock.acquire()
    except (OSError, Timeout):
        return load_knowledge(user, origin="user")
    try:
        return load_knowledge(user, origin="user")
    finally:
        lock.release()


def clear_cache() -> None:
    """Forget the cached default knowledge base (after an install, or in tests)."""
    from desktop.core.knowledge import countries

    with _lock:
        _cache.clear()
    countries.clear_cache()


# -- installing an update ----------------------------------------------------------------------------------------
def _install_lock(target: Path) -> Any:
    """The lock every install, removal and read of the user's folder takes (``knowledge.lock`` beside it). filelock
    is imported here, not at start-up: a run without an installed knowledge update never needs it."""
    from filelock import FileLock

    return FileLock(str(target.with_name(target.name + ".lock")), timeout=LOCK_TIMEOUT_S)


def install_knowledge(src: Path | str) -> Knowledge:
    """Validate an update and install it as the user's knowledge base.

    ``src`` may be a folder, a ``.zip`` of one, or a single ``.yaml`` file. Files the update does not contain are
    taken from the bundled knowledge base, so an update may carry only, say, ``controls.yaml``. Nothing is
    installed unless the combined set validates; the previous installation and the bundled data are kept.

    Every file is size-checked before it is copied and copied with a bounded read. Several installs at once are
    safe: each validates its own staging copy, and the swap into place runs under a file lock, so the user's
    folder is always one complete installation (the last one to take the lock).

    Returns:
        The installed knowledge base (origin "user").

    Raises:
        KnowledgeError: the update is unreadable or invalid (the message gives the reason), or another install
            held the lock for more than :data:`LOCK_TIMEOUT_S` seconds.
    """
    src = Path(src)
    if not src.exists():
        raise file_error(src.name, "the update file or folder does not exist")
    if not (src.is_file() or src.is_dir()):
        raise file_error(src.name, "is neither a file nor a folder")
    with tempfile.TemporaryDirectory(prefix="reerisk-kb-") as tmp:
        staging = Path(tmp) / "knowledge"
        shutil.copytree(paths.resource("knowledge"), staging)
        supplied = _overlay(src, staging)
        if not supplied:
            raise file_error(src.name, "contains no knowledge-base files (" + ", ".join(FILES) + ")")
        load_knowledge(staging, origin="user")  # raises with the reason
        kb = _replace_folder(staging, user_knowledge_dir())
    clear_cache()
    log.info("Installed knowledge base %s (as of %s) from %s: %s", kb.version, kb.as_of, src, ", ".join(supplied))
    return kb


def _overlay(src: Path, staging: Path) -> list[str]:
    """Copy the knowledge files found in ``src`` over ``staging``; returns their names."""
    if src.is_file() and src.suffix.lower() == ".zip":
        return _unzip(src, staging)
    if src.is_file():
        if src.name not in FILES + OPTIONAL_FILES:
            raise file_error(src.name, "is not a knowledge-base file (expected one of: " + ", ".join(FILES) + ")")
        (staging / src.name).write_bytes(read_bounded(src))
        return [src.name]
    folder = src if any((src / n).is_file() for n in FILES) else _single_subfolder(src)
    supplied = [n for n in FILES + OPTIONAL_FILES if (folder / n).is_file()]
    for name in supplied:
        (staging / name).write_bytes(read_bounded(folder / name))
    return supplied


def _single_subfolder(folder: Path) -> Path:
    subs = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))]
    return subs[0] if len(subs) == 1 else folder


def _unzip(archive: Path, staging: Path) -> list[str]:
    """Copy the knowledge files of a ``.zip`` over ``staging``, each read as a stream of at most
    :data:`MAX_FILE_BYTES`: a member whose declared size lies is refused when its bytes pass the limit."""
    size = archive.stat().st_size
    if size > MAX_ZIP_BYTES:
        raise _too_large(archive.name, size, MAX_ZIP_BYTES)
    supplied: list[str] = []
    try:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                name = Path(info.filename)
                if info.is_dir() or name.suffix.lower() != ".yaml":
                    continue
                if name.is_absolute() or ".." in name.parts or info.file_size > MAX_FILE_BYTES:
                    raise file_error(archive.name, f"unsafe or oversized entry {show(info.filename, 200)}")
                if name.name not in FILES + OPTIONAL_FILES:
                    continue
                data = bytearray()
                with zf.open(info) as member:  # 1 MB at a time: one big read() inflates its whole size at once
                    while len(data) <= MAX_FILE_BYTES and (chunk := member.read(1 << 20)):
                        data += chunk
                if len(data) > MAX_FILE_BYTES:
                    raise file_error(archive.name, f"unsafe or oversized entry {show(info.filename, 200)}")
                (staging / name.name).write_bytes(data)
                supplied.append(name.name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise file_error(archive.name, "not a valid .zip archive", detail=str(exc)) from None
    return supplied


def _replace_folder(staging: Path, target: Path) -> Knowledge:
    """Put a copy of the validated ``staging`` folder in place of ``target``; returns it loaded.

    The copy is made beside ``target`` under a name of its own (so two installs never share a folder), then
    swapped in by two renames under the install lock: ``target`` is at every moment either the previous complete
    installation, absent for an instant (readers wait for the lock, see :func:`_load_default`), or the new one.
    """
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=parent))
    from filelock import Timeout

    try:
        shutil.copytree(staging, new, dirs_exist_ok=True)
        try:
            with _install_lock(target):
                _remove_leftovers(target, keep=new)
                old = parent / f".{target.name}-old-{uuid.uuid4().hex}"
                if target.exists():
                    target.rename(old)
                try:
                    new.rename(target)
                except OSError:
                    if old.exists() and not target.exists():
                        old.rename(target)  # put the previous installation back
                    raise
                kb = load_knowledge(target, origin="user")
                shutil.rmtree(old, ignore_errors=True)
        except Timeout:
            raise file_error(target.name, f"another installation has held the lock for {LOCK_TIMEOUT_S:.0f} s; "
                             "nothing was changed, try again") from None
    finally:
        if new.exists():
            shutil.rmtree(new, ignore_errors=True)
    return kb


#: Leftovers younger than this may belong to an install in progress in another process.
_LEFTOVER_MIN_AGE_S = 300.0


def _remove_leftovers(target: Path, keep: Path) -> None:
    """Remove what killed installs left beside ``target`` (called under the lock).

    ``.knowledge-old-*`` folders exist only inside the lock, so any found now is a leftover; ``.knowledge-new-*``
    folders are built outside it and are removed only when old (``ctime``: the copy carries the bundled folder's
    ``mtime``). ``knowledge.new``/``knowledge.old`` are the names earlier versions used.
    """
    now = time.time()
    for path in target.parent.glob(f".{target.name}-*-*"):
        if path == keep:
            continue
        kind = path.name[len(target.name) + 2:].split("-", 1)[0]
        try:
            st = path.stat()
            old_enough = now - max(st.st_mtime, st.st_ctime) > _LEFTOVER_MIN_AGE_S
        except OSError:
            continue
        if kind == "old" or (kind == "new" and old_enough):
            shutil.rmtree(path, ignore_errors=True)
    for name in (target.name + ".new", target.name + ".old"):
        if (target.parent / name).is_dir():
            shutil.rmtree(target.parent / name, ignore_errors=True)


def remove_installed_knowledge() -> None:
    """Delete the user's installed update so that the bundled knowledge base is used again."""
    target = user_knowledge_dir()
    if target.exists():
        with _install_lock(target):
            if target.exists():
                gone = target.parent / f".{target.name}-old-{uuid.uuid4().hex}"
                target.rename(gone)
                shutil.rmtree(gone, ignore_errors=True)
    clear_cache()
