"""Text of papers a one-stop counter meets besides a dossier's components, in the official wording of each
form (TT 04/2020/TT-BTP civil-status papers, CT07 of TT 66/2023/TT-BCA, the 2024 căn cước, legal texts laid
out per Nghị định 30/2020/NĐ-CP), as a text layer or a clean OCR gives them. People and numbers are made up."""

GIAY_KHAI_SINH = """ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG PHƯỚC HÒA   Độc lập - Tự do - Hạnh phúc
THÀNH PHỐ NHA TRANG
TỈNH KHÁNH HÒA
Số: 215
GIẤY KHAI SINH
Họ, chữ đệm, tên: TRẦN BẢO NGỌC
Ngày, tháng, năm sinh: 14/07/2023 ghi bằng chữ: Ngày mười bốn, tháng bảy, năm hai nghìn không trăm hai mươi ba
Giới tính: Nữ   Dân tộc: Kinh   Quốc tịch: Việt Nam
Nơi sinh: Bệnh viện Đa khoa tỉnh Khánh Hòa
Quê quán: xã Diên An, huyện Diên Khánh, tỉnh Khánh Hòa
Số định danh cá nhân: 056323004187
Họ, chữ đệm, tên người mẹ: LÊ THỊ THU HÀ
Năm sinh: 1996   Dân tộc: Kinh   Quốc tịch: Việt Nam
Nơi cư trú: Tổ 3, phường Phước Hòa, thành phố Nha Trang, tỉnh Khánh Hòa
Họ, chữ đệm, tên người cha: TRẦN QUANG VINH
Năm sinh: 1993   Dân tộc: Kinh   Quốc tịch: Việt Nam
Nơi cư trú: Tổ 3, phường Phước Hòa, thành phố Nha Trang, tỉnh Khánh Hòa
Họ, chữ đệm, tên người đi khai sinh: Trần Quang Vinh
Giấy tờ tùy thân: CCCD số 056093001522
Nơi đăng ký khai sinh: Ủy ban nhân dân phường Phước Hòa, thành phố Nha Trang, tỉnh Khánh Hòa
Ngày, tháng, năm đăng ký: 02/08/2023
NGƯỜI ĐI KHAI SINH   NGƯỜI KÝ GIẤY KHAI SINH
(Ký, ghi rõ họ, chữ đệm, tên)   (Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)
Trần Quang Vinh   Phạm Thị Lan"""

TRICH_LUC_KHAI_SINH = """ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ HẢI HẬU   Độc lập - Tự do - Hạnh phúc
Số: 86/TLKS-BS
TRÍCH LỤC KHAI SINH
(BẢN SAO)
Họ, chữ đệm, tên: NGUYỄN ĐỨC ANH
Ngày, tháng, năm sinh: 03/11/2015 ghi bằng chữ: Ngày ba, tháng mười một, năm hai nghìn không trăm mười lăm
Giới tính: Nam   Dân tộc: Kinh   Quốc tịch: Việt Nam
Nơi sinh: Trạm Y tế xã Hải Hậu, huyện Hải Hậu, tỉnh Nam Định
Quê quán: xã Hải Hậu, huyện Hải Hậu, tỉnh Nam Định
Số định danh cá nhân: 036215009931
Họ, chữ đệm, tên người mẹ: ĐOÀN THỊ MAI
Năm sinh: 1990   Dân tộc: Kinh   Quốc tịch: Việt Nam
Họ, chữ đệm, tên người cha: NGUYỄN VĂN TÂM
Năm sinh: 1988   Dân tộc: Kinh   Quốc tịch: Việt Nam
Nơi đăng ký khai sinh: Ủy ban nhân dân xã Hải Hậu, huyện Hải Hậu, tỉnh Nam Định
Ngày, tháng, năm đăng ký: 20/11/2015
Sao từ Sổ đăng ký khai sinh, Quyển số: 01/2015
Hải Hậu, ngày 09 tháng 01 năm 2024
NGƯỜI KÝ TRÍCH LỤC
(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)
Vũ Văn Hùng"""

