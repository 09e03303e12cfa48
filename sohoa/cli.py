"""The `sohoa` command: the main job (digitize), one-file tools, and the servers."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.auth import create_user, find_user, issue_token, revoke_token, revoke_tokens, set_active
from core.errors import Rejected
from core.settings import Settings
from ingest.dossiers import NewDossier, open_dossier
from reports import digitization_report
from reports.audit import PROBLEMS, archive_audit
from sohoa import logmask, render
from sohoa.signing_cli import keys_app, verify
from storage.days import vn_today
from storage.models import Attachment, AttachmentStatus, Dossier
from storage.seed import read_units, upsert_units
from workers.context import install

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.services import Services

# What is imported inside a command is heavy (the service wiring's Alembic/RQ/minio, OpenCV, pdfium, spaCy,
# openpyxl/matplotlib, FastAPI): each costs from a fraction of a second to over a second, so a command loads
# only what it uses and `sohoa --help` starts at once.

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer(help="sohoa — số hóa hồ sơ thủ tục hành chính / digitize one-stop dossiers",
                  no_args_is_help=True, pretty_exceptions_enable=False)
console = Console()
err = Console(stderr=True)

SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}


def _services(*, pooled: bool = True) -> Services:
    """The service handles on the settings in the environment, read once here."""
    from sohoa.services import build

    return build(Settings(), pooled=pooled)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]Lỗi / error:[/red] {message}")
    return typer.Exit(code)


def collect_files(paths: list[Path]) -> list[Path]:
    """Files as given, folders recursively (documents only), in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise _fail(f"không tìm thấy / not found: {path}")
    return files


