"""Deal models: the single source of truth for parameters, CLI help, questionnaire,
spreadsheet columns and JSON Schema."""

from .common import (
    NONE_TEXT,
    DisputeResolution,
    DisputeRoute,
    Instalment,
    IpOwnership,
    IpShares,
    IpTerms,
    Party,
    PartyRole,
)
from .cooperation import CooperationDeal
from .data_processing import DataProcessingDeal, DataProcessingTerms
from .tech_development import TechDevelopmentDeal

DEAL_MODELS = {
    "cooperation": CooperationDeal,
    "data_processing": DataProcessingDeal,
    "tech_development": TechDevelopmentDeal,
}

__all__ = [
    "DEAL_MODELS",
    "NONE_TEXT",
    "CooperationDeal",
    "DataProcessingDeal",
    "DataProcessingTerms",
    "DisputeResolution",
    "DisputeRoute",
    "Instalment",
    "IpOwnership",
    "IpShares",
    "IpTerms",
    "Party",
    "PartyRole",
    "TechDevelopmentDeal",
]