GIAY_CHUNG_NHAN_KET_HON = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
GIẤY CHỨNG NHẬN KẾT HÔN
Họ, chữ đệm, tên chồng: ĐỖ MINH TUẤN   Họ, chữ đệm, tên vợ: HOÀNG THỊ NGA
Ngày, tháng, năm sinh: 21/02/1992   Ngày, tháng, năm sinh: 30/09/1995
Dân tộc: Kinh   Quốc tịch: Việt Nam   Dân tộc: Tày   Quốc tịch: Việt Nam
Nơi cư trú: Tổ 7, phường Sông Cầu, thành phố Bắc Kạn   Nơi cư trú: Thôn Nà Pài, xã Dương Quang
Giấy tờ tùy thân: CCCD số 006092001748   Giấy tờ tùy thân: CCCD số 006195003312
Nơi đăng ký: Ủy ban nhân dân phường Sông Cầu, thành phố Bắc Kạn, tỉnh Bắc Kạn
Ngày, tháng, năm đăng ký: 12/10/2023
Chồng   Vợ   NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN
(Ký, ghi rõ họ, chữ đệm, tên)   (Ký, ghi rõ họ, chữ đệm, tên)   (Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)
Đỗ Minh Tuấn   Hoàng Thị Nga   Lý Văn Sơn
Số: 42   Quyển số: 01/2023"""

XAC_NHAN_CU_TRU = """Mẫu CT07 ban hành kèm theo Thông tư số 66/2023/TT-BCA ngày 17/11/2023 của Bộ trưởng Bộ Công an
CÔNG AN TỈNH THANH HÓA   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
CÔNG AN PHƯỜNG ĐÔNG THỌ   Độc lập - Tự do - Hạnh phúc
Số: 1582/XN-CAP   Thanh Hóa, ngày 04 tháng 03 năm 2024
GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
Công an phường Đông Thọ xác nhận thông tin về cư trú của ông/bà:
1. Họ, chữ đệm và tên: LÊ VĂN HẢI
2. Ngày, tháng, năm sinh: 08/05/1987   3. Giới tính: Nam
4. Số định danh cá nhân: 038087006241
5. Nơi thường trú: Số 21 Lê Hữu Lập, phường Đông Thọ, thành phố Thanh Hóa, tỉnh Thanh Hóa
6. Nơi tạm trú:
7. Nơi ở hiện tại: Số 21 Lê Hữu Lập, phường Đông Thọ, thành phố Thanh Hóa, tỉnh Thanh Hóa
8. Họ, chữ đệm và tên chủ hộ: LÊ VĂN HẢI   9. Quan hệ với chủ hộ: Chủ hộ
10. Số định danh cá nhân của chủ hộ: 038087006241
11. Thông tin về các thành viên khác trong hộ gia đình:
TT Họ, chữ đệm và tên Ngày, tháng, năm sinh Giới tính Số định danh cá nhân Quan hệ với chủ hộ
1 Mai Thị Hồng 12/12/1990 Nữ 038190004477 Vợ
Giấy xác nhận có giá trị 06 tháng kể từ ngày cấp.
THỦ TRƯỞNG CƠ QUAN
(Ký, ghi rõ họ tên, đóng dấu)"""

# The 2024 card (Luật Căn cước 2023): "Nơi cư trú", "Số định danh cá nhân" and "Nơi đăng ký khai sinh" too.
CAN_CUOC_2024 = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SOCIALIST REPUBLIC OF VIET NAM
Độc lập - Tự do - Hạnh phúc
Independence - Freedom - Happiness
CĂN CƯỚC
IDENTITY CARD
Số định danh cá nhân / Personal identification number: 079201004512
Họ, chữ đệm và tên khai sinh / Full name: PHAN NGỌC TRÂM
Ngày, tháng, năm sinh / Date of birth: 19/04/2001
Giới tính / Sex: Nữ   Quốc tịch / Nationality: Việt Nam
Nơi cư trú / Place of residence: 45 Nguyễn Trãi, Phường 2, Quận 5, Thành phố Hồ Chí Minh
Nơi đăng ký khai sinh / Place of birth: Quận 5, Thành phố Hồ Chí Minh
Ngày, tháng, năm cấp / Date of issue: 15/08/2024
Ngày, tháng, năm hết hạn / Date of expiry: 19/04/2026
BỘ CÔNG AN / MINISTRY OF PUBLIC SECURITY"""

