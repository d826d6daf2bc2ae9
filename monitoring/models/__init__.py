"""Monitoring and evaluation (Tiểu dự án 2 of Dự án 7): visits, findings, recommendations, periodic reports.

One module per aggregate: ``calendar`` (public holidays), ``visits`` (visits, team, attachments, findings),
``recommendations`` (recommendations, responses, evidence), ``reports`` (form catalogue, periods,
submissions). Every model is imported here so Django registers it under the ``monitoring`` app.
"""

from monitoring.models.calendar import PublicHoliday
from monitoring.models.files import StoredFile, private_upload_to
from monitoring.models.recommendations import (
    ADDRESSEE_TRANSITIONS,
    PENDING_STATUSES,
    Recommendation,
    RecommendationResponse,
    RecommendationStatus,
    ResponseAttachment,
)
from monitoring.models.reports import (
    PeriodKind,
    ReportForm,
    ReportingPeriod,
    RequiredOf,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
    UnitFormRequirement,
)
from monitoring.models.visits import (
    DEFAULT_PREPARATION,
    AttachmentKind,
    Finding,
    MonitoringVisit,
    TeamMember,
    VisitAttachment,
    VisitKind,
    VisitMethod,
    VisitStatus,
)

__all__ = [
    "ADDRESSEE_TRANSITIONS",
    "DEFAULT_PREPARATION",
    "PENDING_STATUSES",
    "AttachmentKind",
    "Finding",
    "MonitoringVisit",
    "PeriodKind",
    "PublicHoliday",
    "Recommendation",
    "RecommendationResponse",
    "RecommendationStatus",
    "ReportForm",
    "ReportingPeriod",
    "RequiredOf",
    "ResponseAttachment",
    "StoredFile",
    "Submission",
    "SubmissionStatus",
    "SubmissionVersion",
    "TeamMember",
    "UnitFormRequirement",
    "VisitAttachment",
    "VisitKind",
    "VisitMethod",
    "VisitStatus",
    "private_upload_to",
]
