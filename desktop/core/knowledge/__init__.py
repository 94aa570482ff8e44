"""The knowledge base: element facts, dated export controls, supply options, component classes, countries.

Loaded from ``resources/knowledge/*.yaml`` (or the user's installed update) and validated on load. Imports no
pipeline stage.
"""
from __future__ import annotations

from desktop.core.knowledge.countries import normalise_country
from desktop.core.knowledge.loader import (
    FILES,
    clear_cache,
    default_knowledge,
    install_knowledge,
    load_knowledge,
    remove_installed_knowledge,
    user_knowledge_dir,
)
from desktop.core.knowledge.model import (
    BASES,
    CLASS_KINDS,
    CONTROL_KINDS,
    STAGES,
    ComponentClass,
    Control,
    Country,
    Element,
    Figure,
    Knowledge,
    MagnetSpec,
    MaterialProfile,
    Producer,
    Range,
    Source,
    SupplyOption,
)
from desktop.core.knowledge.status import (
    STATUSES,
    ScheduledChange,
    control_status,
    scheduled_changes_after,
    stale_changes,
)

__all__ = [
    "BASES", "CLASS_KINDS", "CONTROL_KINDS", "FILES", "STAGES", "STATUSES",
    "ComponentClass", "Control", "Country", "Element", "Figure", "Knowledge", "MagnetSpec", "MaterialProfile",
    "Producer", "Range", "ScheduledChange", "Source", "SupplyOption",
    "clear_cache", "control_status", "default_knowledge", "install_knowledge", "load_knowledge",
    "normalise_country", "remove_installed_knowledge", "scheduled_changes_after", "stale_changes",
    "user_knowledge_dir",
]
