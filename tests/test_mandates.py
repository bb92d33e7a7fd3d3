"""Mandates: lead, coordinators and deadlines from headings, bullets, paragraphs and appendix rows."""
from graphbuild.extract import extract_text
from graphbuild.model import Text


def _record(lines: list[str]):
    return extract_text(Text(source="plan.txt", path="plan.txt", lines=lines, encoding="utf-8", format="txt"))


HEADER = ["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "Số: 154/KH-UBND", "Hà Tĩnh, ngày 05 tháng 5 năm 2023", "KẾ HOẠCH",
          "Triển khai Nghị quyết số 29-NQ/TW ngày 17/11/2022 của Ban Chấp hành Trung ương Đảng"]


def _by_line(record):
    return {m.line: m for m in record.mandates}


def test_a_heading_agency_leads_each_bullet_under_it_with_its_coordinators():
    # 003 l.36-40, shortened
    lines = HEADER + ["II. NHIỆM VỤ, GIẢI PHÁP", "3. Đẩy mạnh phát triển các ngành công nghiệp:",
                      "a) Sở Công Thương chủ trì, phối hợp các sở, ban, ngành, địa phương:",
                      "- Tham mưu đẩy mạnh thực hiện Nghị quyết số 08-NQ/TU ngày 18/5/2018.",
                      "- Đẩy mạnh thực hiện Kế hoạch; phối hợp với Bộ Công Thương thực hiện các Đề án."]
    record = _record(lines)
    assert [m.line for m in record.mandates] == [10, 11]  # the headings are not mandates
    first, second = record.mandates
    assert first.lead == ["Sở Công Thương"] and first.section == "II.3.a.1"
    assert first.coordinators == ["Các sở, ban, ngành cấp tỉnh", "UBND cấp huyện"]
    assert second.coordinators == ["Các sở, ban, ngành cấp tỉnh", "UBND cấp huyện", "Bộ Công Thương"]
    assert first.mentions == ["08-NQ/TU"]


def test_advising_the_province_to_work_with_a_ministry_does_not_make_it_a_coordinator():
    # 001 l.113
    lines = HEADER + ["II. NHIỆM VỤ", "1. Thể chế", ("- Sở Tài nguyên và Môi trường chủ trì, phối hợp với các đơn vị liên"
                      " quan tham mưu cho UBND tỉnh phối hợp với Bộ Tài nguyên và Môi trường rà soát các quy định,"
                      " báo cáo Thủ tướng Chính phủ trong Quý III năm 2021.")]
    m = _record(lines).mandates[0]
    assert m.lead == ["Sở Tài nguyên và Môi trường"] and m.coordinators == ["Các đơn vị liên quan"]
    assert m.due == "2021-Q3"


def test_goal_statements_without_an_actor_are_not_mandates():
    lines = HEADER + ["I. MỤC ĐÍCH, YÊU CẦU",
                      "1. Tổ chức quán triệt, tuyên truyền sâu rộng các nhiệm vụ của Kế hoạch đến các cấp, các ngành.",
                      "2. Kế hoạch là căn cứ cho các ngành, địa phương xây dựng kế hoạch.",
                      "II. MỤC TIÊU", "- Xuất khẩu hàng hóa đến năm 2020 đạt 02 tỷ USD."]
    assert _record(lines).mandates == []


def test_a_follow_on_paragraph_inherits_the_lead_but_not_the_coordinators():
    # 000 l.93-97
    lines = HEADER + ["III. NHIỆM VỤ", "6. Văn hóa",
                      "a) Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với các đơn vị liên quan xây dựng đề án.", "",
                      "Xây dựng đề án phục dựng lễ hội các dân tộc, báo cáo UBND tỉnh trong quý IV/2017.", "",
                      "b) Sở Ngoại vụ chủ trì phối hợp với Sở Văn hóa, Thể thao và Du lịch xây dựng các chương trình."]
    by_line = _by_line(_record(lines))
    assert by_line[11].lead == ["Sở Văn hóa, Thể thao và Du lịch"] and by_line[11].coordinators == []
    assert by_line[11].due == "2017-Q4" and by_line[11].section == "III.6.a"
    assert by_line[13].coordinators == ["Sở Văn hóa, Thể thao và Du lịch"]


def test_subject_after_an_opening_clause_and_after_a_topic_colon():
    lines = HEADER + ["III. TỔ CHỨC THỰC HIỆN",
                      "1. Hàng năm, Sở Công Thương chủ trì phối hợp với các sở, ngành liên quan, tham mưu UBND tỉnh.",
                      "2. Về phát triển khoa học và công nghệ: Sở Khoa học và Công nghệ tiếp tục triển khai Kế hoạch.",
                      ("3. Căn cứ chức năng, nhiệm vụ được giao, Giám đốc các sở, Chủ tịch UBND các huyện chỉ đạo thực"
                      " hiện, định kỳ hàng năm báo cáo UBND tỉnh (qua Sở Kế hoạch và Đầu tư).")]
    by_line = _by_line(_record(lines))
    assert by_line[8].lead == ["Sở Công Thương"] and by_line[8].recurring == "annual"
    assert by_line[9].lead == ["Sở Khoa học và Công nghệ"]
    assert by_line[10].lead == ["Các sở, ban, ngành cấp tỉnh", "UBND cấp huyện"]
    assert by_line[10].coordinators == []  # a body that receives reports is neither lead nor coordinator


