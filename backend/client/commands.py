"""The HTTP commands of `qcdc`: login, logout, submit, export aggregates, template.

They work against any QCDC server with the API token `qcdc login` stored (or QCDC_TOKEN). Their
modules are imported when a command runs, so the server-side commands start as fast as before.
"""

import contextlib
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from backend.client import ClientError
from backend.client.credentials import DEFAULT_SERVER

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from backend.client.api import Api
    from backend.client.chunks import Chunk, FiguresFile
    from backend.client.submit import Options, Outcome

client_commands = typer.Typer()
export = typer.Typer(help="data out of QCDC", no_args_is_help=True)
client_commands.add_typer(export, name="export")

# Exit status of `qcdc submit` when the server refused some rows (1 is any other failure).
ROWS_REJECTED = 3


@contextlib.contextmanager
def _failures_shown() -> Iterator[None]:
    """A ClientError becomes a message on stderr and exit status 1, not a traceback."""
    try:
        yield
    except ClientError as error:
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None


def _stderr() -> "Console":
    from rich.console import Console

    # soft_wrap: messages stay whole lines when stderr is a log file, not a terminal.
    return Console(stderr=True, soft_wrap=True)


def _api() -> "Api":
    from rich.markup import escape

    from backend.client.api import Api
    from backend.client.credentials import current

    credentials = current()
    console = _stderr()
    return Api(credentials.server, credentials.token,
               notice=lambda text: console.print(f"[yellow]{escape(text)}[/yellow]"))


@client_commands.command()
def login(
    server: Annotated[str, typer.Option(envvar="QCDC_SERVER", help="the QCDC server")] = DEFAULT_SERVER,
    username: Annotated[str | None, typer.Option(
        help="sign in with this account (asked for when neither it nor --token is given)")] = None,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="read the password from stdin instead of asking for it")] = False,
    token: Annotated[str | None, typer.Option(
        help="store this API token (qcdc_…, made in the web app) instead of signing in")] = None,
) -> None:
    """sign in and keep an API token for the other commands

    With a username and password the CLI makes itself an API token (scopes data:write,
    aggregates:read and api-tokens:write; valid a year) and stores it with the server in
    $QCDC_CONFIG_DIR/credentials.json (default ~/.config/qcdc/), readable by you only; the
    password is not stored."""
    with _failures_shown():
        from backend.client import account
        from backend.client.credentials import store

        if token and (username or password_stdin):
            raise ClientError("give either --token or --username, not both")
        if token:
            credentials = account.adopt_token(server, token)
        else:
            name = username or typer.prompt("Username")
            password = (sys.stdin.readline().rstrip("\r\n") if password_stdin
                        else typer.prompt("Password", hide_input=True))
            credentials = account.sign_in(server, name, password)
        path = store(credentials)
    typer.echo(f"signed in to {credentials.server} as {credentials.username}; token kept in {path}")


@client_commands.command()
def logout() -> None:
    """revoke the API token `qcdc login` made, and forget it

    A token given to `qcdc login --token` is only forgotten: it may serve other scripts."""
    with _failures_shown():
        from backend.client import account
        from backend.client.credentials import forget, stored

        credentials = stored()
        if credentials is None:
            typer.echo("not signed in")
            return
        revoked = account.revoke(credentials)
        forget()
    typer.echo(f"signed out of {credentials.server}" + ("; the token is revoked" if revoked else ""))


