#!/usr/bin/env python3
"""Generate the blank DOCX form templates referenced by catalogue/procedures/*.json.

Usage:  pip install python-docx && python3 make_templates.py
Writes one .docx per entry of FORMS into the directory containing this script.
The forms reproduce the official titles and the blank fields of the forms used
for each procedure; they are simplified sample layouts, not facsimiles.
"""
import datetime
import os
import unicodedata
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = os.path.dirname(os.path.abspath(__file__))
DOTS = "…" * 30

# Each form: title, optional basis line, addressee, sections [(heading|None, [field labels])],
# commitment sentence, signer label.
FORMS = {
    "to-khai-dang-ky-khai-sinh.docx": dict(
        title="TỜ KHAI ĐĂNG KÝ KHAI SINH",
        basis="(Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP của Bộ trưởng Bộ Tư pháp)",
        to="Ủy ban nhân dân xã/phường",
        sections=[
            (None, ["Họ, chữ đệm, tên người yêu cầu", "Số định danh cá nhân/Giấy tờ tùy thân",
                    "Nơi cư trú", "Quan hệ với người được khai sinh"]),
            ("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
             ["Họ, chữ đệm, tên", "Ngày, tháng, năm sinh (ghi bằng số và bằng chữ)", "Giới tính",
              "Dân tộc", "Quốc tịch", "Nơi sinh", "Quê quán"]),
            ("Thông tin về người mẹ:", ["Họ, chữ đệm, tên", "Năm sinh", "Dân tộc", "Quốc tịch",
                                         "Số định danh cá nhân", "Nơi cư trú"]),
            ("Thông tin về người cha:", ["Họ, chữ đệm, tên", "Năm sinh", "Dân tộc", "Quốc tịch",
                                          "Số định danh cá nhân", "Nơi cư trú"]),
            (None, ["Đề nghị cấp bản sao Trích lục khai sinh: Có ☐  Không ☐  Số lượng: …… bản"]),
        ],
        commit="Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận nhất trí của các bên liên quan theo quy định pháp luật.",
        signer="NGƯỜI YÊU CẦU",
    ),
    "to-khai-dang-ky-ket-hon.docx": dict(
        title="TỜ KHAI ĐĂNG KÝ KẾT HÔN",
        basis="(Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP của Bộ trưởng Bộ Tư pháp)",
        to="Ủy ban nhân dân xã/phường",
        sections=[
            ("Thông tin bên nữ:", ["Họ, chữ đệm, tên", "Ngày, tháng, năm sinh", "Dân tộc", "Quốc tịch",
                                    "Nơi cư trú", "Số định danh cá nhân/Giấy tờ tùy thân",
                                    "Kết hôn lần thứ mấy"]),
            ("Thông tin bên nam:", ["Họ, chữ đệm, tên", "Ngày, tháng, năm sinh", "Dân tộc", "Quốc tịch",
                                     "Nơi cư trú", "Số định danh cá nhân/Giấy tờ tùy thân",
                                     "Kết hôn lần thứ mấy"]),
            (None, ["Đề nghị cấp bản sao Giấy chứng nhận kết hôn: Có ☐  Không ☐  Số lượng: …… bản"]),
        ],
        commit="Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam.",
        signer="BÊN NỮ                                        BÊN NAM",
    ),
    "to-khai-dang-ky-khai-tu.docx": dict(
        title="TỜ KHAI ĐĂNG KÝ KHAI TỬ",
        basis="(Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP của Bộ trưởng Bộ Tư pháp)",
        to="Ủy ban nhân dân xã/phường",
        sections=[
            (None, ["Họ, chữ đệm, tên người yêu cầu", "Số định danh cá nhân/Giấy tờ tùy thân",
                    "Nơi cư trú", "Quan hệ với người đã chết"]),
            ("Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:",
             ["Họ, chữ đệm, tên", "Ngày, tháng, năm sinh", "Giới tính", "Dân tộc", "Quốc tịch",
              "Số định danh cá nhân", "Nơi cư trú cuối cùng", "Đã chết vào lúc …… giờ …… phút, ngày …… tháng …… năm ……",
              "Nơi chết", "Nguyên nhân chết",
              "Số Giấy báo tử/Giấy tờ thay Giấy báo tử, cơ quan cấp, ngày cấp"]),
            (None, ["Đề nghị cấp bản sao Trích lục khai tử: Có ☐  Không ☐  Số lượng: …… bản"]),
        ],
        commit="Tôi cam đoan nội dung đề nghị đăng ký khai tử trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        signer="NGƯỜI YÊU CẦU",
    ),
    "to-khai-cap-giay-xac-nhan-tinh-trang-hon-nhan.docx": dict(
        title="TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
        basis="(Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP của Bộ trưởng Bộ Tư pháp)",
        to="Ủy ban nhân dân xã/phường",
        sections=[
            (None, ["Họ, chữ đệm, tên người yêu cầu", "Số định danh cá nhân/Giấy tờ tùy thân",
                    "Nơi cư trú", "Quan hệ với người được cấp Giấy xác nhận tình trạng hôn nhân"]),
            ("Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:",
             ["Họ, chữ đệm, tên", "Ngày, tháng, năm sinh", "Giới tính", "Dân tộc", "Quốc tịch",
              "Số định danh cá nhân", "Nơi cư trú",
              "Trong thời gian cư trú tại …… từ ngày …… tháng …… năm …… đến ngày …… tháng …… năm ……",
              "Tình trạng hôn nhân",
              "Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân"]),
            (None, ["Số lượng Giấy xác nhận tình trạng hôn nhân đề nghị cấp: …… bản"]),
        ],
        commit="Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        signer="NGƯỜI YÊU CẦU",
    ),
    "to-khai-thay-doi-cai-chinh-bo-sung-thong-tin-ho-tich.docx": dict(
        title="TỜ KHAI ĐĂNG KÝ VIỆC THAY ĐỔI, CẢI CHÍNH, BỔ SUNG THÔNG TIN HỘ TỊCH",
        basis="(Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP của Bộ trưởng Bộ Tư pháp)",
        to="Ủy ban nhân dân xã/phường",
        sections=[
            (None, ["Họ, chữ đệm, tên người yêu cầu", "Số định danh cá nhân/Giấy tờ tùy thân",
                    "Nơi cư trú", "Quan hệ với người được thay đổi, cải chính, bổ sung thông tin hộ tịch"]),
            ("Thông tin của người được thay đổi, cải chính, bổ sung thông tin hộ tịch:",
             ["Họ, chữ đệm, tên", "Ngày, tháng, năm sinh", "Giới tính", "Số định danh cá nhân", "Nơi cư trú",
              "Đã đăng ký (khai sinh/kết hôn/khai tử…) tại …… ngày …… theo số đăng ký ……",
              "Nội dung đề nghị thay đổi/cải chính/bổ sung: từ …… thành ……", "Lý do"]),
            (None, ["Đề nghị cấp bản sao Trích lục: Có ☐  Không ☐  Số lượng: …… bản"]),
        ],
        commit="Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        signer="NGƯỜI YÊU CẦU",
    ),
    "to-khai-yeu-cau-cap-phieu-ly-lich-tu-phap.docx": dict(
        title="TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
        basis="(Dùng cho cá nhân có yêu cầu cấp Phiếu lý lịch tư pháp)",
        to="Công an tỉnh",
        sections=[
            ("1. Thông tin về người yêu cầu cấp Phiếu:",
             ["Họ và tên", "Tên gọi khác (nếu có)", "Giới tính", "Ngày, tháng, năm sinh", "Nơi sinh",
              "Quốc tịch", "Dân tộc", "Số định danh cá nhân/Số Hộ chiếu", "Nơi thường trú",
              "Nơi tạm trú", "Số điện thoại", "Thư điện tử"]),
            ("2. Thông tin về cha, mẹ, vợ/chồng (chỉ kê khai khi yêu cầu cấp Phiếu số 2):",
             ["Họ và tên cha", "Năm sinh của cha", "Họ và tên mẹ", "Năm sinh của mẹ",
              "Họ và tên vợ/chồng", "Năm sinh của vợ/chồng"]),
            ("3. Quá trình cư trú (từ đủ 14 tuổi trở lên):",
             ["Từ tháng, năm …… đến tháng, năm …… — Nơi cư trú — Nghề nghiệp, nơi làm việc"]),
            ("4. Yêu cầu cấp Phiếu:",
             ["Loại Phiếu yêu cầu cấp: Phiếu số 1 ☐   Phiếu số 2 ☐",
              "Yêu cầu xác nhận về việc có bị cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã hay không: Có ☐  Không ☐",
              "Mục đích sử dụng Phiếu", "Số lượng Phiếu yêu cầu cấp: …… Phiếu",
              "Hình thức nhận kết quả: Trực tiếp ☐  Qua bưu chính ☐  Bản điện tử ☐"]),
        ],
        commit="Tôi xin cam đoan những lời khai trên là đúng sự thật và chịu trách nhiệm về lời khai của mình.",
        signer="NGƯỜI KHAI",
    ),
    "to-khai-thay-doi-thong-tin-cu-tru-ct01.docx": dict(
        title="TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
        basis="(Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA của Bộ trưởng Bộ Công an)",
        to="Công an xã/phường",
        sections=[
            (None, ["1. Họ, chữ đệm và tên", "2. Ngày, tháng, năm sinh", "3. Giới tính",
                    "4. Số định danh cá nhân", "5. Số điện thoại liên hệ", "6. Email",
                    "7. Họ, chữ đệm và tên chủ hộ", "8. Mối quan hệ với chủ hộ",
                    "9. Số định danh cá nhân của chủ hộ",
                    "10. Nội dung đề nghị (đăng ký thường trú/tạm trú/gia hạn tạm trú/xóa đăng ký…)"]),
            ("11. Những thành viên trong hộ gia đình cùng thay đổi:",
             ["Họ, chữ đệm và tên — Ngày sinh — Giới tính — Số định danh cá nhân — Mối quan hệ với chủ hộ"]),
            ("Ý kiến của chủ hộ/chủ sở hữu chỗ ở hợp pháp/cha, mẹ hoặc người giám hộ:",
             ["Họ và tên, chữ ký"]),
        ],
        commit="Tôi cam đoan những nội dung khai trên là đúng sự thật.",
        signer="NGƯỜI KÊ KHAI",
    ),
    "giay-de-nghi-dang-ky-doanh-nghiep.docx": dict(
        title="GIẤY ĐỀ NGHỊ ĐĂNG KÝ DOANH NGHIỆP",
        basis="(Mẫu ban hành kèm theo Thông tư số 68/2025/TT-BTC của Bộ trưởng Bộ Tài chính)",
        to="Phòng Đăng ký kinh doanh — Sở Tài chính tỉnh",
        sections=[
            (None, ["Tôi là (ghi họ tên bằng chữ in hoa)",
                    "Đăng ký công ty/doanh nghiệp do tôi là người đại diện theo pháp luật/chủ doanh nghiệp tư nhân/chủ sở hữu với các nội dung sau:"]),
            ("1. Tình trạng thành lập:", ["Thành lập mới ☐  Thành lập trên cơ sở chuyển đổi ☐  Thành lập trên cơ sở chuyển đổi từ hộ kinh doanh ☐"]),
            ("2. Tên doanh nghiệp:", ["Tên doanh nghiệp viết bằng tiếng Việt", "Tên doanh nghiệp viết bằng tiếng nước ngoài (nếu có)",
                                      "Tên doanh nghiệp viết tắt (nếu có)"]),
            ("3. Địa chỉ trụ sở chính:", ["Số nhà, ngách, hẻm, ngõ, đường phố/tổ/xóm/ấp/thôn", "Xã/Phường", "Tỉnh/Thành phố",
                                           "Điện thoại", "Thư điện tử", "Website"]),
            ("4. Ngành, nghề kinh doanh:", ["Tên ngành — Mã ngành (cấp 4 theo Hệ thống ngành kinh tế Việt Nam) — Ngành, nghề kinh doanh chính"]),
            ("5. Vốn:", ["Vốn điều lệ/Vốn đầu tư (bằng số; VNĐ)", "Vốn điều lệ/Vốn đầu tư (bằng chữ; VNĐ)",
                         "Nguồn vốn điều lệ/Vốn đầu tư", "Tài sản góp vốn"]),
            ("6. Thông tin đăng ký thuế:", ["Thông tin về Giám đốc (Tổng giám đốc), Kế toán trưởng/Phụ trách kế toán",
                                            "Địa chỉ nhận thông báo thuế", "Ngày bắt đầu hoạt động", "Hình thức hạch toán",
                                            "Năm tài chính", "Tổng số lao động dự kiến", "Phương pháp tính thuế GTGT"]),
            ("7. Chủ sở hữu hưởng lợi (nếu có):", ["Thông tin theo Danh sách chủ sở hữu hưởng lợi kèm theo"]),
        ],
        commit="Tôi cam kết: trụ sở chính thuộc quyền sở hữu/quyền sử dụng hợp pháp của doanh nghiệp; chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác và trung thực của nội dung đề nghị đăng ký doanh nghiệp trên.",
        signer="NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT/CHỦ DOANH NGHIỆP TƯ NHÂN",
    ),
    "thong-bao-thay-doi-noi-dung-dang-ky-doanh-nghiep.docx": dict(
        title="THÔNG BÁO THAY ĐỔI NỘI DUNG ĐĂNG KÝ DOANH NGHIỆP",
        basis="(Mẫu ban hành kèm theo Thông tư số 68/2025/TT-BTC của Bộ trưởng Bộ Tài chính)",
        to="Phòng Đăng ký kinh doanh — Sở Tài chính tỉnh",
        sections=[
            ("Tên doanh nghiệp:", ["Tên doanh nghiệp (ghi bằng chữ in hoa)", "Mã số doanh nghiệp/Mã số thuế"]),
            ("Đăng ký/thông báo thay đổi nội dung sau:",
             ["☐ Tên doanh nghiệp", "☐ Địa chỉ trụ sở chính", "☐ Người đại diện theo pháp luật",
              "☐ Vốn điều lệ, tỷ lệ vốn góp", "☐ Thành viên/Chủ sở hữu", "☐ Ngành, nghề kinh doanh",
              "☐ Thông tin đăng ký thuế", "☐ Nội dung khác"]),
            ("Nội dung thay đổi:", ["Thông tin đã đăng ký", "Thông tin đăng ký thay đổi", "Lý do thay đổi (nếu có)"]),
        ],
        commit="Doanh nghiệp cam kết chịu trách nhiệm hoàn toàn trước pháp luật về tính hợp pháp, chính xác, trung thực của nội dung Thông báo này.",
        signer="NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT CỦA DOANH NGHIỆP",
    ),
    "giay-de-nghi-dang-ky-ho-kinh-doanh.docx": dict(
        title="GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH",
        basis="(Mẫu ban hành kèm theo Thông tư số 68/2025/TT-BTC của Bộ trưởng Bộ Tài chính)",
        to="Cơ quan đăng ký kinh doanh — Ủy ban nhân dân xã/phường",
        sections=[
            ("Thông tin chủ hộ kinh doanh:", ["Họ và tên (ghi bằng chữ in hoa)", "Ngày, tháng, năm sinh", "Giới tính",
                                              "Số định danh cá nhân", "Địa chỉ liên lạc", "Điện thoại", "Thư điện tử"]),
            ("Đăng ký hộ kinh doanh với các nội dung sau:",
             ["1. Tên hộ kinh doanh (ghi bằng chữ in hoa)", "2. Địa chỉ trụ sở hộ kinh doanh",
              "3. Ngành, nghề kinh doanh", "4. Vốn kinh doanh (bằng số; VNĐ)", "5. Số lượng lao động",
              "6. Thông tin đăng ký thuế: địa chỉ nhận thông báo thuế, ngày bắt đầu hoạt động, phương pháp tính thuế",
              "7. Thông tin các thành viên hộ gia đình tham gia thành lập hộ kinh doanh (nếu có)"]),
        ],
        commit="Tôi cam kết: bản thân không thuộc diện pháp luật cấm kinh doanh; không đồng thời là chủ hộ kinh doanh khác; chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác, trung thực của nội dung kê khai.",
        signer="CHỦ HỘ KINH DOANH",
    ),
    "don-de-nghi-cap-giay-phep-xay-dung.docx": dict(
        title="ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG",
        basis="(Sử dụng cho nhà ở riêng lẻ và công trình; theo mẫu ban hành kèm theo Nghị định số 175/2024/NĐ-CP)",
        to="Cơ quan cấp giấy phép xây dựng",
        sections=[
            ("1. Thông tin về chủ đầu tư:", ["Tên chủ đầu tư (tên chủ hộ)", "Người đại diện", "Chức vụ (nếu có)",
                                             "Địa chỉ liên hệ", "Số điện thoại"]),
            ("2. Thông tin công trình:", ["Địa điểm xây dựng: lô đất số …… diện tích …… m²",
                                          "Tại số nhà …… đường/phố …… xã/phường …… tỉnh ……",
                                          "Giấy tờ về quyền sử dụng đất (số, ngày cấp, cơ quan cấp)"]),
            ("3. Nội dung đề nghị cấp phép:", ["Loại công trình, cấp công trình", "Diện tích xây dựng tầng 1 (m²)",
                                               "Tổng diện tích sàn (m²)", "Chiều cao công trình (m)", "Số tầng (ghi rõ tầng hầm, tầng lửng, tum)",
                                               "Cốt xây dựng", "Mật độ xây dựng", "Hệ số sử dụng đất"]),
            ("4. Đơn vị hoặc người chủ nhiệm thiết kế:", ["Tên đơn vị/cá nhân", "Mã số chứng chỉ năng lực/chứng chỉ hành nghề"]),
            ("5. Dự kiến thời gian hoàn thành công trình:", ["…… tháng"]),
        ],
        commit="Tôi xin cam kết làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn toàn chịu trách nhiệm và bị xử lý theo quy định của pháp luật.",
        signer="NGƯỜI LÀM ĐƠN/ĐẠI DIỆN CHỦ ĐẦU TƯ",
    ),
    "don-dang-ky-dat-dai-tai-san-gan-lien-voi-dat.docx": dict(
        title="ĐƠN ĐĂNG KÝ ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT",
        basis="(Mẫu số 04/ĐK ban hành kèm theo Nghị định số 101/2024/NĐ-CP)",
        to="Ủy ban nhân dân xã/phường",
        sections=[
            ("1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:",
             ["Họ và tên", "Năm sinh", "Số định danh cá nhân", "Địa chỉ"]),
            ("2. Đề nghị:", ["Đăng ký quyền sử dụng đất ☐   Đăng ký quyền sở hữu tài sản gắn liền với đất ☐",
                             "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất: Có ☐  Không ☐"]),
            ("3. Thửa đất đăng ký:", ["Thửa đất số", "Tờ bản đồ số", "Địa chỉ thửa đất", "Diện tích (m²)",
                                      "Sử dụng chung (m²) / Sử dụng riêng (m²)", "Mục đích sử dụng", "Thời điểm bắt đầu sử dụng",
                                      "Thời hạn đề nghị được sử dụng đất", "Nguồn gốc sử dụng"]),
            ("4. Tài sản gắn liền với đất:", ["Loại nhà ở, công trình", "Diện tích xây dựng (m²)", "Diện tích sàn (m²)",
                                              "Kết cấu", "Số tầng", "Năm hoàn thành xây dựng"]),
            ("5. Giấy tờ nộp kèm theo đơn:", ["Danh mục giấy tờ"]),
        ],
        commit="Tôi cam đoan nội dung kê khai trên đơn là đúng sự thật, nếu sai tôi hoàn toàn chịu trách nhiệm trước pháp luật.",
        signer="NGƯỜI VIẾT ĐƠN",
    ),
    "don-dang-ky-bien-dong-dat-dai.docx": dict(
        title="ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT",
        basis="(Mẫu số 11/ĐK ban hành kèm theo Nghị định số 101/2024/NĐ-CP)",
        to="Văn phòng Đăng ký đất đai tỉnh",
        sections=[
            ("1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:",
             ["Họ và tên/Tên tổ chức", "Số định danh cá nhân/Mã số doanh nghiệp", "Địa chỉ"]),
            ("2. Giấy chứng nhận đã cấp:", ["Số vào sổ cấp GCN", "Số phát hành GCN", "Ngày cấp GCN"]),
            ("3. Nội dung biến động:", ["Thửa đất số …… Tờ bản đồ số ……",
                                        "Nội dung trên GCN trước khi biến động", "Nội dung sau khi biến động",
                                        "Lý do biến động (chuyển nhượng, tặng cho, thừa kế, tách thửa, hợp thửa, đổi tên…)"]),
            ("4. Đề nghị:", ["Cấp mới Giấy chứng nhận: Có ☐  Không ☐ (xác nhận biến động trên GCN đã cấp)"]),
            ("5. Giấy tờ nộp kèm theo đơn:", ["Danh mục giấy tờ"]),
        ],
        commit="Tôi cam đoan nội dung kê khai trên đơn là đúng sự thật, nếu sai tôi hoàn toàn chịu trách nhiệm trước pháp luật.",
        signer="NGƯỜI VIẾT ĐƠN",
    ),
    "phieu-yeu-cau-dang-ky-bien-phap-bao-dam.docx": dict(
        title="PHIẾU YÊU CẦU ĐĂNG KÝ BIỆN PHÁP BẢO ĐẢM BẰNG QUYỀN SỬ DỤNG ĐẤT, TÀI SẢN GẮN LIỀN VỚI ĐẤT",
        basis="(Theo mẫu ban hành kèm theo Nghị định số 99/2022/NĐ-CP)",
        to="Văn phòng Đăng ký đất đai tỉnh",
        sections=[
            ("Phần kê khai của người yêu cầu đăng ký:", [
                "1. Loại đăng ký: Thế chấp ☐  Thay đổi nội dung đã đăng ký ☐  Xóa đăng ký ☐",
                "2. Bên bảo đảm: Họ tên/Tên tổ chức; Số định danh/Mã số doanh nghiệp; Địa chỉ",
                "3. Bên nhận bảo đảm: Tên tổ chức/cá nhân; Mã số; Địa chỉ",
                "4. Mô tả tài sản bảo đảm: thửa đất số …… tờ bản đồ số …… địa chỉ …… số phát hành GCN ……",
                "5. Hợp đồng bảo đảm: số …… ký ngày ……",
                "6. Phương thức nhận kết quả: Trực tiếp ☐  Qua bưu chính ☐  Qua hệ thống điện tử ☐"]),
        ],
        commit="Người yêu cầu đăng ký cam đoan những thông tin được kê khai trên phiếu này là trung thực, đầy đủ, phù hợp với thỏa thuận của các bên.",
        signer="BÊN BẢO ĐẢM                              BÊN NHẬN BẢO ĐẢM",
    ),
    "van-ban-de-nghi-thuc-hien-du-an-dau-tu.docx": dict(
        title="VĂN BẢN ĐỀ NGHỊ THỰC HIỆN DỰ ÁN ĐẦU TƯ",
        basis="(Mẫu A.I.1 ban hành kèm theo Thông tư số 03/2021/TT-BKHĐT)",
        to="Sở Tài chính tỉnh",
        sections=[
            ("I. Nhà đầu tư:", ["Tên nhà đầu tư/Họ và tên", "Số định danh/Mã số doanh nghiệp/Số Hộ chiếu",
                                "Quốc tịch", "Địa chỉ trụ sở/Địa chỉ liên lạc", "Điện thoại", "Email"]),
            ("II. Thông tin về dự án đầu tư:", ["1. Tên dự án", "2. Mục tiêu dự án", "3. Quy mô dự án",
                                                "4. Địa điểm thực hiện dự án", "5. Diện tích đất, mặt nước sử dụng",
                                                "6. Tổng vốn đầu tư (VNĐ và tương đương USD)", "7. Vốn góp của nhà đầu tư, tỷ lệ và tiến độ góp vốn",
                                                "8. Thời hạn hoạt động của dự án", "9. Tiến độ thực hiện dự án",
                                                "10. Đề xuất nhu cầu sử dụng đất", "11. Đề xuất hưởng ưu đãi đầu tư (nếu có)"]),
        ],
        commit="Nhà đầu tư cam kết chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác, trung thực của hồ sơ và tuân thủ quy định của pháp luật Việt Nam.",
        signer="NHÀ ĐẦU TƯ",
    ),
    "don-de-nghi-doi-cap-lai-giay-phep-lai-xe.docx": dict(
        title="ĐƠN ĐỀ NGHỊ ĐỔI, CẤP LẠI GIẤY PHÉP LÁI XE",
        basis="(Theo mẫu ban hành kèm theo Thông tư số 35/2024/TT-BCA)",
        to="Phòng Cảnh sát giao thông — Công an tỉnh",
        sections=[
            (None, ["Họ và tên", "Ngày, tháng, năm sinh", "Quốc tịch", "Số định danh cá nhân/Số Hộ chiếu",
                    "Nơi cư trú", "Đã có giấy phép lái xe số …… hạng …… do …… cấp ngày ……",
                    "Lý do đề nghị: Đổi ☐ (hết hạn/hỏng/thay đổi thông tin)   Cấp lại ☐ (bị mất)",
                    "Đề nghị cấp: Giấy phép lái xe hạng ……",
                    "Hình thức nhận kết quả: Trực tiếp ☐  Qua bưu chính ☐"]),
        ],
        commit="Tôi xin cam đoan những điều ghi trên đây là đúng sự thật; nếu sai tôi xin hoàn toàn chịu trách nhiệm.",
        signer="NGƯỜI LÀM ĐƠN",
    ),
    "giay-de-nghi-cap-giay-phep-kinh-doanh-van-tai.docx": dict(
        title="GIẤY ĐỀ NGHỊ CẤP, CẤP LẠI GIẤY PHÉP KINH DOANH VẬN TẢI BẰNG XE Ô TÔ",
        basis="(Theo mẫu ban hành kèm theo Nghị định số 158/2024/NĐ-CP)",
        to="Sở Xây dựng tỉnh",
        sections=[
            (None, ["1. Tên đơn vị kinh doanh vận tải", "2. Tên giao dịch quốc tế (nếu có)", "3. Địa chỉ trụ sở",
                    "4. Số điện thoại, thư điện tử", "5. Mã số doanh nghiệp/Mã số hộ kinh doanh, ngày cấp, cơ quan cấp",
                    "6. Họ và tên người đại diện theo pháp luật",
                    "7. Đề nghị cấp phép kinh doanh các loại hình vận tải: ☐ Tuyến cố định ☐ Xe buýt ☐ Taxi ☐ Hợp đồng ☐ Du lịch ☐ Hàng hóa",
                    "8. Lý do đề nghị cấp lại (nếu có)"]),
        ],
        commit="Đơn vị kinh doanh vận tải cam kết những nội dung đăng ký đúng với thực tế và chấp hành đầy đủ các quy định về kinh doanh, điều kiện kinh doanh vận tải bằng xe ô tô.",
        signer="ĐẠI DIỆN ĐƠN VỊ KINH DOANH VẬN TẢI",
    ),
    "van-ban-de-nghi-cap-giay-phep-lao-dong.docx": dict(
        title="VĂN BẢN ĐỀ NGHỊ CẤP/CẤP LẠI/GIA HẠN GIẤY PHÉP LAO ĐỘNG",
        basis="(Theo mẫu ban hành kèm theo Nghị định số 219/2025/NĐ-CP)",
        to="Sở Nội vụ tỉnh",
        sections=[
            ("1. Người sử dụng lao động:", ["Tên doanh nghiệp/tổ chức", "Mã số doanh nghiệp", "Địa chỉ", "Điện thoại, email",
                                            "Người đại diện liên hệ"]),
            ("2. Người lao động nước ngoài:", ["Họ và tên (chữ in hoa)", "Ngày sinh", "Giới tính", "Quốc tịch",
                                               "Số hộ chiếu, ngày hết hạn", "Vị trí công việc", "Chức danh công việc",
                                               "Hình thức làm việc", "Địa điểm làm việc", "Thời hạn làm việc: từ …… đến ……"]),
            ("3. Nội dung đề nghị:", ["Cấp mới ☐  Cấp lại ☐  Gia hạn ☐", "Số giấy phép lao động đã cấp (nếu có)",
                                      "Lý do cấp lại/gia hạn (nếu có)"]),
        ],
        commit="Người sử dụng lao động cam kết những thông tin nêu trên là đúng sự thật và chịu trách nhiệm trước pháp luật.",
        signer="ĐẠI DIỆN NGƯỜI SỬ DỤNG LAO ĐỘNG",
    ),
    "de-nghi-huong-tro-cap-that-nghiep.docx": dict(
        title="ĐỀ NGHỊ HƯỞNG TRỢ CẤP THẤT NGHIỆP",
        basis="(Mẫu theo quy định hướng dẫn Luật Việc làm về bảo hiểm thất nghiệp)",
        to="Trung tâm Dịch vụ việc làm tỉnh",
        sections=[
            (None, ["Tên tôi là", "Sinh ngày …… tháng …… năm ……", "Giới tính", "Số định danh cá nhân",
                    "Số sổ bảo hiểm xã hội", "Số điện thoại", "Địa chỉ email (nếu có)", "Dân tộc, tôn giáo",
                    "Số tài khoản (ATM), ngân hàng", "Trình độ đào tạo, ngành nghề đào tạo", "Nơi thường trú", "Chỗ ở hiện nay",
                    "Ngày …… tháng …… năm …… tôi đã chấm dứt hợp đồng lao động/hợp đồng làm việc với (tên đơn vị)",
                    "Lý do chấm dứt hợp đồng", "Số tháng đã đóng bảo hiểm thất nghiệp",
                    "Nơi đề nghị nhận trợ cấp thất nghiệp (bưu điện/tài khoản)"]),
        ],
        commit="Tôi cam đoan nội dung ghi trên là hoàn toàn đúng sự thật, nếu sai tôi sẽ chịu trách nhiệm trước pháp luật.",
        signer="NGƯỜI ĐỀ NGHỊ",
    ),
    "to-khai-de-nghi-tro-giup-xa-hoi.docx": dict(
        title="TỜ KHAI ĐỀ NGHỊ TRỢ GIÚP XÃ HỘI",
        basis="(Áp dụng đối với đối tượng quy định tại Nghị định số 20/2021/NĐ-CP)",
        to="Ủy ban nhân dân xã/phường",
        sections=[
            ("I. Thông tin của đối tượng:", ["1. Họ và tên (viết chữ in hoa)", "Ngày/tháng/năm sinh", "Giới tính", "Dân tộc",
                                             "Số định danh cá nhân", "2. Nơi cư trú", "3. Tình trạng đi học (nếu có)",
                                             "4. Có thẻ bảo hiểm y tế không", "5. Đang hưởng chế độ nào sau đây (lương hưu, trợ cấp BHXH, trợ cấp người có công…)",
                                             "6. Thuộc hộ nghèo/cận nghèo không", "7. Có khuyết tật không (dạng tật, mức độ)",
                                             "8. Thông tin về mẹ, cha, vợ/chồng, con (nếu có)"]),
            ("II. Thông tin người chăm sóc, nuôi dưỡng (nếu có):", ["Họ và tên", "Số định danh cá nhân", "Quan hệ với đối tượng",
                                                                    "Nơi cư trú"]),
        ],
        commit="Tôi xin cam đoan những lời khai trên là đúng sự thật, nếu có điều gì khai không đúng tôi xin chịu trách nhiệm hoàn toàn.",
        signer="NGƯỜI KHAI",
    ),
    "don-de-nghi-xac-dinh-muc-do-khuyet-tat.docx": dict(
        title="ĐƠN ĐỀ NGHỊ XÁC ĐỊNH, XÁC ĐỊNH LẠI MỨC ĐỘ KHUYẾT TẬT VÀ CẤP, CẤP ĐỔI, CẤP LẠI GIẤY XÁC NHẬN KHUYẾT TẬT",
        basis="(Theo mẫu ban hành kèm theo Thông tư số 01/2019/TT-BLĐTBXH)",
        to="Chủ tịch Hội đồng xác định mức độ khuyết tật xã/phường",
        sections=[
            ("Thông tin người được đề nghị xác định mức độ khuyết tật:",
             ["Họ và tên", "Ngày, tháng, năm sinh", "Giới tính", "Số định danh cá nhân", "Nơi cư trú"]),
            ("Thông tin người đại diện hợp pháp (nếu có):",
             ["Họ và tên", "Quan hệ với người được xác định mức độ khuyết tật", "Số điện thoại"]),
            ("Nội dung đề nghị:", ["Xác định mức độ khuyết tật ☐  Xác định lại mức độ khuyết tật ☐",
                                   "Cấp ☐  Cấp đổi ☐  Cấp lại ☐ Giấy xác nhận khuyết tật",
                                   "Lý do đề nghị", "Hồ sơ, giấy tờ kèm theo (nếu có)"]),
        ],
        commit="Tôi xin cam đoan những lời khai trên là đúng sự thật.",
        signer="NGƯỜI VIẾT ĐƠN",
    ),
    "don-de-nghi-cap-giay-phep-hanh-nghe-kham-chua-benh.docx": dict(
        title="ĐƠN ĐỀ NGHỊ CẤP MỚI GIẤY PHÉP HÀNH NGHỀ KHÁM BỆNH, CHỮA BỆNH",
        basis="(Theo mẫu ban hành kèm theo Nghị định số 96/2023/NĐ-CP)",
        to="Sở Y tế tỉnh",
        sections=[
            (None, ["Họ và tên", "Ngày, tháng, năm sinh", "Số định danh cá nhân/Số Hộ chiếu", "Địa chỉ cư trú",
                    "Điện thoại", "Email", "Văn bằng chuyên môn (tên, số hiệu, ngày cấp, cơ sở đào tạo)",
                    "Chức danh đề nghị cấp giấy phép hành nghề", "Phạm vi hành nghề đề nghị",
                    "Đã qua kiểm tra đánh giá năng lực hành nghề (số, ngày Giấy chứng nhận/kết quả)",
                    "Ảnh chân dung 04 cm × 06 cm chụp trong thời gian không quá 06 tháng"]),
        ],
        commit="Tôi xin cam đoan những thông tin kê khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật.",
        signer="NGƯỜI LÀM ĐƠN",
    ),
    "don-de-nghi-cap-chung-chi-hanh-nghe-duoc.docx": dict(
        title="ĐƠN ĐỀ NGHỊ CẤP CHỨNG CHỈ HÀNH NGHỀ DƯỢC",
        basis="(Theo mẫu ban hành kèm theo Nghị định số 54/2017/NĐ-CP)",
        to="Sở Y tế tỉnh",
        sections=[
            (None, ["Họ và tên", "Ngày, tháng, năm sinh", "Số định danh cá nhân/Số Hộ chiếu, ngày cấp, nơi cấp",
                    "Địa chỉ thường trú", "Điện thoại", "Email", "Văn bằng chuyên môn",
                    "Hình thức đề nghị cấp: Xét hồ sơ ☐  Thi ☐",
                    "Đề nghị cấp Chứng chỉ hành nghề dược với phạm vi hoạt động chuyên môn",
                    "Vị trí hành nghề (Người chịu trách nhiệm chuyên môn về dược của nhà thuốc/quầy thuốc/cơ sở…)"]),
        ],
        commit="Tôi xin cam đoan những nội dung trên là đúng sự thật và chịu trách nhiệm trước pháp luật.",
        signer="NGƯỜI LÀM ĐƠN",
    ),
}


