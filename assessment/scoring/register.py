"""The AI initiative register: what an organisation records about each initiative.

An initiative is one AI use case, product or agent the organisation is exploring, piloting
or running. The register holds the facts a portfolio decision needs (owner, stage, value,
cost, risk, agents and autonomy, dates); its production gate answers sit beside it. This
module is pure: the persistence layer stores records, the CSV import reads them, and the
portfolio rules (`portfolio.py`) judge them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

#: Stages, in the order an initiative moves through them.
STAGES = MappingProxyType(
    {
        "idea": "Idea",
        "experiment": "Experiment",
        "pilot": "Pilot",
        "production": "Production",
        "retired": "Retired",
    }
)
#: The stages that take a delivery team's time now: work in progress.
IN_FLIGHT = ("experiment", "pilot")
#: Expected value bands, lowest first; the top two count as high value in the matrix.
VALUE_BANDS = MappingProxyType({"low": "Low", "medium": "Medium", "high": "High", "very-high": "Very high"})
HIGH_VALUE = ("high", "very-high")
#: The organisation's own risk tier for the initiative.
RISK_TIERS = MappingProxyType({"low": "Low", "medium": "Medium", "high": "High"})
#: Where the initiative falls under the EU AI Act (Articles 5, 6 and 50 and Annex III).
EU_AI_ACT_CLASSES = MappingProxyType(
    {
        "not-assessed": "Not yet assessed",
        "out-of-scope": "Outside the Act",
        "minimal": "Minimal risk",
        "limited": "Transparency obligations (Article 50)",
        "high-risk": "High-risk (Article 6)",
        "prohibited": "Prohibited practice (Article 5)",
    }
)
#: The organisation's role for the initiative under the EU AI Act (Article 3).
EU_ROLES = MappingProxyType(
    {
        "not-applicable": "Not applicable",
        "provider": "Provider",
        "deployer": "Deployer",
        "importer": "Importer",
        "distributor": "Distributor",
    }
)


@dataclass(frozen=True)
class InitiativeRecord:
    """One initiative as the register holds it, with its gate answers (question id -> code).

    `key` identifies it within its portfolio (the database id as text, or the CSV row's
    name); `autonomy` is the id of the autonomy tier an agent initiative asks for, or ""
    when it uses no agents.
    """

    key: str
    name: str
    stage: str = "idea"
    owner: str = ""
    sponsor: str = ""
    value_band: str = "medium"
    value_measure: str = ""
    annual_cost: float | None = None
    team_size: int | None = None
    delivery_team: str = ""
    risk_tier: str = "medium"
    eu_ai_act: str = "not-assessed"
    eu_role: str = "not-applicable"
    uses_agents: bool = False
    autonomy: str = ""
    vendors: str = ""
    models: str = ""
    started: date | None = None
    target_date: date | None = None
    gate_answers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def in_flight(self) -> bool:
        """True while the initiative takes its team's time (an experiment or a pilot)."""
        return self.stage in IN_FLIGHT

    @property
    def high_value(self) -> bool:
        """True when its expected value is in the top two bands."""
        return self.value_band in HIGH_VALUE
