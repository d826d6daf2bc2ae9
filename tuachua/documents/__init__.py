"""Official documents: the shared building blocks (`blocks`) and their renderers to PDF and Excel."""

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(document, fmt: str) -> bytes:
    """The document as bytes in `fmt` ("pdf" or "xlsx")."""
    if fmt == "pdf":
        from tuachua.documents.pdf import render_pdf

        return render_pdf(document)
    if fmt == "xlsx":
        from tuachua.documents.xlsx import render_xlsx

        return render_xlsx(document)
    raise ValueError(f"unknown format {fmt!r}")