def test_body_task_and_appendix_row_are_one_mandate_with_the_union():
    lines = HEADER + ["II. NHIỆM VỤ", "1. Phát triển công nghiệp", "b) Nhiệm vụ cụ thể:",
                      ("- Sở Công Thương chủ trì, phối hợp với các đơn vị liên quan xây dựng Đề án phát triển công nghiệp"
                      " chế biến, chế tạo tỉnh đến năm 2030, báo cáo UBND tỉnh trước tháng 11 năm 2021."),
                      "- Sở Y tế chủ trì xây dựng Đề án thành lập Trung tâm y tế công nghệ cao.",
                      "PHỤ LỤC", "| STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Sản phẩm | Thời gian |",
                      "| 1 | Phát triển công nghiệp | | | | |",
                      ("| 1 | Đề án phát triển công nghiệp chế biến, chế tạo tỉnh đến năm 2030. | Sở Công Thương |"
                      " Sở Tài chính, Sở Kế hoạch và Đầu tư | Đề án | Trước tháng 11/2021 |"),
                      ("| 2 | Đề án phát triển khu công nghệ thông tin tập trung. | Sở Thông tin và Truyền thông |"
                      " Sở Tài chính | Đề án | Tháng 6/2022 |")]
    record = _record(lines)
    assert [m.line for m in record.mandates] == [10, 11, 16]
    merged = record.mandates[0]
    assert merged.coordinators == ["Các đơn vị liên quan", "Sở Tài chính", "Sở Kế hoạch và Đầu tư"]
    assert merged.due == "2021-11" and merged.product == "Đề án" and merged.appendix_line == 15
    row_only = record.mandates[2]
    assert row_only.lead == ["Sở Thông tin và Truyền thông"] and row_only.section == "Phụ lục.1.2"
    assert row_only.due == "2022-06"


def test_a_decision_s_execution_clause_is_not_a_mandate():
    lines = ["QUYẾT ĐỊNH", "Về việc giao nhiệm vụ", "QUYẾT ĐỊNH:", "Điều 1. Giao Sở Tài chính chủ trì rà soát phí.",
             "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
             "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./."]
    record = _record(lines)
    assert [(m.line, m.lead) for m in record.mandates] == [(4, ["Sở Tài chính"])]


def test_two_tier_local_government_names():
    lines = ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 12/KH-UBND", "Nghệ An, ngày 10 tháng 8 năm 2025", "KẾ HOẠCH",
             "Triển khai mô hình chính quyền địa phương hai cấp", "I. NHIỆM VỤ",
             ("1. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với UBND các xã, phường hướng dẫn số hóa hồ sơ đất đai,"
             " hoàn thành trước ngày 30/9/2025."),
             "2. UBND cấp xã cập nhật dữ liệu dân cư hằng tháng."]
    record = _record(lines)
    assert record.document.issuer == "UBND tỉnh Nghệ An"
    first, second = record.mandates
    assert first.lead == ["Sở Nông nghiệp và Môi trường"] and first.coordinators == ["UBND cấp xã"]
    assert first.due == "2025-09-30"
    assert second.lead == ["UBND cấp xã"] and second.recurring == "monthly"


FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "plans"


def test_a_ministry_plan_in_markdown():
    from graphbuild.extract import extract_file

    record = extract_file(FIXTURES / "ministry_plan.md")
    assert (record.document.issuer, record.document.jurisdiction) == ("Bộ Tài chính", "Việt Nam")
    assert record.implements == ["01/NQ-CP"] and record.document.number == "1234/KH-BTC"
    leads = {m.line: m.lead for m in record.mandates}
    assert leads[24] == ["Vụ Ngân sách nhà nước"] and leads[40] == ["Vụ Kế hoạch - Tài chính"]
    assert leads[28] == leads[30] == ["Tổng cục Thuế"]  # a heading "2. Tổng cục Thuế:" leads its bullets
    assert leads[38] == ["Các đơn vị thuộc Bộ"]  # not the provincial departments
    by_line = {m.line: m for m in record.mandates}
    assert by_line[28].recurring == "quarterly" and by_line[24].due == "2024-03-31"


def test_a_district_plan_with_a_two_column_header():
    from graphbuild.extract import extract_file

    record = extract_file(FIXTURES / "district_plan.txt")
    assert record.document.issuer == "UBND huyện Quỳnh Lưu" and record.document.date == "2022-04-20"
    by_line = {m.line: m for m in record.mandates}
    assert by_line[15].lead == ["Phòng Tài chính - Kế hoạch huyện"] and by_line[15].recurring == "annual"
    assert by_line[17].lead == by_line[18].lead == ["UBND cấp xã"]
    assert "Các tổ chức đoàn thể, chính trị - xã hội" in by_line[19].lead
    assert 7 not in by_line  # a target with no actor


