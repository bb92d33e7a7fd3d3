"""Deadlines: normalised due values, the earliest of several, periods that name a scheme, cycles."""
import pytest

from graphbuild.deadlines import deadline, earliest


@pytest.mark.parametrize("text, due", [
    ("báo cáo UBND tỉnh trước tháng 9/2021.", "2021-09"),
    ("báo cáo UBND tỉnh trước tháng 9 năm 2021.", "2021-09"),
    ("báo cáo UBND tỉnh trong tháng 10 năm 2021.", "2021-10"),
    ("báo cáo UBND tỉnh trong quý II/2017.", "2017-Q2"),
    ("để báo cáo Thủ tướng Chính phủ trong Quý IV năm 2021.", "2021-Q4"),
    ("hoàn thành trước ngày 15/11/2025.", "2025-11-15"),
    ("hoàn thành trước ngày 30 tháng 6 năm 2024.", "2024-06-30"),
    ("tổ chức thực hiện các đề án trong năm 2017 đảm bảo hiệu quả.", "2017"),
    ("nâng cấp thị xã Kỳ Anh thành đô thị loại II trong giai đoạn 2026-2030.", "2026/2030"),
    ("báo cáo UBND tỉnh trước trong tháng 5 năm 2022.", "2022-05"),   # 001 l.127, garbled words
    ("Phấn đấu đến năm 2030, có ít nhất 05 dự án được triển khai.", "2030"),  # layouts 102 l.141 (gold J5)
    ("hoàn thành đến năm 2025.", "2025"),
    ("báo cáo định kỳ (ngày 25/12 năm 2026, năm 2027) kết quả thực hiện.", "2026-12-25"),  # layouts 112 l.478
    ("hoàn thành trong Quý I–II/2026.", "2026-Q2"),  # a span of quarters: due by its end
])
def test_deadlines_in_running_text(text, due):
    assert deadline(text).due == due


@pytest.mark.parametrize("text", [
    "triển khai Đề án tái cơ cấu ngành nông nghiệp giai đoạn 2016-2020.",      # the scheme's name
    "hoàn thiện Quy hoạch tỉnh thời kỳ 2021-2030, tầm nhìn đến năm 2050.",
    "thực hiện Chiến lược phát triển bền vững đến năm 2030, tầm nhìn đến năm 2045.",  # "đến năm" ending a name
    "thực hiện Nghị quyết số 58-NQ/TW ngày 05/8/2020 của Bộ Chính trị.",       # a citation's date
])
def test_periods_and_dates_that_are_not_deadlines(text):
    assert deadline(text).due is None


def test_the_earliest_of_two_deadlines_is_kept():
    # 000 l.37: a draft in April 2017, a report in Q2 2017
    text = ("hoàn thành bước dự thảo vào tháng 4/2017 làm cơ sở phục vụ Hội nghị; tham mưu các giải pháp hỗ trợ,"
            " hoàn thành báo cáo UBND tỉnh trong quý II/2017.")
    assert deadline(text).due == "2017-04"
    assert earliest(["2022-Q4", "2021/2025", "2021-12"]) == "2021/2025"


@pytest.mark.parametrize("cell, due", [
    ("Trước tháng 9/2021", "2021-09"),
    ("Tháng 10/2021", "2021-10"),
    ("Quý III/2021", "2021-Q3"),
    ("Giai đoạn 2021 - 2025", "2021/2025"),
    ("Năm 2025", "2025"),
    ("2024", "2024"),
    ("Giai đoạn 2021 - 2025, riêng nội dung quy hoạch Cảng Nghi Sơn trong Quý IV/2021.", "2021/2025"),
    ("30/6/2024", "2024-06-30"),
    ("Trước 15/11/2025", "2025-11-15"),
    ("6/2024", "2024-06"),
    ("Báo cáo theo quy định", None),
    ("Thường xuyên", None),
])
def test_table_time_cells(cell, due):
    result = deadline(cell, cell=True)
    assert result.due == due and result.due_text == cell


@pytest.mark.parametrize("text, cycle", [
    ("định kỳ hàng năm gửi Sở Công Thương tổng hợp", "annual"),
    ("Định kỳ 6 tháng, năm và đột xuất các sở, ngành báo cáo", "semiannual"),
    ("báo cáo định kỳ hằng quý về tiến độ", "quarterly"),
    ("cập nhật số liệu hàng tháng", "monthly"),
    ("định kỳ sơ kết, tổng kết đánh giá việc thực hiện", None),
])
def test_recurring(text, cycle):
    assert deadline(text).recurring == cycle


def test_vague_time_frames_keep_their_words_without_a_due():
    result = deadline("phải phối hợp trong quá trình tiếp nhận hồ sơ tham mưu")
    assert result.due is None and result.due_text == "trong quá trình tiếp nhận hồ sơ tham mưu"


def test_a_year_that_ends_a_laws_name_in_a_time_cell_is_no_deadline():
    # wild 86367f2d l.224: "Thời gian: Theo tiến độ được giao của Luật An ninh mạng 2025"
    assert deadline("Theo tiến độ được giao của Luật An ninh mạng 2025", cell=True).due is None
    assert deadline("Sở Xây dựng NSNN + XHH 2026", cell=True).due == "2026"  # a broken row's time cell still gives it