NGHI_DINH = """CHÍNH PHỦ   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 104/2022/NĐ-CP   Hà Nội, ngày 21 tháng 12 năm 2022
NGHỊ ĐỊNH
SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA CÁC NGHỊ ĐỊNH LIÊN QUAN ĐẾN VIỆC NỘP, XUẤT TRÌNH SỔ HỘ KHẨU,
SỔ TẠM TRÚ GIẤY KHI THỰC HIỆN THỦ TỤC HÀNH CHÍNH, CUNG CẤP DỊCH VỤ CÔNG
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Căn cứ Luật Cư trú ngày 13 tháng 11 năm 2020;
Theo đề nghị của Bộ trưởng Bộ Công an;
Chính phủ ban hành Nghị định sửa đổi, bổ sung một số điều của các nghị định liên quan đến việc nộp, xuất
trình sổ hộ khẩu, sổ tạm trú giấy khi thực hiện thủ tục hành chính, cung cấp dịch vụ công.
Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của
Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch
1. Sửa đổi điểm a khoản 1 Điều 2 như sau: "Người yêu cầu đăng ký hộ tịch xuất trình giấy tờ tùy thân".
2. Cơ quan có thẩm quyền quyết định việc khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư.
Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2023.
Điều 3. Trách nhiệm thi hành
Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh chịu trách nhiệm thi hành
Nghị định này./.
Nơi nhận:   TM. CHÍNH PHỦ
- Ban Bí thư Trung ương Đảng;   KT. THỦ TƯỚNG
- Thủ tướng, các Phó Thủ tướng Chính phủ;   PHÓ THỦ TƯỚNG
- Lưu: VT, KSTT (2b)."""

LUAT = """QUỐC HỘI   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Luật số: 68/2020/QH14
LUẬT
CƯ TRÚ
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Cư trú.
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về việc thực hiện quyền tự do cư trú của công dân Việt Nam trên lãnh thổ nước Cộng hòa
xã hội chủ nghĩa Việt Nam; đăng ký, quản lý cư trú; quyền, nghĩa vụ, trách nhiệm của công dân, hộ gia đình.
Điều 2. Giải thích từ ngữ
1. Chỗ ở hợp pháp là nơi được sử dụng để sinh sống, thuộc quyền sở hữu hoặc quyền sử dụng của công dân.
2. Nơi thường trú là nơi công dân sinh sống ổn định, lâu dài và đã được đăng ký thường trú.
3. Nơi tạm trú là nơi công dân sinh sống trong một khoảng thời gian nhất định ngoài nơi thường trú."""

THONG_TU = """BỘ TƯ PHÁP   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 04/2020/TT-BTP   Hà Nội, ngày 28 tháng 5 năm 2020
THÔNG TƯ
Quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11
năm 2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch
Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014;
Căn cứ Nghị định số 96/2017/NĐ-CP ngày 16 tháng 8 năm 2017 của Chính phủ quy định chức năng, nhiệm vụ,
quyền hạn và cơ cấu tổ chức của Bộ Tư pháp;
Theo đề nghị của Cục trưởng Cục Hộ tịch, quốc tịch, chứng thực;
Bộ trưởng Bộ Tư pháp ban hành Thông tư quy định chi tiết thi hành một số điều của Luật Hộ tịch.
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Thông tư này quy định chi tiết việc đăng ký khai sinh, kết hôn, giấy khai sinh, trích lục hộ tịch.
Điều 2. Đối tượng áp dụng
Thông tư này áp dụng đối với cơ quan đăng ký hộ tịch, công chức làm công tác hộ tịch."""

NGHI_QUYET = """HỘI ĐỒNG NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH NAM ĐỊNH   Độc lập - Tự do - Hạnh phúc
Số: 15/2023/NQ-HĐND   Nam Định, ngày 07 tháng 7 năm 2023
NGHỊ QUYẾT
Quy định mức thu lệ phí đăng ký hộ tịch trên địa bàn tỉnh Nam Định
HỘI ĐỒNG NHÂN DÂN TỈNH NAM ĐỊNH
KHÓA XIX, KỲ HỌP THỨ MƯỜI BA
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Luật Phí và lệ phí ngày 25 tháng 11 năm 2015;
Xét Tờ trình số 85/TTr-UBND của Ủy ban nhân dân tỉnh;
QUYẾT NGHỊ:
Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng
Nghị quyết này quy định mức thu lệ phí đăng ký hộ tịch trên địa bàn tỉnh.
Điều 2. Tổ chức thực hiện
Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này."""