def test_tasks_with_attribute_lines_or_an_inline_attribute_group():
    lines = HEADER + ["II. NHIỆM VỤ CỤ THỂ",
                      "1. Rà soát, sửa đổi Quy chế làm việc của UBND tỉnh nhiệm kỳ 2021-2026.",
                      "- Cơ quan chủ trì: Văn phòng UBND tỉnh.",
                      "- Cơ quan phối hợp: Sở Nội vụ, Sở Tư pháp.",
                      "- Thời gian hoàn thành: Quý III/2024.",
                      "- Sản phẩm: Quyết định của UBND tỉnh.",
                      ("2. Xây dựng cơ sở dữ liệu cán bộ, công chức (Cơ quan chủ trì: Sở Nội vụ; phối hợp: Sở Thông tin"
                      " và Truyền thông; thời gian: năm 2025).")]
    first, second = _record(lines).mandates
    assert (first.line, first.lead, first.coordinators) == (8, ["Văn phòng UBND tỉnh"], ["Sở Nội vụ", "Sở Tư pháp"])
    assert first.due == "2024-Q3" and first.product == "Quyết định của UBND tỉnh"
    assert (second.lead, second.coordinators, second.due) == (["Sở Nội vụ"], ["Sở Thông tin và Truyền thông"], "2025")


def test_a_council_resolution_assigns_tasks_in_its_articles():
    lines = ["HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG TRỊ", "Số: 25/2024/NQ-HĐND", "Quảng Trị, ngày 12 tháng 7 năm 2024",
             "NGHỊ QUYẾT", "Quy định chính sách hỗ trợ chuyển đổi số trên địa bàn tỉnh",
             "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", "QUYẾT NGHỊ:",
             "Điều 1. Ban hành chính sách hỗ trợ chuyển đổi số.",
             "Điều 2. Tổ chức thực hiện",
             ("1. Giao Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Nghị quyết này; hằng năm báo cáo Hội đồng"
             " nhân dân tỉnh."),
             "2. Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh giám sát việc thực hiện."]
    record = _record(lines)
    assert record.document.kind == "resolution" and record.document.issuer == "HĐND tỉnh Quảng Trị"
    leads = {m.line: m.lead for m in record.mandates}
    assert leads[11] == ["UBND tỉnh"] and 12 in leads


def test_a_party_action_programme():
    from graphbuild.extract import extract_file

    record = extract_file(FIXTURES / "party_program.txt")
    assert (record.document.number, record.document.kind, record.document.issuer) == (
        "26-CTr/TU", "program", "Tỉnh ủy Hà Tĩnh")
    assert record.implements == ["29-NQ/TW"]
    leads = {m.line: m.lead for m in record.mandates}
    assert leads == {13: ["Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"],
                     14: ["Ban cán sự đảng UBND tỉnh"], 15: ["Đảng đoàn HĐND tỉnh"], 17: ["Ban Tuyên giáo Tỉnh ủy"],
                     18: ["Văn phòng Tỉnh ủy"]}


def test_sub_items_carry_on_the_work_of_the_item_above():
    lines = HEADER + ["II. NHIỆM VỤ",
                      "a) Sở Y tế chủ trì, phối hợp với các đơn vị liên quan thực hiện các nhiệm vụ sau",
                      "- Nâng cấp bệnh viện tuyến huyện.",
                      "b) Sở Giáo dục và Đào tạo tổ chức rà soát mạng lưới trường học trên địa bàn tỉnh, trong đó",
                      "- Sáp nhập các điểm trường lẻ, hoàn thành năm 2026."]
    by_line = {m.line: m for m in _record(lines).mandates}
    assert 8 not in by_line and by_line[9].lead == ["Sở Y tế"]  # "thực hiện các nhiệm vụ sau": a heading
    assert by_line[9].coordinators == ["Các đơn vị liên quan"]
    assert by_line[10].lead == by_line[11].lead == ["Sở Giáo dục và Đào tạo"] and by_line[11].due == "2026"


def test_a_government_resolution_with_its_programme():
    from graphbuild.extract import extract_file

    record = extract_file(FIXTURES / "government_resolution.txt")
    assert (record.document.kind, record.document.issuer, record.document.jurisdiction) == (
        "resolution", "Chính phủ", "Việt Nam")
    assert record.implements == ["23-NQ/TW"]
    by_line = {m.line: m for m in record.mandates}
    assert sorted(by_line) == [30, 31, 32, 33, 35]  # the execution clause (Điều 3) is not a task
    assert by_line[30].lead == by_line[31].lead == ["Bộ Công Thương"] and by_line[31].due == "2022"
    assert by_line[33].lead == ["UBND cấp tỉnh"] and by_line[35].lead == ["Các bộ, ngành trung ương"]


def test_several_attributes_on_one_line_and_a_lead_in_after_an_opening_clause():
    lines = HEADER + ["II. NHIỆM VỤ", "1. Nâng cấp hệ thống cấp cứu ngoại viện.",
                      "- Chủ trì: Sở Y tế; phối hợp: Sở Tài chính; thời gian: Quý IV/2025.",
                      "2. Để thực hiện mục tiêu trên, giao Sở Xây dựng chủ trì rà soát quy hoạch, hoàn thành năm 2025."]
    first, second = _record(lines).mandates
    assert (first.lead, first.coordinators, first.due) == (["Sở Y tế"], ["Sở Tài chính"], "2025-Q4")
    assert second.lead == ["Sở Xây dựng"]


# ---------------------------------------------------------------------------- mechanisms seen on unseen layouts
# Small fixtures cut from the real documents of tests/data/layouts (file and lines in each comment).

