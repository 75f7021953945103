"""Documents made from pages: PDF (WeasyPrint) and QR codes (segno), both offline."""

import io

import segno
from django.utils.safestring import SafeString, mark_safe


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs (pango) are missing."""


def referral_pdf(html: str, *, base_url: str) -> bytes:
    try:
        from weasyprint import HTML  # loads pango; a missing library must not stop the site
    except (ImportError, OSError) as error:
        raise PdfUnavailable from error
    return HTML(string=html, base_url=base_url).write_pdf()


def qr_svg(data: str) -> SafeString:
    """An inline SVG QR code (segno writes only its own markup, no user text)."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(
        buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, title="QR"
    )
    return mark_safe(buffer.getvalue().decode())
