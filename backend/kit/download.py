"""Files the API sends for download."""

from urllib.parse import quote


def attachment(filename: str) -> str:
    """A Content-Disposition that keeps a Vietnamese file name (RFC 6266 filename*)."""
    quoted = quote(filename)
    return (f'attachment; filename="{filename}"' if quoted == filename
            else f"attachment; filename*=utf-8''{quoted}")
