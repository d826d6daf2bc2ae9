"""Writes of the monitoring app. Every function is keyword-only, atomic, validates before it saves and
writes one audit entry per change. One module per aggregate; import them from here."""

from monitoring.services.recommendations import recommendation_create, recommendation_respond, recommendation_verify
from monitoring.services.reports import (
    default_catalogue,
    report_forms_install_defaults,
    reporting_period_create,
    submission_review,
    submission_upload,
    unit_form_requirement_set,
)
from monitoring.services.uploads import DOCUMENT_TYPES, IMAGE_TYPES, MAX_UPLOAD_BYTES, CheckedUpload, check_upload
from monitoring.services.visits import (
    finding_add,
    visit_add_team_member,
    visit_attach_file,
    visit_create,
    visit_set_status,
    visit_update,
)

__all__ = [
    "DOCUMENT_TYPES",
    "IMAGE_TYPES",
    "MAX_UPLOAD_BYTES",
    "CheckedUpload",
    "check_upload",
    "default_catalogue",
    "finding_add",
    "recommendation_create",
    "recommendation_respond",
    "recommendation_verify",
    "report_forms_install_defaults",
    "reporting_period_create",
    "submission_review",
    "submission_upload",
    "unit_form_requirement_set",
    "visit_add_team_member",
    "visit_attach_file",
    "visit_create",
    "visit_set_status",
    "visit_update",
]
