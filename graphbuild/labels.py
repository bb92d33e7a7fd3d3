"""Words people read, in Vietnamese and English: column headers, statuses, audit reasons, roles and the text
of views and reports (`--lang vi|en`). Agency names, titles and document text stay as printed, in Vietnamese.

    >>> text("past-deadline", "vi"), text("past-deadline", "en")
    ('Quá hạn', 'past deadline')
    >>> header("coordinators", "vi")
    'Cơ quan phối hợp'
"""
from __future__ import annotations

from graphbuild.errors import GraphbuildError

LANGS = ("vi", "en")

# Column headers of the flat tables (kg export mandates, the report's tables).
HEADERS: dict[str, tuple[str, str]] = {
    "document": ("Văn bản", "Document"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "province": ("Tỉnh, thành phố", "Province"),
    "section": ("Mục", "Section"),
    "line": ("Dòng", "Line"),
    "text": ("Nội dung nhiệm vụ", "Mandate"),
    "role": ("Vai trò", "Role"),
    "leads": ("Cơ quan chủ trì", "Lead"),
    "coordinators": ("Cơ quan phối hợp", "Coordinators"),
    "due": ("Thời hạn", "Due"),
    "due_text": ("Thời hạn (nguyên văn)", "Due (as written)"),
    "due_end": ("Hạn cuối", "Due by"),
    "status": ("Tình trạng", "Status"),
    "source": ("Tệp nguồn", "Source file"),
    "mandate": ("Mã nhiệm vụ", "Mandate key"),
    "agency": ("Cơ quan", "Agency"),
    "jurisdiction": ("Địa bàn", "Jurisdiction"),
    "led": ("Chủ trì", "Led"),
    "coordinated": ("Phối hợp", "Coordinated"),
    "total": ("Tổng", "Total"),
    "documents": ("Số văn bản", "Documents"),
    "mandates": ("Số nhiệm vụ", "Mandates"),
    "reason": ("Lý do", "Reason"),
    "next_due": ("Hạn gần nhất", "Next due"),
    "kind": ("Loại", "Kind"),
    "date": ("Ngày", "Date"),
    "depth": ("Cấp", "Depth"),
}

# Values: statuses (the categories of the Government Office's task tracking), audit reasons, roles.
TEXT: dict[str, tuple[str, str]] = {
    "past-deadline": ("Quá hạn", "past deadline"),
    "due-soon": ("Sắp đến hạn", "due soon"),
    "not-yet-due": ("Chưa đến hạn", "not yet due"),
    "recurring": ("Định kỳ, thường xuyên", "recurring"),
    "no-deadline": ("Không có thời hạn", "no deadline"),
    "no-lead": ("Không có cơ quan chủ trì", "no lead agency"),
    "group-lead-only": ("Chỉ giao chung cho nhóm cơ quan", "only a catch-all group leads"),
    "vague-deadline": ("Thời hạn không cụ thể", "vague deadline"),
    "lead": ("Chủ trì", "lead"),
    "coordinator": ("Phối hợp", "coordinator"),
}

# The text of views and reports.
UI: dict[str, tuple[str, str]] = {
    "report": ("Báo cáo thực hiện nhiệm vụ", "Implementation report"),
    "as_of": ("Tình trạng tính đến ngày", "Status as of"),
    "due_soon_days": ("sắp đến hạn: trong {n} ngày", "due soon: within {n} days"),
    "scope_corpus": ("Toàn bộ văn bản", "The whole corpus"),
    "scope_province": ("Tỉnh, thành phố: {name}", "Province: {name}"),
    "scope_document": ("Văn bản: {name}", "Document: {name}"),
    "summary": ("Tóm tắt", "Summary"),
    "documents_in_corpus": ("văn bản trong kho", "documents in the corpus"),
    "mandates_total": ("nhiệm vụ", "mandates"),
    "n_mandates": ("{n} nhiệm vụ", "{n} mandates"),
    "agencies_named": ("cơ quan được giao", "agencies tasked"),
    "chain": ("Chuỗi triển khai thực hiện", "Implementation chain"),
    "chains_more": ("+{n} chuỗi khác (ít văn bản hơn)", "+{n} more chains (fewer documents)"),
    "chain_none": ("Không có văn bản nào triển khai văn bản này trong kho.",
                   "No document of the corpus carries it out."),
    "chain_note": ("Văn bản triển khai, theo cấp (1: trực tiếp).", "Documents that carry it out, by level (1: directly)."),
    "by_agency": ("Nhiệm vụ theo cơ quan chủ trì và phối hợp", "Mandates per agency, led and coordinated"),
    "by_agency_note": ("{n} cơ quan được giao nhiều nhất; nhóm chung (UBND cấp huyện, các sở, ban, ngành) không tính.",
                       ("The {n} most tasked agencies; catch-all groups (UBND cấp huyện, các sở, ban, ngành) "
                        "are not counted.")),
    "timeline": ("Thời hạn theo thời gian", "Deadlines over time"),
    "timeline_note": ("Số nhiệm vụ có hạn cuối trong mỗi quý; vạch đỏ: ngày tính tình trạng.",
                      "Mandates whose deadline ends in each quarter; red line: the status date."),
    "timeline_none": ("Không có nhiệm vụ nào có thời hạn cụ thể.", "No mandate has a firm deadline."),
    "gaps": ("Nhiệm vụ thiếu cơ quan chủ trì hoặc thời hạn", "Mandates without a lead or a deadline"),
    "rows": ("Danh sách nhiệm vụ", "Mandates"),
    "rows_all": ("Tất cả {n} nhiệm vụ. Bấm vào một con số để xem các nhiệm vụ của nó.",
                 "All {n} mandates. Click a number to see its mandates."),
    "rows_shown": ("Đang hiển thị {n} nhiệm vụ: {what}.", "Showing {n} mandates: {what}."),
    "show_all": ("Hiện tất cả", "Show all"),
    "agency_more": ("và {n} cơ quan khác", "and {n} more agencies"),
    "legend": ("Chú giải", "Legend"),
    "folded": ("Không vẽ", "Not drawn"),
    "other_agencies": ("Các cơ quan khác", "Other agencies"),
    "generated": ("Tạo bởi graphbuild từ {n} văn bản; mỗi nhiệm vụ ghi tệp và dòng nguồn.",
                  "Made by graphbuild from {n} documents; every mandate cites its file and line."),
}


# The words of the views (kg view --lang).
VIEW: dict[str, tuple[str, str]] = {
    "lineage": ("Chuỗi triển khai {name}", "Lineage of {name}"),
    "plan": ("Kế hoạch {name}", "Plan {name}"),
    "agency_load": ("Cơ quan được giao nhiều nhiệm vụ nhất", "Agency load"),
    "coordination": ("Phối hợp giữa các cơ quan", "Coordination"),
    "in": (" tại {name}", " in {name}"),
    "in_corpus": ("viền liền: trong kho văn bản, viền đứt: chỉ được trích dẫn; mũi tên: triển khai; văn bản gốc ở trên",
                  "solid border: in the corpus, dashed: cited only; arrows: implements; the resolution on top"),
    "docs_folded": ("Không vẽ {n}/{total} văn bản (giới hạn {limit}); gộp theo tỉnh.",
                    "{n} of {total} documents folded into summary nodes per province (limit {limit})."),
    "more_docs_province": ("+{n} văn bản ({name})", "+{n} more ({name})"),
    "more_docs": ("+{n} văn bản khác", "+{n} more documents"),
    "more_mandates": ("+{n} nhiệm vụ khác", "+{n} more mandates"),
    "more_agencies": ("+{n} cơ quan khác", "+{n} more agencies"),
    "not_drawn": ("không vẽ", "not drawn"),
    "section": ("Mục {name}", "Section {name}"),
    "n_mandates": ("{n} nhiệm vụ", "{n} mandates"),
    "grouped": ("{n} nhiệm vụ gộp theo {k} mục (kế hoạch có hơn {at} nhiệm vụ); di chuột để xem từng mục.",
                ("{n} mandates grouped under their {k} sections (plans of more than {at}); hover a section for its "
                "mandates.")),
    "plan_counts": ("{n} nhiệm vụ; vẽ {k} cơ quan.", "{n} mandates; {k} agencies drawn."),
    "groups_hidden": ("Không vẽ {n} nhóm cơ quan chung (UBND cấp huyện, các sở, ban, ngành...); --groups để vẽ.",
                      "{n} catch-all groups (UBND cấp huyện, các sở, ban, ngành ...) not drawn; --groups draws them."),
    "plan_square": ("kế hoạch (hình vuông)", "the plan (square)"),
    "section_box": ("mục của kế hoạch (hộp; màu: tình trạng chiếm đa số)", ("section of the plan (box; colour: "
                    "most of its mandates)")),
    "agency_arrows": ("▲ cơ quan; nét liền: chủ trì, nét đứt: phối hợp; độ dày: số nhiệm vụ",
                      "▲ agency; solid arrow: leads, dashed: coordinates; width: mandates"),
    "tasking_doc": ("văn bản giao nhiệm vụ (hình vuông)", "document that tasks them (square)"),
    "load_size": ("kích thước: số nhiệm vụ chủ trì + phối hợp; độ dày: số nhiệm vụ từ văn bản đó",
                  "agency size: mandates led + coordinated; edge width: mandates from that document"),
    "top_agencies": ("{n} cơ quan được giao nhiều nhiệm vụ nhất{where}.", ("The {n} agencies with the most mandates"
                     "{where}.")),
    "docs_limit": ("Không vẽ {n}/{total} văn bản ít nhiệm vụ hơn (giới hạn {limit}).",
                   "{n} of {total} documents folded into one summary node (limit {limit})."),
    "coordination_legend": ("mũi tên: chủ trì → phối hợp; nét đứt: cùng phối hợp; độ dày: số nhiệm vụ chung",
                            "arrow: lead → coordinator; dashed: co-coordinators; width: shared mandates"),
    "threshold": ("Chỉ vẽ các cặp cùng thực hiện ít nhất {m} nhiệm vụ ({shown}/{total} cặp); --min-count để đổi.",
                  ("Only pairs sharing at least {m} mandates are drawn ({shown} of {total} pairs); --min-count "
                  "changes it.")),
    "agencies_left": ("Không vẽ {n}/{total} cơ quan và {pairs} cặp (giới hạn {limit} cơ quan, {edges} cặp).",
                      "{n} of {total} agencies and {pairs} pairs not drawn (limits {limit} agencies, {edges} pairs)."),
    "province_colours": ("màu: tỉnh, thành phố", "colour: province"),
    "agency_kind": ("cơ quan: {kind}", "agency: {kind}"),
}


def view(key: str, lang: str = "en", **values: object) -> str:
    """A line of a view's text, with `{name}` filled in."""
    return _pick(VIEW, key, lang).format(**values)


def _pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    check(lang)
    pair = table.get(key)
    return pair[LANGS.index(lang)] if pair else key


def check(lang: str) -> str:
    """`lang` if it is one of LANGS, else a one-line error."""
    if lang not in LANGS:
        raise GraphbuildError(f"language {lang!r}: expected one of {', '.join(LANGS)}")
    return lang


def header(column: str, lang: str = "en") -> str:
    """A column's header: Vietnamese (`vi`) or the column name itself in English."""
    return _pick(HEADERS, column, lang) if lang == "vi" else column


def title(column: str, lang: str = "en") -> str:
    """A column's header as words, in either language (pages; `header` keeps column names for English files)."""
    return _pick(HEADERS, column, lang)


def text(value: str, lang: str = "en") -> str:
    """A status, audit reason or role as words."""
    return _pick(TEXT, value, lang)


def ui(key: str, lang: str = "en", **values: object) -> str:
    """A line of a view's or report's text, with `{name}` filled in."""
    return _pick(UI, key, lang).format(**values)
