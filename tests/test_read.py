"""Tests of the reading stage (graphbuild/read.py).

Fixtures in tests/fixtures/read/:
- plan_003.txt: data/corpus/003_05e3fa0bd3f85029.txt lines 1-9 and 49-55, verbatim (file lines 13 and 15
  carry decomposed accents, "ky\u0301" and "ly\u0301", as in the corpus file).
- appendix_001.md: data/corpus/001_c4d425ed9c252e41.txt lines 317-341 (appendix title and first table row,
  shortened) written as markdown, plus a note, a bullet and an escaped heading from line 315.
- plan_003.pdf: printed by chromium from plan_003.html (see make_pdf.sh); text from corpus file 003,
  with page labels "Trang 1/2" and "- 2 -" and a year alone on the last line of page 2.
Encoded variants and .docx files are generated from these into tmp_path.
"""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfWriter

from graphbuild.errors import GraphbuildError
from graphbuild.read import find_inputs, read_text

FIXTURES = Path(__file__).parent / "fixtures" / "read"
PLAN = FIXTURES / "plan_003.txt"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def plan_lines() -> list[str]:
    """The fixture's physical lines, NFC: what every encoding of it must read back as."""
    raw = PLAN.read_bytes().decode("utf-8")
    return [unicodedata.normalize("NFC", line) for line in raw.split("\n")[:-1]]


