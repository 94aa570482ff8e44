"""Remembered column mappings, keyed by header signature ("remember this mapping" in the import wizard)."""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from desktop.core.errors import OutputError
from desktop.i18n import N_


class MappingMemory:
    """A small JSON file: ``{"version": 1, "mappings": {signature: {field: header}}}``. Writes are atomic."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        mappings = data.get("mappings") if isinstance(data, dict) else None
        if not isinstance(mappings, dict):
            return {}
        return {str(k): {str(f): str(h) for f, h in v.items()} for k, v in mappings.items() if isinstance(v, dict)}

    def get(self, signature: str) -> dict[str, str] | None:
        """The remembered field → header map for ``signature``, or None."""
        found = self._load().get(signature)
        return dict(found) if found is not None else None

    def put(self, signature: str, column_map: Mapping[str, str]) -> None:
        """Remember ``column_map`` for ``signature`` (replaces an earlier one).

        Raises:
            OutputError: the file cannot be written.
        """
        mappings = self._load()
        mappings[signature] = {str(k): str(v) for k, v in column_map.items()}
        payload = json.dumps({"version": 1, "mappings": mappings}, ensure_ascii=False, indent=1, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".mapping-", suffix=".json", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, self.path)
        except OSError as exc:
            raise OutputError(N_("The remembered column mapping could not be saved to {file}."),
                              {"file": str(self.path)}, detail=str(exc)) from exc
