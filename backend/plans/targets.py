"""Link a plan's target to the indicator of the default catalogue that measures it."""

from backend.kit.text import fold

# Folded words of the target's subject → catalogue code; first hit wins, most specific first.
# None: words that measure something the catalogue does not count (satisfaction, late files,
# taking part in a consultation), which a broader rule below would otherwise claim.
_INDICATOR_WORDS: list[tuple[tuple[str, ...], str | None]] = [
    (("hai long",), None),
    (("qua han",), None),
    (("tham gia y kien",), None),
    (("hoi nghi can bo",), "QCDC_STAFF_CONF"),
    (("hoi nghi nguoi lao dong",), "QCDC_WORKERS_CONF"),
    (("hoi nghi thon",), "QCDC_VILLAGE_MEETINGS"),
    (("hoi nghi", "to dan pho"), "QCDC_VILLAGE_MEETINGS"),
    (("hoi nghi ap",), "QCDC_VILLAGE_MEETINGS"),
    (("doi thoai", "chu tich"), "QCDC_LEADER_DIALOGUES"),  # a chairman's, even with businesses
    (("doi thoai", "noi lam viec"), "QCDC_WORKPLACE_DIALOGUES"),
    (("doi thoai", "doanh nghiep"), "QCDC_WORKPLACE_DIALOGUES"),
    (("doi thoai", "vien chuc"), "QCDC_STAFF_DIALOGUES"),
    (("ban hanh", "quy che"), "QCDC_REGULATION_UPDATED"),
    (("thu tuc hanh chinh", "giai quyet"), "QCDC_ADMIN_DOSSIERS_RESOLVED"),
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
