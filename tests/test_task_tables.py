"""Task tables: column roles, `|` rows and the legal portals' bar-separated cells."""
from pathlib import Path

from graphbuild.extract import extract_text
from graphbuild.model import Text
from graphbuild.read import strip_markdown
from graphbuild.task_tables import column_role, pipe_cells, portal_tables

# wild/74e2ddc7b11340da.md l.330-375 (Thông báo 624/TB-VPCP, Phụ lục I), verbatim: every cell on lines of its
# own between lines that hold only "|", two such lines ending a row.
PORTAL = (Path(__file__).parent / "fixtures" / "read" / "portal_624.md").read_text(encoding="utf-8").split("\n")


def test_column_roles_by_heading_words():
    assert [column_role(h) for h in ["STT", "Nhiệm vụ", "Văn bản giao nhiệm vụ", "Cơ quan chủ trì thực hiện",
                                     "Đơn vị phối hợp", "Thời hạn hoàn thành", "Trách nhiệm thực hiện", "Địa điểm"]] \
        == ["stt", "content", "source", "lead", "coordinators", "due", "lead", "place"]
    assert pipe_cells("| 1 | Rà soát | Sở Tư pháp |") == ["1", "Rà soát", "Sở Tư pháp"]
    assert pipe_cells("Sở Tư pháp chủ trì") is None


def test_portal_cells_become_rows_from_their_heading_on():
    rows = portal_tables(strip_markdown(PORTAL))
    assert rows[0].cells == ["STT", "Nhiệm vụ", "Văn bản giao nhiệm vụ", "Cơ quan chủ trì thực hiện",
                                          "Thời hạn hoàn thành"]
    assert [(r.line_start, r.cells[0], r.cells[3], r.cells[4]) for r in rows[1:]] == [
        (19, "1.", "Các cơ quan Trung ương và địa phương", "18/10/2025"), (32, "2.", "Bộ Tư pháp", "30/06/2025")]


def test_portal_rows_yield_mandates_with_lead_and_deadline():
    header = ["VĂN PHÒNG CHÍNH PHỦ", "Số: 624/TB-VPCP", "Hà Nội, ngày 16 tháng 11 năm 2025", "THÔNG BÁO",
              "Kết luận phiên họp", "PHỤ LỤC I"]
    record = extract_text(Text("tb.md", "tb.md", header + strip_markdown(PORTAL), "utf-8", "md"))
    by_lead = {tuple(m.lead): m for m in record.mandates}
    task = by_lead[("Bộ Tư pháp",)]
    assert task.text.startswith("Rà soát các quy định pháp luật") and task.due == "2025-06-30"


def test_a_second_heading_row_names_the_columns_below_the_first():
    # "Cơ quan thực hiện" spanning "Chủ trì | Phối hợp" (a merged heading cell, as DOCX tables print it)
    lines = ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 99/KH-UBND", "Nghệ An, ngày 05 tháng 3 năm 2026", "KẾ HOẠCH",
             "Chuyển đổi số năm 2026", "II. NHIỆM VỤ", "Phụ lục",
             "| STT | Nội dung | Cơ quan thực hiện | | Thời gian |", "| | | Chủ trì | Phối hợp | |",
             "| 1 | Xây dựng nền tảng dữ liệu | Sở Khoa học và Công nghệ | Sở Tài chính | Quý II/2026 |"]
    task = extract_text(Text("kh.txt", "kh.txt", lines, "utf-8", "txt")).mandates[0]
    assert (task.lead, task.coordinators, task.due) == (["Sở Khoa học và Công nghệ"], ["Sở Tài chính"], "2026-Q2")
