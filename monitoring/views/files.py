"""Serving stored files: only through views that checked the user may see their owner first."""

from django.http import FileResponse, Http404


def serve_stored_file(stored) -> FileResponse:
    """Stream an uploaded file (a StoredFile row) as an attachment under its original, sanitised name."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type)
