"""Citations: every printed form of a document number, its kind, issuer, date, alias; what a plan implements."""
import pytest

from graphbuild.citations import alias_mentions, find_citations, implemented, implemented_chain, normalise_number


@pytest.mark.parametrize("printed, number", [
    ("58-NQ/TW", "58-NQ/TW"),
    ("13/NQ-CP", "13/NQ-CP"),
    ("1022/QĐ-TTg", "1022/QĐ-TTg"),
    ("685/2007/QĐ-UBND", "685/2007/QĐ-UBND"),
    ("60/KH-UBND", "60/KH-UBND"),
    ("11-CTr/TU", "11-CTr/TU"),
    ("46-KL/TU", "46-KL/TU"),
    ("95/2022/NQ-HĐND", "95/2022/NQ-HĐND"),
    ("13/2019/NĐ-CP", "13/2019/NĐ-CP"),
    ("1059/NQ-UBTVQH13", "1059/NQ-UBTVQH13"),
    ("3584/SKHĐT-TH", "3584/SKHĐT-TH"),
    ("39- NQ/TW", "39-NQ/TW"),          # 000 l.45: stray space
    ("2783/QĐ- UBND", "2783/QĐ-UBND"),  # 003 l.53
    ("415 /KH-UBND", "415/KH-UBND"),    # 004 l.3
    ("13 KH/TW", "13-KH/TW"),           # 003 l.11: missing separator
    ("26-CTR/TU", "26-CTr/TU"),         # 003 l.10: upper case in a title
    ("36/NQ-TW", "36-NQ/TW"),           # 002 l.249: swapped separators of a Party number
    ("58–NQ/TW", "58-NQ/TW"),           # en dash
    ("19/2008/CT-TTg", "19/2008/CT-TTg"),
    ("59/2020/QH14", "59/2020/QH14"),   # a law
])
def test_number_forms_are_normalised(printed, number):
    assert normalise_number(f"theo văn bản số {printed} ngày 05/8/2020") == number


def test_dates_and_placeholders_are_not_numbers():
    assert normalise_number("ngày 05/8/2020") is None
    assert normalise_number("Quyết định số …/QĐ-UBND ngày… tháng… năm 2021") is None


def test_number_split_over_a_wrapped_line():
    # 002 l.248-249: "Nghị quyết số" / "36/NQ-TW ngày 26/3/2004 của Bộ Chính trị"
    lines = ["người Việt Nam ở nước ngoài (NVNONN) theo tinh thần Nghị quyết số",
             "36/NQ-TW ngày 26/3/2004 của Bộ Chính trị và Chỉ thị số 19/2008/CT-TTg ngày"]
    found = find_citations(lines)
    assert [(c.number, c.kind, c.line_start) for c in found] == [("36-NQ/TW", "resolution", 2),
                                                                  ("19/2008/CT-TTg", "directive", 2)]
    assert found[0].date == "2004-03-26" and found[0].issuer == "Bộ Chính trị" and found[0].level == "nation"


def test_kind_issuer_and_date_of_a_citation():
    # 003 l.37
    line = ("- Tham mưu đẩy mạnh thực hiện Nghị quyết số 08-NQ/TU ngày 18/5/2018 của Ban Chấp hành Đảng bộ tỉnh về đẩy"
            " mạnh phát triển công nghiệp và Kết luận số 57-KL/TU ngày 07/11/2022 của Ban Thường vụ Tỉnh ủy.")
    a, b = find_citations([line])
    assert (a.number, a.kind, a.date, a.level) == ("08-NQ/TU", "resolution", "2018-05-18", "province")
    assert (b.number, b.kind, b.issuer) == ("57-KL/TU", "conclusion", "Ban Thường vụ Tỉnh ủy")


def test_letters_without_a_type_code_take_the_kind_of_the_words_before():
    # 002 l.25-26: two letters in one enumeration
    lines = ["Xét đề nghị của Giám đốc Sở Ngoại vụ tại các",
             "Công văn: số 686/SNgV-HTQT ngày 26/12/2016 và số 259/SNgV-HTQT ngày 20/4/2017,"]
    assert [c.kind for c in find_citations(lines)] == ["letter", "letter"]