NATIONAL = ["CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 03/NQ-CP", "Hà Nội, ngày 09 tháng 01 năm 2025",
            "NGHỊ QUYẾT", "Ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW"]
LAM_DONG_2026 = ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số:           /KH-UBND", "Lâm Đồng, ngày    tháng 01 năm 2026",
                 "KẾ HOẠCH", "Tuyên truyền Cải cách hành chính năm 2026"]


def test_a_body_task_and_its_table_row_are_one_mandate_whose_lead_is_the_rows():
    # 102 l.67-71 and Phụ lục II l.390-393: the lead-in gives every item to ministries and provinces; the table
    # names the ministry, its partners and the deadline, under group "I" where the body says "1".
    lines = NATIONAL + [
        "II. NHIỆM VỤ CỤ THỂ",
        ("Nhằm đạt được mục tiêu Nghị quyết số 57-NQ/TW đề ra, các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ, Ủy ban"
         " nhân dân các tỉnh, thành phố trực thuộc Trung ương cần cụ thể hóa và tổ chức triển khai thực hiện các nhiệm vụ"
         " sau đây:"),
        "1. Nâng cao nhận thức, đột phá về đổi mới tư duy",
        ("a) Xây dựng, triển khai và tổ chức triển khai chương trình tuyên truyền thường xuyên, sâu rộng về nội dung"
         " Nghị quyết số 57-NQ/TW theo hướng đa dạng hóa các hình thức tuyên truyền."),
        "b) Nghiên cứu, đề xuất mô hình phát triển hạ tầng số cho các vùng.",
        "PHỤ LỤC II", "DANH MỤC CÁC NHIỆM VỤ",
        "| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian hoàn thành |",
        "|---|---|---|---|---|---|",
        "|  I. | Nâng cao nhận thức, đột phá về đổi mới tư duy |  |   |   |   |",
        ("| 1.  |  Xây dựng, trình Thủ tướng Chính phủ ban hành và tổ chức triển khai chương trình tuyên truyền"
         " thường xuyên, sâu rộng về nội dung Nghị quyết 57-NQ/TW theo hướng đa dạng hóa các hình thức. |"
         " Bộ Thông tin và Truyền thông | Ban Tuyên giáo Trung ương; các bộ, ngành, địa phương; VTV, VOV, TTXVN |"
         " Quyết định | 6/2025 |")]
    by_line = _by_line(_record(lines))
    merged = by_line[9]
    assert merged.lead == ["Bộ Thông tin và Truyền thông"] and merged.due == "2025-06" and len(merged.alt_texts) == 1
    assert {"Ban Tuyên giáo Trung ương", "Đài Truyền hình Việt Nam", "Thông tấn xã Việt Nam",
            "UBND cấp tỉnh"} <= set(merged.coordinators)
    assert by_line[10].lead == ["Các bộ, ngành trung ương", "UBND cấp tỉnh"]  # no row: the lead-in's agencies
    assert 16 not in by_line  # the row is not a second mandate


def test_local_government_named_as_a_group_is_the_level_below_the_issuer():
    task = "1. Sở Tư pháp chủ trì, phối hợp với các địa phương rà soát văn bản quy phạm pháp luật."
    national = _record(NATIONAL + ["II. NHIỆM VỤ", task]).mandates[0]
    before = _record(HEADER + ["II. NHIỆM VỤ", task]).mandates[0]  # Hà Tĩnh, 2023
    after = _record(LAM_DONG_2026 + ["II. NHIỆM VỤ", task]).mandates[0]  # two-tier government from 1 July 2025
    assert national.coordinators == ["UBND cấp tỉnh"]
    assert before.coordinators == ["UBND cấp huyện"]
    assert after.coordinators == ["UBND cấp xã"]


def test_a_task_table_is_read_by_its_columns_content_and_the_year_its_heading_prints():
    # 105 l.47-48: "Trách nhiệm thực hiện" leads, the head "Lãnh đạo" stands for the body, the year is the heading's
    lines = LAM_DONG_2026 + [
        "III. MỘT SỐ HOẠT ĐỘNG TUYÊN TRUYỀN", "1. Chương trình đối thoại:",
        "TT | Nội dung | Trách nhiệm thực hiện | Thời gian (Năm 2026)",
        ("1 | Giải đáp những vướng mắc, kiến nghị về công tác CCHC thuộc thẩm quyền giải quyết của Sở Công Thương |"
         " Lãnh đạo Sở Công Thương | Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1"),
        "", "Nhiệm vụ | Đơn vị | Thời hạn",  # no heading names who leads: the column of agencies does
        "Rà soát thủ tục hành chính | Sở Tư pháp | Quý II/2026",
        "Công bố danh mục thủ tục | Văn phòng UBND tỉnh | 30/6/2026"]
    by_line = _by_line(_record(lines))
    assert by_line[10].lead == ["Sở Công Thương"] and by_line[10].due == "2026-01-23"
    assert by_line[13].lead == ["Sở Tư pháp"] and by_line[13].due == "2026-Q2"
    assert by_line[14].lead == ["Văn phòng UBND tỉnh"] and by_line[14].due == "2026-06-30"


