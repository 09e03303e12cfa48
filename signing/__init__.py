"""Signing stage: the archival (PDF/A-2b) copy, the unit's PAdES signature on it, and signature verification.

Receives its configuration as values (signing.types); never reads settings itself.
"""

from signing import _quiet  # noqa: F401  (before pyHanko is imported)
from signing.keys import init_unit_key, load_roots, unit_p12
from signing.pdfa import ArchivalCopy, digitized_at, to_pdfa
from signing.settings import copy_signing, signature_roots
from signing.sign import Signed, SigningFailed, sign, unsigned
from signing.types import CopyInfo, KeySource, Pkcs11Key, Pkcs12Key, SigningConfig
from signing.verify import SignatureCheck, SignatureReport, verify

__all__ = [
           "ArchivalCopy",
           "CopyInfo",
           "KeySource",
           "Pkcs11Key",
           "Pkcs12Key",
           "SignatureCheck",
           "SignatureReport",
           "Signed",
           "SigningConfig",
           "SigningFailed",
           "copy_signing",
           "digitized_at",
           "init_unit_key",
           "load_roots",
           "sign",
           "signature_roots",
           "to_pdfa",
           "unit_p12",
           "unsigned",
           "verify",
]
