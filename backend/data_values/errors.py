from typing import Any

from backend.errors import Conflict


class ImportRejected(Conflict):
    code = "import_rejected"
    # Nothing was written but the record of the answer, which a retry must find.
    keeps_changes = True

    def __init__(self, summary: dict[str, Any]) -> None:
        super().__init__("The import was atomic and some rows were refused: nothing was written.",
                         summary=summary)