def test_aims_orientations_and_closing_courtesies_are_not_tasks():
    # 112 l.88-101 (orientations per zone, place names, no doer) and 109 l.54 (the closing courtesy)
    lines = LAM_DONG_2026 + [
        "III. ĐỊNH HƯỚNG PHÁT TRIỂN DU LỊCH SINH THÁI THEO CÁC VÙNG", "1. Vùng Di sản – Sông Hương",
        "Phạm vi và tiềm năng:", "Các phường, xã ven sông Hương và khu vực cận trung tâm; có lợi thế về nhà vườn:",
        "- Phát huy hệ thống nhà vườn, làng cổ, làng nghề truyền thống.",
        "IV. TỔ CHỨC THỰC HIỆN", "1. Sở Du lịch chủ trì theo dõi, kiểm tra việc triển khai Kế hoạch.",
        ("Trân trọng thông báo ý kiến kết luận của đồng chí Phó Chủ tịch UBND tỉnh đến các cơ quan, đơn vị có liên"
         " quan biết, thực hiện./.")]
    record = _record(lines)
    assert [m.line for m in record.mandates] == [13]


def test_an_agency_heading_without_a_colon_leads_its_items():
    # 105 l.100-102 (an agency the gazetteer does not know, a comma inside its name) and 107 l.180-182
    lines = LAM_DONG_2026 + [
        "IV. TỔ CHỨC THỰC HIỆN", "6. Báo và Phát Thanh, Truyền hình tỉnh",
        "a) Chủ động cân đối kinh phí từ nguồn sự nghiệp phát thanh, truyền hình đã được giao.",
        "b) Hướng dẫn, phối hợp với các sở, ngành, UBND các xã, phường, đặc khu liên quan để xây dựng kịch bản.",
        "7. Đề nghị Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh",
        "Phối hợp chặt chẽ với Công an tỉnh nâng cao hiệu quả áp dụng các biện pháp xử lý hành chính."]
    by_line = _by_line(_record(lines))
    assert sorted(by_line) == [9, 10, 12]
    assert by_line[9].lead == ["Báo và Phát Thanh, Truyền hình tỉnh"]
    assert by_line[10].coordinators == ["Các đơn vị liên quan"]  # "... liên quan" holds for the whole list
    assert by_line[12].lead == ["Viện Kiểm sát nhân dân tỉnh", "Tòa án nhân dân tỉnh"]


def test_an_assignment_away_from_the_start_of_the_unit():
    # 110 l.12 (a letter: the chairman gives the task), 109 l.45-46, 107 l.208-210 ("X chỉ đạo Y" heads its items)
    letter = ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số:             /UBND-NC", "Lâm Đồng, ngày   tháng 3 năm 2026",
              "V/v tham mưu triển khai Kế hoạch số 1014/KH-C04-P6 của Bộ Công an", "Kính gửi: Công an tỉnh",
              "Ủy ban nhân dân tỉnh nhận được Kế hoạch số 1014/KH-C04-P6 ngày 25/02/2026 của Bộ Công an.",
              ("Chủ tịch Ủy ban nhân dân tỉnh giao Công an tỉnh nghiên cứu các nội dung theo yêu cầu tại Kế hoạch số"
               " 1014/KH-C04-P6 để tham mưu, đề xuất Ủy ban nhân dân tỉnh xem xét, chỉ đạo triển khai./.")]
    record = _record(letter)
    assert record.document.kind == "other" and record.implements == ["1014/KH-C04-P6"]
    assert [(m.line, m.lead) for m in record.mandates] == [(8, ["Công an tỉnh"])]
    lines = LAM_DONG_2026 + [
        "II. NHIỆM VỤ", "7. Trách nhiệm của các sở, ban, ngành, UBND các xã, phường, đặc khu",
        ("a) Khi có kết quả đánh giá chính thức các chỉ số cải cách hành chính giao Sở Nội vụ chủ trì cùng với các"
         " đơn vị tổ chức phân tích cụ thể từng nội dung."),
        "b) Chủ động xây dựng kế hoạch khắc phục tồn tại, hạn chế.",
        "8. Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng",
        "Chủ trì, phối hợp chặt chẽ với Công an tỉnh triển khai các giải pháp phòng, chống ma túy trên biên giới."]
    by_line = _by_line(_record(lines))
    assert by_line[9].lead == ["Sở Nội vụ"]
    assert by_line[10].lead == ["Các sở, ban, ngành cấp tỉnh", "UBND cấp xã"]
    assert by_line[12].lead == ["Bộ Chỉ huy Quân sự tỉnh"] and 11 not in by_line


