"""Moved to :mod:`desktop.app.parts_frame` (the application layer, no Qt); kept so that older imports still work."""
from desktop.app.parts_frame import FRAME_COLUMNS, build_parts_frame, frame_from_json

__all__ = ["FRAME_COLUMNS", "build_parts_frame", "frame_from_json"]
