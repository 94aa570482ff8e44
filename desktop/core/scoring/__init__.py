"""Stage 3: score elements, parts and the BOM on an as-of date (docs/methodology.md explains the formula)."""
from __future__ import annotations

from desktop.core.scoring.config import ScoringConfig
from desktop.core.scoring.scenarios import SCENARIOS, ScenarioError, check_scenario, parse_scenario
from desktop.core.scoring.score import score
from desktop.core.scoring.verdict import product_verdict

__all__ = ["SCENARIOS", "ScenarioError", "ScoringConfig", "check_scenario", "parse_scenario", "product_verdict",
           "score"]
