"""The values the signing stage is given: where the unit's key lives, what the copy is, how to timestamp."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Pkcs12Key:
    """A unit's key and certificate in a PKCS#12 file (the embedded default and tests)."""

    path: Path
    passphrase: bytes | None = None


@dataclass(frozen=True)
class Pkcs11Key:
    """A key on a PKCS#11 token (a unit's USB token or HSM), found by token label or slot, and key label."""

    module: Path  # the vendor's PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so
    key_label: str
    pin: str | None = field(default=None, repr=False)
    token_label: str | None = None
    slot: int | None = None
    cert_label: str | None = None  # the certificate object's label; the key label when absent

    def __post_init__(self) -> None:
        if self.token_label is None and self.slot is None:
            raise ValueError("a PKCS#11 key needs a token label or a slot number")


KeySource = Pkcs12Key | Pkcs11Key


@dataclass(frozen=True)
class SigningConfig:
    key: KeySource
    timestamp_url: str | None = None  # an RFC 3161 server: B-T when set, B-B otherwise
    timestamp_timeout: float = 10.0
    # Roots the unit's chain is validated against before its revocation answers are embedded (B-LT/B-LTA).
    trust_roots: tuple[Path, ...] = ()
    revocation_timeout: float = 5.0
    stamp_font: Path | None = None  # a TrueType/OpenType font: a visible signature block on the last page


@dataclass(frozen=True)
class CopyInfo:
    """What the archival copy says about itself in its XMP metadata and its signature."""

    receipt_code: str
    unit_code: str
    procedure_code: str
    pages: int
    digitized_at: datetime
    unit_name: str | None = None
    component: str | None = None  # the dossier component (document type) this copy is of
    digitized_by: str | None = None  # the account that scanned / uploaded it
    checked_by: str | None = None  # the clerk who confirmed the copy against the original
    checked_at: datetime | None = None

    @property
    def unit_label(self) -> str:
        return f"{self.unit_name} ({self.unit_code})" if self.unit_name else self.unit_code
