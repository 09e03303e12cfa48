"""Static reference tables: names, ethnic groups, administrative units, hospitals, streets.

Units are the pre-2025 three-level tree (province, district, commune), which is what dossiers
from 2020-2024 carry. Names are real; the combinations people live in are random.
"""

from __future__ import annotations

from dataclasses import dataclass

# Surnames with rough population shares (percent), so samples look like real registers.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 4.0),
    ("Huỳnh", 4.0),
    ("Phan", 4.5),
    ("Vũ", 3.5),
    ("Võ", 3.5),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
)

MIDDLE_MALE = (
    "Văn",
    "Hữu",
    "Đức",
    "Minh",
    "Quốc",
    "Thành",
    "Công",
    "Đình",
    "Xuân",
    "Ngọc",
    "Gia",
    "Hoàng",
    "Anh",
    "Tuấn",
    "Quang",
    "Trọng",
    "Bảo",
    "Thanh",
)
MIDDLE_FEMALE = (
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thu",
    "Thanh",
    "Kim",
    "Minh",
    "Phương",
    "Bảo",
    "Hồng",
    "Mai",
    "Khánh",
    "Diệu",
    "Thùy",
    "Ngọc Bảo",
    "Hoài",
)

# Written in old tone placement (hòa, thủy); people.apply_tone_style() converts per person.
GIVEN_MALE = (
    "Anh",
    "Bảo",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hoàng",
    "Hòa",
    "Hùng",
    "Huy",
    "Khang",
    "Khoa",
    "Khôi",
    "Kiên",
    "Lâm",
    "Long",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Thụy",
    "Duy",
    "Đức",
    "Khải",
    "Lộc",
    "Tùng",
    "Khuê",
    "Thủy",
    "Lợi",
    "Nhật",
)
GIVEN_FEMALE = (
    "An",
    "Anh",
    "Châu",
    "Chi",
    "Diệp",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hòa",
    "Hương",
    "Huyền",
    "Khuê",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Thảo",
    "Thủy",
    "Trang",
    "Trinh",
    "Tuyết",
    "Uyên",
    "Vy",
    "Yến",
    "Xuân",
    "Thúy",
    "Nguyệt",
    "Khánh",
    "Thoa",
    "Nhi",
    "Duyên",
)

# Given names whose tone sits on an oa/oe/uy cluster, i.e. that print differently in old/new style.
TONE_VARIANT_GIVEN = {"Nam": ("Hòa", "Thụy", "Thủy"), "Nữ": ("Hòa", "Thủy", "Thúy")}

ETHNIC_GROUPS: tuple[tuple[str, float], ...] = (
    ("Kinh", 85.0),
    ("Tày", 2.0),
    ("Thái", 2.0),
    ("Mường", 1.5),
    ("Khmer", 1.4),
    ("Hoa", 0.8),
    ("Nùng", 1.1),
    ("Mông", 1.0),
    ("Dao", 0.9),
    ("Gia Rai", 0.5),
    ("Ê Đê", 0.4),
    ("Chăm", 0.2),
    ("Ba Na", 0.3),
    ("Sán Dìu", 0.2),
    ("Xơ Đăng", 0.2),
)

STREETS = (
    "Trần Phú",
    "Lê Lợi",
    "Nguyễn Trãi",
    "Hùng Vương",
    "Lý Thường Kiệt",
    "Hai Bà Trưng",
    "Quang Trung",
    "Nguyễn Huệ",
    "Lê Thánh Tôn",
    "Điện Biên Phủ",
    "Trần Hưng Đạo",
    "Ngô Quyền",
    "Phan Chu Trinh",
    "Lê Hồng Phong",
    "Nguyễn Thị Minh Khai",
    "Võ Thị Sáu",
    "Pasteur",
)
HAMLETS = (
    "Thôn 1",
    "Thôn 2",
    "Thôn 3",
    "Thôn Đông",
    "Thôn Tây",
    "Thôn Trung",
    "Ấp 1",
    "Ấp 2",
    "Xóm 4",
    "Khóm 3",
    "Tổ dân phố 5",
    "Tổ dân phố 7",
)


@dataclass(frozen=True)
class District:
    name: str  # "Thành phố Nha Trang"
    place: str  # what a place-date line says: "Nha Trang"
    communes: tuple[str, ...]


@dataclass(frozen=True)
class Province:
    code: str  # CCCD birth-registration code
    name: str  # "Tỉnh Khánh Hòa"
    short: str  # "Khánh Hòa"
    cmnd_prefix: str  # first digits of the old 9-digit CMND issued there
    health_dept: str  # header of hospital papers
    hospitals: tuple[str, ...]
    districts: tuple[District, ...]


