"""Link a plan's target to the indicator of the default catalogue that measures it."""

from backend.kit.text import fold

# Folded words of the target's subject → catalogue code; first hit wins, most specific first.
_INDICATOR_WORDS: list[tuple[tuple[str, ...], str]] = [
    (("hoi nghi can bo",), "QCDC_STAFF_CONF"),
    (("hoi nghi nguoi lao dong",), "QCDC_WORKERS_CONF"),
    (("dao tao",), "QCDC_OFFICIALS_TRAINED"),
    (("boi duong",), "QCDC_OFFICIALS_TRAINED"),
    (("tap huan",), "QCDC_OFFICIALS_TRAINED"),
    (("cong khai",), "QCDC_DISCLOSURE_DONE"),
    (("mo hinh",), "QCDC_MODELS_BY_TYPE"),
    (("huong uoc",), "QCDC_VILLAGES_WITH_CONVENTION"),
    (("quy uoc",), "QCDC_VILLAGES_WITH_CONVENTION"),
    (("nong thon moi",), "QCDC_NEW_RURAL_COMMUNE"),
    (("chinh quyen than thien",), "QCDC_FRIENDLY_GOVERNMENT"),
    (("ho so", "giai quyet"), "QCDC_ADMIN_DOSSIERS_RESOLVED"),
    (("doi thoai",), "QCDC_LEADER_DIALOGUES"),
    (("kiem tra", "giam sat"), "QCDC_INSPECTIONS"),
]


def indicator_for(subject: str) -> str | None:
    words = fold(subject)
    for needles, code in _INDICATOR_WORDS:
        if all(needle in words for needle in needles):
            return code
    return None
