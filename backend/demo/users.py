"""Demo accounts: one per role at province, district and commune level, all with one password."""

from dataclasses import dataclass

from backend.models import Role

DEMO_PASSWORD = "qcdc-demo-2024"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    unit_code: str | None
    roles: tuple[Role, ...]


DEMO_USERS = (
    DemoUser("admin", "Quản trị hệ thống", None, (Role.admin,)),
    DemoUser("bacgiang.admin", "Quản trị Sở Nội vụ Bắc Ninh", "24", (Role.admin,)),
    DemoUser("bacgiang.planner", "Chuyên viên Sở Nội vụ Bắc Ninh", "24", (Role.planner,)),
    DemoUser("bacgiang.reviewer", "Lãnh đạo Sở Nội vụ Bắc Ninh", "24", (Role.reviewer,)),
    DemoUser("bacgiang.viewer", "Ban Chỉ đạo QCDC tỉnh Bắc Ninh", "24", (Role.viewer,)),
    DemoUser("binhphuoc.planner", "Chuyên viên Sở Nội vụ Đồng Nai", "70", (Role.planner,)),
    DemoUser("tanyen.planner", "Chuyên viên Phòng Nội vụ Tân Yên", "216", (Role.planner,)),
    DemoUser("tanyen.reviewer", "Trưởng Phòng Nội vụ Tân Yên", "216", (Role.reviewer,)),
    DemoUser("tanyen.viewer", "Ban Chỉ đạo QCDC huyện Tân Yên", "216", (Role.viewer,)),
    DemoUser("honquan.planner", "Chuyên viên Phòng Nội vụ Hớn Quản", "694", (Role.planner,)),
    DemoUser("honquan.reviewer", "Trưởng Phòng Nội vụ Hớn Quản", "694", (Role.reviewer,)),
    DemoUser("honquan.phongnoivu.reporter", "Chuyên viên Phòng Nội vụ Hớn Quản", "694-PNV",
             (Role.reporter,)),
    DemoUser("honquan.phongtuphap.reporter", "Chuyên viên Phòng Tư pháp Hớn Quản", "694-PTP",
             (Role.reporter,)),
    DemoUser("krongpac.planner", "Chuyên viên Phòng Nội vụ Krông Pắc", "654", (Role.planner,)),
    DemoUser("krongpac.reviewer", "Trưởng Phòng Nội vụ Krông Pắc", "654", (Role.reviewer,)),
    DemoUser("songvan.planner", "Văn phòng UBND xã Song Vân", "07345", (Role.planner,)),
    DemoUser("songvan.reporter", "Công chức Văn phòng – Thống kê xã Song Vân", "07345",
             (Role.reporter,)),
    DemoUser("songvan.viewer", "Chủ tịch UBND xã Song Vân", "07345", (Role.viewer,)),
)
