"""The Tủa Chùa 2024 Project 7 plan, restated as data (source: the district's plan and its appendices).

Only facts of the plan live here; `load_demo` turns them into rows. Scan errors of the source are
corrected (Tủa Chùa, Tủa Thàng, Huổi Só).
"""

PROVINCE = {"code": "DIEN-BIEN", "name": "Điện Biên", "kind": "province"}
DISTRICT = {"code": "TUA-CHUA", "name": "Tủa Chùa", "kind": "district"}

# (code, short name, full name)
OFFICES = [
    ("TUA-CHUA-LDTBXH", "Phòng LĐTBXH", "Phòng Lao động - Thương binh và Xã hội huyện"),
    ("TUA-CHUA-TCKH", "Phòng TC-KH", "Phòng Tài chính - Kế hoạch huyện"),
    ("TUA-CHUA-NNPTNT", "Phòng NN&PTNT", "Phòng Nông nghiệp và Phát triển nông thôn huyện"),
    ("TUA-CHUA-KTHT", "Phòng KT&HT", "Phòng Kinh tế và Hạ tầng huyện"),
    ("TUA-CHUA-BCD", "BCĐ các CTMTQG", "Ban Chỉ đạo các Chương trình mục tiêu quốc gia huyện"),
    ("TUA-CHUA-BCD-RSHN", "BCĐ rà soát hộ nghèo", "Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo huyện"),
]

PROGRAMME = {
    "code": "GNBV-2021-2025",
    "name": "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025",
    "short_name": "CTMTQG giảm nghèo bền vững 2021-2025",
    "start_year": 2021,
    "end_year": 2025,
}

PLAN = {
    "year": 2024,
    "number": "",
    "symbol": "KH-UBND",
    "title": (
        "Thực hiện Dự án 7: Nâng cao năng lực và giám sát, đánh giá thực hiện Chương trình mục tiêu "
        "quốc gia giảm nghèo bền vững năm 2024"
    ),
    "issue_place": "Tủa Chùa",
    "status": "draft",
    "preamble": (
        "Ủy ban nhân dân huyện Tủa Chùa xây dựng Kế hoạch thực hiện Dự án 7: Nâng cao năng lực và giám sát, "
        "đánh giá thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024 trên địa bàn huyện "
        "như sau:"
    ),
    "objectives": "\n".join(
        [
            "Nâng cao năng lực đội ngũ cán bộ làm công tác giảm nghèo ở các cấp nhằm hỗ trợ người nghèo vươn lên "
            "thoát nghèo, phòng ngừa, hạn chế người dân rơi vào tình trạng nghèo đói; bảo đảm thực hiện Chương "
            "trình đúng mục tiêu, đúng đối tượng, hiệu quả, bền vững.",
            "Tổng hợp, phân tích, đánh giá thông tin về mức độ đạt được theo mục tiêu, chỉ tiêu cụ thể so với "
            "quyết định phê duyệt Chương trình; đề xuất các phương án phục vụ để đảm bảo Chương trình được thực "
            "hiện đúng mục tiêu, đúng tiến độ, đạt chất lượng và trong khuôn khổ các nguồn lực đã được xác định.",
        ]
    ),
    "funding": (
        "Kinh phí triển khai thực hiện được sử dụng từ nguồn kinh phí Dự án 7: Nâng cao năng lực và giám sát, "
        "đánh giá thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững được UBND huyện giao cho Phòng "
        "Lao động - Thương binh và Xã hội năm 2024 tại Quyết định số 3208/QĐ-UBND ngày 19/12/2023 của UBND "
        "huyện Tủa Chùa và nguồn kinh phí chuyển nguồn từ năm 2023 sang năm 2024."
    ),
    "closing": (
        "Trên đây là Kế hoạch thực hiện Dự án 7: Nâng cao năng lực và giám sát, đánh giá thực hiện Chương trình "
        "MTQG giảm nghèo bền vững năm 2024 của UBND huyện Tủa Chùa./."
    ),
    "recipients": "\n".join(
        [
            "Sở LĐ-TB&XH tỉnh Điện Biên;",
            "Lãnh đạo UBND huyện;",
            "Thành viên BCĐ các CTMTQG huyện;",
            "UBND các xã, thị trấn;",
            "Lưu: VT.",
        ]
    ),
    "signing_capacity": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Vừ A Hùng",
}

