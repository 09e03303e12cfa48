"""Test keys: a local test CA and a PKCS#12 file per unit, for the embedded default and the tests only.

A unit's real key lives on its PKCS#11 token (signing.types.Pkcs11Key). Everything made here says
"TEST ONLY — NOT FOR PRODUCTION" in its file name and in its certificate's subject.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

MARK = "TEST ONLY — NOT FOR PRODUCTION"
PREFIX = "TEST-ONLY-"
CA_CERT, CA_KEY, CA_CRL = f"{PREFIX}ca.crt", f"{PREFIX}ca.key", f"{PREFIX}ca.crl"
UNIT_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
YEARS = timedelta(days=3 * 365)
CRL_LIFE = timedelta(days=7)  # a published CRL is made again (`sohoa keys crl`) well before this


@dataclass(frozen=True)
class UnitKey:
    p12: Path
    ca_cert: Path
    subject: str


def unit_p12(keys_dir: Path, unit_code: str) -> Path:
    if not UNIT_CODE.fullmatch(unit_code):
        raise ValueError(f"not a unit code: {unit_code!r}")
    return keys_dir / f"{PREFIX}{unit_code}.p12"


def _write_private(path: Path, data: bytes) -> None:
    """Written with mode 0600 from the start: the key is never readable by others, not even briefly."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, 0o600)  # an older file keeps its mode through O_TRUNC


def _name(common: str, unit_code: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"sohoa ({MARK})")]
    if unit_code:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit_code))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, _fit(common, " — TEST ONLY")))
    return x509.Name(parts)


def _fit(name: str, suffix: str, limit: int = 64) -> str:
    """`name` + `suffix` within X.520's 64-byte common name (Vietnamese letters take 2–3 bytes each)."""
    while len((name + suffix).encode()) > limit:
        name = name[:-1]
    return name.rstrip() + suffix


def _certificate(subject: x509.Name, key: rsa.RSAPrivateKey, issuer: x509.Name, issuer_key: rsa.RSAPrivateKey,
                 ca: bool, usage: x509.ExtendedKeyUsage | None = None,
                 crl_at: str | None = None) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
               .not_valid_after(now + YEARS)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=not ca,
                                            key_encipherment=False, data_encipherment=False, key_agreement=False,
                                            key_cert_sign=ca, crl_sign=ca, encipher_only=False,
                                            decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                              critical=False))
    if usage is not None:
        builder = builder.add_extension(usage, critical=True)
    if crl_at is not None:  # where a validator finds whether this certificate was revoked
        point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_at)], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)  # what Vietnamese CAs issue


def local_ca(keys_dir: Path) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """The local test CA of this data folder, made on first use."""
    cert_path, key_path = keys_dir / CA_CERT, keys_dir / CA_KEY
    if cert_path.exists() and key_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return x509.load_pem_x509_certificate(cert_path.read_bytes()), key
    keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = _new_key()
    name = _name("sohoa test CA")
    cert = _certificate(name, key, name, key, ca=True)
    _write_private(key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def crl_url(revocation_url: str | None) -> str | None:
    """Where the test CA's CRL is published under the base URL `SOHOA_REVOCATION_URL` (None: nowhere)."""
    return f"{revocation_url.rstrip('/')}/{CA_CRL}" if revocation_url else None


def init_unit_key(keys_dir: Path, unit_code: str, unit_name: str | None = None,
                  passphrase: bytes | None = None, revocation_url: str | None = None) -> UnitKey:
    """A unit certificate under the test CA, with its key, in a PKCS#12 file readable by its owner only; with
    `revocation_url`, the certificate names where the CA's CRL is published."""
    path = unit_p12(keys_dir, unit_code)
    ca_cert, ca_key = local_ca(keys_dir)
    key = _new_key()
    subject = _name(unicodedata.normalize("NFC", unit_name or unit_code), unit_code)
    cert = _certificate(subject, key, ca_cert.subject, ca_key, ca=False, crl_at=crl_url(revocation_url))
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    _write_private(path, pkcs12.serialize_key_and_certificates(
        f"{PREFIX}{unit_code}".encode(), key, cert, [ca_cert], encryption))
    return UnitKey(path, keys_dir / CA_CERT, subject.rfc4514_string())


def issue_crl(keys_dir: Path, revoked: tuple[int, ...] = ()) -> bytes:
    """The test CA's CRL (DER), listing the given certificate serial numbers, valid for CRL_LIFE."""
    ca_cert, ca_key = local_ca(keys_dir)
    now = datetime.now(UTC)
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca_cert.subject)
               .last_update(now - timedelta(minutes=5)).next_update(now + CRL_LIFE)
               .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                              critical=False))
    for serial in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now).build())
    return builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def issue_tsa(keys_dir: Path) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """A time-stamping certificate under the test CA (the test timestamp server's)."""
    ca_cert, ca_key = local_ca(keys_dir)
    key = _new_key()
    usage = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING])
    return _certificate(_name("sohoa test TSA"), key, ca_cert.subject, ca_key, ca=False,
                        usage=usage), key


def load_roots(paths: list[Path] | tuple[Path, ...]) -> list[asn1_x509.Certificate]:
    """Trust roots from PEM or DER files, or from every .pem/.crt/.cer/.der file of a folder."""
    from pyhanko.keys import load_certs_from_pemder

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in {".pem", ".crt", ".cer", ".der"}))
        else:
            files.append(path)
    return list(load_certs_from_pemder([str(f) for f in files]))
