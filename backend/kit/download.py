"""Files the API sends for download."""

from urllib.parse import quote


def attachment(filename: str, *, inline: bool = False) -> str:
    """A Content-Disposition that keeps a Vietnamese file name (RFC 6266 filename*); `inline`: to
    be shown by the browser rather than saved."""
    kind = "inline" if inline else "attachment"
    quoted = quote(filename)
    return (f'{kind}; filename="{filename}"' if quoted == filename
            else f"{kind}; filename*=utf-8''{quoted}")
