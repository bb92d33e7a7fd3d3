"""Outline: logical paragraphs from every layout, the header, zones, section paths, appendix tables."""
from graphbuild.model import Text
from graphbuild.outline import column_role, outline, paragraphs


def _text(lines: list[str], source: str = "x.txt") -> Text:
    return Text(source=source, path=source, lines=lines, encoding="utf-8", format="txt")


def test_hard_wrapped_lines_join_into_paragraphs():
    # 002 l.481-489: hard-wrapped at ~80 columns, a heading, a wrapped paragraph, bullets
    lines = ["3. Sở Ngoại vụ",
             "Chủ trì, phối hợp với các Sở, ban ngành liên quan",
             "tăng cường hoạt động đối ngoại thông qua các kênh đoàn ra, đoàn vào, hội nghị,",
             "hội thảo quốc tế, báo chí nước ngoài, các cơ quan đại diện ngoại giao Việt Nam ở",
             "nước ngoài.",
             "- Tham mưu có hiệu quả về công tác đối ngoại Đảng,",
             "đối ngoại của HĐND, UBND tỉnh, ngoại giao nhà nước và ngoại giao nhân dân.",
             "- Tiếp tục tăng cường công tác về hợp tác giáo dục",
             "- đào tạo với nước ngoài."] * 2
    paras, _ = paragraphs(lines)
    spans = [(p.line_start, p.line_end) for p in paras[:4]]
    assert spans == [(1, 1), (2, 5), (6, 7), (8, 9)]
    assert paras[3].text == "- Tiếp tục tăng cường công tác về hợp tác giáo dục - đào tạo với nước ngoài."


def test_a_sentence_broken_across_a_blank_line_stays_one_paragraph():
    # 004 l.29-31
    lines = [("c) Các sở, ngành, địa phương: Chủ động tổ chức phổ biến, quán triệt nội dung Nghị quyết tới toàn thể cán"
             " bộ; nhằm nâng cao nhận thức về vai trò và nội"), "",
             "dung của chính sách phát triển công nghiệp.", "", "d) Sở Tài chính: Tham mưu cân đối nguồn lực."]
    paras, _ = paragraphs(lines)
    assert [(p.line_start, p.line_end) for p in paras] == [(1, 3), (5, 5)]


def test_page_numbers_between_two_halves_of_a_sentence_are_dropped():
    lines = ["a) Sở Xây dựng chủ trì rà soát các quy hoạch xây dựng, quy hoạch đô thị để kịp thời có phương án của",
             "", "12", "", "tỉnh, đáp ứng yêu cầu phát triển.", "- 13 -", "b) Sở Y tế tham mưu."]
    paras, _ = paragraphs(lines)
    assert [p.text[-20:] for p in paras] == ["áp ứng yêu cầu phát triển."[-20:], "b) Sở Y tế tham mưu."[-20:]]


def test_header_fields_from_a_two_column_header():
    # 003 l.1-10
    lines = [" ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "Độc lập - Tự do - Hạnh phúc", "---------------", "Số: 154/KH-UBND", "Hà Tĩnh, ngày 05 tháng 5 năm 2023",
             "KẾ HOẠCH", "TRIỂN KHAI CHƯƠNG TRÌNH HÀNH ĐỘNG SỐ 26-CTR/TU NGÀY 07/02/2023 CỦA BCH ĐẢNG BỘ TỈNH",
             "Thực hiện Chương trình hành động số 26-CTr/TU, Ủy ban nhân dân tỉnh ban hành Kế hoạch:",
             "I. MỤC ĐÍCH, YÊU CẦU"]
    header = outline(_text(lines)).header
    assert (header.number, header.place, header.date, header.kind) == ("154/KH-UBND", "Hà Tĩnh", "2023-05-05", "plan")
    assert header.issuer_text == "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"
    assert header.title.startswith("TRIỂN KHAI CHƯƠNG TRÌNH") and header.title_lines == (10, 10)


def test_a_draft_without_a_number_or_day():
    lines = ["UBND TỈNH NGHỆ AN", "Số:      /KH-UBND", "Nghệ An, ngày     tháng 3 năm 2024", "KẾ HOẠCH",
             "Triển khai Nghị quyết số 29-NQ/TW", "I. MỤC ĐÍCH"]
    header = outline(_text(lines)).header
    assert header.number is None and header.date is None and header.kind == "plan"


