"""The shell turns settings into the signing stage's values: which key signs a unit's copies, which roots."""

from __future__ import annotations

from pathlib import Path

import signing
from sohoa.settings import Settings

UNIT = "000.17.22.H56"


def test_a_units_test_key_is_used_once_made(tmp_path):
    settings = Settings(data_dir=tmp_path)
    assert settings.copy_signing(UNIT) is None and settings.signature_roots() == []
    made = signing.init_unit_key(settings.keys_dir, UNIT, passphrase=b"pw")
    settings = Settings(data_dir=tmp_path, key_passphrase="pw")
    assert settings.copy_signing(UNIT) == signing.SigningConfig(signing.Pkcs12Key(made.p12, b"pw"))
    assert settings.signature_roots() == [made.ca_cert]
    assert settings.copy_signing("000.17.23.H56") is None  # another unit has no key here
    assert Settings(data_dir=tmp_path, sign_copies=False).copy_signing(UNIT) is None


def test_a_token_is_used_when_configured(tmp_path):
    settings = Settings(data_dir=tmp_path, pkcs11_module=Path("/usr/lib/p11.so"), pkcs11_token_label="VNPT-CA",
                        pkcs11_key_label="ky-{unit}", pkcs11_pin="123456", timestamp_url="http://tsa.example/",
                        trust_roots=[tmp_path / "roots"])
    config = settings.copy_signing(UNIT)
    assert config == signing.SigningConfig(
        signing.Pkcs11Key(module=Path("/usr/lib/p11.so"), key_label=f"ky-{UNIT}", pin="123456",
                          token_label="VNPT-CA", cert_label=f"ky-{UNIT}"), timestamp_url="http://tsa.example/")
    assert "123456" not in repr(config) and "123456" not in repr(settings)
    assert settings.signature_roots() == [tmp_path / "roots"]
