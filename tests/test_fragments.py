"""Task tables broken by PDF conversion: rows rebuilt from `|` fragments and free lines.

Fixture: tests/data/layouts/112_hue_188kh_dulich_sinhthai_congdong_2026.txt l.496-521, the head of its
appendix table (STT / Nội dung nhiệm vụ / Địa điểm / Đơn vị chủ trì / Đơn vị phối hợp / Nguồn kinh phí /
Thời gian thực hiện), verbatim.
"""
from pathlib import Path

from graphbuild.extract import extract_file
from graphbuild.fragments import header_roles, is_fragmented
from graphbuild.model import Text
from graphbuild.outline import outline

DOCUMENT = Path(__file__).parent / "data" / "layouts" / "112_hue_188kh_dulich_sinhthai_congdong_2026.txt"
LINES = DOCUMENT.read_text(encoding="utf-8").split("\n")


def test_the_heading_rows_merge_into_one_heading_with_roles():
    roles, body = header_roles(LINES, 495)  # l.496: "| STT | | | Địa điểm | Đơn vị | Đơn vị | Nguồn | Thời gian |"
    assert roles[0] == "stt" and roles[3] == "place" and roles[4] == "lead" and roles[5] == "coordinators"
    assert "content" in roles[1:3] and body == 500
    assert is_fragmented(LINES, 495, body)


def test_rows_are_rebuilt_with_their_task_agencies_and_dates():
    text = Text(DOCUMENT.name, str(DOCUMENT), LINES[:492] + LINES[492:521], "utf-8", "txt")
    rows = {b.label: b for b in outline(text).blocks if b.kind == "row"}
    assert set(rows) >= {"1", "2", "3"}
    first, second, third = rows["1"], rows["2"], rows["3"]
    assert first.line_start == 502 and first.text.startswith("Nâng cấp, đầu tư các hạ tầng du lịch")
    assert "cơ bản tại các điểm đến" in first.text  # the task's words from the `|` fragments too
    assert second.text.startswith("Chỉnh trang cảnh quan tuyến du lịch") and "2026" in second.cells["due"]
    assert "UBND" in second.cells["lead"] and "Sở Xây dựng" in second.cells["coordinators"]
    assert third.text.startswith("Hỗ trợ phát triển mô hình homestay")


def test_the_broken_table_yields_its_tasks_as_mandates():
    record = extract_file(DOCUMENT)
    rows = [m for m in record.mandates if m.section.startswith("Phụ lục")]
    assert len(rows) >= 30  # 48 rows printed; some merge with the body task they repeat, a few are lost
    by_line = {m.line: m for m in rows}
    assert by_line[510].lead == ["UBND cấp xã"] and by_line[510].coordinators == ["Sở Xây dựng"]
    assert by_line[510].due == "2026"
