"""Documents of the training app (Phụ lục I/II, rosters, attendance sheets, invitations, the consolidated
workbook), each an exporter in the shared registry (`tuachua.exporters`)."""

from training.exporters import annex, attendance, consolidated, estimate, invitation, roster  # noqa: F401 - registers