def test_a_task_spelled_out_in_parts_is_one_task_and_named_communes_lead():
    # 102 l.111-114 (the parts of one law amendment) and 107 l.35 (communes listed by name)
    lines = NATIONAL + [
        "II. NHIỆM VỤ CỤ THỂ", "Các bộ, ngành, địa phương thực hiện các nhiệm vụ sau:", "2. Thể chế",
        "đ) Sửa đổi Luật Khoa học và Công nghệ (2013) và các luật có liên quan để: ",
        "- Tháo gỡ các khó khăn, vướng mắc, tạo hành lang pháp lý thuận lợi",
        "- Đơn giản hóa thủ tục hành chính, đẩy mạnh phân cấp, phân quyền"]
    record = _record(lines)
    assert [m.line for m in record.mandates] == [9]
    assert record.mandates[0].line_end == 11 and "Đơn giản hóa" in record.mandates[0].text
    lines = LAM_DONG_2026 + [
        "II. CHỈ TIÊU XÂY DỰNG XÃ, PHƯỜNG, ĐẶC KHU KHÔNG MA TÚY NĂM 2026",
        ("- Đối với 3 xã, phường có Quyết định công nhận địa bàn không ma túy năm 2025, gồm: Phường Xuân Trường -"
         " Đà Lạt; Xã Lạc Dương; Đặc khu Phú Quý, hằng năm duy trì và nâng cao công tác phòng, chống ma túy."),
        "- Phát huy các mô hình tự quản về an ninh, trật tự."]  # a target with nobody named: no task
    record = _record(lines)
    assert [(m.line, m.lead) for m in record.mandates] == [
        (8, ["UBND phường Xuân Trường - Đà Lạt", "UBND xã Lạc Dương", "UBND đặc khu Phú Quý"])]


def test_a_headings_deadline_holds_for_its_items():
    lines = HEADER + ["II. NHIỆM VỤ", "1. Các nhiệm vụ hoàn thành trong năm 2024:",
                      "a) Sở Tài chính rà soát các khoản chi thường xuyên.",
                      "b) Sở Nội vụ hoàn thành đề án vị trí việc làm trước tháng 6/2024."]
    by_line = _by_line(_record(lines))
    assert (by_line[9].due, by_line[10].due) == ("2024", "2024-06")


def test_partners_named_inside_a_coordination_rule_and_local_government_without_cac_are_coordinators():
    # 107 l.121: "quy chế phối hợp với lực lượng Công an, chính quyền địa phương, các tổ chức chính trị - xã hội"
    lines = HEADER + ["II. NHIỆM VỤ", "1. Sở Giáo dục và Đào tạo",
                      ("- Xây dựng và triển khai quy chế phối hợp với lực lượng Công an, chính quyền địa phương, các tổ"
                       " chức chính trị - xã hội và gia đình trong công tác quản lý học sinh.")]
    m = _record(lines).mandates[0]
    assert m.lead == ["Sở Giáo dục và Đào tạo"]
    assert m.coordinators == ["Công an tỉnh", "UBND cấp huyện", "Các tổ chức đoàn thể, chính trị - xã hội"]


def test_the_agencies_of_the_government_are_the_ministries():
    # 107 l.214: "phối hợp chặt chẽ với các cơ quan chức năng thuộc Chính phủ"
    lines = HEADER + ["II. NHIỆM VỤ", ("1. Sở Tư pháp chủ trì, phối hợp chặt chẽ với các cơ quan chức năng thuộc"
                                       " Chính phủ rà soát các văn bản.")]
    m = _record(lines).mandates[0]
    assert m.lead == ["Sở Tư pháp"] and m.coordinators == ["Các bộ, ngành trung ương"]


PORTAL_PROCEDURE = ["|", "**1**", "|", "Tiếp nhận hồ sơ, kiểm tra", "thành phần hồ sơ.", "|",
                    "Hội đồng cấp cơ sở", "|", "01 ngày", "|", "BM.01", "|", "|", "**2**", "|",
                    "Tổng hợp kết quả trình Chủ tịch Hội đồng cấp cơ sở.", "|", "Hội đồng cấp cơ sở", "|", "08 ngày", "|",
                    "BM.06", "|", "|"]


def test_cells_of_a_portal_table_do_not_pass_an_agency_on_to_the_cells_after_them():
    # wild 5fc0868a l.380-430: a procedure table (Bước | Nội dung | Trách nhiệm | Thời gian | Biểu mẫu) whose
    # headings name no task columns: "08 ngày", "BM.06" are no tasks of the agency in the cell before them
    lines = HEADER + ["II. NHIỆM VỤ"] + PORTAL_PROCEDURE
    texts = [m.text for m in _record(lines).mandates]
    assert not any(t in ("01 ngày", "08 ngày", "BM.01", "BM.06") for t in texts)


def test_lines_of_a_form_to_fill_in_are_not_tasks():
    lines = HEADER + ["II. NHIỆM VỤ", "1. Sở Nội vụ",
                      "- Hội đồng họp ngày ……./……./……. để bầu các cá nhân đủ tiêu chuẩn.",
                      "- Hội đồng cho ý kiến:..................................",
                      "- Tổng hợp danh sách, trình Hội đồng cấp Bộ xem xét."]
    assert [m.text for m in _record(lines).mandates] == ["Tổng hợp danh sách, trình Hội đồng cấp Bộ xem xét."]


def test_a_centrally_run_city_names_its_bodies_in_its_own_words_the_same_everywhere():
    # wild 24c7124e (Cần Thơ): "Công an thành phố" leads, and "Công an thành phố Cần Thơ" coordinates: one body
    lines = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "Số: 154/KH-UBND", "Hà Nội, ngày 05 tháng 8 năm 2025", "KẾ HOẠCH",
             "Triển khai Nghị quyết số 57-NQ/TW", "II. NHIỆM VỤ",
             "1. Công an Thành phố chủ trì, phối hợp với Văn phòng UBND Thành phố rà soát các quy định.",
             ("2. Sở Nội vụ chủ trì, phối hợp với Ban Tuyên giáo và Dân vận Thành ủy, Công an thành phố Hà Nội tổ chức"
              " tập huấn.")]
    first, second = _record(lines).mandates
    assert first.lead == ["Công an thành phố"] and first.coordinators == ["Văn phòng UBND thành phố"]
    assert second.coordinators == ["Ban Tuyên giáo và Dân vận Thành ủy", "Công an thành phố"]
    assert {a.name: a.kind for a in _record(lines).agencies}["Công an thành phố"] == "police"


