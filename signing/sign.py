"""The unit's PAdES signature on a digitized copy: B-B always, B-T when a timestamp server is configured,
B-LT / B-LTA when the unit certificate's revocation answers are reachable too (signing.ltv).

The signature is an incremental update after the PDF/A conversion, so the signed copy stays PDF/A.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers import Signer
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

from signing.ltv import Level, Revoked, reached, revocation_context
from signing.types import CopyInfo, KeySource, Pkcs11Key, Pkcs12Key, SigningConfig

FIELD = "SohoaUnitSignature"
STAMP_BOX = (340, 20, 580, 68)  # points from the page's lower left: the foot's right side, clear of A4 margins
VN = timezone(timedelta(hours=7), "ICT")  # the day a clerk checked a copy is a day in Việt Nam
RSA_PKCS1 = {"sha256_rsa", "sha384_rsa", "sha512_rsa", "rsassa_pkcs1v15"}
log = logging.getLogger(__name__)


class SigningFailed(Exception):
    """The key could not be used (missing file, wrong passphrase, token absent, PIN refused)."""


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    signer: str  # the certificate subject, human-readable
    signed_at: datetime
    timestamped: bool  # B-T: an RFC 3161 token from the configured server
    level: Level = "B-B"  # the PAdES baseline level the copy reached, read from the signed copy
    validation_info: bool = False  # revocation answers for the unit's chain are embedded (DSS)


def reason(info: CopyInfo) -> str:
    text = "Bản sao điện tử số hóa từ bản chính / digitized copy of the original"
    if info.checked_by:
        at = info.checked_at
        when = f" ({(at.astimezone(VN) if at.tzinfo else at):%d/%m/%Y})" if at else ""
        text += (f"; đã đối chiếu với bản chính: {info.checked_by}{when}"
                 f" / checked against the original by {info.checked_by}")
    return text


class _FileKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses (and for RSA re-validates) its private key on every signature, which
    costs more than the rest of signing: parse it once. Other mechanisms than PKCS#1 v1.5 go the usual way."""

    _parsed: PrivateKeyTypes | None = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism["algorithm"].native not in RSA_PKCS1 or self.signing_key.algorithm != "rsa":
            return super().sign_raw(data, digest_algorithm)
        if self._parsed is None:
            self._parsed = serialization.load_der_private_key(self.signing_key.dump(), password=None)
        assert isinstance(self._parsed, rsa.RSAPrivateKey)
        return self._parsed.sign(data, padding.PKCS1v15(), getattr(hashes, digest_algorithm.upper())())


@lru_cache(maxsize=16)
def _pkcs12_signer(key: Pkcs12Key, mtime_ns: int) -> Signer:
    """Loaded once per file version: a PKCS#12 file costs a key derivation to open."""
    loaded = signers.SimpleSigner.load_pkcs12(str(key.path), passphrase=key.passphrase)
    if loaded is None:
        raise SigningFailed(f"cannot read the key file {key.path} (wrong passphrase or not PKCS#12)")
    return _FileKeySigner(signing_cert=loaded.signing_cert, signing_key=loaded.signing_key,
                          cert_registry=loaded.cert_registry)


@contextmanager
def open_signer(key: KeySource) -> Iterator[Signer]:
    if isinstance(key, Pkcs12Key):
        try:
            mtime = key.path.stat().st_mtime_ns
        except OSError as exc:
            raise SigningFailed(f"no key file at {key.path}") from exc
        yield _pkcs12_signer(key, mtime)
        return
    yield from _pkcs11(key)


def _pkcs11(key: Pkcs11Key) -> Iterator[Signer]:
    from pkcs11 import PKCS11Error
    from pyhanko.config.pkcs11 import PKCS11SignatureConfig, TokenCriteria
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.pkcs11 import PKCS11SigningContext

    config = PKCS11SignatureConfig(
        module_path=str(key.module), key_label=key.key_label, cert_label=key.cert_label or key.key_label,
        slot_no=key.slot, token_criteria=TokenCriteria(label=key.token_label) if key.token_label else None,
        user_pin=key.pin)
    try:
        with PKCS11SigningContext(config) as signer:
            yield signer
    except (PKCS11Error, SigningError) as exc:
        raise SigningFailed(f"PKCS#11 token: {exc}") from exc


