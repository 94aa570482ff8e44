"""reerisk: rare-earth exposure of a bill of materials.

This module is the single source of the application's name, version and identifiers; packaging reads them.
"""
from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "reerisk"
APP_DISPLAY_NAME = "reerisk"
ORG_NAME = "reerisk"
ORG_DOMAIN = "reerisk.invalid"
APP_ID = "invalid.reerisk.desktop"