def test_fields_of_an_administrative_procedure_and_bare_titles_give_no_task():
    # wild 4c6ac60a l.175-178, da841111 l.1380: a field that names an agency, a title that only names it
    lines = HEADER + ["II. NHIỆM VỤ", "1. Trách nhiệm của các sở, ban, ngành.",
                      "2. Đối tượng thực hiện thủ tục hành chính: Ủy ban nhân dân cấp xã, Ủy ban nhân dân tỉnh.",
                      "3. Cơ quan giải quyết thủ tục hành chính: Sở Xây dựng.",
                      "4. Cơ quan có thẩm quyền quyết định: Sở Tư pháp chủ trì thẩm định hồ sơ."]
    assert [(m.lead, m.line) for m in _record(lines).mandates] == [(["Sở Tư pháp"], 11)]


def test_what_a_body_is_is_no_task_but_a_focal_point_or_standing_body_is():
    # wild b527d799 l.102, 72f18ee0 l.1189; 107 l.263 ("Giao Công an tỉnh là cơ quan thường trực, có trách nhiệm ...")
    lines = HEADER + ["II. NHIỆM VỤ",
                      ("1. Sở Nội vụ là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, thực hiện chức năng tham mưu"
                       " về tổ chức bộ máy."),
                      "2. Sở Khoa học và Công nghệ là cơ quan đầu mối tiếp nhận, tổng hợp báo cáo của các doanh nghiệp.",
                      "3. Giao Công an tỉnh là cơ quan thường trực, có trách nhiệm giám sát việc thực hiện kế hoạch."]
    assert [m.lead for m in _record(lines).mandates] == [["Sở Khoa học và Công nghệ"], ["Công an tỉnh"]]


def test_after_an_opening_clause_a_list_of_groups_is_read_whole_not_from_its_middle():
    # 107 l.57: "Căn cứ chức năng, ..., lĩnh vực phụ trách chỉ đạo ban, ngành, đoàn thể đẩy mạnh ..." under
    # "1.2. Ủy ban nhân dân cấp xã": "ngành, đoàn thể" is what it directs, not who leads
    lines = HEADER + ["II. NHIỆM VỤ", "1. Ủy ban nhân dân cấp huyện",
                      ("- Căn cứ chức năng, nhiệm vụ, địa bàn, lĩnh vực phụ trách chỉ đạo ban, ngành, đoàn thể đẩy mạnh"
                       " thực hiện có hiệu quả công tác phòng, chống ma túy trên địa bàn.")]
    assert _record(lines).mandates[0].lead == ["UBND cấp huyện"]


def test_a_ministrys_letter_asks_a_provincial_office_and_its_closing_and_receipt_are_no_tasks():
    # wild 66b33234 (Cục Thuế to Thuế tỉnh Hà Tĩnh), shortened; then the web page's words after the letter
    lines = ["BỘ TÀI CHÍNH", "CỤC THUẾ", "Số: 5649/CT-CS", "V/v hóa đơn.", "Hà Nội, ngày 01 tháng 12 năm 2025",
             "Kính gửi: Thuế tỉnh Hà Tĩnh.",
             "Cục Thuế nhận được công văn số 400/HTI-QLDN1 ngày 14/8/2025 của Thuế tỉnh Hà Tĩnh về hóa đơn.",
             "Đề nghị Thuế tỉnh Hà Tĩnh căn cứ quy định của pháp luật hiện hành để hướng dẫn đơn vị thực hiện.",
             "Cục Thuế có ý kiến để Thuế tỉnh Hà Tĩnh được biết./.", "Nơi nhận:", "- Như trên;", "- Lưu: VT, CS.",
             "KT. CỤC TRƯỞNG", "Văn bản liên quan", "Hiệu lực: Đã biết", "Rà chuột vào nội dung văn bản để sử dụng."]
    assert [(m.line, m.lead) for m in _record(lines).mandates] == [(8, ["Cục Thuế tỉnh Hà Tĩnh"])]


def test_a_dispatchs_addressees_are_no_tasks_its_numbered_items_are():
    # wild a328fbb4: a Prime Minister's công điện, "THỦ TƯỚNG CHÍNH PHỦ điện:" and its addressees
    lines = ["THỦ TƯỚNG CHÍNH PHỦ", "Số: 15/CĐ-TTg", "Hà Nội, ngày 16 tháng 11 năm 2025", "CÔNG ĐIỆN",
             "V/V CHỦ ĐỘNG PHÒNG, TRÁNH, ỨNG PHÓ MƯA LŨ", "THỦ TƯỚNG CHÍNH PHỦ điện:",
             "- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Hà Tĩnh, Quảng Trị, Huế;",
             "- Các Bộ: Quốc phòng, Công an, Nông nghiệp và Môi trường;",
             "Theo dự báo, từ tối nay đến ngày 18/11/2025 khu vực từ Quảng Trị đến Đà Nẵng có mưa rất to.",
             "1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa:",
             "a) Tổ chức theo dõi chặt chẽ, cập nhật đầy đủ thông tin về tình hình mưa lũ.",
             "2. Bộ Nông nghiệp và Môi trường chỉ đạo cơ quan dự báo khí tượng thủy văn theo dõi chặt chẽ."]
    assert [(m.line, m.lead) for m in _record(lines).mandates] == [
        (11, ["UBND cấp tỉnh"]), (12, ["Bộ Nông nghiệp và Môi trường"])]


