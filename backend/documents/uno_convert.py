"""Speaks to a LibreOffice that is already running, listening on PIPE:

    python3 uno_convert.py convert PIPE SOURCE TARGET CONNECT_SECONDS   # a docx to PDF
    python3 uno_convert.py terminate PIPE                               # it closes, tidying up

Run by the Python that has LibreOffice's UNO bridge (Debian's python3 with python3-uno), not by the
server's: so it imports nothing but the standard library and `uno`. Exit status: 0 done,
2 no LibreOffice answered on PIPE within CONNECT_SECONDS, 1 the conversion failed.
"""

import contextlib
import sys
import time
from typing import Any

UNREACHABLE = 2


def _desktop(pipe: str, connect_s: float) -> Any:
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + connect_s
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            # A LibreOffice just started opens its pipe after a few seconds.
            if time.monotonic() > deadline:
                return None
            time.sleep(0.05)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def _properties(**values: object) -> tuple[object, ...]:
    from com.sun.star.beans import PropertyValue

    found = []
    for name, value in values.items():
        item = PropertyValue()
        item.Name, item.Value = name, value
        found.append(item)
    return tuple(found)


def convert(pipe: str, source: str, target: str, connect_s: float) -> int:
    import uno

    desktop = _desktop(pipe, connect_s)
    if desktop is None:
        return UNREACHABLE
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                            _properties(Hidden=True, ReadOnly=True))
    if document is None:
        return 1
    try:
        document.storeToURL(uno.systemPathToFileUrl(target),
                            _properties(FilterName="writer_pdf_Export"))
    finally:
        document.close(True)
    return 0


def terminate(pipe: str) -> int:
    """Closed this way, LibreOffice removes its pipes and temporary files; killed, it leaves them."""
    desktop = _desktop(pipe, 2.0)
    if desktop is None:
        return UNREACHABLE
    # The bridge goes down with it, which the call may report as an error.
    with contextlib.suppress(Exception):
        desktop.terminate()
    return 0


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "convert":
        sys.exit(convert(arguments[0], arguments[1], arguments[2], float(arguments[3])))
    sys.exit(terminate(arguments[0]))