@app.command()
def digitize(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of one dossier")],
    unit: Annotated[str, typer.Option(help="Unit code, e.g. 000.17.22.H56")],
    procedure: Annotated[str, typer.Option(help="Procedure code, e.g. 1.001193")],
    unit_name: Annotated[str | None, typer.Option(help="Registers an unknown unit under this name")] = None,
    receipt_code: Annotated[str | None, typer.Option(help="Receipt code; generated when absent")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """The main job: open a dossier, ingest its files, OCR + extract them, print the verdict and figures."""
    from ingest.intake import receive

    files = collect_files(paths)
    if not files:
        raise _fail("không có tệp nào / no files to digitize")
    services = _services()
    install(services)
    try:
        with services.sessions() as session:
            dossier = open_dossier(session, NewDossier(unit_code=unit, procedure_code=procedure,
                                                       receipt_code=receipt_code, unit_name=unit_name))
    except Rejected as exc:
        raise _fail(f"{exc.vi} / {exc.en}") from None

    rejected: list[dict] = []
    with _progress(as_json) as progress:
        task = progress.add_task("Số hóa / digitizing", total=len(files))
        for path in files:
            progress.update(task, description=path.name)
            try:
                receive(services, dossier.id, path.name, path.read_bytes())
            except Rejected as exc:
                rejected.append({"file": path.name, **exc.as_dict()})
            if services.queue.is_async:
                _wait_for(services, dossier.id, len(files) - len(rejected), progress, task)
            else:
                progress.advance(task)
        if services.queue.is_async:
            _wait_for(services, dossier.id, len(files) - len(rejected), progress, task, until_done=True)

    with services.sessions() as session:
        dossier = session.get(Dossier, dossier.id)
        today = vn_today()
        figures = digitization_report(session, dossier.unit_code, date(today.year, 1, 1), today)
        result = render.dossier_result(dossier, rejected, figures)
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        render.print_dossier(console, result)
    if rejected or any(a["status"] == AttachmentStatus.FAILED for a in result["attachments"]):
        raise typer.Exit(1)


def _progress(quiet: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, disable=quiet or not err.is_terminal, transient=True)


def _wait_for(services, dossier_id: int, expected: int, progress: Progress, task, until_done: bool = False) -> None:
    """With real workers, follow the dossier's attachments in the database until they settle."""
    settled_states = (AttachmentStatus.DONE, AttachmentStatus.FAILED)
    while True:
        with services.sessions() as session:
            settled = session.query(Attachment).filter(Attachment.dossier_id == dossier_id,
                                                       Attachment.status.in_(settled_states)).count()
        progress.update(task, completed=settled)
        if not until_done or settled >= expected:
            return
        time.sleep(0.3)


@app.command()
def analyze(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """OCR + classify + extract one file, storing nothing."""
    from ingest.validate import validate_upload
    from ocr.errors import OcrError
    from workers.pipeline import OcrOptions, process

    settings = Settings()
    data = file.read_bytes()
    start = time.perf_counter()
    try:
        upload = validate_upload(data, max_bytes=settings.max_upload_bytes, max_pages=settings.max_pages,
                                 max_pixels=settings.max_pixels)
        done = process(data, upload.media_type, replace(OcrOptions.from_settings(settings), searchable_pdf=False))
    except (Rejected, OcrError) as exc:
        raise _fail(f"{file.name}: {exc.vi} / {exc.en}") from None
    out = render.analysis(file.name, done.ocr, done.extraction, time.perf_counter() - start)
    if len(done.parts) > 1:  # several papers in one file: each with its pages
        out["parts"] = [render.part(p.name(file.name), p.label, p.extraction) for p in done.parts]
    if as_json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        render.print_analysis(console, out)


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(exists=True)],
    procedure: Annotated[str, typer.Option(help="Procedure code, e.g. 1.001193")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Treat the files as one dossier and print the completeness verdict."""
    from extract.catalogue import get_procedure
    from extract.completeness import check as check_completeness
    from ingest.sniff import sniff
    from workers.pipeline import OcrOptions, process_many

    proc = get_procedure(procedure)
    if proc is None:
        raise _fail(f"không có thủ tục mã {procedure} / unknown procedure {procedure}")
    options = replace(OcrOptions.from_settings(Settings()), searchable_pdf=False)
    paths, inputs = collect_files(files), []
    for path in paths:
        data = path.read_bytes()
        media = sniff(data[:1024])
        if media is None:
            raise _fail(f"{path.name}: chỉ nhận PDF, JPEG, PNG, TIFF / only PDF, JPEG, PNG, TIFF")
        inputs.append((data, media))
    # The files are OCR'd in parallel, one process per file; a file holding several papers gives one document
    # per part (`file.pdf#p2-3`).
    documents = [doc for p, done in zip(paths, process_many(inputs, options), strict=True)
                 for doc in done.documents(p.name)]
    verdict = check_completeness(proc, documents)
    if as_json:
        print(json.dumps(render.verdict_json(verdict), ensure_ascii=False, indent=2))
    else:
        render.print_verdict(console, render.verdict_json(verdict), {n: e.doc_type for n, e in documents})
    raise typer.Exit(0 if verdict.complete else 1)


UnitOption = Annotated[str, typer.Option(help="the unit's code, e.g. 000.17.22.H56")]
FromOption = Annotated[str, typer.Option("--from", help="first day, YYYY-MM-DD")]
ToOption = Annotated[str, typer.Option(help="last day, YYYY-MM-DD")]


def _read(query: Callable[[Session], dict]) -> dict:
    """A report-like answer read in one session; a refusal (unknown unit, bad period) is the command's error."""
    with _services().sessions() as session:
        try:
            return query(session)
        except Rejected as exc:
            raise _fail(f"{exc.vi} / {exc.en}") from None


@app.command()
def report(
    unit: UnitOption,
    from_: FromOption,
    to: ToOption,
    as_json: Annotated[bool, typer.Option("--json", help="The JSON report on stdout")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV table, to FILE or stdout")] = False,
    as_xlsx: Annotated[bool, typer.Option("--xlsx", help="XLSX provincial-style report, to FILE or stdout")] = False,
    chart: Annotated[Path | None, typer.Option(help="Also draw the digitization-rate chart to this PNG")] = None,
    output: Annotated[Path | None, typer.Argument(metavar="[FILE]", help="Where --csv/--xlsx go")] = None,
) -> None:
    """One-stop and digitization indicators for a unit and period: own, each child unit, subtree."""
    from reports.export import to_csv, to_png, to_xlsx

    start, end = _period(from_, to)
    if as_csv + as_xlsx + as_json > 1:
        raise _fail("chọn một trong --json, --csv, --xlsx / choose one of --json, --csv, --xlsx")
    if output is not None and not (as_csv or as_xlsx):
        raise _fail("tên tệp chỉ dùng với --csv hoặc --xlsx / a FILE goes with --csv or --xlsx")
    if as_xlsx and output is None and sys.stdout.isatty():
        raise _fail("--xlsx cần tên tệp hoặc chuyển hướng stdout / --xlsx needs a FILE or a redirected stdout")
    result = _read(lambda session: digitization_report(session, unit, start, end))
    if chart is not None:
        chart.write_bytes(to_png(result))
    if as_csv or as_xlsx:
        data = to_xlsx(result) if as_xlsx else to_csv(result).encode("utf-8")
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            output.write_bytes(data)
            err.print(f"Đã ghi / written: {output}")
    elif as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        render.print_report(console, result)


@app.command()
def audit(
    unit: UnitOption,
    from_: FromOption,
    to: ToOption,
    as_json: Annotated[bool, typer.Option("--json", help="The JSON audit on stdout")] = False,
    xlsx: Annotated[Path | None, typer.Option(help="Write the inspection annex (XLSX) to this file")] = None,
    problem: Annotated[str | None, typer.Option(help=f"Only dossiers with this problem: {', '.join(PROBLEMS)}")] = None,
) -> None:
    """Archive audit: the dossiers a unit's subtree received in a period whose archive is incomplete, and why."""
    start, end = _period(from_, to)
    if as_json and xlsx is not None:
        raise _fail("chọn một trong --json, --xlsx / choose one of --json, --xlsx")
    result = _read(lambda session: archive_audit(session, unit, start, end, problem))
    if xlsx is not None:
        from reports.audit_export import to_xlsx

        xlsx.write_bytes(to_xlsx(result))
        err.print(f"Đã ghi / written: {xlsx}")
    elif as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        render.print_audit(console, result)


def _period(from_: str, to: str) -> tuple[date, date]:
    try:
        return date.fromisoformat(from_), date.fromisoformat(to)
    except ValueError:
        raise _fail("ngày phải có dạng YYYY-MM-DD / dates must be YYYY-MM-DD") from None


@app.command("import-units")
def import_units(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV of units")]) -> None:
    """Import or update the dated unit tree (ma_don_vi, ten, cap, ma_don_vi_cha, hieu_luc_tu, hieu_luc_den)."""
    services = _services()
    with services.sessions() as session:
        try:
            count = upsert_units(session, read_units(file))
        except ValueError as exc:
            raise _fail(str(exc)) from None
        session.commit()
    console.print(f"Đã nhập {count} đơn vị / imported {count} units")


@app.command("import-register")
def import_register(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The register, CSV or XLSX")],
    strict: Annotated[bool, typer.Option(help="Import nothing if any row is bad")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Import the one-stop dossier register; bad rows are listed with their line numbers (exit 1)."""
    from ingest.register import import_register as run_import

    services = _services()
    try:
        with file.open("rb") as fh:
            result = run_import(services.engine, fh, strict=strict)
    except Rejected as exc:
        raise _fail(f"{file.name}: {exc.vi} / {exc.en}") from None
    if as_json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        render.print_import(console, err, result.as_dict())
    if result.rejected:
        raise typer.Exit(1)


@app.command()
def reconcile(
    delete_orphans: Annotated[bool, typer.Option(help="Delete stored objects no record refers to")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Re-enqueue attachments stuck in the queue; list objects without records and records without objects."""
    from workers.reconcile import reconcile as run_reconcile

    report = run_reconcile(_services(), delete_orphans=delete_orphans)
    if as_json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
        return
    console.print(f"Đưa lại vào hàng đợi / re-enqueued: {len(report.requeued)} {report.requeued or ''}")
    console.print(f"Tệp không có bản ghi / objects without records: {len(report.orphan_objects)}"
                  + (f" (đã xóa / deleted {report.deleted_orphans})" if delete_orphans else ""))
    console.print(f"Bản ghi mất tệp gốc / records without their original: {report.missing_objects or 0}")
    if report.missing_objects:
        raise typer.Exit(1)


users_app = typer.Typer(help="Accounts and API tokens (tokens are shown once and stored hashed)")
app.add_typer(users_app, name="users")
app.add_typer(keys_app, name="keys")
app.command()(verify)


@users_app.command("add")
def users_add(
    username: str,
    role: Annotated[str, typer.Option(help="clerk / leader / auditor / admin")],
    unit: Annotated[str, typer.Option(help="The unit the account belongs to (it must exist in the unit tree)")],
    full_name: Annotated[str, typer.Option()] = "",
    days: Annotated[int | None, typer.Option(min=1, help="The token is valid N days [default: SOHOA_TOKEN_DAYS, 90]")]
    = None,
) -> None:
    """Create an account and print its first API token (once)."""
    settings = Settings()
    with _users_session(settings) as session:
        user = create_user(session, username, role, unit, full_name)
        print(issue_token(session, user, label="first", days=days or settings.token_days))


@users_app.command("token")
def users_token(
    username: str,
    days: Annotated[int | None, typer.Option(min=1, help="Valid for N days [default: SOHOA_TOKEN_DAYS, 90]")] = None,
) -> None:
    """Issue another token for an account (printed once)."""
    settings = Settings()
    with _users_session(settings) as session:
        print(issue_token(session, find_user(session, username), days=days or settings.token_days))


@users_app.command("revoke-token")
def users_revoke_token(
    token: Annotated[str | None, typer.Argument(help="The token to revoke, as it was printed")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Revoke every token of this account instead")] = None,
) -> None:
    """Revoke one token, or every token of an account."""
    if (token is None) == (user is None):
        raise _fail("cho một token hoặc --user TÊN / give a TOKEN or --user NAME")
    with _users_session(Settings()) as session:
        if token is not None:
            owner, count = revoke_token(session, token), 1
        else:
            owner = find_user(session, user or "")
            count = revoke_tokens(session, owner)
        console.print(f"Đã thu hồi {count} mã truy cập của {owner.username} / revoked {count} token(s) of "
                      f"{owner.username}")


@users_app.command("disable")
def users_disable(username: str) -> None:
    """Disable an account: none of its tokens signs in until it is enabled again."""
    _users_set_active(username, False)


@users_app.command("enable")
def users_enable(username: str) -> None:
    """Enable a disabled account again."""
    _users_set_active(username, True)


def _users_set_active(username: str, active: bool) -> None:
    with _users_session(Settings()) as session:
        set_active(session, find_user(session, username), active)
    state = "đã bật / enabled" if active else "đã khóa / disabled"
    console.print(f"{username}: {state}")


@contextmanager
def _users_session(settings: Settings) -> Iterator[Session]:
    """A session whose refusals (unknown user or unit, bad role) end the command with their reason."""
    services = _services()
    try:
        with services.sessions() as session:
            yield session
    except Rejected as exc:
        raise _fail(f"{exc.vi} / {exc.en}") from None


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000,
          workers: Annotated[int, typer.Option(min=1, help="API processes under uvicorn's supervisor "
                                                          "(about one per core the API may use)")] = 1,
          ) -> None:
    """Run the HTTP API (OpenAPI at /docs); put a reverse proxy in front (deploy/nginx.conf)."""
    import uvicorn

    logmask.install()
    # Each process builds its own services (pools, clients) from the environment; one process runs in this one.
    uvicorn.run("sohoa.cli:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_config=None)


def app_from_environment():
    """The API app on the settings in the environment (uvicorn's factory, in each API process)."""
    from api.app import create_app

    logmask.install()
    return create_app(_services())


@app.command()
def worker(burst: Annotated[bool, typer.Option(help="Exit when the queue is empty")] = False) -> None:
    """Run an RQ worker (with the scheduler, for retries) on REDIS_URL."""
    import os

    settings = Settings()
    if not settings.redis_url:
        raise _fail("cần REDIS_URL để chạy worker / REDIS_URL is required for a worker")
    if settings.worker_nice:  # work horses and tesseract inherit it
        os.setpriority(os.PRIO_PROCESS, 0, max(settings.worker_nice, os.getpriority(os.PRIO_PROCESS, 0)))
    from sohoa.services import build
    from workers.worker import run_worker

    logmask.install()
    sys.exit(0 if run_worker(build(settings, pooled=False), burst=burst) else 1)


if __name__ == "__main__":
    app()
