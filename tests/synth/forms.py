"""Templates of Vietnamese administrative papers: printed lines plus ground-truth labels.

Label rules (the contract the extraction tests rely on):
- `fields` uses the keys of extract/types.py FIELD_KEYS; dates ISO, IDs digits only, text NFC exactly
  as printed (the CCCD name in capitals).
- ho_ten / ngay_sinh / gioi_tinh / dan_toc / quoc_tich / que_quan describe the document's subject
  (child on birth papers, card holder, bride on the marriage form, resident on CT01, tenant on the
  rental contract, person named in Điều 1 of a decision, the applicant of a petition).
- so_cccd / so_cmnd / noi_cu_tru / so_dien_thoai are the subject's when printed, else those of the
  person the form prints them for (the requester on the birth form, the mother on the birth certificate).
- nguoi_yeu_cau is whoever signs as requester; ngay_ky is the place-date line's date.
- Role-specific values (bride and groom, mother, household head, landlord ...) are in `extra_fields`.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from . import data
from .cards import card
from .model import Document, Run
from .people import Address, Person, address, make_person, random_date
from .sheet import HAND, RIGHT_HALF, Sheet, make_doc
from .text import date_words, dmy, money, money_words
from .variants import LAYOUTS, Choice, pick_layout, vary


def _unit(commune: str) -> str:
    """ "Phường Lộc Thọ" -> "phường Lộc Thọ" as it reads after "Ủy ban nhân dân"."""
    return commune[0].lower() + commune[1:]


def _honorific(p: Person) -> str:
    return "Ông" if p.gioi_tinh == "Nam" else "Bà"


def id_paper(p: Person, use_cmnd: bool = False) -> tuple[str, dict[str, str]]:
    """The "Giấy tờ tùy thân" value and the field it fills."""
    if use_cmnd and p.so_cmnd:
        return f"Chứng minh nhân dân số {p.so_cmnd}", {"so_cmnd": p.so_cmnd}
    return f"Căn cước công dân số {p.so_cccd}", {"so_cccd": p.so_cccd}


def _sex_row(sheet: Sheet, p: Person, gap: float = 0.0) -> None:
    sheet.fields_row(
        (("Giới tính", p.gioi_tinh), ("Dân tộc", p.dan_toc), ("Quốc tịch", p.quoc_tich)), (0.0, 0.3, 0.6), gap
    )


def _addressee(sheet: Sheet, office: str, gap: float = 0.3) -> None:
    """ "Kính gửi:" line: typed and centred, or the addressee written in by hand after the printed words."""
    if sheet.layout == "handfilled":
        sheet.flow([Run("Kính gửi:"), replace(HAND, text=office)], gap)
    else:
        sheet.add(f"Kính gửi: {office}", align="center", gap=gap)


# Civil status ---------------------------------------------------------------------------------------
def to_khai_khai_sinh(
    rng: random.Random,
    requester: Person,
    child: Person,
    mother: Person,
    father: Person,
    relation: str,
    birth_place: str,
    signed: date,
    use_cmnd: bool = False,
    layout: str = "line",
) -> Document:
    s = Sheet(layout=layout)
    s.motto()
    s.title("TỜ KHAI ĐĂNG KÝ KHAI SINH")
    office = requester.noi_cu_tru.commune
    _addressee(s, f"Ủy ban nhân dân {_unit(office)}")
    s.field("Họ, chữ đệm, tên người yêu cầu", requester.ho_ten, gap=0.6)
    s.field("Nơi cư trú", requester.noi_cu_tru.full)
    paper, id_fields = id_paper(requester, use_cmnd)
    s.field("Giấy tờ tùy thân", paper)
    s.field("Quan hệ với người được khai sinh", relation)
    s.add("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:", bold=True, gap=0.3)
    s.field("Họ, chữ đệm, tên", child.ho_ten)
    s.fields((("Ngày, tháng, năm sinh", dmy(child.ngay_sinh)), ("ghi bằng chữ", date_words(child.ngay_sinh))))
    _sex_row(s, child)
    s.field("Nơi sinh", birth_place)
    s.field("Quê quán", child.que_quan.area)
    for role, parent in (("mẹ", mother), ("cha", father)):
        s.field(f"Họ, chữ đệm, tên người {role}", parent.ho_ten, gap=0.3)
        s.fields_row(
            (("Năm sinh", str(parent.ngay_sinh.year)), ("Dân tộc", parent.dan_toc), ("Quốc tịch", parent.quoc_tich)),
            (0.0, 0.3, 0.6),
        )
        s.field("Nơi cư trú", parent.noi_cu_tru.full)
    s.add(
        "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận "
        "nhất trí của các bên liên quan theo quy định pháp luật.",
        gap=0.3,
    )
    s.add("Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình.")
    s.place_date(requester.noi_cu_tru.place, signed)
    s.signer("Người yêu cầu", requester.ho_ten, "(Ký, ghi rõ họ, chữ đệm, tên)")
    fields = {
        "ho_ten": child.ho_ten,
        "ngay_sinh": child.ngay_sinh.isoformat(),
        "gioi_tinh": child.gioi_tinh,
        "dan_toc": child.dan_toc,
        "quoc_tich": child.quoc_tich,
        "que_quan": child.que_quan.area,
        "noi_cu_tru": requester.noi_cu_tru.full,
        "nguoi_yeu_cau": requester.ho_ten,
        "ngay_ky": signed.isoformat(),
        **id_fields,
    }
    extra = {
        "quan_he": relation,
        "noi_sinh": birth_place,
        "ho_ten_me": mother.ho_ten,
        "ho_ten_cha": father.ho_ten,
        "nam_sinh_me": str(mother.ngay_sinh.year),
        "nam_sinh_cha": str(father.ngay_sinh.year),
        "co_quan_nhan": f"Ủy ban nhân dân {_unit(office)}",
    }
    return make_doc("to_khai_khai_sinh", s, fields, extra)


def giay_chung_sinh(
    rng: random.Random,
    mother: Person,
    child: Person,
    hospital: str,
    province: data.Province,
    born_at: tuple[int, int],
    signed: date,
    layout: str = "line",
) -> Document:
    s = Sheet(layout=layout)
    s.motto()
    number = f"{rng.randrange(1, 2000)}/GCS"
    s.add(province.health_dept, bold=True, gap=0.6)
    s.add(hospital.upper(), bold=True)
    s.add(f"Số: {number}")
    s.title("GIẤY CHỨNG SINH", 16)
    s.field("Họ và tên mẹ", mother.ho_ten, gap=0.6)
    s.field("Năm sinh", str(mother.ngay_sinh.year))
    s.field("Nơi đăng ký thường trú", mother.noi_cu_tru.full)
    s.field("Số CCCD", mother.so_cccd)
    s.field("Dân tộc", mother.dan_toc)
    b = child.ngay_sinh
    s.field(
        "Đã sinh con vào lúc",
        f"{born_at[0]:02d} giờ {born_at[1]:02d} phút, ngày {b.day:02d} tháng {b.month:02d} năm {b.year}",
    )
    s.field("Tại", hospital)
    twins = 2 if rng.random() < 0.03 else 1
    s.fields_row((("Số lần sinh", str(rng.choice((1, 1, 1, 2, 3)))), ("Số con trong lần sinh", str(twins))), (0.0, 0.4))
    s.field("Giới tính của con", child.gioi_tinh)
    weight = rng.randrange(2500, 4100, 50)
    s.field("Cân nặng", f"{weight} gram")
    s.field("Dự định đặt tên con", child.ho_ten)
    s.place_date(province.districts[0].place, signed)  # hospitals sit in the provincial capital
    midwife = make_person(rng, sex="Nữ")
    director = make_person(rng)
    s.two_signers(
        ("Người đỡ đẻ", "Thủ trưởng cơ sở y tế"),
        (midwife.ho_ten, director.ho_ten),
        ("(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    fields = {
        "ho_ten": child.ho_ten,
        "ngay_sinh": b.isoformat(),
        "gioi_tinh": child.gioi_tinh,
        "so_cccd": mother.so_cccd,
        "dan_toc": mother.dan_toc,
        "noi_cu_tru": mother.noi_cu_tru.full,
        "so_van_ban": number,
        "ngay_ky": signed.isoformat(),
        "co_quan": hospital.upper(),
    }
    extra = {
        "ho_ten_me": mother.ho_ten,
        "nam_sinh_me": str(mother.ngay_sinh.year),
        "so_cccd_me": mother.so_cccd,
        "noi_sinh": hospital,
        "gio_sinh": f"{born_at[0]:02d}:{born_at[1]:02d}",
        "can_nang": str(weight),
    }
    return make_doc("giay_chung_sinh", s, fields, extra, stamp=hospital.upper())


def cccd(rng: random.Random, p: Person, layout: str = "cccd2021") -> Document:
    """The ID card of `p` (tests/synth/cards.py); the default is the front of the 2021 chip card."""
    return card(rng, p, layout)


def to_khai_ket_hon(
    rng: random.Random,
    bride: Person,
    groom: Person,
    signed: date,
    office: Address | None = None,
    layout: str = "table",
) -> Document:
    s = Sheet(layout=layout)
    s.motto()
    s.title("TỜ KHAI ĐĂNG KÝ KẾT HÔN")
    office = office or bride.noi_cu_tru
    _addressee(s, f"Ủy ban nhân dân {_unit(office.commune)}")
    nu_paper, nu_id = id_paper(bride)
    nam_paper, _ = id_paper(groom)
    rows = [
        (label, f(bride), f(groom))
        for label, f in (
            ("Họ, chữ đệm, tên", lambda p: p.ho_ten),
            ("Ngày, tháng, năm sinh", lambda p: dmy(p.ngay_sinh)),
            ("Dân tộc", lambda p: p.dan_toc),
            ("Quốc tịch", lambda p: p.quoc_tich),
            ("Nơi cư trú", lambda p: p.noi_cu_tru.full),
        )
    ]
    rows += [("Giấy tờ tùy thân", nu_paper, nam_paper), ("Kết hôn lần thứ mấy", "Lần thứ nhất", "Lần thứ nhất")]
    _party_table(s, rows)
    s.add(
        "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự "
        "nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam.",
        gap=0.6,
    )
    s.add("Chúng tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình.")
    s.add("Đề nghị Quý cơ quan đăng ký.")
    s.place_date(office.place, signed)
    s.two_signers(
        ("Bên nữ", "Bên nam"),
        (bride.ho_ten, groom.ho_ten),
        ("(Ký, ghi rõ họ, chữ đệm, tên)", "(Ký, ghi rõ họ, chữ đệm, tên)"),
    )
    fields = {
        "ho_ten": bride.ho_ten,
        "ngay_sinh": bride.ngay_sinh.isoformat(),
        "dan_toc": bride.dan_toc,
        "quoc_tich": bride.quoc_tich,
        "noi_cu_tru": bride.noi_cu_tru.full,
        "ngay_ky": signed.isoformat(),
        **nu_id,
    }
    extra = {
        "ho_ten_ben_nam": groom.ho_ten,
        "ngay_sinh_ben_nam": groom.ngay_sinh.isoformat(),
        "ho_ten_ben_nu": bride.ho_ten,
        "ngay_sinh_ben_nu": bride.ngay_sinh.isoformat(),
        "so_cccd_ben_nam": groom.so_cccd,
        "so_cccd_ben_nu": bride.so_cccd,
        "noi_cu_tru_ben_nam": groom.noi_cu_tru.full,
        "noi_cu_tru_ben_nu": bride.noi_cu_tru.full,
        "dan_toc_ben_nam": groom.dan_toc,
        "dan_toc_ben_nu": bride.dan_toc,
    }
    return make_doc("to_khai_ket_hon", s, fields, extra)


PARTY_COLS = (0.0, 0.3, 0.65)


def _party_table(s: Sheet, rows: list[tuple[str, str, str]]) -> None:
    """The "Thông tin / Bên nữ / Bên nam" table: borderless (default), or ruled with the values in bold type
    or written in by hand."""
    if s.layout == "table":
        s.row(("Thông tin", "Bên nữ", "Bên nam"), PARTY_COLS, bold=True, align="left", gap=0.6)
        for row in rows:
            s.row(row, PARTY_COLS, gap=0.25)
        return
    value = s.value_style() if s.layout == "handfilled" else Run("", bold=True)
    s.table_row(tuple(Run(h, bold=True) for h in ("Thông tin", "Bên nữ", "Bên nam")), PARTY_COLS, gap=0.6)
    for label, nu, nam in rows:
        s.table_row((Run(label), replace(value, text=nu), replace(value, text=nam)), PARTY_COLS)


def xac_nhan_tinh_trang_hon_nhan(rng: random.Random, p: Person, signed: date, layout: str = "line") -> Document:
    s = Sheet(layout=layout)
    s.motto()
    home = p.noi_cu_tru
    agency = f"ỦY BAN NHÂN DÂN {home.commune.upper()}"
    number = f"{rng.randrange(1, 400)}/XNTTHN"
    s.add(agency, bold=True, gap=0.6)
    s.add(f"Số: {number}")
    s.place_date(home.place, signed, gap=0.0)
    s.title("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN")
    s.add(
        f"Xét đề nghị của {_honorific(p).lower()}: {p.ho_ten}, về việc xác nhận tình trạng hôn nhân.", gap=0.6
    )
    s.add("XÁC NHẬN:", bold=True, align="center", gap=0.3)
    s.field("Họ, chữ đệm, tên", p.ho_ten)
    s.field("Ngày, tháng, năm sinh", dmy(p.ngay_sinh))
    _sex_row(s, p)
    paper, id_fields = id_paper(p)
    s.field("Giấy tờ tùy thân", paper)
    s.field("Nơi cư trú", home.full)
    since = random_date(rng, max(p.ngay_sinh, date(2005, 1, 1)), signed - timedelta(days=400))
    s.add(f"Trong thời gian cư trú tại {home.area} từ ngày {dmy(since)} đến ngày {dmy(signed)}")
    s.add("Tình trạng hôn nhân: Chưa đăng ký kết hôn với ai.")
    s.add("Giấy này được cấp để: làm thủ tục đăng ký kết hôn.")
    s.add("Giấy này có giá trị sử dụng trong thời hạn 06 tháng, kể từ ngày cấp.")
    official = make_person(rng)
    s.signer(
        "NGƯỜI KÝ GIẤY XÁC NHẬN",
        official.ho_ten,
        "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)",
        extra="KT. CHỦ TỊCH - PHÓ CHỦ TỊCH",
    )
    fields = {
        "ho_ten": p.ho_ten,
        "ngay_sinh": p.ngay_sinh.isoformat(),
        "gioi_tinh": p.gioi_tinh,
        "dan_toc": p.dan_toc,
        "quoc_tich": p.quoc_tich,
        "noi_cu_tru": home.full,
        "nguoi_yeu_cau": p.ho_ten,
        "so_van_ban": number,
        "ngay_ky": signed.isoformat(),
        "co_quan": agency,
        **id_fields,
    }
    extra = {"tinh_trang_hon_nhan": "Chưa đăng ký kết hôn với ai", "nguoi_ky": official.ho_ten}
    return make_doc("xac_nhan_tinh_trang_hon_nhan", s, fields, extra, stamp=agency)


# Residence ------------------------------------------------------------------------------------------
def to_khai_cu_tru(
    rng: random.Random,
    p: Person,
    head: Person,
    relation: str,
    new_home: Address,
    signed: date,
    owner: Person | None = None,
    layout: str = "line",
) -> Document:
    """Form CT01 asking for permanent residence at `new_home` ("Chủ hộ": p heads the household)."""
    s = Sheet(layout=layout)
    s.motto()
    s.add("Mẫu CT01", 10, italic=True, align="right")
    s.title("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ")
    _addressee(s, f"Công an {_unit(new_home.commune)}")
    s.field("1. Họ, chữ đệm và tên", p.ho_ten, gap=0.6)
    s.fields_row((("2. Ngày, tháng, năm sinh", dmy(p.ngay_sinh)), ("3. Giới tính", p.gioi_tinh)), (0.0, 0.6))
    s.field("4. Số định danh cá nhân", p.so_cccd, boxes=True)
    s.fields_row((("5. Số điện thoại liên hệ", p.so_dien_thoai), ("6. Email", p.email)), (0.0, 0.5))
    s.field("7. Họ, chữ đệm và tên chủ hộ", head.ho_ten)
    s.field("8. Mối quan hệ với chủ hộ", relation)
    s.field("9. Số định danh cá nhân của chủ hộ", head.so_cccd, boxes=True)
    s.field("10. Nội dung đề nghị", f"Đăng ký thường trú tại {new_home.full}")
    s.field("11. Những thành viên trong hộ gia đình cùng thay đổi", "Không")
    s.place_date(new_home.place, signed)
    consent = owner or head
    s.two_signers(
        ("Ý KIẾN CỦA CHỦ SỞ HỮU", "NGƯỜI KÊ KHAI"),
        (consent.ho_ten, p.ho_ten),
        ("(Ghi rõ nội dung, ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"),
    )
    fields = {
        "ho_ten": p.ho_ten,
        "ngay_sinh": p.ngay_sinh.isoformat(),
        "gioi_tinh": p.gioi_tinh,
        "so_cccd": p.so_cccd,
        "so_dien_thoai": p.so_dien_thoai,
        "nguoi_yeu_cau": p.ho_ten,
        "ngay_ky": signed.isoformat(),
    }
    extra = {
        "email": p.email,
        "ho_ten_chu_ho": head.ho_ten,
        "quan_he_chu_ho": relation,
        "so_dinh_danh_chu_ho": head.so_cccd,
        "dia_chi_dang_ky": new_home.full,
        "co_quan_nhan": f"Công an {_unit(new_home.commune)}",
    }
    return make_doc("to_khai_cu_tru", s, fields, extra)


def hop_dong_thue_nha(
    rng: random.Random,
    landlord: Person,
    tenant: Person,
    house: Address,
    signed: date,
    months: int = 12,
    rent: int = 3_500_000,
    layout: str = "line",
) -> Document:
    s = Sheet(layout=layout)
    s.motto()
    s.title("HỢP ĐỒNG THUÊ NHÀ Ở")
    s.add("Căn cứ Bộ luật Dân sự năm 2015;", italic=True, gap=0.4)
    s.add("Căn cứ Luật Nhà ở năm 2014 và nhu cầu của hai bên.", italic=True)
    s.add("Chúng tôi gồm:", gap=0.3)
    for label, p in (("Bên cho thuê (Bên A)", landlord), ("Bên thuê (Bên B)", tenant)):
        s.add(f"{label}: {_honorific(p)} {p.ho_ten}", bold=True, gap=0.3)
        s.field("Số CCCD", p.so_cccd)
        s.field("Nơi cư trú", p.noi_cu_tru.full)
        s.field("Số điện thoại", p.so_dien_thoai)
    s.add("Hai bên thỏa thuận ký kết hợp đồng thuê nhà ở với các điều khoản sau:", gap=0.3)
    s.add("Điều 1. Nhà cho thuê", bold=True, gap=0.3)
    s.field("Địa chỉ nhà cho thuê", house.full)
    s.add(f"Diện tích sử dụng: {rng.randrange(25, 120)} m2, mục đích thuê: để ở.")
    start = signed + timedelta(days=rng.randrange(0, 15))
    end = start + timedelta(days=round(months * 30.44) - 1)
    s.add("Điều 2. Thời hạn và giá thuê", bold=True, gap=0.3)
    s.add(f"Thời hạn thuê: {months} tháng, từ ngày {dmy(start)} đến ngày {dmy(end)}.")
    s.add(f"Giá thuê: {money(rent)} đồng/tháng (Bằng chữ: {money_words(rent)}).")
    s.add("Tiền thuê được thanh toán hằng tháng, chậm nhất vào ngày 05 của tháng.")
    s.add("Điều 3. Cam kết của các bên", bold=True, gap=0.3)
    s.add(
        "Bên A bảo đảm nhà cho thuê thuộc quyền sở hữu hợp pháp của mình và đồng ý cho Bên B đăng ký cư trú "
        "tại địa chỉ nhà thuê. Bên B sử dụng nhà đúng mục đích để ở."
    )
    s.add("Hợp đồng được lập thành 02 bản, mỗi bên giữ 01 bản, có giá trị pháp lý như nhau.")
    s.place_date(house.place, signed)
    s.two_signers(("BÊN CHO THUÊ (BÊN A)", "BÊN THUÊ (BÊN B)"), (landlord.ho_ten, tenant.ho_ten))
    fields = {
        "ho_ten": tenant.ho_ten,
        "so_cccd": tenant.so_cccd,
        "noi_cu_tru": house.full,  # the home the contract is about, where the tenant will reside
        "so_dien_thoai": tenant.so_dien_thoai,
        "ngay_ky": signed.isoformat(),
    }
    extra = {
        "ho_ten_ben_a": landlord.ho_ten,
        "so_cccd_ben_a": landlord.so_cccd,
        "ho_ten_ben_b": tenant.ho_ten,
        "so_cccd_ben_b": tenant.so_cccd,
        "noi_cu_tru_ben_b": tenant.noi_cu_tru.full,
        "dia_chi_nha_cho_thue": house.full,
        "thoi_han_thang": str(months),
        "gia_thue": str(rent),
        "tu_ngay": start.isoformat(),
        "den_ngay": end.isoformat(),
    }
    return make_doc("hop_dong_thue_nha", s, fields, extra)


# Official papers and petitions ----------------------------------------------------------------------
def quyet_dinh(
    rng: random.Random, p: Person, province: data.Province, signed: date, layout: str = "line"
) -> Document:
    s = Sheet(layout=layout)
    s.motto()
    kind = "thành phố" if province.name.startswith("Thành phố") else "tỉnh"
    agency = f"ỦY BAN NHÂN DÂN {province.name.upper()}"
    seq = rng.randrange(1, 3000)
    number = f"{seq}/{signed.year}/QĐ-UBND" if rng.random() < 0.3 else f"{seq:02d}/QĐ-UBND"
    s.add(agency, bold=True, gap=0.6)
    s.add(f"Số: {number}")
    s.place_date("TP. Hồ Chí Minh" if province.code == "079" else province.short, signed, gap=0.0)
    s.title("QUYẾT ĐỊNH")
    award = rng.random() < 0.5
    topic = (
        f"Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân {kind}"
        if award
        else "Về việc bổ nhiệm công chức lãnh đạo"
    )
    s.add(topic, bold=True, align="center")
    s.add(f"CHỦ TỊCH {agency}", bold=True, align="center", gap=0.6)
    s.add("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", italic=True, gap=0.4)
    law = (
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
        if award
        else "Căn cứ Luật Cán bộ, công chức ngày 13 tháng 11 năm 2008;"
    )
    s.add(law, italic=True)
    memo = signed - timedelta(days=rng.randrange(5, 40))
    s.add(
        f"Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số {rng.randrange(10, 900)}/TTr-SNV ngày "
        f"{dmy(memo)}.",
        italic=True,
    )
    s.add("QUYẾT ĐỊNH:", bold=True, align="center", gap=0.4)
    who = f"{_honorific(p)} {p.ho_ten}, sinh ngày {dmy(p.ngay_sinh)}"
    if award:
        body = (
            f"Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân {kind} cho {who}, đã có thành tích "
            "xuất sắc trong thực hiện nhiệm vụ cải cách hành chính, chuyển đổi số."
        )
    else:
        body = (
            f"Điều 1. Bổ nhiệm {who}, giữ chức vụ Phó Chánh Văn phòng Ủy ban nhân dân {kind}, "
            "thời hạn giữ chức vụ là 05 năm kể từ ngày Quyết định có hiệu lực."
        )
    s.add(body, gap=0.3)
    s.add("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    s.add(
        f"Điều 3. Chánh Văn phòng Ủy ban nhân dân {kind}, Giám đốc Sở Nội vụ và cá nhân có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này./."
    )
    chair = make_person(rng)
    s.row(("", "KT. CHỦ TỊCH"), RIGHT_HALF, bold=True, align="center", gap=0.5)
    s.row(("", "PHÓ CHỦ TỊCH"), RIGHT_HALF, bold=True, align="center")
    s.row(("", chair.ho_ten), RIGHT_HALF, bold=True, align="center", gap=3.2, tag="sign")
    s.add("Nơi nhận:", 11, bold=True, italic=True, gap=0.3)
    for item in ("- Như Điều 3;", "- Lưu: VT, NC."):
        s.add(item, 10)
    fields = {
        "so_van_ban": number,
        "ngay_ky": signed.isoformat(),
        "co_quan": agency,
        "ho_ten": p.ho_ten,
        "ngay_sinh": p.ngay_sinh.isoformat(),
    }
    extra = {"trich_yeu": topic, "nguoi_ky": chair.ho_ten}
    return make_doc("quyet_dinh", s, fields, extra, stamp=agency)


PETITIONS = (
    (
        "cấp bản sao trích lục khai sinh",
        "cấp cho tôi 02 bản sao trích lục khai sinh để bổ sung hồ sơ học tập",
    ),
    ("xác nhận thông tin về cư trú", "xác nhận thông tin về cư trú của tôi để hoàn thiện hồ sơ vay vốn"),
    ("ủy quyền nộp hồ sơ", "cho phép người được tôi ủy quyền thay tôi nộp hồ sơ và nhận kết quả"),
)


def don_de_nghi(
    rng: random.Random, p: Person, signed: date, use_cmnd: bool = False, layout: str = "line"
) -> Document:
    s = Sheet(layout=layout)
    s.motto()
    subject, wish = rng.choice(PETITIONS)
    office = f"Ủy ban nhân dân {_unit(p.noi_cu_tru.commune)}"
    s.title("ĐƠN ĐỀ NGHỊ")
    s.add(f"(V/v {subject})", italic=True, align="center")
    _addressee(s, office, gap=0.6)
    s.field("Tôi tên là", p.ho_ten, gap=0.6)
    s.field("Sinh ngày", dmy(p.ngay_sinh))
    id_fields = {"so_cmnd": p.so_cmnd} if use_cmnd and p.so_cmnd else {"so_cccd": p.so_cccd}
    label = "Số CMND" if "so_cmnd" in id_fields else "Số CCCD"
    s.field(label, next(iter(id_fields.values())))
    s.field("Nơi cư trú", p.noi_cu_tru.full)
    s.field("Số điện thoại", p.so_dien_thoai)
    s.add(f"Tôi làm đơn này kính đề nghị {office} xem xét, {wish}.", gap=0.4)
    s.add("Tôi xin cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật.")
    s.add("Trân trọng cảm ơn.")
    s.place_date(p.noi_cu_tru.place, signed)
    s.signer("Người làm đơn", p.ho_ten)
    fields = {
        "ho_ten": p.ho_ten,
        "nguoi_yeu_cau": p.ho_ten,
        "ngay_sinh": p.ngay_sinh.isoformat(),
        "noi_cu_tru": p.noi_cu_tru.full,
        "so_dien_thoai": p.so_dien_thoai,
        "ngay_ky": signed.isoformat(),
        **id_fields,
    }
    return make_doc("don_de_nghi", s, fields, {"kinh_gui": office, "trich_yeu": f"V/v {subject}"})


# Random stand-alone documents -----------------------------------------------------------------------
def make_document(doc_type: str, seed: int, layout: Choice = None) -> Document:
    """A document of `doc_type` with random people; same (doc_type, seed, layout) -> same document.

    `layout`: None = the type's default layout, "random" = one drawn from the seed, or a name of
    tests/synth/variants.py LAYOUTS (the same people and values, printed another way)."""
    if doc_type not in LAYOUTS:
        raise ValueError(f"unknown doc_type {doc_type!r}")
    name = pick_layout(doc_type, layout, str(seed), strict=True)
    rng = random.Random(f"{doc_type}/{seed}")
    signed = random_date(rng, date(2021, 7, 1), date(2025, 6, 30))
    adult = (date(1965, 1, 1), date(2002, 12, 31))
    if doc_type in ("to_khai_khai_sinh", "giay_chung_sinh"):
        mother = make_person(rng, sex="Nữ", born=(date(1985, 1, 1), date(2002, 12, 31)))
        father = make_person(
            rng, sex="Nam", born=(date(1980, 1, 1), date(2001, 12, 31)), residence=mother.noi_cu_tru
        )
        child = make_person(
            rng,
            born=(signed - timedelta(days=55), signed - timedelta(days=1)),
            surname=father.ho,
            province=father.que_quan.province,
        )
        child = replace(child, que_quan=father.que_quan)  # quê quán follows the father's
        province = mother.noi_cu_tru.province
        hospital = rng.choice(province.hospitals)
        if doc_type == "giay_chung_sinh":
            when = child.ngay_sinh + timedelta(days=rng.randrange(0, 4))
            doc = giay_chung_sinh(
                rng, mother, child, hospital, province, (rng.randrange(24), rng.randrange(60)), when, name
            )
        else:
            requester, relation = (mother, "Mẹ") if rng.random() < 0.5 else (father, "Cha")
            doc = to_khai_khai_sinh(
                rng, requester, child, mother, father, relation, hospital, signed, rng.random() < 0.2, name
            )
    elif doc_type == "cccd":
        doc = cccd(rng, make_person(rng, born=adult), name)
    elif doc_type == "to_khai_ket_hon":
        bride = make_person(rng, sex="Nữ", born=(date(1985, 1, 1), date(2004, 12, 31)))
        groom = make_person(rng, sex="Nam", born=(date(1982, 1, 1), date(2002, 12, 31)))
        doc = to_khai_ket_hon(rng, bride, groom, signed, layout=name)
    elif doc_type == "xac_nhan_tinh_trang_hon_nhan":
        doc = xac_nhan_tinh_trang_hon_nhan(rng, make_person(rng, born=adult), signed, name)
    elif doc_type == "to_khai_cu_tru":
        p = make_person(rng, born=adult)
        new_home = address(rng)
        if rng.random() < 0.5:
            head, relation = p, "Chủ hộ"
        elif p.ngay_sinh.year >= 1990:  # young adult joining a parent's household
            head = make_person(
                rng, born=(date(1955, 1, 1), date(p.ngay_sinh.year - 20, 12, 31)), surname=p.ho
            )
            relation = "Con"
        else:
            head = make_person(
                rng,
                sex="Nam" if p.gioi_tinh == "Nữ" else "Nữ",
                born=(date(p.ngay_sinh.year - 5, 1, 1), date(p.ngay_sinh.year + 5, 12, 31)),
            )
            relation = "Vợ" if p.gioi_tinh == "Nữ" else "Chồng"
        doc = to_khai_cu_tru(rng, p, head, relation, new_home, signed, layout=name)
    elif doc_type == "hop_dong_thue_nha":
        landlord = make_person(rng, born=(date(1955, 1, 1), date(1985, 12, 31)))
        tenant = make_person(rng, born=adult)
        doc = hop_dong_thue_nha(
            rng,
            landlord,
            tenant,
            address(rng, landlord.noi_cu_tru.province),
            signed,
            months=rng.choice((6, 12, 12, 24)),
            rent=rng.randrange(15, 90) * 100_000,
            layout=name,
        )
    elif doc_type == "quyet_dinh":
        doc = quyet_dinh(rng, make_person(rng, born=adult), rng.choice(data.PROVINCES), signed, name)
    elif doc_type == "don_de_nghi":
        doc = don_de_nghi(rng, make_person(rng, born=adult), signed, rng.random() < 0.25, name)
    else:
        raise ValueError(f"unknown doc_type {doc_type!r}")
    doc.seed = seed
    return vary(doc, str(seed))