LEGAL_BASES = [
    "Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ về việc phê duyệt Chương trình mục tiêu "
    "quốc gia giảm nghèo bền vững giai đoạn 2021-2025;",
    "Thông tư số 10/2022/TT-BLĐTBXH ngày 31/5/2022 của Bộ Lao động - Thương binh và Xã hội hướng dẫn giám sát, "
    "đánh giá thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025;",
    "Kế hoạch số 2000/KH-UBND ngày 30/6/2022 của UBND tỉnh Điện Biên về việc thực hiện Chương trình mục tiêu "
    "quốc gia giảm nghèo bền vững giai đoạn 2021-2025, tỉnh Điện Biên;",
    "Kế hoạch số 165/KH-UBND ngày 18/8/2022 của UBND huyện Tủa Chùa về việc thực hiện Chương trình mục tiêu quốc "
    "gia giảm nghèo bền vững giai đoạn 2021-2025 trên địa bàn huyện Tủa Chùa;",
    "Kế hoạch số 20/KH-UBND ngày 25/01/2024 của UBND huyện Tủa Chùa về việc thực hiện Chương trình mục tiêu quốc "
    "gia giảm nghèo bền vững năm 2024 trên địa bàn huyện Tủa Chùa;",
    "Quyết định số 3207/QĐ-UBND ngày 19/12/2023 của UBND huyện Tủa Chùa về việc giao chỉ tiêu kế hoạch phát "
    "triển kinh tế - xã hội, đảm bảo quốc phòng an ninh năm 2024, huyện Tủa Chùa, tỉnh Điện Biên;",
    "Quyết định số 3208/QĐ-UBND ngày 19/12/2023 của UBND huyện Tủa Chùa về việc giao dự toán thu, chi ngân sách "
    "địa phương năm 2024.",
]

COMPONENTS = [
    ("1", "Tiểu dự án 1: Nâng cao năng lực thực hiện Chương trình (NCNL)"),
    ("2", "Tiểu dự án 2: Giám sát, đánh giá"),
]

_BCD_NOTE = "Các thành viên Ban Chỉ đạo các Chương trình mục tiêu quốc gia giai đoạn 2021-2025 trên địa bàn huyện."