PROVINCES: tuple[Province, ...] = (
    Province(
        "001",
        "Thành phố Hà Nội",
        "Hà Nội",
        "01",
        "SỞ Y TẾ HÀ NỘI",
        ("Bệnh viện Phụ sản Hà Nội", "Bệnh viện Đa khoa Đống Đa"),
        (
            District(
                "Quận Ba Đình",
                "Hà Nội",
                (
                    "Phường Phúc Xá",
                    "Phường Trúc Bạch",
                    "Phường Vĩnh Phúc",
                    "Phường Cống Vị",
                    "Phường Liễu Giai",
                    "Phường Kim Mã",
                    "Phường Ngọc Hà",
                    "Phường Điện Biên",
                ),
            ),
            District(
                "Quận Hoàn Kiếm",
                "Hà Nội",
                ("Phường Hàng Bạc", "Phường Hàng Trống", "Phường Tràng Tiền", "Phường Lý Thái Tổ"),
            ),
            District(
                "Quận Cầu Giấy",
                "Hà Nội",
                (
                    "Phường Dịch Vọng",
                    "Phường Nghĩa Đô",
                    "Phường Quan Hoa",
                    "Phường Yên Hòa",
                    "Phường Trung Hòa",
                    "Phường Mai Dịch",
                ),
            ),
        ),
    ),
    Province(
        "031",
        "Thành phố Hải Phòng",
        "Hải Phòng",
        "03",
        "SỞ Y TẾ HẢI PHÒNG",
        ("Bệnh viện Phụ sản Hải Phòng",),
        (
            District(
                "Quận Lê Chân",
                "Hải Phòng",
                ("Phường An Biên", "Phường Dư Hàng", "Phường Cát Dài", "Phường Trại Cau"),
            ),
            District(
                "Quận Ngô Quyền",
                "Hải Phòng",
                ("Phường Máy Tơ", "Phường Lạch Tray", "Phường Đằng Giang", "Phường Cầu Đất"),
            ),
        ),
    ),
    Province(
        "036",
        "Tỉnh Nam Định",
        "Nam Định",
        "16",
        "SỞ Y TẾ NAM ĐỊNH",
        ("Bệnh viện Phụ sản Nam Định",),
        (
            District(
                "Thành phố Nam Định",
                "Nam Định",
                ("Phường Trần Hưng Đạo", "Phường Năng Tĩnh", "Phường Vị Xuyên", "Phường Cửa Bắc"),
            ),
            District("Huyện Hải Hậu", "Hải Hậu", ("Thị trấn Yên Định", "Xã Hải Bắc", "Xã Hải Minh")),
        ),
    ),
    Province(
        "038",
        "Tỉnh Thanh Hóa",
        "Thanh Hóa",
        "17",
        "SỞ Y TẾ THANH HÓA",
        ("Bệnh viện Phụ sản Thanh Hóa",),
        (
            District(
                "Thành phố Thanh Hóa",
                "Thanh Hóa",
                (
                    "Phường Điện Biên",
                    "Phường Lam Sơn",
                    "Phường Ba Đình",
                    "Phường Đông Thọ",
                    "Phường Trường Thi",
                ),
            ),
            District("Huyện Thọ Xuân", "Thọ Xuân", ("Thị trấn Thọ Xuân", "Xã Xuân Hòa")),
        ),
    ),
    Province(
        "040",
        "Tỉnh Nghệ An",
        "Nghệ An",
        "18",
        "SỞ Y TẾ NGHỆ AN",
        ("Bệnh viện Sản Nhi Nghệ An",),
        (
            District(
                "Thành phố Vinh",
                "Vinh",
                (
                    "Phường Hưng Bình",
                    "Phường Lê Lợi",
                    "Phường Quang Trung",
                    "Phường Trường Thi",
                    "Phường Bến Thủy",
                ),
            ),
            District("Huyện Hưng Nguyên", "Hưng Nguyên", ("Thị trấn Hưng Nguyên",)),
        ),
    ),
    Province(
        "048",
        "Thành phố Đà Nẵng",
        "Đà Nẵng",
        "20",
        "SỞ Y TẾ ĐÀ NẴNG",
        ("Bệnh viện Phụ sản - Nhi Đà Nẵng",),
        (
            District(
                "Quận Hải Châu",
                "Đà Nẵng",
                ("Phường Thạch Thang", "Phường Hòa Cường Bắc", "Phường Phước Ninh", "Phường Bình Hiên"),
            ),
            District("Quận Sơn Trà", "Đà Nẵng", ("Phường An Hải Bắc", "Phường Mân Thái", "Phường Phước Mỹ")),
            District(
                "Quận Thanh Khê", "Đà Nẵng", ("Phường Thạc Gián", "Phường Chính Gián", "Phường Tân Chính")
            ),
        ),
    ),
    Province(
        "056",
        "Tỉnh Khánh Hòa",
        "Khánh Hòa",
        "22",
        "SỞ Y TẾ KHÁNH HÒA",
        ("Bệnh viện Đa khoa tỉnh Khánh Hòa", "Bệnh viện Đa khoa khu vực Cam Ranh"),
        (
            District(
                "Thành phố Nha Trang",
                "Nha Trang",
                (
                    "Phường Lộc Thọ",
                    "Phường Vĩnh Hải",
                    "Phường Phước Hòa",
                    "Phường Tân Lập",
                    "Phường Xương Huân",
                    "Phường Vạn Thạnh",
                    "Phường Phước Tân",
                    "Phường Vĩnh Phước",
                    "Xã Vĩnh Ngọc",
                ),
            ),
            District("Thành phố Cam Ranh", "Cam Ranh", ("Phường Cam Lộc", "Phường Cam Nghĩa")),
            District("Huyện Diên Khánh", "Diên Khánh", ("Thị trấn Diên Khánh", "Xã Diên An")),
        ),
    ),
    Province(
        "079",
        "Thành phố Hồ Chí Minh",
        "Hồ Chí Minh",
        "02",
        "SỞ Y TẾ THÀNH PHỐ HỒ CHÍ MINH",
        ("Bệnh viện Từ Dũ", "Bệnh viện Hùng Vương"),
        (
            District(
                "Quận 1",
                "TP. Hồ Chí Minh",
                (
                    "Phường Bến Nghé",
                    "Phường Bến Thành",
                    "Phường Đa Kao",
                    "Phường Tân Định",
                    "Phường Cầu Ông Lãnh",
                ),
            ),
            District("Quận 3", "TP. Hồ Chí Minh", ("Phường Võ Thị Sáu",)),
            District(
                "Thành phố Thủ Đức",
                "TP. Hồ Chí Minh",
                ("Phường Thảo Điền", "Phường Linh Trung", "Phường Hiệp Bình Chánh"),
            ),
        ),
    ),
    Province(
        "087",
        "Tỉnh Đồng Tháp",
        "Đồng Tháp",
        "34",
        "SỞ Y TẾ ĐỒNG THÁP",
        ("Bệnh viện Đa khoa Đồng Tháp",),
        (
            District("Thành phố Cao Lãnh", "Cao Lãnh", ("Phường 1", "Phường Mỹ Phú", "Xã Mỹ Tân")),
            District("Thành phố Sa Đéc", "Sa Đéc", ("Phường An Hòa", "Xã Tân Khánh Đông")),
            District("Huyện Lai Vung", "Lai Vung", ("Thị trấn Lai Vung",)),
        ),
    ),
    Province(
        "092",
        "Thành phố Cần Thơ",
        "Cần Thơ",
        "36",
        "SỞ Y TẾ CẦN THƠ",
        ("Bệnh viện Phụ sản thành phố Cần Thơ",),
        (
            District(
                "Quận Ninh Kiều",
                "Cần Thơ",
                (
                    "Phường An Hòa",
                    "Phường Tân An",
                    "Phường Xuân Khánh",
                    "Phường Hưng Lợi",
                    "Phường An Khánh",
                    "Phường Cái Khế",
                ),
            ),
            District("Quận Bình Thủy", "Cần Thơ", ("Phường Bình Thủy", "Phường An Thới")),
        ),
    ),
    Province(
        "096",
        "Tỉnh Cà Mau",
        "Cà Mau",
        "38",
        "SỞ Y TẾ CÀ MAU",
        ("Bệnh viện Sản - Nhi Cà Mau",),
        (
            District("Thành phố Cà Mau", "Cà Mau", ("Phường 5", "Phường 9", "Phường Tân Xuyên")),
            District("Huyện Năm Căn", "Năm Căn", ("Thị trấn Năm Căn",)),
            District("Huyện U Minh", "U Minh", ("Thị trấn U Minh",)),
        ),
    ),
)

PROVINCE_BY_CODE = {p.code: p for p in PROVINCES}

PHONE_PREFIXES = (
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "056",
    "058",
    "059",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
    "086",
    "088",
    "089",
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
)