def to_cp1258(text: str) -> bytes:
    """Encode like Vietnamese Windows software: base letter (â, ơ, ư ...) then a combining tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        out += (base + tones).encode("cp1258")
    return bytes(out)


def error_of(path: Path | str) -> str:
    with pytest.raises(GraphbuildError) as info:
        read_text(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message, message
    return message


# --------------------------------------------------------------------------- plain text


def test_txt_lines_are_the_physical_lines_of_the_file() -> None:
    text = read_text(PLAN)
    assert (text.source, text.path, text.format, text.encoding, text.warnings) == (
        "plan_003.txt", str(PLAN), "txt", "utf-8", [])
    assert len(text.lines) == 16  # the file ends with a newline: no 17th empty line
    assert text.lines[0] == " ỦY BAN NHÂN DÂN"  # leading space kept, as in the corpus
    assert text.lines[6] == "Số: 154/KH-UBND"  # file line 7
    assert text.lines[11].startswith("b) Sở Công Thương chủ trì")  # file line 12 (corpus line 53)
    assert text.lines == plan_lines()


def test_decomposed_accents_are_composed() -> None:
    raw = PLAN.read_text(encoding="utf-8").split("\n")
    assert "ky\u0301 kết" in raw[12] and "ly\u0301" in raw[14]  # the fixture really is mixed
    lines = read_text(PLAN).lines
    assert "đã ký kết" in lines[12] and "quản lý và" in lines[14]
    assert all(unicodedata.is_normalized("NFC", line) for line in lines)


def test_fully_decomposed_file_reads_like_the_composed_one(tmp_path: Path) -> None:
    nfd = tmp_path / "nfd.txt"
    nfd.write_text(unicodedata.normalize("NFD", PLAN.read_text(encoding="utf-8")), encoding="utf-8")
    assert read_text(nfd).lines == plan_lines()


def test_only_newline_splits_lines(tmp_path: Path) -> None:
    # str.splitlines() would also split at \x0b \x0c \x1c \x85 \u2028 \u2029 and shift every later line.
    content = "dòng 1\x0bvẫn dòng 1\r\ndòng\u00a02\x0c\u2028\x85\u2029\x1c\ndòng\u200b 3\ufeff\n\n  dòng 5 không có xuống dòng"
    path = tmp_path / "seps.txt"
    path.write_bytes(content.encode("utf-8"))
    lines = read_text(path).lines
    assert len(lines) == content.count("\n") + 1 == 5
    assert lines[0] == "dòng 1 vẫn dòng 1"  # CR of CRLF dropped, \x0b made a space
    assert lines[1].startswith("dòng 2")  # NBSP is a plain space
    assert lines[2] == "dòng 3"  # zero-width characters removed
    assert lines[3] == "" and lines[4] == "  dòng 5 không có xuống dòng"
    assert "\n".join(lines).splitlines() == lines  # later stages may re-split safely


def test_crlf_file_reads_like_lf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(PLAN.read_bytes().replace(b"\n", b"\r\n"))
    text = read_text(path)
    assert text.lines == plan_lines() and text.encoding == "utf-8"


def test_old_mac_line_endings_are_split_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "cr.txt"
    path.write_bytes(PLAN.read_bytes().replace(b"\n", b"\r"))
    text = read_text(path)
    assert text.lines == plan_lines()
    assert any("CR" in w for w in text.warnings)


@pytest.mark.parametrize(("data", "encoding", "note"), [
    (lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), "utf-8-sig", "BOM"),
    (lambda s: b"\xff\xfe" + s.encode("utf-16-le"), "utf-16", "UTF-16 LE"),
    (lambda s: b"\xfe\xff" + s.encode("utf-16-be"), "utf-16", "UTF-16 BE"),
    (lambda s: s.encode("utf-16-le"), "utf-16", "no byte-order mark"),
    (lambda s: s.encode("utf-16-be"), "utf-16", "no byte-order mark"),
    (to_cp1258, "windows-1258", "Windows-1258"),
], ids=["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "windows-1258"])
def test_encodings_are_detected_and_reported(tmp_path: Path, data, encoding: str, note: str) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(data(PLAN.read_text(encoding="utf-8")))
    text = read_text(path)
    assert text.lines == plan_lines()
    assert text.encoding == encoding
    assert any(note in w for w in text.warnings), text.warnings


def test_windows_1258_really_uses_combining_tone_marks(tmp_path: Path) -> None:
    encoded = to_cp1258("Hà Tĩnh")
    assert encoded == b"Ha\xcc Ti\xdenh"  # "à" as a + U+0300, "ĩ" as i + U+0303
    path = tmp_path / "x.txt"
    path.write_bytes(encoded)
    assert read_text(path).lines == ["Hà Tĩnh"]


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \r\n\t\n  \n", "empty file"),
    ("bom-only.txt", b"\xef\xbb\xbf\n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00",
     "binary file, not text"),
    ("noise.txt", bytes([0x81, 0x01, 0x02, 0x8d, 0xc3, 0x28, 0x10, 0x90]),
     "cannot decode (not UTF-8, UTF-16 or Windows-1258)"),
    ("controls.md", b"\xe0\x01\x02\x03\x04\x05\x06\x07", "cannot decode (not UTF-8, UTF-16 or Windows-1258)"),
], ids=["empty", "whitespace", "bom-only", "binary", "undefined-cp1258-bytes", "control-chars"])
def test_bad_text_files_give_one_line_errors(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert error_of(path) == f"{path}: {problem}"


def test_missing_folder_and_unsupported_paths(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file"
    assert error_of(tmp_path) == f"{tmp_path}: is a folder, not a file"
    sheet = tmp_path / "Bang.XLSX"
    sheet.write_bytes(b"PK\x03\x04")
    assert error_of(sheet) == f"{sheet}: unsupported file type .xlsx (expected .txt, .md, .docx, .pdf)"


def test_upper_case_extension_is_supported(tmp_path: Path) -> None:
    path = tmp_path / "KH.TXT"
    path.write_bytes(PLAN.read_bytes())
    text = read_text(str(path))
    assert (text.source, text.path, text.format) == ("KH.TXT", str(path), "txt")


# --------------------------------------------------------------------------- markdown


def test_markdown_markup_is_stripped_line_by_line() -> None:
    path = FIXTURES / "appendix_001.md"
    text = read_text(path)
    assert text.format == "md" and text.encoding == "utf-8"
    assert len(text.lines) == len(path.read_text(encoding="utf-8").split("\n")) - 1 == 13
    lines = text.lines
    assert lines[0] == " "  # NBSP line from the corpus (line 317)
    assert lines[1] == "PHỤ LỤC"  # "# " heading marker gone
    assert lines[3].startswith("CÁC NHIỆM VỤ CỤ THỂ") and "*" not in lines[3]  # **bold**
    assert lines[4].startswith("(Kèm theo") and lines[4].endswith("Chính phủ)")  # *(em)*
    assert lines[6].startswith("| Số TT | Nội dung") and lines[6].endswith("| Thời gian báo cáo UBND tỉnh |")
    assert lines[7] == ""  # |---|:---| rule row
    assert lines[8].startswith("| 1 | Công tác quán triệt, tuyên truyền")  # row kept, bold inside a cell removed
    assert lines[10] == "Ghi chú (*): các sở, ban, ngành báo cáo UBND tỉnh trước ngày 15/12 hằng năm."  # > and __
    assert lines[11] == "- Sở Kế hoạch và Đầu tư theo dõi, đôn đốc."  # "* " bullet
    assert lines[12] == "3. Giao Sở Kế hoạch và Đầu tư thường xuyên theo dõi"  # "### 3\\." heading


def test_markdown_keeps_text_that_only_looks_like_markup(tmp_path: Path) -> None:
    path = tmp_path / "stars.md"
    path.write_text(
        "Diện tích 2*3*4 m; a * b; chú thích (*) và (**)\n"
        "| STT | Nội dung | Kinh phí |\n"
        "|---|---|---|\n"
        "| - | - | - |\n"  # a data row of dashes, not a second rule row
        "| 1 | Xây dựng<br>Đề án | a \\| b |\n"
        "+ Nâng cao chất lượng tăng trưởng\n", encoding="utf-8")
    assert read_text(path).lines == [
        "Diện tích 2*3*4 m; a * b; chú thích (*) và (**)",
        "| STT | Nội dung | Kinh phí |",
        "",
        "| - | - | - |",
        "| 1 | Xây dựng Đề án | a \\| b |",  # <br> folded; an escaped bar stays escaped so the cell is not split
        "+ Nâng cao chất lượng tăng trưởng",  # "+" is a printed marker in Vietnamese plans
    ]


def test_docx_vertically_merged_cell_is_printed_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    top = table.cell(0, 0).merge(table.cell(1, 0))
    top.text = "Sở Tài chính"
    table.cell(0, 1).text = "Bố trí kinh phí"
    table.cell(1, 1).text = "Hướng dẫn thanh quyết toán"
    path = tmp_path / "vmerge.docx"
    document.save(str(path))
    assert read_text(path).lines == ["| Sở Tài chính | Bố trí kinh phí |", "|  | Hướng dẫn thanh quyết toán |"]


# --------------------------------------------------------------------------- docx

NUMBERING = f"""
<w:abstractNum {nsdecls('w')} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
  <w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%5."/></w:lvl>