@client_commands.command()
def submit(
    file: Annotated[Path, typer.Argument(help='figures: .csv, .json {"values": [...]} or .xlsx')],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="check and count, change nothing")] = False,
    submit_reports: Annotated[bool, typer.Option(
        "--submit", help="also submit the reports the figures belong to; each chunk submits its "
                         "own, so keep a report's rows together (sort by unit and period)")] = False,
    atomic: Annotated[bool, typer.Option(
        "--atomic", help="write nothing if any row is refused; only for a file that fits in one "
                         "chunk (raise --chunk-rows): chunks are separate imports")] = False,
    number_format: Annotated[Literal["dot", "vi"], typer.Option(
        help="CSV numbers written 1294.5 (dot) or 1.294,5 (vi)")] = "dot",
    chunk_rows: Annotated[int, typer.Option(
        min=1, help="figures per request for CSV and JSON (an .xlsx goes whole)")] = 50_000,
    new_import: Annotated[bool, typer.Option(
        "--new-import", help="import again a file sent before with the same options (otherwise "
                             "the server repeats its first answers and writes nothing)")] = False,
) -> None:
    """send a file of figures to POST /api/v1/data-values/import

    Big files go in chunks, each under an Idempotency-Key made from the file's content, the chunk
    and the options: a chunk whose connection dropped (or met a 5xx or 429) is retried, and the
    same command run again after a crash, without writing anything twice. Prints the summary and
    every refused row with its place in the file; exits with 3 when rows were refused."""
    with _failures_shown():
        import uuid

        from backend.client.chunks import cut
        from backend.client.submit import Options

        options = Options(dry_run=dry_run, submit=submit_reports, atomic=atomic,
                          number_format=number_format, chunk_rows=chunk_rows,
                          fresh=uuid.uuid4().hex if new_import else "")
        figures = cut(file, chunk_rows)
        with _api() as api:
            try:
                outcome = _send_with_progress(api, figures, options)
            except KeyboardInterrupt:
                raise ClientError("interrupted: run the same command again to finish; what the "
                                  "server already took is not written twice") from None
    _print_outcome(outcome, dry_run)
    if outcome.rejected:
        raise typer.Exit(ROWS_REJECTED)


def _send_with_progress(api: "Api", figures: "FiguresFile", options: "Options") -> "Outcome":
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from backend.client.submit import send_file

    console = _stderr()
    count = "" if figures.figures is None else f", {figures.figures:,} figures"
    console.print(f"{figures.path}: {figures.size:,} bytes{count} in {len(figures.chunks)} "
                  f"request(s)", highlight=False)
    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), TimeRemainingColumn(), console=console,
                  disable=not console.is_terminal) as progress:
        return send_file(api, figures, options, _Bar(progress, figures))


class _Bar:
    """The upload as a progress bar over the whole file; a retried chunk starts over."""

    def __init__(self, progress: "Progress", figures: "FiguresFile") -> None:
        self.progress = progress
        self.task = progress.add_task("", total=figures.size)
        self.chunks = len(figures.chunks)
        self.starts = list(itertools.accumulate((c.size for c in figures.chunks), initial=0))
        self.label = ""
        self.end = 0

    def restart(self, chunk: "Chunk") -> None:
        self.label = f"chunk {chunk.index + 1}/{self.chunks}"
        if chunk.figures:
            self.label += f" (figures {chunk.first_figure + 1:,}–{chunk.first_figure + chunk.figures:,})"
        self.end = self.starts[chunk.index + 1]
        self.progress.update(self.task, completed=self.starts[chunk.index],
                             description=f"{self.label}: sending")

    def advance(self, size: int) -> None:
        self.progress.advance(self.task, size)
        if self.progress.tasks[0].completed >= self.end:
            # The body is out; the server answers once it has checked and merged every row.
            self.progress.update(self.task, description=f"{self.label}: importing")


def _print_outcome(outcome: "Outcome", dry_run: bool) -> None:
    parts = [f"{name} {getattr(outcome, name):,}"
             for name in ("created", "updated", "unchanged", "rejected")]
    if outcome.submitted:
        parts.append(f"reports submitted {outcome.submitted:,}")
    typer.echo(", ".join(parts) + (" (dry run: nothing written)" if dry_run else ""))
    if outcome.refused_whole:
        typer.echo("atomic import refused: nothing was written")
    if outcome.replayed:
        typer.echo(f"{outcome.replayed} request(s) had been answered before: the server repeated "
                   "its first answer and wrote nothing again (--new-import imports anew)")
    if outcome.refusals:
        typer.echo("refused rows:")
        width = max(len(r.place) for r in outcome.refusals)
        for refusal in outcome.refusals:
            # One line per row, even when the refused value held a line break.
            detail = refusal.detail.replace("\r", "\\r").replace("\n", "\\n")
            typer.echo(f"  {refusal.place or '-':<{width}}  {refusal.code}: {detail}")
    if outcome.conflicts_truncated:
        typer.echo("  … and more: the server lists only the first refusals of a request")


