from typing import Any

from backend.errors import Conflict
from backend.kit.said import Said


class ImportRejected(Conflict):
    code = "import_rejected"
    # Nothing was written but the record of the answer, which a retry must find.
    keeps_changes = True
    usual_detail = Said(vi="Đã chọn chỉ ghi khi mọi dòng đều hợp lệ, nhưng có dòng bị từ chối: chưa "
                           "có gì được ghi.",
                        en="The import was atomic and some rows were refused: nothing was written.")

    def __init__(self, summary: dict[str, Any]) -> None:
        super().__init__(self.usual_detail, summary=summary)
