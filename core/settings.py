"""All configuration as one value: the shell reads it from the environment once (`Settings()`) and hands it
down; no stage reads the environment itself.

Conventional names (DATABASE_URL, REDIS_URL, S3_*) are accepted as well as SOHOA_-prefixed ones.
Unset means the embedded default: SQLite file, local object folder, jobs run in-process.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _env(name: str) -> AliasChoices:
    return AliasChoices(f"SOHOA_{name}", name)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOHOA_", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(Path(".sohoa"), validation_alias=_env("DATA_DIR"))
    database_url: str = Field("", validation_alias=_env("DATABASE_URL"))
    redis_url: str | None = Field(None, validation_alias=_env("REDIS_URL"))

    s3_endpoint: str | None = Field(None, validation_alias=_env("S3_ENDPOINT"))
    s3_access_key: str = Field("", validation_alias=_env("S3_ACCESS_KEY"))
    s3_secret_key: str = Field("", validation_alias=_env("S3_SECRET_KEY"))
    s3_bucket: str = Field("sohoa", validation_alias=_env("S3_BUCKET"))
    s3_region: str = Field("us-east-1", validation_alias=_env("S3_REGION"))
    s3_secure: bool = Field(False, validation_alias=_env("S3_SECURE"))
    # Seconds any call to S3, Redis or PostgreSQL may wait to connect or for an answer, so that a hung
    # dependency answers 503 in seconds instead of holding request threads; and the longest SQL statement
    # (0: none; PgBouncer needs `options` in its ignore_startup_parameters for it).
    s3_timeout: float = Field(5.0, gt=0)
    redis_timeout: float = Field(5.0, gt=0)
    database_connect_timeout: int = Field(5, ge=2)  # libpq's least
    database_statement_timeout: float = Field(30.0, ge=0)

    queue_name: str = "sohoa"
    job_timeout: int = Field(600, gt=0)  # seconds one attachment may take, all pages
    job_retries: int = Field(3, ge=0)
    retry_intervals: list[int] = [10, 60, 300]
    # Niceness of a worker and its tesseract (0: the API's). Kept modest so OCR still gets its share of a busy host.
    worker_nice: int = Field(0, ge=0, le=10)
    reconcile_interval: int = Field(60, ge=5)  # seconds between a worker's queue/database reconciliations

    max_upload_bytes: int = Field(50 * 1024 * 1024, gt=0)
    max_pages: int = Field(200, gt=0)
    max_pixels: int = Field(60_000_000, gt=0)  # ~A3 at 600 dpi; larger is a decompression-bomb risk
    # Threads that accept uploads at once in one API process. The work is short CPU bursts between local
    # database round trips: a few threads keep the core busy; dozens only fight over the GIL.
    accept_threads: int = Field(4, ge=1)
    token_days: int = Field(90, ge=1, le=3650)  # lifetime of a token made without --days
    # A browser session (api.session) lasts this long, or until the token signed in with ends; renewable.
    session_hours: int = Field(9, ge=1, le=24)
    # Failed sign-ins (tokens that do not sign in) allowed per client address and per account in a window of
    # signin_window seconds; past them, 429 with Retry-After until the window ends (api.throttle).
    signin_failures: int = Field(10, ge=1)
    signin_window: int = Field(300, ge=1)
    # Where a clerk may reuse a citizen's digitized papers from (api.papers): the province tree of their unit,
    # their unit only, or every unit.
    reuse_scope: Literal["province", "unit", "all"] = "province"
    ocr_lang: str = "vie"
    ocr_page_timeout: int = Field(120, gt=0)
    ocr_dpi: int = Field(300, ge=100, le=600)

    @field_validator("database_url")
    @classmethod
    def _psycopg3(cls, url: str) -> str:
        # SQLAlchemy's bare postgresql:// means psycopg2; we ship psycopg 3.
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @model_validator(mode="after")
    def _embedded_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'sohoa.db').resolve()}"
        return self

    secret_key: str = Field("", validation_alias=_env("SECRET_KEY"))  # signs local download links

    def signing_key(self) -> bytes:
        """SOHOA_SECRET_KEY, or a random key made once and kept in the data folder."""
        if self.secret_key:
            return self.secret_key.encode()
        path = self.data_dir / "secret.key"
        if not path.exists():
            # Written aside, then linked into place: the link fails if another process (serve --workers N)
            # made the key first, and nobody ever reads a half-written key. Every process reads the winner.
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.data_dir, prefix=".secret-")
            try:
                os.write(fd, secrets.token_bytes(32))  # mkstemp made it 0600
                os.close(fd)
                with contextlib.suppress(FileExistsError):
                    os.link(tmp, path)
            finally:
                os.unlink(tmp)
        return path.read_bytes()

    @property
    def objects_dir(self) -> Path:
        return self.data_dir / "objects"

    @property
    def uses_s3(self) -> bool:
        return bool(self.s3_endpoint)

    # The unit's digital signature on digitized copies (docs/signatures.md). The key is on a PKCS#11 token when
    # pkcs11_module is set, else in the unit's PKCS#12 file in keys_dir (`sohoa keys init`, test only).
    sign_copies: bool = True
    keys_dir_path: Path | None = Field(None, validation_alias=_env("KEYS_DIR"))  # default: data_dir/keys
    key_passphrase: str = Field("", repr=False)  # of the PKCS#12 files
    pkcs11_module: Path | None = None  # the token vendor's PKCS#11 library
    pkcs11_token_label: str | None = None
    pkcs11_slot: int | None = None
    pkcs11_key_label: str = "{unit}"  # '{unit}' stands for the dossier's unit code
    pkcs11_cert_label: str | None = None  # default: the key label
    pkcs11_pin: str = Field("", repr=False)
    timestamp_url: str | None = None  # an RFC 3161 server: signatures become PAdES B-T
    # A visible signature block at the foot of the copy's last page, in this font (embedded: the copy stays PDF/A).
    visible_signature: bool = False
    signature_font: Path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    # Base URL where the local test CA's CRL is published: `sohoa keys init` names it in unit certificates.
    revocation_url: str | None = None
    # Roots a signature must chain to (PEM/DER files or folders; the national root CA list in production).
    # Default: the local test CA of keys_dir, when there is one.
    trust_roots: list[Path] = []

    @property
    def keys_dir(self) -> Path:
        return self.keys_dir_path or self.data_dir / "keys"
