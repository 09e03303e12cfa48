"""OCR-like text of the papers in a dossier, as the test-data generator prints them."""

TO_KHAI_KHAI_SINH = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
TỜ KHAI ĐĂNG KÝ KHAI SINH
Kính gửi: Ủy ban nhân dân phường Lộc Thọ, thành phố Nha Trang
Họ, chữ đệm, tên người yêu cầu: Nguyễn Văn Bình
Nơi cư trú: Số 12 Trần Phú, phường Lộc Thọ, thành phố Nha Trang, tỉnh Khánh Hòa
Giấy tờ tùy thân: Căn cước công dân số 056090001234
Quan hệ với người được khai sinh: Cha
Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:
Họ, chữ đệm, tên: Nguyễn Minh Khang
Ngày, tháng, năm sinh: 12/03/2024 ghi bằng chữ: Ngày mười hai tháng ba năm hai nghìn không trăm hai mươi bốn
Giới tính: Nam   Dân tộc: Kinh   Quốc tịch: Việt Nam
Nơi sinh: Bệnh viện Đa khoa tỉnh Khánh Hòa
Quê quán: xã Vĩnh Ngọc, thành phố Nha Trang, tỉnh Khánh Hòa
Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật.
Nha Trang, ngày 20 tháng 03 năm 2024
Người yêu cầu
(Ký, ghi rõ họ, chữ đệm, tên)
Nguyễn Văn Bình"""

GIAY_CHUNG_SINH = """BỆNH VIỆN ĐA KHOA TỈNH KHÁNH HÒA   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 123/GCS   Độc lập - Tự do - Hạnh phúc
GIẤY CHỨNG SINH
Họ và tên mẹ: Trần Thị Hoa
Năm sinh: 1995
Nơi đăng ký thường trú: Số 12 Trần Phú, phường Lộc Thọ, thành phố Nha Trang
Số CCCD: 056195004321
Dân tộc: Kinh
Đã sinh con vào lúc: 08 giờ 30 phút, ngày 12 tháng 03 năm 2024
Tại: Bệnh viện Đa khoa tỉnh Khánh Hòa
Số con trong lần sinh: 1
Giới tính của con: Nam
Cân nặng: 3200 gam
Dự định đặt tên con: Nguyễn Minh Khang
Nha Trang, ngày 13 tháng 03 năm 2024"""

CCCD = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
SOCIALIST REPUBLIC OF VIET NAM
Independence - Freedom - Happiness
CĂN CƯỚC CÔNG DÂN
Citizen Identity Card
Số / No.: 056090001234
Họ và tên / Full name:
NGUYỄN VĂN BÌNH
Ngày sinh / Date of birth: 23/11/1990
Giới tính / Sex: Nam   Quốc tịch / Nationality: Việt Nam
Quê quán / Place of origin:
Vĩnh Ngọc, Nha Trang, Khánh Hòa
Nơi thường trú / Place of residence:
Số 12 Trần Phú, Lộc Thọ
Nha Trang, Khánh Hòa
Có giá trị đến: 23/11/2030"""

TO_KHAI_KET_HON = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
TỜ KHAI ĐĂNG KÝ KẾT HÔN
Kính gửi: Ủy ban nhân dân phường Lộc Thọ
Thông tin | Bên nữ | Bên nam
Họ, chữ đệm, tên | Lê Thị Thanh Hòa | Phạm Quốc Thủy
Ngày, tháng, năm sinh | 05/06/1996 | 17/08/1994
Dân tộc | Kinh | Kinh
Quốc tịch | Việt Nam | Việt Nam
Nơi cư trú | Lộc Thọ, Nha Trang, Khánh Hòa | Vĩnh Hải, Nha Trang, Khánh Hòa
Giấy tờ tùy thân | CCCD số 056196001111 | CCCD số 056094002222
Kết hôn lần thứ mấy | Lần thứ nhất | Lần thứ nhất
Nha Trang, ngày 02 tháng 04 năm 2024"""

XAC_NHAN_HON_NHAN = """ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG VĨNH HẢI   Độc lập - Tự do - Hạnh phúc
Số: 45/XNTTHN   Vĩnh Hải, ngày 15 tháng 02 năm 2024
GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN
Xét đề nghị của ông: Phạm Quốc Thủy
Họ, chữ đệm, tên: Phạm Quốc Thủy
Ngày, tháng, năm sinh: 17/08/1994
Giới tính: Nam   Dân tộc: Kinh   Quốc tịch: Việt Nam
Giấy tờ tùy thân: Căn cước công dân số 056094002222
Nơi cư trú: Vĩnh Hải, Nha Trang, Khánh Hòa
Tình trạng hôn nhân: Chưa đăng ký kết hôn với ai
Giấy này được cấp để làm thủ tục đăng ký kết hôn."""

CT01 = """Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
Kính gửi: Công an phường Lộc Thọ
1. Họ, chữ đệm và tên: Võ Thị Mai
2. Ngày, tháng, năm sinh: 02/09/1998   3. Giới tính: Nữ
4. Số định danh cá nhân: 056198003333
5. Số điện thoại liên hệ: +84 905 123 456   6. Email:
7. Họ, chữ đệm và tên chủ hộ: Đặng Văn Long
8. Quan hệ với chủ hộ: Người thuê nhà
9. Số định danh cá nhân của chủ hộ: 056070004444
10. Nội dung đề nghị: Đăng ký thường trú vào chỗ ở hợp pháp do thuê
Lộc Thọ, ngày 10 tháng 05 năm 2024"""

HOP_DONG = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
HỢP ĐỒNG THUÊ NHÀ
Hôm nay, ngày 01 tháng 05 năm 2024, tại Nha Trang, chúng tôi gồm:
Bên cho thuê (Bên A): Ông/Bà Đặng Văn Long
Số CCCD: 056070004444
Địa chỉ: Số 8 Lê Thánh Tôn, Lộc Thọ, Nha Trang
Bên thuê (Bên B): Ông/Bà Võ Thị Mai
Số CCCD: 056198003333
Số điện thoại: 0905123456
Địa chỉ nhà cho thuê: Số 8 Lê Thánh Tôn, phường Lộc Thọ, thành phố Nha Trang
Điều 1. Bên A đồng ý cho Bên B thuê nhà tại địa chỉ trên.
Giá thuê: 3.000.000 đồng/tháng. Thời hạn thuê: 24 tháng."""

QUYET_DINH = """ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH KHÁNH HÒA   Độc lập - Tự do - Hạnh phúc
Số: 05/QĐ-UBND   Nha Trang, ngày 05 tháng 01 năm 2020
QUYẾT ĐỊNH
Về việc công bố danh mục thủ tục hành chính
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho Bà Lê Thị Thanh Hòa, sinh ngày
05/06/1996, đã có thành tích xuất sắc trong thực hiện nhiệm vụ cải cách hành chính.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;"""

DON_DE_NGHI = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN ĐỀ NGHỊ
Kính gửi: Ủy ban nhân dân phường Lộc Thọ
Tôi tên là: Nguyễn Văn Bình
Sinh ngày: 23/11/1990
Số CCCD: 056090001234
Nơi cư trú: Số 12 Trần Phú, phường Lộc Thọ, thành phố Nha Trang
Số điện thoại: 0905 111 222
Tôi làm đơn này đề nghị được ủy quyền cho ông Nguyễn Văn Cường nộp hồ sơ đăng ký khai sinh.
Nha Trang, ngày 18 tháng 03 năm 2024
Người làm đơn"""