</w:abstractNum>"""


def numbered(document, text: str, level: int, num_id: int = 90) -> None:
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def make_docx(path: Path) -> None:
    """A plan in the shape of corpus file 003: heading, auto-numbered items, a table with merged cells."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
        '<w:lvlOverride w:ilvl="2"><w:startOverride w:val="4"/></w:lvlOverride></w:num>'))
    document.add_heading("KẾ HOẠCH", level=1)
    numbered(document, "MỤC ĐÍCH, YÊU CẦU", 0)
    numbered(document, "NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU", 0)
    numbered(document, "Đổi mới tư duy, nhận thức và hành động quyết liệt:", 1)
    numbered(document, "Các sở, ban, ngành, UBND các huyện, thành phố, thị xã:", 2)
    numbered(document, "Khẩn trương quán triệt và ban hành chương trình, kế hoạch.", 3)
    numbered(document, "Sở Thông tin và Truyền thông chủ trì, phối hợp các sở, ban, ngành.", 2)
    numbered(document, "Hoàn thiện cơ chế, chính sách:", 1)
    numbered(document, "Các sở, ban, ngành, địa phương:", 2)  # letters restart under a new "2."
    numbered(document, "Mục con theo kiểu pháp lý", 4)
    numbered(document, "Sở Công Thương chủ trì (danh sách khác, bắt đầu từ d).", 2, num_id=91)
    document.add_paragraph("")
    line_break = document.add_paragraph("Hà Tĩnh, ngày 05 tháng 5")
    line_break.add_run().add_break()
    line_break.add_run("năm 2023")
    document.add_paragraph("Tiếp tục rà soát", style="List Number")  # numbered through the style
    document.add_paragraph("Văn phòng UBND tỉnh", style="List Bullet")
    table = document.add_table(rows=3, cols=3)
    for cell, value in zip(table.rows[0].cells, ["STT", "Nhiệm vụ", "Cơ quan chủ trì"], strict=True):
        cell.text = value
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "Xây dựng Đề án chuyển đổi số"
    table.cell(1, 1).add_paragraph("giai đoạn 2021-2025")
    table.cell(1, 2).text = "Sở Thông tin và Truyền thông"
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "Tổng hợp, báo cáo"
    table.cell(2, 2).text = "Sở Kế hoạch và Đầu tư"
    document.add_paragraph("Nơi nhận:")
    document.save(str(path))


