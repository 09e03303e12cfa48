"""Long-term validation material: with the unit certificate's CRL reachable (served on loopback, signed by the
test CA) the copy embeds it in a DSS and, with a timestamp server, a document timestamp over it (B-LTA); with
the distribution point down the copy is still signed, and says the level it did reach."""

from __future__ import annotations

import io

import pytest
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext

import signing
from signing.keys import init_unit_key
from tests.signing.conftest import UNIT, UNIT_NAME, TimestampServer, copy_info, nowhere


def unit_config(keys_dir, revocation_url: str | None, timestamp_url: str | None = None) -> signing.SigningConfig:
    made = init_unit_key(keys_dir, UNIT, UNIT_NAME, revocation_url=revocation_url)
    return signing.SigningConfig(signing.Pkcs12Key(made.p12), timestamp_url=timestamp_url,
                                 trust_roots=(made.ca_cert,))


def offline(roots: list) -> ValidationContext:
    """No fetching and no revocation answers at hand, while a declared revocation source must be answered."""
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="hard-fail", crls=[], ocsps=[])


@pytest.fixture
def stamps(crl_server):
    server = TimestampServer(crl_server.keys_dir)
    yield server
    server.stop()


def test_a_reachable_crl_and_a_timestamp_server_give_b_lta(archival, crl_server, stamps):
    config = unit_config(crl_server.keys_dir, crl_server.base, stamps.url)
    done = signing.sign(archival.pdf, config, copy_info())
    assert (done.level, done.validation_info, done.timestamped) == ("B-LTA", True, True)
    assert crl_server.requests >= 1
    roots = signing.load_roots(list(config.trust_roots))
    crl_server.stop()  # what follows reads only the copy

    reader = PdfFileReader(io.BytesIO(done.pdf))
    dss = DocumentSecurityStore.read_dss(reader)
    (crl,) = [x509.load_der_x509_crl(c.get_object().data) for c in dss.crls]
    ca = x509.load_pem_x509_certificate(config.trust_roots[0].read_bytes())
    assert crl.issuer == ca.subject and crl.is_signature_valid(ca.public_key())
    signature, document_stamp = reader.embedded_signatures
    assert document_stamp.sig_object["/Type"] == "/DocTimeStamp"

    # pyHanko's validator, offline and requiring the declared CRL: the embedded one satisfies it …
    status = validate_pdf_signature(signature, dss.as_validation_context(
        {"trust_roots": roots, "allow_fetching": False, "revocation_mode": "hard-fail"}))
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert validate_pdf_timestamp(document_stamp, dss.as_validation_context(
        {"trust_roots": roots, "allow_fetching": False})).trusted
    # … and without it the same requirement fails: the DSS is what makes the copy verifiable later.
    assert not validate_pdf_signature(signature, offline(roots)).trusted

    report = signing.verify(done.pdf, roots)
    assert report.state == "valid" and [s.field for s in report.signatures] == ["SohoaUnitSignature"]
    assert signing.unsigned(done.pdf) == archival.pdf


def test_a_reachable_crl_without_a_timestamp_server_is_embedded_but_stays_b_b(archival, crl_server):
    done = signing.sign(archival.pdf, unit_config(crl_server.keys_dir, crl_server.base), copy_info())
    assert (done.level, done.validation_info, done.timestamped) == ("B-B", True, False)
    assert DocumentSecurityStore.read_dss(PdfFileReader(io.BytesIO(done.pdf))).crls


def test_an_unreachable_distribution_point_still_signs_and_says_b_b_or_b_t(archival, tmp_path, tsa):
    config = unit_config(tmp_path / "keys", nowhere())
    done = signing.sign(archival.pdf, config, copy_info())
    assert (done.level, done.validation_info) == ("B-B", False)
    roots = signing.load_roots(list(config.trust_roots))
    assert signing.verify(done.pdf, roots).state == "valid"
    assert b"/DSS" not in done.pdf
    # The session TSA's certificate is under another test CA: the signature is timestamped all the same.
    stamped = signing.sign(archival.pdf, signing.SigningConfig(config.key, timestamp_url=tsa.url,
                                                               trust_roots=config.trust_roots), copy_info())
    assert (stamped.level, stamped.validation_info, stamped.timestamped) == ("B-T", False, True)


def test_a_revoked_unit_certificate_is_not_used(archival, crl_server):
    config = unit_config(crl_server.keys_dir, crl_server.base)
    loaded = signing.sign(archival.pdf, config, copy_info())  # signable while not revoked
    serial = PdfFileReader(io.BytesIO(loaded.pdf)).embedded_signatures[0].signer_cert.serial_number
    crl_server.revoked.append(serial)
    with pytest.raises(signing.SigningFailed, match="revoked"):
        signing.sign(archival.pdf, config, copy_info())


def test_a_certificate_declaring_no_revocation_source_is_signed_as_before(signed):
    assert (signed.level, signed.validation_info) == ("B-B", False)