def reserve(signer: Signer) -> int:
    """Room for a B-B signature container (hex digits): the certificates it embeds plus CMS headroom. pyHanko
    would otherwise make the whole signature once more to measure it; with a timestamp it still does, since
    a timestamp server's answer has no size known beforehand."""
    certs = [signer.signing_cert, *signer.cert_registry]
    return 2 * (sum(len(c.dump()) for c in certs if c is not None) + 4096)


def unsigned(pdf: bytes) -> bytes:
    """The copy as it was before the unit signed it. The signature is an incremental update, so that copy is
    the bytes up to the end (`%%EOF`) of the revision before the one holding the signature's dictionary; a
    copy the unit has not signed comes back as it is."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    ours = [s for s in PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures if s.field_name == FIELD]
    if not ours:
        return pdf
    contents_at = min(int(s.sig_object["/ByteRange"][1]) for s in ours)  # where the first /Contents starts
    end = pdf.rfind(b"%%EOF", 0, contents_at)
    if end < 0:
        raise ValueError("no revision before the unit's signature")
    end += len(b"%%EOF")
    while pdf[end:end + 1] in (b"\r", b"\n"):
        end += 1
    return pdf[:end]


def sign(pdf: bytes, config: SigningConfig, info: CopyInfo) -> Signed:
    """The copy signed by the unit (PAdES), naming the unit and the clerk who checked it, if any."""
    timestamper = (RequestsHTTPTimeStamper(config.timestamp_url, timeout=config.timestamp_timeout)
                   if config.timestamp_url else None)
    with open_signer(config.key) as signer:
        try:
            context = revocation_context(signer, config)
        except Revoked as exc:
            raise SigningFailed(f"the unit's certificate is revoked: {exc}") from exc
        signed_at = datetime.now(UTC)  # the signer's claimed time is taken within this call
        out = None
        if context is not None:
            try:
                out = _sign(pdf, signer, timestamper, info, context, config.stamp_font)
            except Exception as exc:  # e.g. the timestamp server's own chain cannot be validated
                log.warning("signed without long-term validation material: %s: %s", type(exc).__name__, exc)
        if out is None:
            try:
                out = _sign(pdf, signer, timestamper, info, None, config.stamp_font)
            except Exception as exc:  # pyHanko wraps token, network and TSA faults in many types
                raise SigningFailed(f"{type(exc).__name__}: {exc}") from exc
            level, embedded = ("B-T" if timestamper else "B-B"), False
        else:
            level, embedded = reached(out, timestamper is not None)
        subject = signer.signing_cert.subject.human_friendly
    return Signed(out, subject, signed_at, timestamper is not None, level, embedded)


def stamp(info: CopyInfo, font: Path) -> tuple[fields.SigFieldSpec, TextStampStyle]:
    """The visible block: a box at the foot of the last page, right-aligned, naming the unit, the time and
    the clerk who checked the copy; its font is embedded (a subset) so the copy stays PDF/A."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle

    lines = [f"Ký số bởi: {info.unit_label}", "Thời gian ký: %(ts)s"]
    if info.checked_by:
        lines.append(f"Đã đối chiếu bản chính: {info.checked_by}")
    style = TextStampStyle(stamp_text="\n".join(lines), timestamp_format="%d/%m/%Y %H:%M:%S %Z",
                           text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(font)), font_size=7),
                           border_width=1, background=None)
    return fields.SigFieldSpec(sig_field_name=FIELD, on_page=-1, box=STAMP_BOX), style


def _sign(pdf: bytes, signer: Signer, timestamper: RequestsHTTPTimeStamper | None, info: CopyInfo,
          context: ValidationContext | None, font: Path | None = None) -> bytes:
    """`context`: the chain's revocation answers to embed (DSS), and a document timestamp over them when a
    timestamp server is configured (B-LTA); `font`: draw the visible block in it."""
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        name=info.unit_label, location=info.unit_label, reason=reason(info),
        embed_validation_info=context is not None, validation_context=context,
        use_pades_lta=context is not None and timestamper is not None)
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    spec, style = stamp(info, font) if font is not None else (None, None)
    signers.PdfSigner(meta, signer, timestamper=timestamper, new_field_spec=spec, stamp_style=style).sign_pdf(
        writer, output=out, bytes_reserved=None if timestamper else reserve(signer))
    return out.getvalue()
