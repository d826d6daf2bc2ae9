"""Admin actions that download the documents of the selected rows, from the same exporters as the pages.

The actions are looked up when a page is shown (exporters register when the apps are ready, after the admin
modules load). One selected row gives its file; several give a ZIP of their files. The user's rights are
checked by the exporter, as on the pages: a row they may not download is reported and left out.
"""

import io
import zipfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from tuachua.documents.pdf import PdfUnavailable
from tuachua.exporters import ExportResult, exporters_for_model

MAX_ROWS = 50


def _export_action(exporter, fmt):
    def action(modeladmin, request, queryset):
        results: list[ExportResult] = []
        for instance in queryset[:MAX_ROWS]:
            pk, params = exporter.admin_target(instance)
            try:
                results.append(exporter.export(exporter.get_object(request.user, pk, params), fmt, params))
            except (Http404, PermissionDenied):
                modeladmin.message_user(request, _("Không có quyền tải tài liệu của “%s”.") % instance, messages.ERROR)
            except PdfUnavailable as error:
                modeladmin.message_user(request, str(error), messages.ERROR)
                return None
        if not results:
            return None
        if len(results) == 1:
            response = HttpResponse(results[0].content, content_type=results[0].content_type)
            response["Content-Disposition"] = results[0].content_disposition()
            return response
        return _zip_response(results, exporter.identifier)

    return action


def _zip_response(results: list[ExportResult], name: str) -> HttpResponse:
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for result in results:
            filename, number = result.ascii_filename, 2
            while filename in used:
                stem, _dot, extension = result.ascii_filename.rpartition(".")
                filename, number = f"{stem}-{number}.{extension}", number + 1
            used.add(filename)
            archive.writestr(filename, result.content)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response


class ExportActionsMixin:
    """Adds "Tải <document> (XLSX/PDF)" to the actions of every admin whose model has exporters."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        for exporter in exporters_for_model(self.model):
            for fmt in exporter.formats:
                name = f"export_{exporter.identifier}_{fmt}".replace("-", "_")
                description = _("Tải %(label)s (%(format)s)") % {"label": exporter.label, "format": fmt.upper()}
                actions[name] = (_export_action(exporter, fmt), name, description)
        return actions
