"""Everything about reviewing an analysis: decisions, agreement, feedback re-ranking and the database.

Imports flow one way: review uses the engine (ratings, the logistic regression), never the reverse; the
web app sits on top of review.
"""

from .agreement import agreement, cohen_kappa
from .decisions import (
    ACTIONS,
    DIRECTIONS,
    KEPT_STATUSES,
    VERDICTS,
    Decision,
    accepted_only,
    apply_decisions,
    buckets_of,
)
from .feedback import rerank
from .jobs import INTERRUPTED, Conflict
from .repository import AnalysisRecord, DocumentRecord, NotFound
from .store import Store
from .validation import DecisionInput, clean_reviewer, framework_from_yaml, safe_filename

__all__ = [
    "ACTIONS",
    "DIRECTIONS",
    "INTERRUPTED",
    "KEPT_STATUSES",
    "VERDICTS",
    "AnalysisRecord",
    "Conflict",
    "Decision",
    "DecisionInput",
    "DocumentRecord",
    "NotFound",
    "Store",
    "accepted_only",
    "agreement",
    "apply_decisions",
    "buckets_of",
    "clean_reviewer",
    "cohen_kappa",
    "framework_from_yaml",
    "rerank",
    "safe_filename",
]
