"""The unit's signing set-up read from the settings: which key signs a unit's copies, which roots a
signature must chain to."""

from __future__ import annotations

from pathlib import Path

from core.settings import Settings
from signing.keys import CA_CERT, unit_p12
from signing.types import Pkcs11Key, Pkcs12Key, SigningConfig


def copy_signing(settings: Settings, unit_code: str) -> SigningConfig | None:
    """How this unit signs its digitized copies; None when signing is off or the unit has no key here."""
    if not settings.sign_copies:
        return None
    key: Pkcs11Key | Pkcs12Key
    if settings.pkcs11_module is not None:
        label = settings.pkcs11_key_label.replace("{unit}", unit_code)
        key = Pkcs11Key(module=settings.pkcs11_module, key_label=label, pin=settings.pkcs11_pin or None,
                        token_label=settings.pkcs11_token_label, slot=settings.pkcs11_slot,
                        cert_label=(settings.pkcs11_cert_label or label).replace("{unit}", unit_code))
    else:
        try:
            path = unit_p12(settings.keys_dir, unit_code)
        except ValueError:
            return None
        if not path.exists():
            return None
        key = Pkcs12Key(path, settings.key_passphrase.encode() or None)
    return SigningConfig(key=key, timestamp_url=settings.timestamp_url, trust_roots=tuple(signature_roots(settings)),
                         stamp_font=settings.signature_font if settings.visible_signature else None)


def signature_roots(settings: Settings) -> list[Path]:
    if settings.trust_roots:
        return list(settings.trust_roots)
    local = settings.keys_dir / CA_CERT
    return [local] if local.exists() else []