def test_decision_promulgating_a_plan_has_decision_and_plan_zones():
    # 001 l.17-75, shortened
    lines = ["QUYẾT ĐỊNH", "VỀ VIỆC BAN HÀNH KẾ HOẠCH HÀNH ĐỘNG THỰC HIỆN NGHỊ QUYẾT SỐ 13/NQ-CP", "",
             "Căn cứ Nghị quyết số 13/NQ-CP ngày 03/02/2021 của Chính phủ;", "QUYẾT ĐỊNH:",
             "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hành động.",
             "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
             "Nơi nhận:", "- Như Điều 2 QĐ;", "- Lưu: VT, THKH.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đỗ Minh Tuấn",
             "KẾ HOẠCH HÀNH ĐỘNG CỦA UBND TỈNH", "THỰC HIỆN NGHỊ QUYẾT SỐ 13/NQ-CP",
             "(Ban hành kèm theo Quyết định số …/QĐ-UBND ngày… tháng… năm 2021 của UBND tỉnh Thanh Hóa)",
             "I. MỤC ĐÍCH, YÊU CẦU", "1. Sở Tài chính chủ trì bố trí kinh phí."]
    out = outline(_text(lines))
    assert out.header.kind == "decision" and out.header.attached_kind == "plan" and out.header.attached_line == 14
    zones = {b.line_start: b.zone for b in out.blocks}
    assert zones[6] == "decision" and zones[18] == "body"
    assert not any(b.text.startswith(("Như Điều", "Lưu", "Đỗ Minh")) for b in out.blocks)


def test_section_paths_count_bullets_under_their_item():
    # 003 l.35-40, shortened
    lines = ["II. NHIỆM VỤ", "3. Đẩy mạnh phát triển các ngành công nghiệp:",
             "a) Sở Công Thương chủ trì, phối hợp các sở, ban, ngành, địa phương:", "- Tham mưu đẩy mạnh thực hiện.",
             "- Triển khai thực hiện hiệu quả.", "đ) Sở Kế hoạch và Đầu tư chủ trì tham mưu.", "Tiếp tục rà soát."]
    paths = [".".join(b.path) for b in outline(_text(lines)).blocks]
    assert paths == ["II", "II.3", "II.3.a", "II.3.a.1", "II.3.a.2", "II.3.đ", "II.3.đ"]


def test_table_with_one_cell_per_line_reads_rows_and_groups():
    # 001 l.319-398, shortened: header cells, a group row, two task rows
    lines = ["PHỤ LỤC", "", "Số TT", "", "Nội dung chương trình, đề án", "", "Đơn vị chủ trì thực hiện tại tỉnh", "",
             "Đơn vị phối hợp", "", "Sản phẩm", "", "Thời gian báo cáo UBND tỉnh", "", "2", "",
             "Hoàn thiện thể chế, cơ chế, chính sách", "", "1", "", "Hoàn thiện Quy hoạch tỉnh.", "",
             "Sở Kế hoạch và Đầu tư", "", "Các sở, ban, ngành và các đơn vị liên quan", "", "Hồ sơ báo cáo Quy hoạch", "",
             "Trong Quý IV/2021", "", "2", "", "Cơ chế thu hút nhân lực khoa học.", "", "Sở Khoa học và Công nghệ", "",
             "Sở Nội vụ, Sở Giáo dục và Đào tạo", "", "Cơ chế, chính sách", "", "Trước tháng 5/2022"]
    rows = [b for b in outline(_text(lines)).blocks if b.kind == "row"]
    assert [".".join(r.path) for r in rows] == ["Phụ lục.2.1", "Phụ lục.2.2"]
    assert rows[1].cells["lead"] == "Sở Khoa học và Công nghệ" and rows[1].cells["due"] == "Trước tháng 5/2022"
    assert rows[0].cells["content_line"] == "21"


