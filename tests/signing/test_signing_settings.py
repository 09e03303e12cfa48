"""The shell turns settings into the signing stage's values: which key signs a unit's copies, which roots."""

from __future__ import annotations

from pathlib import Path

import signing
from core.settings import Settings
from signing import copy_signing, signature_roots

UNIT = "000.17.22.H56"


def test_a_units_test_key_is_used_once_made(tmp_path):
    settings = Settings(data_dir=tmp_path)
    assert copy_signing(settings, UNIT) is None and signature_roots(settings) == []
    made = signing.init_unit_key(settings.keys_dir, UNIT, passphrase=b"pw")
    settings = Settings(data_dir=tmp_path, key_passphrase="pw")
    assert copy_signing(settings, UNIT) == signing.SigningConfig(signing.Pkcs12Key(made.p12, b"pw"),
                                                                 trust_roots=(made.ca_cert,))
    assert signature_roots(settings) == [made.ca_cert]
    assert copy_signing(settings, "000.17.23.H56") is None  # another unit has no key here
    assert copy_signing(Settings(data_dir=tmp_path, sign_copies=False), UNIT) is None


def test_a_token_is_used_when_configured(tmp_path):
    settings = Settings(data_dir=tmp_path, pkcs11_module=Path("/usr/lib/p11.so"), pkcs11_token_label="VNPT-CA",
                        pkcs11_key_label="ky-{unit}", pkcs11_pin="123456", timestamp_url="http://tsa.example/",
                        trust_roots=[tmp_path / "roots"])
    config = copy_signing(settings, UNIT)
    assert config == signing.SigningConfig(
        signing.Pkcs11Key(module=Path("/usr/lib/p11.so"), key_label=f"ky-{UNIT}", pin="123456",
                          token_label="VNPT-CA", cert_label=f"ky-{UNIT}"), timestamp_url="http://tsa.example/",
        trust_roots=(tmp_path / "roots",))  # what the unit's chain is validated against before B-LT
    assert "123456" not in repr(config) and "123456" not in repr(settings)
    assert signature_roots(settings) == [tmp_path / "roots"]
