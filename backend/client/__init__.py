"""The HTTP side of `qcdc`: commands that talk to a QCDC server with an API token, as the scripts
of units do (login, submit figures, export aggregates, download Excel templates)."""


class ClientError(Exception):
    """A failure the user can act on: printed as it is, without a traceback; the command exits 1."""