def test_pipe_table_with_columns_in_another_order_and_a_repeated_header():
    lines = ["PHỤ LỤC", "| TT | Nhiệm vụ | Thời hạn hoàn thành | Cơ quan chủ trì | Cơ quan phối hợp |",
             "| I | Chuyển đổi số | | | |",
             "| 1 | Xây dựng kho dữ liệu dùng chung | Quý II/2025 | Sở Khoa học và Công nghệ | Các sở, ngành |",
             "| TT | Nhiệm vụ | Thời hạn hoàn thành | Cơ quan chủ trì | Cơ quan phối hợp |",
             "| 2 | Số hóa hồ sơ đất đai | Năm 2025 | Sở Nông nghiệp và Môi trường | UBND cấp xã |"]
    rows = [b for b in outline(_text(lines)).blocks if b.kind == "row"]
    assert [(r.path[-2:], r.cells["lead"], r.cells["due"]) for r in rows] == [
        (("I", "1"), "Sở Khoa học và Công nghệ", "Quý II/2025"),
        (("I", "2"), "Sở Nông nghiệp và Môi trường", "Năm 2025")]


def test_column_roles_by_heading_words():
    assert [column_role(h) for h in ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Đơn vị phối hợp",
                                     "Thời gian hoàn thành", "Sản phẩm", "Ghi chú")] == \
        ["stt", "content", "lead", "coordinators", "due", "product", "note"]


def test_pipe_rows_broken_over_two_lines_and_lead_cells_merged_down():
    lines = ["PHỤ LỤC", "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |",
             "| 1 | Xây dựng cơ sở dữ liệu | Sở Nội vụ | Sở Tài chính | Quý II/2025 |",
             "| | dùng chung của tỉnh | | | |",
             "| 2 | Số hóa hồ sơ cán bộ | | | Năm 2025 |"]
    rows = [b for b in outline(_text(lines)).blocks if b.kind == "row"]
    assert [r.text for r in rows] == ["Xây dựng cơ sở dữ liệu dùng chung của tỉnh", "Số hóa hồ sơ cán bộ"]
    assert (rows[0].line_start, rows[0].line_end) == (3, 4)
    assert rows[1].cells["lead"] == "Sở Nội vụ" and rows[1].cells["coordinators"] == "Sở Tài chính"


def test_header_flattened_onto_two_columns_per_line():
    lines = ["ỦY BAN NHÂN DÂN TỈNH NGHỆ AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "Độc lập - Tự do - Hạnh phúc",
             "Số: 123/KH-UBND Nghệ An, ngày 5 tháng 3 năm 2024",
             "KẾ HOẠCH", "Thực hiện Nghị quyết số 57-NQ/TW", "I. MỤC ĐÍCH"]
    header = outline(_text(lines)).header
    assert header.issuer_text == "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"
    assert (header.number, header.date) == ("123/KH-UBND", "2024-03-05")
    from graphbuild.places import province
    assert province(header.place).name == "Nghệ An"


# ---------------------------------------------------------------------------- the legal portals' export, letters

def test_portal_paragraphs_between_blank_lines_join_their_cut_first_line():
    # wild/5a80798bbf985e87.md l.9881-9884 and l.9885: a paragraph's first line cut after "Sở"
    lines = ["3. Sở", "Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính, Sở Xây dựng, Thuế",
             "tỉnh Đồng Tháp tiến hành hướng dẫn nghiệp vụ và kiểm tra việc triển khai thực",
             "hiện Quy chế này.", "", "4. Cơ quan thuế chủ trì, phối hợp với Sở Nông",
             "nghiệp và Môi trường hướng dẫn việc thu nộp tiền sử dụng đất theo quy định.", ""] * 6
    paras, hard = paragraphs(lines)
    assert hard
    assert [(p.line_start, p.line_end) for p in paras[:2]] == [(1, 4), (6, 7)]
    assert paras[0].text.startswith("3. Sở Nông nghiệp và Môi trường chủ trì")