@export.command("aggregates")
def export_aggregates(
    indicator: Annotated[list[str], typer.Option(help="indicator code; repeat for several")],
    period: Annotated[list[str], typer.Option(
        help="2024, 2024S1, 2024N9, 2024Q1 or 202403; repeat for several")],
    org_unit: Annotated[str | None, typer.Option(
        help="unit code or id (none: the top of what you see)")] = None,
    by: Annotated[Literal["children", "period", "category"] | None, typer.Option(
        help="a row per child unit, per period (the default) or per category option")] = None,
    include: Annotated[Literal["approved", "submitted"], typer.Option(
        help="approved figures only, or submitted ones too")] = "approved",
    basis: Annotated[Literal["reported", "current"], typer.Option(
        help="reported: on the tree of each period; current: carried to today's units "
             "(or those of --as-of)")] = "reported",
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="with --basis current, the day whose units answer (YYYY-MM-DD)")] = None,
    file_format: Annotated[Literal["csv", "xlsx"] | None, typer.Option(
        "--format", help="default: from the --output name, else csv")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="file to write (CSV goes to stdout without it)")] = None,
) -> None:
    """live aggregates as CSV (UTF-8 with BOM, for Excel) or Excel, with Vietnamese headers"""
    with _failures_shown():
        from backend.client.tables import aggregate_table, write_csv, write_xlsx

        chosen = file_format or ("xlsx" if output and output.suffix.lower() == ".xlsx" else "csv")
        if chosen == "xlsx" and output is None:
            raise ClientError("an Excel file needs --output FILE.xlsx")
        params = {"indicator": indicator, "period": period, "include": include, "basis": basis,
                  **({"org_unit": org_unit} if org_unit else {}), **({"by": by} if by else {}),
                  **({"as_of": as_of} if as_of else {})}
        with _api() as api:
            rows = api.get("/aggregates", params=params).json()
        headers, table = aggregate_table(rows)
        if output is None:
            write_csv(sys.stdout, headers, table)
            return
        if chosen == "xlsx":
            write_xlsx(output, headers, table, title="Tổng hợp")
        else:
            # The BOM makes Excel read the file as UTF-8: Vietnamese names stay legible.
            with output.open("w", encoding="utf-8-sig", newline="") as out:
                write_csv(out, headers, table)
    typer.echo(f"wrote {len(table):,} rows to {output}", err=True)


@client_commands.command()
def template(
    form: Annotated[str, typer.Argument(help="reporting form code")],
    unit: Annotated[list[str], typer.Option(help="org unit code or id; repeat for several")],
    period: Annotated[str, typer.Option(help="a period of the form's type, e.g. 2025Q1")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="file to write (default: the name the server gives)")] = None,
) -> None:
    """download the Excel template of a form for units and a period, to fill in and `qcdc submit`"""
    with _failures_shown():
        with _api() as api:
            response = api.get("/data-values/template",
                               params={"form": form, "org_unit": unit, "period": period})
        target = output or Path(_attachment_name(response.headers.get("content-disposition", ""))
                                or f"{form}-{period}.xlsx")
        target.write_bytes(response.content)
    typer.echo(f"wrote {target}")


def _attachment_name(disposition: str) -> str | None:
    """The file name of a Content-Disposition header (RFC 6266), reduced to a bare name so a
    server cannot make the CLI write outside the current folder."""
    from email.message import Message

    header = Message()
    header["content-disposition"] = disposition
    name = header.get_filename()
    return Path(name).name or None if name else None