ACTIVITIES = [
    {
        "code": "1.1",
        "component": "1",
        "title": "Nâng cao năng lực thực hiện Chương trình",
        "participants_note": (
            "Cấp xã: mỗi xã, thị trấn 09 đại biểu, gồm đại diện lãnh đạo Đảng ủy, HĐND, UBND, Ủy ban MTTQ Việt Nam, "
            "Hội Liên hiệp Phụ nữ, Bí thư Đoàn TNCSHCM; công chức phụ trách lĩnh vực lao động - thương binh và xã "
            "hội, kế toán, địa chính, khuyến nông, khuyến ngư.\n"
            "Cấp thôn, bản: mỗi thôn, bản 05 đại biểu: Bí thư, Trưởng thôn, Trưởng ban công tác Mặt trận, Hội Phụ "
            "nữ thôn, Bí thư Chi đoàn TNCSHCM (có thể đăng ký thêm Người có uy tín, Trưởng nhóm hộ, cộng tác viên "
            "giảm nghèo)."
        ),
        "description": (
            "Bồi dưỡng kiến thức, kỹ năng, nghiệp vụ trong tổ chức thực hiện công tác giảm nghèo cho đội ngũ cán bộ "
            "làm công tác giảm nghèo trên địa bàn huyện; chú trọng các nội dung thực hiện Chương trình, giải quyết "
            "các chiều thiếu hụt dịch vụ xã hội cơ bản cho người nghèo về việc làm, giáo dục nghề nghiệp, đi làm việc "
            "ở nước ngoài theo hợp đồng, y tế, giáo dục, nhà ở, nước sạch và vệ sinh, thông tin. Nâng cao kiến thức, "
            "kỹ năng cho đội ngũ cán bộ làm công tác trợ giúp pháp lý, trợ giúp xã hội và bình đẳng giới nhằm hỗ trợ "
            "hiệu quả cho người nghèo, đối tượng yếu thế, có hoàn cảnh khó khăn."
        ),
        "form_note": (
            "Mở 04 lớp tập huấn cho 708 đại biểu trong Ban Quản lý cấp xã, Ban phát triển thôn, bản, tổ dân phố; "
            "mỗi lớp tập huấn trong 02 ngày."
        ),
        "target_participants": 708,
        "location": "Tại trung tâm huyện (địa điểm cụ thể sẽ thông báo sau bằng Giấy mời)",
        "time_precision": "year",
        "time_note": "Thời gian cụ thể sẽ thông báo sau bằng Giấy mời",
        "lead": "TUA-CHUA-LDTBXH",
        "coordinating": ["TUA-CHUA-BCD"],
        "coordination_note": _BCD_NOTE
        + "\nCác thành viên Ban Chỉ đạo thuộc các phòng, ban cấp huyện cử cán bộ, công chức tham gia hướng dẫn các "
        "nội dung thuộc dự án, tiểu dự án do đơn vị được giao chủ trì khi cơ quan Thường trực Chương trình có đề "
        "nghị phối hợp.",
    },
    {
        "code": "1.2",
        "component": "1",
        "title": "Tổ chức học tập trao đổi kinh nghiệm",
        "participants_note": (
            "Cấp huyện: 12 người (lãnh đạo UBND huyện và cán bộ, công chức cấp huyện).\n"
            "Cấp xã: 36 người (mỗi xã, thị trấn 01 lãnh đạo UBND, 01 công chức văn hóa phụ trách lĩnh vực giảm "
            "nghèo, 01 cán bộ thuộc Ban phát triển thôn, bản, TDP)."
        ),
        "description": (
            "Học tập, trao đổi kinh nghiệm trong công tác lãnh đạo, chỉ đạo, tổ chức triển khai thực hiện các hoạt "
            "động của Chương trình mục tiêu quốc gia giảm nghèo bền vững; tham quan các mô hình điển hình."
        ),
        "form_note": (
            "Tổ chức 01 đoàn dự kiến 48 người đi học tập, trao đổi kinh nghiệm tại một số huyện trong tỉnh và ngoài "
            "tỉnh; dự kiến 08 ngày."
        ),
        "target_participants": 48,
        "location": "Một số huyện trong tỉnh và ngoài tỉnh",
        "time_precision": "quarter",
        "quarter": 2,
        "time_note": "Dự kiến 08 ngày; thời gian cụ thể sẽ thông báo sau bằng văn bản",
        "lead": "TUA-CHUA-LDTBXH",
        "coordinating": ["TUA-CHUA-BCD"],
        "coordination_note": _BCD_NOTE,
    },
    {
        "code": "2.1",
        "component": "2",
        "title": "Giám sát, đánh giá",
        "participants_note": "",
        "description": (
            "Theo dõi, kiểm tra việc chấp hành quy định về quản lý Chương trình; kịp thời phát hiện khó khăn, vướng "
            "mắc trong quá trình triển khai, tổ chức thực hiện Chương trình ở các cấp; đề xuất các giải pháp và kiến "
            "nghị, theo dõi việc thực hiện kiến nghị; xác định mức độ đạt được theo mục tiêu, chỉ tiêu cụ thể. Nội "
            "dung, phương pháp, các bước thực hiện theo Thông tư số 10/2022/TT-BLĐTBXH ngày 31/5/2022."
        ),
        "form_note": (
            "Trực tiếp kiểm tra, giám sát, đánh giá tại các đơn vị trên địa bàn huyện.\n"
            "Gián tiếp kiểm tra, giám sát, đánh giá thông qua báo cáo của các thành viên Ban Chỉ đạo."
        ),
        "target_participants": None,
        "location": "Các đơn vị trên địa bàn huyện",
        "time_precision": "year",
        "time_note": "Thời gian cụ thể sẽ thông báo sau bằng văn bản",
        "lead": "TUA-CHUA-LDTBXH",
        "coordinating": ["TUA-CHUA-BCD"],
        "coordination_note": _BCD_NOTE,
    },
    {
        "code": "2.2a",
        "component": "2",
        "title": "Tập huấn nghiệp vụ rà soát hộ nghèo, hộ cận nghèo năm 2024",
        "participants_note": (
            "Khoảng 380 người: BCĐ rà soát hộ nghèo, hộ cận nghèo cấp huyện, xã và điều tra viên thôn, bản, TDP."
        ),
        "description": (
            "Tổ chức tập huấn nghiệp vụ cho Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo cấp huyện, xã để thực hiện rà "
            "soát hộ nghèo năm 2024 trên địa bàn toàn huyện."
        ),
        "form_note": "",
        "target_participants": 380,
        "target_is_approximate": True,
        "location": "Thời gian và địa điểm cụ thể sẽ có thông báo sau",
        "time_precision": "month",
        "month": 9,
        "time_note": "",
        "lead": "TUA-CHUA-LDTBXH",
        "coordinating": ["TUA-CHUA-BCD-RSHN"],
        "coordination_note": "BCĐ rà soát hộ nghèo, hộ cận nghèo huyện, xã và điều tra viên.",
    },
    {
        "code": "2.2b",
        "component": "2",
        "title": "Kiểm tra, giám sát của BCĐ rà soát hộ nghèo, hộ cận nghèo huyện",
        "participants_note": (
            "Giám sát định kỳ: 01 cuộc tại các xã, thị trấn; đoàn 21 người thuộc BCĐ rà soát hộ nghèo, hộ cận nghèo "
            "cấp huyện.\n"
            "Giám sát đột xuất: 05 cán bộ, công chức thuộc Cơ quan Thường trực BCĐ rà soát hộ nghèo, hộ cận nghèo "
            "huyện."
        ),
        "description": "Kiểm tra, giám sát quá trình rà soát hộ nghèo, hộ cận nghèo năm 2024 tại các xã, thị trấn.",
        "form_note": "",
        "target_participants": None,
        "location": "Tại các xã, thị trấn",
        "time_precision": "quarter",
        "quarter": 4,
        "time_note": "Thời gian cụ thể sẽ thông báo sau bằng văn bản",
        "lead": "TUA-CHUA-LDTBXH",
        "coordinating": ["TUA-CHUA-BCD-RSHN"],
        "coordination_note": (
            "BCĐ rà soát hộ nghèo, hộ cận nghèo huyện; UBND và BCĐ rà soát hộ nghèo, hộ cận nghèo các xã, thị trấn."
        ),
    },
]