def test_a_number_on_the_line_after_so_and_a_letters_subject_line():
    # wild/be5392d4f50c27a6.md l.13-14 ("Số:" / "98/2025/QĐ-UBND"); layouts 110 l.5-7 (a letter: "V/v ...")
    text = Text("qd.md", "qd.md", ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số:", "98/2025/QĐ-UBND",
                                   "Nghệ An, ngày 25 tháng 11 năm 2025", "QUYẾT ĐỊNH", "Ban hành Quy chế tiếp nhận"],
                "utf-8", "md")
    assert outline(text).header.number == "98/2025/QĐ-UBND"
    letter = Text("cv.txt", "cv.txt", ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số:    /UBND-NC",
                                       "Lâm Đồng, ngày    tháng 3 năm 2026",
                                       "V/v tham mưu triển khai Kế hoạch số 1014/KH-C04-P6 của Bộ Công an",
                                       "Kính gửi: Công an tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh giao Công an tỉnh."],
                  "utf-8", "txt")
    out = outline(letter)
    assert out.header.letter and out.header.title.startswith("V/v tham mưu") and out.header.period == "2026-03"
    assert [b.zone for b in out.blocks if b.line_start == 7] == ["body"]


def test_a_marker_cut_from_its_text_in_a_portal_export_joins_it():
    # wild adf53d88 l.1046-1048, af2a4fc9 l.43-45: "b)" / "Ban hành ...", "**Điều" / "5. Quy trình xét tặng**"
    lines = ["Điều", "5. Quy trình xét tặng", "", "b)", "Ban hành phương án phòng cháy, chữa cháy rừng thuộc phạm vi và",
             "trách nhiệm quản lý.", "", "3.", "Công an tỉnh có trách nhiệm hướng dẫn.", "", "-", "Như Điều 3;"]
    paras, _ = paragraphs(lines)
    assert [(p.line_start, p.text) for p in paras] == [
        (1, "Điều 5. Quy trình xét tặng"),
        (4, "b) Ban hành phương án phòng cháy, chữa cháy rừng thuộc phạm vi và trách nhiệm quản lý."),
        (8, "3. Công an tỉnh có trách nhiệm hướng dẫn."), (11, "- Như Điều 3;")]


def test_a_bullet_line_ending_on_a_function_word_goes_on_even_before_a_capital():
    # wild 5fc0868a l.128-129: "- Thông tư số 03/2025/TT-BYT ngày 15 tháng 9 năm 2025 của" / "Văn phòng Chính phủ ..."
    lines = ["- Thông tư số 03/2025/TT-BYT ngày 15 tháng 9 năm 2025 của",
             "Văn phòng Chính phủ hướng dẫn thi hành một số nội dung;", "- Luật Thi đua, khen thưởng;"]
    paras, _ = paragraphs(lines)
    assert [(p.line_start, p.line_end) for p in paras] == [(1, 2), (3, 3)]


def test_a_line_ending_on_a_legal_reference_word_goes_on():
    # wild d851211c l.100-101: "... quy định tại điểm b khoản" / "1 Điều 5 Quyết định số 15/2025/QĐ-TTg."
    lines = ["a) Trang bị máy móc, thiết bị gắn với công trình xây dựng quy định tại điểm b khoản",
             "1 Điều 5 Quyết định số 15/2025/QĐ-TTg.", "b) Sở Tài chính hướng dẫn."]
    paras, _ = paragraphs(lines)
    assert [(p.line_start, p.line_end) for p in paras] == [(1, 2), (3, 3)]


def test_a_portal_export_with_many_short_lines_is_still_read_as_hard_wrapped():
    # wild 71715967: the full-width lines break off mid-sentence; cells and web page words are short lines
    wrapped = ["Khẩn trương chia sẻ toàn bộ cơ sở dữ liệu đất đai đã được cập nhật, cùng các tờ bản",
               "đồ địa chính có thông tin địa chỉ của Thành phố đến Ủy ban nhân dân các phường, xã để"]
    short = ["|", "Số hiệu:", "|", "4085/UBND-ĐT", "|", "Ngày ban hành:", "|", "25/11/2025"]
    lines = (wrapped + ["tiếp tục rà soát.", ""]) * 6 + short * 30 + [
        "", "Chủ tịch Ủy ban nhân dân", "Thành phố đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện."]
    paras, hard = paragraphs(lines)
    assert hard
    assert paras[-1].text == "Chủ tịch Ủy ban nhân dân Thành phố đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện."