def test_docx_reads_numbering_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    make_docx(path)
    text = read_text(path)
    assert (text.source, text.encoding, text.format, text.warnings) == ("ke-hoach.docx", "docx", "docx", [])
    assert text.lines == [
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU",
        "1. Đổi mới tư duy, nhận thức và hành động quyết liệt:",
        "a) Các sở, ban, ngành, UBND các huyện, thành phố, thị xã:",
        "- Khẩn trương quán triệt và ban hành chương trình, kế hoạch.",
        "b) Sở Thông tin và Truyền thông chủ trì, phối hợp các sở, ban, ngành.",
        "2. Hoàn thiện cơ chế, chính sách:",
        "a) Các sở, ban, ngành, địa phương:",
        "2.1. Mục con theo kiểu pháp lý",
        "d) Sở Công Thương chủ trì (danh sách khác, bắt đầu từ d).",
        "",
        "Hà Tĩnh, ngày 05 tháng 5 năm 2023",
        "1. Tiếp tục rà soát",
        "- Văn phòng UBND tỉnh",
        "| STT | Nhiệm vụ | Cơ quan chủ trì |",
        "| 1 | Xây dựng Đề án chuyển đổi số giai đoạn 2021-2025 | Sở Thông tin và Truyền thông |",
        "| Tổng hợp, báo cáo | Sở Kế hoạch và Đầu tư |",  # merged cell once, not repeated
        "Nơi nhận:",
    ]


def test_docx_text_is_nfc(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(unicodedata.normalize("NFD", "Sở Kế hoạch và Đầu tư\u00a0chủ trì"))
    path = tmp_path / "nfd.docx"
    document.save(str(path))
    assert read_text(path).lines == ["Sở Kế hoạch và Đầu tư chủ trì"]


def test_bad_docx_files_give_one_line_errors(tmp_path: Path) -> None:
    not_zip = tmp_path / "a.docx"
    not_zip.write_text("chỉ là văn bản", encoding="utf-8")
    assert "not a ZIP package" in error_of(not_zip)
    old_word = tmp_path / "b.docx"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)
    assert "old Word .doc format" in error_of(old_word)
    broken = tmp_path / "c.docx"
    broken.write_bytes(b"PK\x03\x04 this zip is cut short")
    assert error_of(broken).startswith(f"{broken}: cannot read .docx (")
    blank = tmp_path / "d.docx"
    docx.Document().save(str(blank))
    assert error_of(blank) == f"{blank}: empty document (no text)"


# --------------------------------------------------------------------------- pdf


def test_pdf_text_layer_without_page_numbers() -> None:
    path = FIXTURES / "plan_003.pdf"
    text = read_text(path)
    assert (text.source, text.encoding, text.format, text.warnings) == ("plan_003.pdf", "pdf", "pdf", [])
    assert text.lines[:6] == [
        "ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "Số: 154/KH-UBND", "Hà Tĩnh, ngày 05 tháng 5 năm 2023", "KẾ HOẠCH",
        "II. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU",
    ]
    assert all(unicodedata.is_normalized("NFC", line) for line in text.lines)
    assert "Trang 1/2" not in text.lines and "- 2 -" not in text.lines  # page labels dropped
    assert text.lines[-1] == "2025"  # a year at the foot of the page is content, not a page number
    # hard wraps are left for later stages: the wrapped item continues on the next line
    item = text.lines.index("a) Các sở, ban, ngành, UBND các huyện, thành phố, thị xã (sau đây gọi")
    assert text.lines[item + 1] == "tắt là địa phương):"


