"""Moved to :mod:`desktop.app.library` (the application layer, no Qt); kept so that older imports still work."""
from desktop.app.library import load_library, overrides_for, remove_override, save_override

__all__ = ["load_library", "overrides_for", "remove_override", "save_override"]
