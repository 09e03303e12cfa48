"""Page thumbnails for the dossier view, rendered from the stored original on demand."""

import io

import pypdfium2 as pdfium
from fastapi import APIRouter, Query, Response
from PIL import Image, ImageOps

from api.audit import record
from api.auth import not_found
from api.deps import RowId, Svc, Who, visible_attachment

router = APIRouter()


def render_page(data: bytes, media_type: str, number: RowId, width: int) -> bytes | None:
    if media_type == "application/pdf":
        pdf = pdfium.PdfDocument(data)
        try:
            if not 1 <= number <= len(pdf):
                return None
            page = pdf[number - 1]
            image = page.render(scale=width / page.get_width()).to_pil()
        finally:
            pdf.close()
    else:
        with Image.open(io.BytesIO(data)) as img:
            if number > getattr(img, "n_frames", 1):
                return None
            img.seek(number - 1)  # only the page asked for is decoded
            frame = img.copy()
        image = ImageOps.exif_transpose(frame)
        image.thumbnail((width, width * 2))
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


@router.get("/dossiers/{dossier_id}/attachments/{attachment_id}/pages/{number}.png")
def thumbnail(dossier_id: RowId, attachment_id: RowId, number: RowId, who: Who, services: Svc,
              width: int = Query(320, ge=64, le=1200)) -> Response:
    with services.sessions() as session:
        att = visible_attachment(session, who, dossier_id, attachment_id)
        key, media, unit = att.object_key, att.media_type, att.dossier.unit_code
        record(session, who, "view", f"attachment:{att.id}:page:{number}", unit)
    png = render_page(services.objects.get(key), media, number, width)
    if png is None:
        raise not_found("trang này", "page")
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})
