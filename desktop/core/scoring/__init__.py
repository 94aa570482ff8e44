"""Stage 3: score elements, parts and the BOM on an as-of date (docs/methodology.md explains the formula)."""
from __future__ import annotations

from desktop.core.scoring.config import ScoringConfig
from desktop.core.scoring.scenarios import SCENARIOS, parse_scenario
from desktop.core.scoring.score import score

__all__ = ["SCENARIOS", "ScoringConfig", "parse_scenario", "score"]
