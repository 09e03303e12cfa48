"""`sohoa keys init` (a unit's test key) and `sohoa verify FILE.pdf` (who signed a copy, and is it intact)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from core.settings import Settings
from storage.days import VN

if TYPE_CHECKING:
    from signing import SignatureReport

keys_app = typer.Typer(help="Khóa ký số của đơn vị / the units' signing keys", no_args_is_help=True)
console = Console()
err = Console(stderr=True)

# Exit codes of `sohoa verify`.
VALID, SIGNATURE_PROBLEM, NOT_SIGNED = 0, 1, 2


@keys_app.command("init")
def keys_init(
    unit: Annotated[str, typer.Option(help="Unit code, e.g. 000.17.22.H56")],
    unit_name: Annotated[str | None, typer.Option(help="The unit's name in its certificate")] = None,
    force: Annotated[bool, typer.Option(help="Replace the unit's existing test key")] = False,
) -> None:
    """A self-signed unit certificate under a local test CA, in a PKCS#12 file (mode 0600) — TEST ONLY, NOT
    FOR PRODUCTION: a unit's real key is on its PKCS#11 token (docs/signatures.md)."""
    from signing import init_unit_key, unit_p12

    settings = Settings()
    try:
        path = unit_p12(settings.keys_dir, unit)
    except ValueError:
        err.print(f"[red]Lỗi / error:[/red] mã đơn vị không hợp lệ / not a unit code: {unit!r}")
        raise typer.Exit(2) from None
    if path.exists() and not force:
        err.print(f"[red]Lỗi / error:[/red] đã có khóa / a key exists: {path} (--force replaces it)")
        raise typer.Exit(2)
    made = init_unit_key(settings.keys_dir, unit, unit_name, settings.key_passphrase.encode() or None,
                         settings.revocation_url)
    console.print(f"[yellow]CHỈ DÙNG THỬ — KHÔNG DÙNG THẬT / TEST ONLY — NOT FOR PRODUCTION[/yellow]\n"
                  f"khóa / key: {made.p12}\nCA thử / test CA: {made.ca_cert}\nchủ thể / subject: {made.subject}")


@keys_app.command("crl")
def keys_crl(
    out: Annotated[Path | None, typer.Option(help="Where to write it; default: the keys folder")] = None,
) -> None:
    """The local test CA's CRL (DER, nothing revoked, valid 7 days), to publish under SOHOA_REVOCATION_URL so
    that signatures embed it (B-LT) — TEST ONLY."""
    from signing.keys import CA_CRL, issue_crl

    settings = Settings()
    target = out or settings.keys_dir / CA_CRL
    target.write_bytes(issue_crl(settings.keys_dir))
    console.print(f"CRL: {target}")


def verify(
    file: Annotated[Path, typer.Argument(help="A PDF copy", exists=True, dir_okay=False, readable=True)],
    trust_root: Annotated[list[Path] | None, typer.Option(help="A root CA certificate (PEM/DER) or folder; "
                                                          "default: SOHOA_TRUST_ROOTS or the local test CA")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Check a copy's digital signatures: exit 0 only when it is signed, intact and trusted; 1 when a signature
    is broken, modified after signing or untrusted; 2 when it is unsigned or not a PDF."""
    from signing import load_roots, signature_roots
    from signing import verify as check

    roots = load_roots(trust_root or signature_roots(Settings()))
    report = check(file.read_bytes(), roots)
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        for line in describe(report):
            console.print(line)
    if report.valid:
        raise typer.Exit(VALID)
    raise typer.Exit(NOT_SIGNED if report.state in ("unsigned", "unreadable") else SIGNATURE_PROBLEM)


def describe(report: SignatureReport) -> list[str]:
    """One line per signature, Vietnamese first; times in Vietnam's time."""
    if report.state == "unreadable":
        return [f"Không đọc được tệp PDF / not a readable PDF: {escape(report.error or '')}"]
    if report.state == "unsigned":
        return ["Tài liệu không có chữ ký số / the document is not signed"]
    lines = []
    for s in report.signatures:
        when = f", ký ngày {s.signed_at.astimezone(VN):%d/%m/%Y %H:%M}" if s.signed_at else ""
        stamp = " (có dấu thời gian / timestamped)" if s.timestamped else ""
        if s.modified_after_signing or not s.intact:
            verdict = "[red]Tài liệu đã bị sửa sau khi ký / modified after signing[/red]"
        elif not s.trusted:
            verdict = "[yellow]Chữ ký nguyên vẹn nhưng không thuộc CA tin cậy / intact but not trusted[/yellow]"
        else:
            verdict = "[green]Chữ ký số hợp lệ / valid signature[/green]"
        lines.append(f"{verdict} — {escape(s.signer)}{when}{stamp}")
    return lines