CONG_VAN = """ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN GIAO THỦY   Độc lập - Tự do - Hạnh phúc
Số: 1245/UBND-TP   Giao Thủy, ngày 18 tháng 9 năm 2023
V/v hướng dẫn số hóa sổ hộ tịch
Kính gửi: Ủy ban nhân dân các xã, thị trấn.
Thực hiện Kế hoạch số 52/KH-UBND của Ủy ban nhân dân tỉnh về số hóa sổ hộ tịch, Ủy ban nhân dân huyện đề
nghị Ủy ban nhân dân các xã, thị trấn rà soát, cập nhật dữ liệu đăng ký khai sinh, kết hôn vào Cơ sở dữ
liệu hộ tịch điện tử; báo cáo kết quả về Phòng Tư pháp trước ngày 30 tháng 10 năm 2023.
Nhận được Công văn này, đề nghị các đơn vị khẩn trương triển khai thực hiện./.
Nơi nhận:   TM. ỦY BAN NHÂN DÂN
- Như trên;   KT. CHỦ TỊCH
- Lưu: VT, TP.   PHÓ CHỦ TỊCH"""

# A normative decision: numbered with its year and with a Quy định attached (Chương, "Phạm vi điều chỉnh")
# like a law, yet a QUYẾT ĐỊNH by its title block.
QUYET_DINH_BAN_HANH = """ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH BẮC KẠN   Độc lập - Tự do - Hạnh phúc
Số: 20/2024/QĐ-UBND   Bắc Kạn, ngày 12 tháng 6 năm 2024
QUYẾT ĐỊNH
Ban hành Quy định tiếp nhận, số hóa hồ sơ thủ tục hành chính tại Bộ phận Một cửa các cấp
ỦY BAN NHÂN DÂN TỈNH BẮC KẠN
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa;
Căn cứ Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ;
Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy định tiếp nhận, số hóa hồ sơ thủ tục hành chính.
Điều 2. Quyết định này có hiệu lực kể từ ngày 25 tháng 6 năm 2024.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các sở, ban, ngành chịu trách nhiệm thi hành
Quyết định này./.
Nơi nhận:   TM. ỦY BAN NHÂN DÂN
- Như Điều 3;   CHỦ TỊCH
- Lưu: VT.
QUY ĐỊNH
Tiếp nhận, số hóa hồ sơ thủ tục hành chính tại Bộ phận Một cửa các cấp
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc tiếp nhận, số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.
Điều 2. Đối tượng áp dụng
Các cơ quan, đơn vị có Bộ phận Một cửa trên địa bàn tỉnh."""

# A paper of no known type that shares their labels: the card application (CC01 of TT 59/2021/TT-BCA).
TO_KHAI_CAN_CUOC = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
TỜ KHAI CĂN CƯỚC CÔNG DÂN
1. Họ, chữ đệm và tên: Đinh Thị Hảo
2. Họ, chữ đệm và tên gọi khác (nếu có): Không
3. Ngày, tháng, năm sinh: 11/02/1979; 4. Giới tính (Nam/nữ): Nữ
5. Số CMND/CCCD: 040179002381
6. Dân tộc: Thái; 7. Tôn giáo: Không; 8. Quốc tịch: Việt Nam
9. Tình trạng hôn nhân: Đã kết hôn; 10. Nhóm máu (nếu có):
11. Nơi đăng ký khai sinh: xã Châu Tiến, huyện Quỳ Châu, tỉnh Nghệ An
12. Quê quán: xã Châu Tiến, huyện Quỳ Châu, tỉnh Nghệ An
13. Nơi thường trú: Bản Hạt, xã Châu Tiến, huyện Quỳ Châu, tỉnh Nghệ An
14. Nơi ở hiện tại: Bản Hạt, xã Châu Tiến, huyện Quỳ Châu, tỉnh Nghệ An
15. Nghề nghiệp: Giáo viên; 16. Trình độ học vấn: Đại học"""