def test_alias_resolves_to_the_document_it_names():
    # 003 l.11 defines three aliases; l.14 uses them
    lines = [("Thực hiện Chương trình hành động số 26-CTr/TU ngày 07/02/2023 của Tỉnh ủy (sau đây gọi là Chương trình 26)"
             " về thực hiện Nghị quyết số 29-NQ/TW ngày 17/11/2022 (sau đây gọi là Nghị quyết 29) và Kế hoạch số 13 KH/TW"
             " ngày 28/11/2022 của Bộ Chính trị thực hiện Nghị quyết số 29-NQ/TW (sau đây gọi là Kế hoạch 13);"),
             "2. Cụ thể hóa mục tiêu nêu tại Nghị quyết 29, Kế hoạch 13 và Chương trình 26 bằng các nhiệm vụ."]
    citations = find_citations(lines)
    aliases = {c.alias: c.number for c in citations if c.alias}
    assert aliases == {"Chương trình 26": "26-CTr/TU", "Nghị quyết 29": "29-NQ/TW", "Kế hoạch 13": "13-KH/TW"}
    mentioned = {(m.number, m.line_start) for m in alias_mentions(lines, citations)}
    assert mentioned == {("26-CTr/TU", 2), ("29-NQ/TW", 2), ("13-KH/TW", 2)}


def test_year_less_and_full_forms_of_one_resolution_merge():
    # 004 l.157: "141/NQ-HĐND ngày 17/7/2015" and "141/2015/NQ-HĐND"
    line = ("Nghị quyết số 141/NQ-HĐND ngày 17/7/2015 về đề án phát triển tài sản trí tuệ; (tích hợp Nghị quyết số "
            "141/2015/NQ-HĐND và Nghị quyết số 18/2016/NQ-HĐND)")
    assert {c.number for c in find_citations([line])} == {"141/2015/NQ-HĐND", "18/2016/NQ-HĐND"}


def test_implements_follows_the_chain_the_title_states():
    # 004 l.9 (title) and l.11 (opening paragraph)
    title = ("Thực hiện Nghị quyết số 124/NQ-CP ngày 03/9/2020 của Chính phủ ban hành Chương trình hành động thực hiện"
             " Nghị quyết số 23-NQ/TW ngày 22/3/2018 của Bộ Chính trị về định hướng xây dựng chính sách phát triển"
             " công nghiệp quốc gia")
    lines = [title, "", "I. MỤC ĐÍCH", "Xử lý theo Nghị quyết số 86/2018/NQ-HĐND ngày 18/7/2018 của HĐND tỉnh."]
    citations = find_citations(lines)
    assert implemented(lines, citations, [(1, 1)]) == ["124/NQ-CP", "23-NQ/TW"]
    assert ("124/NQ-CP", "23-NQ/TW") in implemented_chain(lines, citations)


def test_implements_an_unnumbered_document_found_by_its_description():
    # 002: the title names the strategy; the preamble cites the decision that approved it
    lines = ["QUYẾT ĐỊNH",
             "BAN HÀNH KẾ HOẠCH THỰC HIỆN CHIẾN LƯỢC HỘI NHẬP QUỐC TẾ ĐẾN NĂM 2020, TẦM NHÌN ĐẾN NĂM 2030",
             ("Căn cứ Quyết định số 40/QĐ-TTg ngày 07/01/2016 của Thủ tướng Chính phủ về việc phê duyệt chiến lược"
             " tổng thể hội nhập quốc tế đến năm 2020, tầm nhìn đến năm 2030;"),
             "Xét đề nghị của Giám đốc Sở Ngoại vụ tại Công văn số 686/SNgV-HTQT ngày 26/12/2016,"]
    assert implemented(lines, find_citations(lines), [(2, 2)]) == ["40/QĐ-TTg"]


def test_legal_basis_alone_is_not_implemented():
    lines = ["KẾ HOẠCH", "Phát triển thương mại điện tử năm 2024",
             "Căn cứ Nghị quyết số 13/NQ-CP ngày 03/02/2021 của Chính phủ;"]
    assert implemented(lines, find_citations(lines), [(2, 2)]) == []