def test_pdf_without_text_layer_is_reported(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as out:
        writer.write(out)
    assert error_of(path) == f"{path}: no text layer (scanned PDF?)"


def test_broken_pdf_gives_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes((FIXTURES / "plan_003.pdf").read_bytes()[:400])
    assert error_of(path).startswith(f"{path}: ")
    fake = tmp_path / "fake.pdf"
    fake.write_text("Kế hoạch", encoding="utf-8")
    assert error_of(fake) == f"{fake}: not a PDF file"


# --------------------------------------------------------------------------- find_inputs


def test_find_inputs_expands_folders_and_reports_problems(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / ".git").mkdir()
    for name in ["b.txt", "a.md", "sub/c.DOCX", "sub/d.pdf", "bang.xlsx", ".hidden.txt", "~$lock.docx", ".git/x.txt"]:
        (folder / name).write_bytes(b"x")
    explicit_bad = tmp_path / "notes.odt"
    explicit_bad.write_bytes(b"x")
    files, problems = find_inputs([folder, str(folder / "b.txt"), tmp_path / "missing", explicit_bad])
    assert files == [folder / "a.md", folder / "b.txt", folder / "sub" / "c.DOCX", folder / "sub" / "d.pdf"]
    assert problems == [
        f"{folder / 'bang.xlsx'}: skipped, unsupported file type .xlsx (expected .txt, .md, .docx, .pdf)",
        f"{tmp_path / 'missing'}: no such file or folder",
        f"{explicit_bad}: unsupported file type .odt (expected .txt, .md, .docx, .pdf)",
    ]


def test_find_inputs_keeps_the_order_given() -> None:
    files, problems = find_inputs([str(FIXTURES / "plan_003.txt"), FIXTURES / "appendix_001.md"])
    assert files == [FIXTURES / "plan_003.txt", FIXTURES / "appendix_001.md"] and problems == []


def test_what_cannot_be_read_is_named_and_the_rest_is_read(tmp_path: Path) -> None:
    """A symbolic link loop, a broken link, a FIFO (reading it would wait for ever) and a device in a folder,
    or named directly, are one line each; the good file is still found; a folder without documents is named."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    good = folder / "good.txt"
    good.write_text((FIXTURES / "plan_003.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "sub" / "up").symlink_to("..")  # a folder link back up: not followed
    (folder / "gone.txt").symlink_to("nowhere.txt")
    os.mkfifo(folder / "pipe.txt")
    empty = tmp_path / "empty"
    empty.mkdir()
    files, problems = find_inputs([folder, folder / "pipe.txt", "/dev/null", empty])
    assert files == [good]
    assert problems == [
        f"{folder / 'gone.txt'}: broken link (to nowhere.txt), not read",
        f"{folder / 'loop.txt'}: symbolic link loop, not read",
        f"{folder / 'pipe.txt'}: a FIFO, not a regular file: not read",
        f"{folder / 'pipe.txt'}: a FIFO, not a regular file: not read",
        "/dev/null: a device, not a regular file: not read",
        f"{empty}: no documents in this folder (expected .txt, .md, .docx, .pdf)",
    ]
    assert error_of(folder / "pipe.txt") == f"{folder / 'pipe.txt'}: a FIFO, not a regular file: not read"
    assert error_of(folder / "loop.txt") == f"{folder / 'loop.txt'}: symbolic link loop, not read"


def test_markdown_in_a_txt_file_and_emphasis_across_lines_are_stripped(tmp_path: Path) -> None:
    # layouts 102 l.1-8 (a .txt written in markdown) and the portals' export (wild/046d4a5b8d446144.md l.1-15,
    # 09daab284f92e2dd.md l.186-187): bold opened on one line and closed on another, "*" inside a line
    path = tmp_path / "nq.txt"
    path.write_text("# CHÍNH PHỦ\nSố: 03/NQ-CP\n# NGHỊ QUYẾT\n## Ban hành Chương trình hành động\n"
                    "**Điều 1.** Ban hành kèm theo\n", encoding="utf-8")
    assert read_text(path).lines == ["CHÍNH PHỦ", "Số: 03/NQ-CP", "NGHỊ QUYẾT", "Ban hành Chương trình hành động",
                                     "Điều 1. Ban hành kèm theo"]
    path = tmp_path / "portal.md"
    path.write_text("**BỘ KHOA HỌC VÀ **\nCÔNG NGHỆ\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n*Hà Nội, ngày 02\n"
                    "tháng 12 năm 2025 *\n** **\n*Đơn vị chủ trì tham mưu thực\nhiện: *Sở Tư pháp.\n1️. Vùng Di sản\n",
                    encoding="utf-8")
    assert read_text(path).lines == ["BỘ KHOA HỌC VÀ ", "CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI", "CHỦ NGHĨA VIỆT NAM",
                                     "Hà Nội, ngày 02", "tháng 12 năm 2025", "", "Đơn vị chủ trì tham mưu thực",
                                     "hiện: Sở Tư pháp.", "1. Vùng Di sản"]
