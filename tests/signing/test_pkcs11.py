"""The PKCS#11 path (a unit's USB token or HSM) against a SoftHSM2 token."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

import signing
from tests.signing.conftest import UNIT, copy_info


def token_key(softhsm, **changes) -> signing.Pkcs11Key:
    key = signing.Pkcs11Key(module=softhsm.module, token_label=softhsm.label, key_label=softhsm.key_label,
                            pin=softhsm.pin)
    return replace(key, **changes)


def test_a_token_signs_the_copy(softhsm, archival):
    done = signing.sign(archival.pdf, signing.SigningConfig(token_key(softhsm)), copy_info())
    report = signing.verify(done.pdf, signing.load_roots([softhsm.ca_cert]))
    assert report.valid
    assert UNIT in report.signatures[0].signer and UNIT in done.signer
    (embedded,) = PdfFileReader(io.BytesIO(done.pdf)).embedded_signatures
    assert embedded.signer_cert.subject.native["organizational_unit_name"] == UNIT


def test_a_token_signs_with_a_timestamp(softhsm, keys, archival, tsa):
    config = signing.SigningConfig(token_key(softhsm), timestamp_url=tsa.url)
    done = signing.sign(archival.pdf, config, copy_info())
    # The token's certificate and the timestamp server's come from two different test CAs.
    (check,) = signing.verify(done.pdf, signing.load_roots([softhsm.ca_cert, keys.ca_cert])).signatures
    assert check.intact and check.timestamped and check.trusted
    (unproven,) = signing.verify(done.pdf, signing.load_roots([softhsm.ca_cert])).signatures
    assert unproven.trusted and not unproven.timestamped  # a token from an untrusted server proves no time


@pytest.mark.parametrize("changes", [{"pin": "000000"}, {"key_label": "no-such-key"},
                                     {"token_label": "no-such-token"}])
def test_a_wrong_pin_label_or_token_fails_signing(softhsm, archival, changes):
    with pytest.raises(signing.SigningFailed):
        signing.sign(archival.pdf, signing.SigningConfig(token_key(softhsm, **changes)), copy_info())


def test_a_key_needs_a_token_label_or_a_slot(softhsm):
    with pytest.raises(ValueError, match="token label or a slot"):
        signing.Pkcs11Key(module=softhsm.module, key_label="k")
