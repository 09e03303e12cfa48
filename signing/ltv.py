"""Long-term validation material for the unit's signature: when the unit's certificate says where its
revocation status is published (a CRL distribution point or an OCSP responder) and that answer is reachable,
the signed copy carries it in a DSS (B-LT with a timestamp) and a document timestamp over it (B-LTA); and the
level a signed copy actually reached, read from the copy itself."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import TYPE_CHECKING, Literal

from signing.types import SigningConfig

if TYPE_CHECKING:
    from asn1crypto import x509
    from pyhanko.sign.signers import Signer
    from pyhanko_certvalidator import ValidationContext

Level = Literal["B-B", "B-T", "B-LT", "B-LTA"]
log = logging.getLogger(__name__)


class Revoked(Exception):
    """The unit's certificate is revoked: nothing is signed with it."""


def declares_revocation(cert: x509.Certificate) -> bool:
    return bool(cert.crl_distribution_points or cert.ocsp_urls)


def revocation_context(signer: Signer, config: SigningConfig) -> ValidationContext | None:
    """A validation context holding the signer chain's revocation answers, fetched now; None when the
    certificate declares no revocation source, no trust roots are configured, or the answers are unreachable
    (the copy is then signed without them). Raises Revoked when the answer is that the certificate is revoked."""
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import RevokedError
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    from signing.keys import load_roots

    cert = signer.signing_cert
    if cert is None or not declares_revocation(cert) or not config.trust_roots:
        return None
    # hard-fail: a declared source that does not answer fails validation, rather than passing unchecked.
    context = ValidationContext(trust_roots=load_roots(config.trust_roots), allow_fetching=True,
                                revocation_mode="hard-fail",
                                fetcher_backend=RequestsFetcherBackend(per_request_timeout=config.revocation_timeout))
    validator = CertificateValidator(cert, intermediate_certs=list(signer.cert_registry), validation_context=context)
    try:
        asyncio.run(validator.async_validate_usage(set()))
    except RevokedError as exc:
        raise Revoked(str(exc)) from exc
    except Exception as exc:  # unreachable, unreadable or untrusted answers: sign without them
        log.warning("revocation information not embedded: %s: %s", type(exc).__name__, exc)
        return None
    return context


def reached(pdf: bytes, timestamped: bool) -> tuple[Level, bool]:
    """The PAdES level of a signed copy and whether it embeds revocation answers, from its bytes: B-LT needs
    a signature timestamp and a DSS holding CRLs or OCSP responses; B-LTA a document timestamp after that."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        revocation = bool(dss.crls or dss.ocsps)
    except NoDSSFoundError:
        revocation = False
    archived = any(s.sig_object.get("/Type") == "/DocTimeStamp" for s in reader.embedded_signatures)
    if not timestamped:
        return "B-B", revocation
    if not revocation:
        return "B-T", revocation
    return ("B-LTA" if archived else "B-LT"), revocation