_OFFICE_COMMON = [
    "Chủ trì, phối hợp với Phòng Lao động - Thương binh và Xã hội huyện và các đơn vị liên quan tổ chức thực hiện "
    "các nội dung theo quy định;",
]
_APPRAISE_PROJECTS = (
    "Thẩm định các dự án do UBND các xã, thị trấn và các đơn vị liên quan lập gửi thẩm định, trình cấp có thẩm "
    "quyền phê duyệt theo quy định;"
)
_SEND_STAFF = (
    "Cử cán bộ, công chức tham gia hướng dẫn các nội dung thuộc dự án, tiểu dự án do đơn vị được giao chủ trì khi "
    "cơ quan thường trực có yêu cầu phối hợp;"
)
_REPORT = "Tổng hợp kết quả thực hiện dự án báo cáo định kỳ, đột xuất các nội dung thực hiện dự án theo quy định."

# (heading, addressee: office code or "subordinate_units", duties as (text, due date or None, activity code))
RESPONSIBILITIES = [
    (
        "Phòng Lao động - Thương binh và Xã hội huyện",
        "TUA-CHUA-LDTBXH",
        [
            (
                "Chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức triển khai thực hiện Kế hoạch này theo "
                "quy định;",
                None,
                None,
            ),
            (
                "Tham mưu xây dựng kế hoạch, các văn bản cần thiết để tổ chức thực hiện các nội dung kế hoạch;",
                None,
                None,
            ),
            (
                "Lập dự toán kinh phí tổ chức thực hiện các nội dung: Nâng cao năng lực và Giám sát, đánh giá thực "
                "hiện chương trình gửi Phòng Tài chính - Kế hoạch huyện thẩm định, trình phê duyệt dự toán theo quy "
                "định;",
                None,
                None,
            ),
            (
                "Cử cán bộ, công chức tham gia hướng dẫn các nội dung thuộc dự án, tiểu dự án do đơn vị được giao chủ "
                "trì thực hiện;",
                None,
                None,
            ),
            ("Tổng hợp, báo cáo các cấp kết quả thực hiện theo quy định.", None, None),
        ],
    ),
    (
        "Phòng Tài chính - Kế hoạch huyện",
        "TUA-CHUA-TCKH",
        [
            (_OFFICE_COMMON[0], None, None),
            (
                "Thẩm định dự toán do Phòng Lao động - Thương binh và Xã hội huyện lập gửi thẩm định, trình UBND huyện "
                "phê duyệt theo quy định;",
                None,
                None,
            ),
            (_SEND_STAFF, None, None),
            (_REPORT, None, None),
        ],
    ),
    (
        "Phòng Nông nghiệp và Phát triển nông thôn huyện",
        "TUA-CHUA-NNPTNT",
        [
            (_OFFICE_COMMON[0], None, None),
            (_APPRAISE_PROJECTS, None, None),
            (_SEND_STAFF, None, None),
            (_REPORT, None, None),
        ],
    ),
    (
        "Phòng Kinh tế và Hạ tầng huyện",
        "TUA-CHUA-KTHT",
        [
            (_OFFICE_COMMON[0], None, None),
            (_APPRAISE_PROJECTS, None, None),
            (_SEND_STAFF, None, None),
            (_REPORT, None, None),
        ],
    ),
    (
        "UBND các xã, thị trấn",
        "subordinate_units",
        [
            (
                "Phối hợp với Phòng Lao động - Thương binh và Xã hội huyện và các đơn vị liên quan tổ chức thực hiện "
                "các nội dung theo quy định;",
                None,
                None,
            ),
            (
                "Lập danh sách đăng ký đại biểu tham gia tập huấn theo Phụ lục I; lập danh sách đăng ký đại biểu tham "
                "gia tham quan học tập, trao đổi kinh nghiệm theo Phụ lục II gửi về Phòng Lao động - Thương binh và Xã "
                "hội huyện trước ngày 18/3/2024 để tổng hợp báo cáo UBND huyện;",
                "2024-03-18",
                "1.1",
            ),
            (
                "Cử cán bộ, công chức, cán bộ làm công tác giảm nghèo ở cấp xã, cấp thôn, bản tham dự đầy đủ lớp tập "
                "huấn, bồi dưỡng nâng cao năng lực và tham gia đợt tham quan học tập, trao đổi kinh nghiệm khi có giấy "
                "mời;",
                None,
                "1.1",
            ),
            (
                "Định kỳ thu thập thông tin theo các Biểu số 03 đến Biểu số 15 theo Thông tư số 10/2022/TT-BLĐTBXH "
                "(các biểu từ số 04 đến số 15 chỉ ở các xã được thụ hưởng các dự án, tiểu dự án, nội dung thành phần "
                "do cấp xã trực tiếp làm chủ đầu tư hoặc thực hiện);",
                None,
                "2.1",
            ),
            (
                "Xây dựng Báo cáo giám sát 6 tháng, hằng năm (mẫu số 01), Báo cáo đánh giá đầu kỳ, giữa kỳ, kết thúc "
                "và hằng năm, đột xuất (mẫu số 02) gửi về Ban Chỉ đạo các Chương trình mục tiêu quốc gia cấp huyện "
                "(qua Phòng Lao động - Thương binh và Xã hội) và các cơ quan, đơn vị trực tiếp quản lý;",
                None,
                "2.1",
            ),
            (
                "Cập nhật thông tin trên Hệ thống quản lý chương trình mục tiêu quốc gia giảm nghèo bền vững theo quy "
                "định;",
                None,
                "2.1",
            ),
            (
                "Chuẩn bị địa điểm làm việc tại UBND xã; mời thành viên Ban Chỉ đạo cấp xã, Ban Quản lý xã, "
                "Ban phát triển thôn tham dự cuộc họp với Đoàn Giám sát, đánh giá của huyện; cử đại diện lãnh đạo "
                "Ban Quản lý xã thông qua báo cáo tổng hợp kết quả thực hiện Chương trình; cung cấp thông tin khi "
                "Đoàn yêu cầu; cử cán bộ tham gia cùng Đoàn đi giám sát, đánh giá trực tiếp tại các thôn, các hộ "
                "gia đình.",
                None,
                "2.1",
            ),
        ],
    ),
]

DEMO_PASSWORD = "demo2024"
# (username, role, office code or None, display name); all belong to the district
DEMO_STAFF = [
    ("phonglaodong", "district_staff", "TUA-CHUA-LDTBXH", "Cán bộ Phòng LĐTBXH"),
    ("lanhdao", "leader", None, "Lãnh đạo UBND huyện"),
    ("phongtaichinh", "office_staff", "TUA-CHUA-TCKH", "Cán bộ Phòng TC-KH"),
]
DEMO_ADMIN = "quantri"
