"""What the signatures of a PDF say: each one intact or not, who signed, when, trusted or not, and whether the
file was changed after it was signed. Validation is offline: trust comes from the given roots only."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from asn1crypto import x509

if TYPE_CHECKING:
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko.sign.validation.status import PdfSignatureStatus
    from pyhanko_certvalidator import ValidationContext

State = Literal["valid", "untrusted", "modified", "invalid", "unsigned", "unreadable"]


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    intact: bool  # the signed bytes hash to what was signed, and the signature value checks out
    signer: str  # the signing certificate's subject
    signed_at: datetime | None  # the timestamp's time when timestamped, else the time the signer claims
    timestamped: bool  # an RFC 3161 token from a trusted timestamp server
    trusted: bool  # the signer's certificate chains to one of the trust roots
    modified_after_signing: bool  # bytes changed inside the signed range, or disallowed changes appended later


@dataclass(frozen=True)
class SignatureReport:
    signatures: tuple[SignatureCheck, ...]
    error: str | None = None  # the file could not be read as a PDF at all

    @property
    def state(self) -> State:
        if self.error is not None:
            return "unreadable"
        if not self.signatures:
            return "unsigned"
        if any(s.modified_after_signing for s in self.signatures):
            return "modified"
        if not all(s.intact for s in self.signatures):
            return "invalid"
        if not all(s.trusted for s in self.signatures):
            return "untrusted"
        return "valid"

    @property
    def valid(self) -> bool:
        """Signed, every signature intact and trusted, nothing changed since."""
        return self.state == "valid"

    def as_dict(self) -> dict:
        return {"state": self.state, "valid": self.valid, "error": self.error,
                "signatures": [{**asdict(s), "signed_at": s.signed_at.isoformat() if s.signed_at else None}
                               for s in self.signatures]}


def verify(pdf: bytes, trust_roots: list[x509.Certificate]) -> SignatureReport:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        return SignatureReport((), error=f"{type(exc).__name__}: {exc}"[:300])
    # Certificates that only allow digitalSignature are common on agencies' documents; either usage will do.
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    checks = []
    for embedded in signatures:
        context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False, revocation_mode="soft-fail")
        if embedded.sig_object.get("/Type") == "/DocTimeStamp":
            # A document timestamp (B-LTA) seals what came before; it signs nothing of its own: listed only
            # when broken, as a change to the document.
            if not _stamp_intact(embedded, context):
                checks.append(SignatureCheck(embedded.field_name or "", False, "(document timestamp)", None,
                                             False, False, True))
            continue
        try:
            status = validate_pdf_signature(embedded, context, key_usage_settings=usage)
        except Exception as exc:  # a mangled signature dictionary or CMS blob: not intact, not trusted
            checks.append(SignatureCheck(embedded.field_name or "", False, f"({type(exc).__name__})", None,
                                         False, False, True))
            continue
        checks.append(_check(embedded.field_name or "", status))
    return SignatureReport(tuple(checks))


def _stamp_intact(embedded: EmbeddedPdfSignature, context: ValidationContext) -> bool:
    from pyhanko.sign.validation import validate_pdf_timestamp

    try:
        status = validate_pdf_timestamp(embedded, context)
    except Exception:  # a mangled timestamp token
        return False
    return bool(status.intact and status.valid)


def _check(field: str, status: PdfSignatureStatus) -> SignatureCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    intact = bool(status.intact and status.valid)
    later_changes = (status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION
                     or status.modification_level in (None, ModificationLevel.OTHER) or status.docmdp_ok is False)
    stamp = status.timestamp_validity
    timestamped = stamp is not None and stamp.trusted  # a token from an untrusted server proves no time
    return SignatureCheck(
        field=field, intact=intact, signer=status.signing_cert.subject.human_friendly,
        signed_at=stamp.timestamp if timestamped else status.signer_reported_dt, timestamped=timestamped,
        trusted=bool(status.trusted), modified_after_signing=not status.intact or later_changes)