def _font(run, size=13, bold=False, italic=False):
    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic


def _para(doc, text, align=None, size=13, bold=False, italic=False, space_after=4):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    _font(p.add_run(text), size, bold, italic)
    return p


def _slim(doc):
    """Drop optional parts of the default python-docx template (thumbnail,
    stylesWithEffects, customXml) so each form stays well under 40 KB."""
    drop = ("thumbnail", "stylesWithEffects", "customXml")
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if any(d in rel.reltype for d in drop):
            pkg.rels.pop(rid)
    for rid, rel in list(doc.part.rels.items()):
        if any(d in rel.reltype for d in drop):
            doc.part.rels.pop(rid)


def build(filename, spec, outdir=HERE):
    doc = Document()
    _slim(doc)
    doc.core_properties.title = spec["title"]
    doc.core_properties.author = "Một Cửa — catalogue"
    C = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", C, 13, bold=True, space_after=0)
    _para(doc, "Độc lập - Tự do - Hạnh phúc", C, 13, bold=True, space_after=12)
    _para(doc, spec["title"], C, 14, bold=True, space_after=2)
    if spec.get("basis"):
        _para(doc, spec["basis"], C, 11, italic=True, space_after=10)
    _para(doc, "Kính gửi: " + spec["to"] + " " + "…" * 20, C, 13, space_after=10)
    for heading, fields in spec["sections"]:
        if heading:
            _para(doc, heading, None, 13, bold=True, space_after=2)
        for label in fields:
            if label.endswith(":") or "☐" in label or "……" in label:
                _para(doc, label, None, 13)
            else:
                _para(doc, f"{label}: {DOTS}", None, 13)
    _para(doc, spec["commit"], None, 13, italic=True, space_after=10)
    _para(doc, "…………, ngày …… tháng …… năm ……", WD_ALIGN_PARAGRAPH.RIGHT, 13, italic=True, space_after=2)
    _para(doc, spec["signer"], WD_ALIGN_PARAGRAPH.RIGHT, 13, bold=True, space_after=0)
    _para(doc, "(Ký, ghi rõ họ, chữ đệm, tên)", WD_ALIGN_PARAGRAPH.RIGHT, 12, italic=True)
    # fixed metadata so reruns produce byte-identical files
    fixed = datetime.datetime(2025, 7, 1, 0, 0, 0)
    doc.core_properties.created = fixed
    doc.core_properties.modified = fixed
    doc.core_properties.last_modified_by = "Một Cửa — catalogue"
    doc.core_properties.revision = 1
    path = os.path.join(outdir, filename)
    doc.save(path)
    _normalise_zip(path)
    return path


def _normalise_zip(path):
    """Rewrite the archive with fixed timestamps and entry order (deterministic output)."""
    with zipfile.ZipFile(path) as zin:
        entries = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)


def main():
    for name, spec in FORMS.items():
        for key in ("title", "basis", "to", "commit", "signer"):
            if spec.get(key):
                spec[key] = unicodedata.normalize("NFC", spec[key])
        path = build(name, spec)
        print(f"{os.path.getsize(path):>7}  {name}")


if __name__ == "__main__":
    main()