def test_a_line_that_only_gives_the_time_is_the_deadline_of_the_task_above():
    # wild 71715967 l.117-124: "... Thời gian hoàn thành trước ngày 31 tháng 12 năm 2025." on its own line
    lines = HEADER + ["II. NHIỆM VỤ", "1. Sở Xây dựng",
                      "Theo dõi, đôn đốc các xã thực hiện cập nhật thông tin số nhà.",
                      "Thời gian hoàn thành trước ngày 31 tháng 12 năm 2025."]
    (m,) = _record(lines).mandates
    assert m.lead == ["Sở Xây dựng"] and m.due == "2025-12-31"


def test_who_sits_on_a_council_is_no_task():
    # wild 45fb7c47 l.489: "Chủ tịch Hội đồng là Chủ tịch Ủy ban nhân dân tỉnh;"
    lines = HEADER + ["II. NHIỆM VỤ", "1. Hội đồng Thi đua - Khen thưởng tỉnh",
                      "- Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh là Chủ tịch Ủy ban nhân dân tỉnh;",
                      "- Hội đồng Thi đua - Khen thưởng tỉnh tổ chức xét khen thưởng hằng năm."]
    assert [m.text for m in _record(lines).mandates] == ["Hội đồng Thi đua - Khen thưởng tỉnh tổ chức xét khen thưởng hằng năm."]


def test_a_body_named_by_its_head_alone_is_the_one_named_in_full_before_it():
    # wild 322358d6: "Ban Chỉ đạo Nhà nước về Du lịch" set up, then "Ban Chỉ đạo" does this and that
    lines = HEADER + ["II. NHIỆM VỤ", "1. Thành lập Ban Chỉ đạo Nhà nước về Du lịch tỉnh.",
                      "2. Ban Chỉ đạo chỉ đạo, kiểm tra, đôn đốc các sở, ngành triển khai các chương trình du lịch."]
    assert [m.lead for m in _record(lines).mandates] == [["Ban Chỉ đạo Nhà nước về Du lịch tỉnh"]]
    alone = HEADER + ["II. NHIỆM VỤ", "1. Ban Chỉ đạo chỉ đạo các sở, ngành triển khai các chương trình du lịch."]
    assert [m.lead for m in _record(alone).mandates] == [["Ban Chỉ đạo"]]  # never named in full: as printed


def test_a_title_in_capitals_under_an_agency_is_no_task_of_it():
    # wild 58afeb4a l.418: a chapter title in capitals after the tasks of "Ủy ban nhân dân Thành phố"
    lines = HEADER + ["II. NHIỆM VỤ", "1. Sở Xây dựng", "- Hướng dẫn các xã lập phương án tuyến công trình.",
                      "LẬP, THẨM ĐỊNH, PHÊ DUYỆT PHƯƠNG ÁN TUYẾN CÔNG TRÌNH"]
    assert [m.text for m in _record(lines).mandates] == ["Hướng dẫn các xã lập phương án tuyến công trình."]


def test_a_force_of_an_agency_coordinates_as_that_agency():
    # 107 l.210: "phối hợp chặt chẽ với lực lượng chuyên trách phòng, chống tội phạm về ma túy của lực lượng Công an"
    lines = HEADER + ["II. NHIỆM VỤ", ("1. Bộ Chỉ huy Bộ đội Biên phòng tỉnh chủ trì, phối hợp chặt chẽ với lực lượng"
                                       " chuyên trách phòng, chống tội phạm về ma túy của lực lượng Công an triển khai"
                                       " các giải pháp.")]
    assert _record(lines).mandates[0].coordinators == ["Công an tỉnh"]


def test_a_unit_that_only_names_agencies_with_or_and_belonging_words_is_no_task_but_leads_its_items():
    # wild cdb6ad27 l.449-452 and 5a80798b (a procedure's cell "Văn phòng ĐKĐĐ hoặc Chi nhánh Văn phòng ĐKĐĐ")
    lines = HEADER + ["II. NHIỆM VỤ", "2. Trung tâm Chuyển đổi số và Truyền thông thuộc Sở Khoa học và Công nghệ",
                      "a) Thực hiện quản trị, vận hành Hệ thống thư điện tử công vụ tỉnh.",
                      "3. Văn phòng Đăng ký đất đai hoặc Chi nhánh Văn phòng Đăng ký đất đai"]
    assert [(m.lead, m.text) for m in _record(lines).mandates] == [
        (["Trung tâm Chuyển đổi số và Truyền thông"], "Thực hiện quản trị, vận hành Hệ thống thư điện tử công vụ tỉnh.")]
