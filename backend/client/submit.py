"""`qcdc submit`: a file of figures sent chunk by chunk to `POST /data-values/import`.

Every chunk carries an Idempotency-Key made from the file's digest, the chunk's place and the
options. A chunk whose connection dropped, or that met a 5xx or 429, is sent again under the same
key; so is the whole file when the command is run again after a crash. The server answers a key it
has seen with its first answer (`Idempotent-Replayed: true`) and writes nothing twice.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from backend.client import ClientError
from backend.client.api import Api, ApiError, Body
from backend.client.chunks import Chunk, Conflict, FiguresFile

NumberFormat = Literal["dot", "vi"]


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    submit: bool = False
    atomic: bool = False
    number_format: NumberFormat = "dot"
    chunk_rows: int = 50_000
    # Set by --new-import: new keys, so sending an unchanged file again imports it again.
    fresh: str = ""

    def query(self) -> dict[str, str]:
        flags = {"dry_run": self.dry_run, "submit": self.submit, "atomic": self.atomic}
        return {**{name: "true" for name, on in flags.items() if on},
                "number_format": self.number_format}

    def key(self, digest: str, chunk: Chunk) -> str:
        """The same file, chunk and options give the same key, run after run."""
        material = "|".join([digest, str(chunk.index), str(self.chunk_rows),
                             repr(sorted(self.query().items())), self.fresh])
        return "qcdc-cli-" + hashlib.sha256(material.encode()).hexdigest()


@dataclass(frozen=True)
class Refusal:
    place: str  # where the row is in the file ("line 12", "values[3]", "Sheet1!E7"); "" if not a row
    code: str
    detail: str


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    submitted: int = 0
    replayed: int = 0  # chunks the server had answered before: their first answers came back
    refused_whole: bool = False  # --atomic and some row refused: nothing written
    conflicts_truncated: bool = False
    refusals: list[Refusal] = field(default_factory=list)

    def add(self, chunk: Chunk, answer: dict[str, Any]) -> None:
        for name in ("created", "updated", "unchanged", "rejected", "submitted"):
            setattr(self, name, getattr(self, name) + int(answer.get(name) or 0))
        self.conflicts_truncated |= bool(answer.get("conflicts_truncated"))
        conflicts: list[Conflict] = answer.get("conflicts") or []
        for place, conflict in zip(chunk.places(conflicts), conflicts, strict=True):
            self.refusals.append(Refusal(place, conflict.get("code", ""), conflict.get("detail", "")))


class Meter(Protocol):
    """Watches the bytes going out (a progress bar)."""

    def restart(self, chunk: Chunk) -> None: ...  # an attempt at the chunk begins

    def advance(self, size: int) -> None: ...


def send_file(api: Api, figures: FiguresFile, options: Options, meter: Meter) -> Outcome:
    if options.atomic and len(figures.chunks) > 1:
        raise ClientError(
            f"--atomic needs the whole file in one request, and {figures.path} makes "
            f"{len(figures.chunks)} chunks: give --chunk-rows {figures.figures} or more")
    outcome = Outcome()
    for chunk in figures.chunks:
        _send_chunk(api, figures, chunk, options, meter, outcome)
    return outcome


def _send_chunk(api: Api, figures: FiguresFile, chunk: Chunk, options: Options, meter: Meter,
                outcome: Outcome) -> None:
    headers = {"Content-Type": figures.content_type, "Content-Length": str(chunk.size),
               "Idempotency-Key": options.key(figures.digest, chunk)}
    try:
        response = api.send("POST", "/data-values/import", retry=True, params=options.query(),
                            headers=headers, body=_metered(chunk, meter))
    except ApiError as error:
        # An atomic import with a refused row answers 409 with the summary: still a full answer.
        if error.code != "import_rejected" or not isinstance(error.problem.get("summary"), dict):
            raise
        outcome.refused_whole = True
        outcome.add(chunk, error.problem["summary"])
        return
    outcome.replayed += response.headers.get("idempotent-replayed") == "true"
    outcome.add(chunk, response.json())


def _metered(chunk: Chunk, meter: Meter) -> Body:
    def body() -> Iterator[bytes]:
        meter.restart(chunk)
        for block in chunk.body():
            meter.advance(len(block))
            yield block

    return body
