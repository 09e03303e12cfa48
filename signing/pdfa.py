"""The archival copy: the digitized PDF made PDF/A-2b (the format for digitized records), with the dossier's
facts in its XMP metadata.

The copy claims PDF/A-2b only when the structural checks below find nothing: the OCR stage's own pages
(JPEG images + tesseract's embedded invisible-text font) always pass; a born-digital page copied as it was may
not (e.g. a font that is not embedded), and then the copy keeps its metadata without the claim.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name

from signing.types import CopyInfo

SRGB = "sRGB IEC61966-2.1"
NS = "http://ns.sohoa.vn/copy/1.0/"  # the sohoa XMP schema, described inside each packet as PDF/A asks
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
BANNED_FILTERS = {"/LZWDecode", "/Crypt"}
BANNED_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript", "/Hide",
                  "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}
# Annotation flags: Invisible 1, Hidden 2, Print 4, NoView 32 (PDF 32000-1 table 165).
HIDING_FLAGS, PRINT_FLAG = 1 | 2 | 32, 4


@dataclass(frozen=True)
class ArchivalCopy:
    pdf: bytes
    pdfa: bool  # claims PDF/A-2b (its checks found nothing)
    findings: tuple[str, ...]  # why it does not, when it does not


def srgb_profile() -> bytes:
    return resources.files("signing").joinpath("data/sRGB.icc").read_bytes()


def _date(value: datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def _text(value: str | int | datetime) -> str:
    return escape(_date(value) if isinstance(value, datetime) else str(value))


# (name, XMP value type, description) of each sohoa property; PDF/A-2 wants non-standard ones described.
PROPERTIES = (
    ("receiptCode", "Text", "Receipt code of the dossier (mã hồ sơ)"),
    ("unitCode", "Text", "E-code of the receiving unit"),
    ("unitName", "Text", "Name of the receiving unit"),
    ("procedureCode", "Text", "Procedure code (mã TTHC)"),
    ("component", "Text", "Dossier component this copy is of"),
    ("pageCount", "Integer", "Pages in the copy"),
    ("digitizedAt", "Date", "When the original was digitized"),
    ("digitizedBy", "Text", "Account that digitized it"),
    ("checkedBy", "Text", "Clerk who checked the copy against the original"),
    ("checkedAt", "Date", "When the copy was checked against the original"),
)


def xmp_packet(info: CopyInfo, conformance: bool, now: datetime) -> bytes:
    values = {"receiptCode": info.receipt_code, "unitCode": info.unit_code, "unitName": info.unit_name,
              "procedureCode": info.procedure_code, "component": info.component, "pageCount": info.pages,
              "digitizedAt": info.digitized_at, "digitizedBy": info.digitized_by, "checkedBy": info.checked_by,
              "checkedAt": info.checked_at}
    own = "".join(f"<sohoa:{name}>{_text(values[name])}</sohoa:{name}>"
                  for name, _, _ in PROPERTIES if values[name] is not None)
    described = "".join(
        f'<rdf:li rdf:parseType="Resource"><pdfaProperty:name>{name}</pdfaProperty:name>'
        f"<pdfaProperty:valueType>{kind}</pdfaProperty:valueType><pdfaProperty:category>external"
        f"</pdfaProperty:category><pdfaProperty:description>{escape(text)}</pdfaProperty:description></rdf:li>"
        for name, kind, text in PROPERTIES)
    title = f"Bản sao điện tử — {info.component or 'thành phần hồ sơ'} — hồ sơ {info.receipt_code}"
    creator = info.digitized_by or info.unit_label
    claim = "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>" if conformance else ""
    body = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmpTPg="http://ns.adobe.com/xap/1.0/t/pg/"'
        f' xmlns:sohoa="{NS}" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
        ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
        ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
        f"{claim}"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_text(title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator><rdf:Seq><rdf:li>{_text(creator)}</rdf:li></rdf:Seq></dc:creator>"
        f"<dc:identifier>{_text(info.receipt_code)}</dc:identifier>"
        "<dc:format>application/pdf</dc:format>"
        f"<xmp:CreateDate>{_text(info.digitized_at)}</xmp:CreateDate>"
        f"<xmp:ModifyDate>{_text(now)}</xmp:ModifyDate><xmp:MetadataDate>{_text(now)}</xmp:MetadataDate>"
        "<xmp:CreatorTool>sohoa</xmp:CreatorTool><pdf:Producer>sohoa (pikepdf)</pdf:Producer>"
        f"<xmpTPg:NPages>{info.pages}</xmpTPg:NPages>{own}"
        '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
        "<pdfaSchema:schema>sohoa digitized copy</pdfaSchema:schema>"
        f"<pdfaSchema:namespaceURI>{NS}</pdfaSchema:namespaceURI><pdfaSchema:prefix>sohoa</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{described}</rdf:Seq></pdfaSchema:property>"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    return f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>{body}<?xpacket end="w"?>'.encode()


def to_pdfa(pdf: bytes, info: CopyInfo, now: datetime | None = None) -> ArchivalCopy:
    """The copy with an sRGB output intent and the dossier's XMP; PDF/A-2b claimed when its content allows."""
    now = now or datetime.now(UTC)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        findings = tuple(content_findings(doc))
        profile = doc.make_stream(srgb_profile(), N=3)
        doc.Root.OutputIntents = Array([Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=SRGB, Info=SRGB,
            RegistryName="http://www.color.org", DestOutputProfile=profile)])
        doc.Root.Metadata = doc.make_stream(xmp_packet(info, not findings, now), Type=Name.Metadata,
                                            Subtype=Name.XML)
        # The document information dictionary must agree with the XMP; the XMP alone says it all.
        if "/Info" in doc.trailer:
            del doc.trailer["/Info"]
        out = io.BytesIO()
        # Object streams stay off: pyHanko's incremental signature then appends to a plain xref table.
        doc.save(out, min_version="1.7", force_version="1.7", fix_metadata_version=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return ArchivalCopy(out.getvalue(), not findings, findings)


def digitized_at(pdf: bytes) -> datetime | None:
    """When the copy says its original was digitized (`sohoa:digitizedAt`), so a copy made again keeps it."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        value = doc.open_metadata().get(f"{{{NS}}}digitizedAt")
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _walk_resources(doc: pikepdf.Pdf) -> Iterator[Dictionary]:
    """Every resource dictionary reachable from the pages (form XObjects and Type 3 fonts included), once."""
    seen: set[tuple[int, int]] = set()
    stack = [page.obj.get("/Resources") for page in doc.pages]
    while stack:
        res = stack.pop()
        if not isinstance(res, Dictionary):
            continue
        if res.is_indirect:
            if res.objgen in seen:
                continue
            seen.add(res.objgen)
        yield res
        for group in ("/XObject", "/Font", "/Pattern"):
            for item in (res.get(group) or Dictionary()).values():
                if isinstance(item, (Dictionary, pikepdf.Stream)) and "/Resources" in item:
                    stack.append(item.Resources)


def _font_embedded(font: Dictionary) -> bool:
    if font.get("/Subtype") == Name.Type3:
        return True  # glyphs are content streams
    if font.get("/Subtype") == Name.Type0:
        return all(_font_embedded(d) for d in font.get("/DescendantFonts", Array()))
    descriptor = font.get("/FontDescriptor")
    return isinstance(descriptor, Dictionary) and any(k in descriptor for k in FONT_FILES)


def content_findings(doc: pikepdf.Pdf) -> list[str]:
    """What in the content itself keeps a file from PDF/A-2b, among the checks made (each named here)."""
    found: list[str] = []
    if doc.is_encrypted:
        found.append("encrypted")
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Stream):
            filters = obj.get("/Filter")
            names = {str(f) for f in (filters if isinstance(filters, Array) else [filters] if filters else [])}
            if names & BANNED_FILTERS:
                found.append(f"stream filter {sorted(names & BANNED_FILTERS)[0][1:]} (not allowed)")
            if "/F" in obj and obj.get("/Length") is not None and obj.get("/Type") != Name.EmbeddedFile:
                found.append("external stream data (/F)")
            if obj.get("/Subtype") == Name.Image and obj.get("/Interpolate") is True:
                found.append("image with /Interpolate true")
            if obj.get("/Subtype") == Name.PS:
                found.append("PostScript XObject")
        if isinstance(obj, Dictionary):
            if obj.get("/S") in BANNED_ACTIONS and obj.get("/Type", Name.Action) == Name.Action:
                found.append(f"action {str(obj.S)[1:]}")
            if obj.get("/Type") == Name.ExtGState and ("/TR" in obj or obj.get("/TR2", Name.Default) != Name.Default):
                found.append("transfer function in a graphics state")
    names = doc.Root.get("/Names") or Dictionary()
    if "/JavaScript" in names:
        found.append("document JavaScript")
    if "/EmbeddedFiles" in names:
        found.append("embedded files")
    if "/AA" in doc.Root or any("/AA" in page.obj for page in doc.pages):
        found.append("additional actions (/AA)")
    for res in _walk_resources(doc):
        for name, font in (res.get("/Font") or Dictionary()).items():
            if isinstance(font, Dictionary) and not _font_embedded(font):
                found.append(f"font {font.get('/BaseFont', name)} not embedded")
    for page in doc.pages:
        for annot in page.obj.get("/Annots") or Array():
            flags = int(annot.get("/F", 0))
            if annot.get("/Subtype") != Name.Popup and (not flags & PRINT_FLAG or flags & HIDING_FLAGS):
                found.append(f"{str(annot.get('/Subtype', '/Annot'))[1:]} annotation not printable or hidden")
    return sorted(set(found))


def findings(pdf: bytes) -> list[str]:
    """Structural PDF/A-2b checks (not a full validator): the content checks above, plus the version (≤ 1.7),
    the trailer /ID, an unfiltered XMP stream claiming part 2 conformance B, and a GTS_PDFA1 output intent
    carrying an RGB ICC profile."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        found = content_findings(doc)
        if doc.pdf_version > "1.7":
            found.append(f"PDF version {doc.pdf_version} above 1.7")
        if "/ID" not in doc.trailer:
            found.append("no file identifier (/ID)")
        meta = doc.Root.get("/Metadata")
        if not isinstance(meta, pikepdf.Stream) or "/Filter" in meta:
            found.append("no unfiltered XMP metadata stream")
        else:
            xmp = doc.open_metadata()
            if xmp.get("pdfaid:part") != "2" or xmp.get("pdfaid:conformance") != "B":
                found.append("XMP does not claim PDF/A-2b (pdfaid:part 2, conformance B)")
        intents = [i for i in doc.Root.get("/OutputIntents", Array()) if i.get("/S") == Name.GTS_PDFA1]
        if len(intents) != 1:
            found.append("not exactly one GTS_PDFA1 output intent")
        elif int(intents[0].DestOutputProfile.get("/N", 0)) != 3 or intents[0].DestOutputProfile.read_bytes()[
                16:20] != b"RGB ":
            found.append("output intent profile is not an RGB ICC profile")
    return found
