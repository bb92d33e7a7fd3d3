"""Mandates (nhiệm vụ): who leads (chủ trì), who coordinates (phối hợp), by when.

One mandate per bullet, paragraph, lettered item or appendix-table row that gives a named actor
something to do. The actor is read where the genre puts it:
- at the start of the unit, possibly after "Giao", "Đề nghị", "Yêu cầu", a topic and a colon
  ("Về phát triển khoa học và công nghệ: Sở ..."), or an adverbial clause ("Hàng năm, ...",
  "Căn cứ chức năng, nhiệm vụ được giao, ...");
- in a heading that only introduces tasks ("3. Sở Ngoại vụ", "a) Sở Công Thương chủ trì, phối hợp
  các sở, ban, ngành, địa phương:"): the heading's agency leads each task under it;
- in the paragraph just before, for a follow-on paragraph of the same item with no actor of its own;
- in the lead column of an appendix table row.
Coordinators are the agencies after "phối hợp (với)", except where the text says the province
will work with a body ("tham mưu cho UBND tỉnh phối hợp với Bộ X"). A task that appears both in
the body and as an appendix row is one mandate carrying the union of what both say.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from graphbuild.agencies import Mention, Recogniser
from graphbuild.deadlines import Deadline, deadline, earliest, find_dues, recurring
from graphbuild.model import Block, Citation, Mandate
from graphbuild.outline import Outline, layout
from graphbuild.task_tables import column_role
from graphbuild.textutil import dice, fold, squash, tokens

_LEVEL = {"part": 0, "appendix": 0, "roman": 1, "article": 1, "number": 2, "letter": 3, "bullet": 4, "plus": 5}
_LEAD_IN = re.compile(r"^(?:giao cho|giao|đề nghị|yêu cầu|phân công|ủy quyền cho|ủy quyền|kính đề nghị|"
                      r"(?:trách nhiệm|nhiệm vụ|nhiệm vụ,? quyền hạn|quyền hạn,? trách nhiệm|nhiệm vụ và quyền hạn)"
                      r"(?: của| đối với)?)\s+", re.IGNORECASE)
_DEFINITION = re.compile(r"\s*(?:\([^)]{0,80}\)\s*)?là\s+(?:(?:cơ quan|tổ chức|đơn vị)\s+"
                         r"(?:chuyên môn|hành chính|sự nghiệp|tư vấn|thuộc|trực thuộc|ngang)\b|"
                         r"(?:Chủ tịch|Phó Chủ tịch|Ủy viên|thành viên|Trưởng ban|Phó Trưởng ban|Tổ trưởng|Tổ phó|"
                         r"Giám đốc|Phó Giám đốc|Thủ trưởng|người đứng đầu|lãnh đạo)\b)", re.IGNORECASE)
_DUTY = re.compile(r"\b(?:có trách nhiệm|chịu trách nhiệm|chủ trì|được giao)\b", re.IGNORECASE)
_ADVERBIAL = re.compile(r"^(?:hàng năm|hằng năm|định kỳ|căn cứ|trên cơ sở|trong quá trình|trong thời gian|trường hợp|"
                        r"đối với|ngoài ra|đồng thời|bên cạnh đó|để|nhằm|sau khi|khi|từ nay|năm \d{4}|hàng quý|hằng quý|"
                        r"hàng tháng|hằng tháng|theo chức năng|theo đó|tiếp đó|mặt khác)\b", re.IGNORECASE)
_INNER_ASSIGN = re.compile(r"(?:[,;]\s+(?:giao cho|giao|yêu cầu|đề nghị)|\s(?:giao cho|giao))\s+", re.IGNORECASE)
_ASSIGN = re.compile(r"^\s*(?:phân công|giao|yêu cầu|đề nghị|chỉ đạo)\s+(?:cho\s+)?(?:đồng chí\s+)?", re.IGNORECASE)
_HEADING_WORDS = re.compile(r"^\s*(?:\([^)]*\)\s*)?,?\s*(?:(?:chủ trì|căn cứ chức năng,? nhiệm vụ(?: được giao)?|"
                            r"theo chức năng,? nhiệm vụ(?: được giao)?|thực hiện(?: các nhiệm vụ sau)?)\b\s*,?\s*)*",
                            re.IGNORECASE)
# "... thực hiện các nhiệm vụ sau", "... triển khai những nội dung cụ thể như sau": the tasks follow.
_FOLLOWING_TASKS = re.compile(r"\s*(?:tổ chức\s+)?(?:thực hiện|triển khai|với)?\s*(?:các|những)?\s*(?:nội dung|nhiệm vụ|giải pháp|"
                              r"công việc|việc)(?:\s+cụ thể)?\s*(?:như\s+)?sau\s*[:.]?\s*$", re.IGNORECASE)
_INTRODUCES_TASKS = re.compile(r"(?:nhiệm vụ|nội dung|giải pháp|công việc|việc)(?:\s+cụ thể)?\s*(?:như\s+)?sau(?:\s+đây)?"
                               r"\s*:\s*$", re.IGNORECASE)
_COORD = re.compile(r"\b(phối hợp|phối với|cùng với)\b", re.IGNORECASE)
_NOT_COORD_BEFORE = re.compile(r"(tham mưu(\s+(cho|giúp))?(\s+(UBND|Ủy ban nhân dân|Chủ tịch|HĐND|Hội đồng nhân dân)"
                               r"[^,;.:]{0,30})?|công tác)\s*$", re.IGNORECASE)
_COORD_FILLER = re.compile(r"^(\s*(chặt chẽ|có hiệu quả|hiệu quả|tốt|thường xuyên|với|cùng|và|,))*\s*", re.IGNORECASE)
_PRODUCT = re.compile(r"\b(?:xây dựng|hoàn thiện|ban hành|trình|lập|soạn thảo|nghiên cứu xây dựng)\s+((?:Đề án|Kế hoạch|"
                      r"Chương trình|Quy hoạch|Đề cương|Báo cáo|Nghị quyết|Quyết định|Quy định|Quy chế|Chỉ thị|Dự thảo|"
                      r"Hồ sơ|đề án|kế hoạch|chương trình|cơ chế,? chính sách|chính sách|quy định)\b[^,;.]{0,90})")


@dataclass
class _Frame:
    level: float
    leads: list[str]
    coordinators: list[str]
    path: tuple[str, ...]
    source: str = "heading"  # "heading": a numbered heading names the agency; "context": a lead-in paragraph
    line_end: int = 0  # where the unit that set it ends
    from_paragraph: bool = False  # set by a plain paragraph (not a numbered or bulleted unit)


@dataclass
class _Context:
    recogniser: Recogniser
    citations: list[Citation]
    headings: list[_Frame] = field(default_factory=list)


def _dedupe(names: list[str], drop: list[str] | None = None) -> list[str]:
    drop_set = {fold(d) for d in drop or []}
    out: list[str] = []
    for name in names:
        if fold(name) not in drop_set and fold(name) not in {fold(o) for o in out}:
            out.append(name)
    return out


def _names(mentions: list[Mention]) -> list[str]:
    return _dedupe([n for m in mentions for n in m.names])


def _after_list_ok(text: str, end: int, recogniser: Recogniser, strict: bool = False) -> bool:
    """The words after a subject list begin a task (a predicate, a colon, a qualifier), not a noun phrase.
    `strict` (a subject found after an opening clause): only a known predicate word will do."""
    rest = text[end:end + 300].lstrip()
    if not rest or rest[0] in ":(-–,;" or rest in (".", "./."):
        return True
    if rest[0].isupper():
        return False
    low = fold(rest)
    # otherwise a noun phrase goes on ("Các xã ven sông ..."): the agencies are not the subject of a task
    return low.startswith(recogniser.predicates) or bool(re.match(r"(trên địa bàn|cấp tỉnh|tỉnh|các cấp|theo|căn cứ|"
                                                                  r"trong|thuộc|trực tiếp|kịp thời|nghiêm túc)\b", low))


def subject(text: str, recogniser: Recogniser) -> tuple[list[str], int] | None:
    """The agencies a unit is addressed to, read at its start; and where they end."""
    starts = [0]
    lead_in = _LEAD_IN.match(text)
    if lead_in:
        starts = [lead_in.end()]
    colon = text.find(": ")
    if 0 < colon < 300:
        starts.append(colon + 2)
    if _ADVERBIAL.match(text):
        head = text[:260]
        for m in re.finditer(r",\s+", head):
            word = re.search(r"(?:các\s+)?[\wđĐ]+$", head[:m.start()])
            inside = word and recogniser.collective_at(text, word.start(), "lead")
            if not (inside and inside.end > m.end()):  # "... chỉ đạo ban, ngành, đoàn thể": inside one list
                starts.append(m.end())
        if re.match(r"^(định kỳ|hàng năm|hằng năm|hàng quý|hằng quý)", fold(head)):
            starts += [m.start() for m in re.finditer(r"(?<=\s)(?=[\wĐđ])", head[:120])]
    opening = lead_in.end() if lead_in else 0
    for start in list(starts):  # "Để thực hiện mục tiêu trên, giao Sở X chủ trì ...": a lead-in after the clause
        inner = _LEAD_IN.match(text[start:start + 80])
        if start and inner:
            starts.append(start + inner.end())
    for m in _INNER_ASSIGN.finditer(text[:300]):  # "Trên đây là Kế hoạch ..., yêu cầu các sở, ban, ngành ... triển khai"
        starts.append(m.end())
    for start in sorted(set(starts)):
        mentions, end = recogniser.parse_list(text, start, "lead")
        after_lead_in = start > 0 and bool(re.search(r"(?:giao cho|giao|đề nghị|yêu cầu|phân công)\s+$", text[:start],
                                                       re.IGNORECASE))
        strict = start not in (opening, colon + 2) and not after_lead_in
        if not mentions or not _after_list_ok(text, end, recogniser, strict=strict):
            continue
        names = _names(mentions)
        issuer = names == ["UBND tỉnh"] or names == ["Chủ tịch UBND tỉnh"]
        assign = _ASSIGN.match(text[end:end + 80])
        if issuer and assign:
            inner, inner_end = recogniser.parse_list(text, end + assign.end(), "lead")
            if inner:
                return _names(inner), inner_end
        return names, end
    return None


def coordinators(text: str, recogniser: Recogniser, leads: list[str]) -> list[str]:
    """Agencies named after "phối hợp (với)", leaving out the province's own partners ("tham mưu cho
    UBND tỉnh phối hợp với Bộ X") and the leads themselves."""
    names: list[str] = []
    for m in _COORD.finditer(text):
        if _NOT_COORD_BEFORE.search(text[max(0, m.start() - 70): m.start()]):
            continue
        pos = m.end() + _COORD_FILLER.match(text[m.end():]).end()
        mentions, _ = recogniser.parse_list(text, pos, "coordinator")
        if not mentions:
            skip = re.match(r"([\wđ]+\s+){1,4}và\s+", text[pos:pos + 120])
            if skip and not recogniser.at(text, pos, "coordinator"):
                mentions, _ = recogniser.parse_list(text, pos + skip.end(), "coordinator")
        if not mentions:  # "phối hợp với lực lượng chuyên trách ... của lực lượng Công an": whose force it is
            whose = re.match(r"[^;.:()]{0,80}?\bcủa\s+", text[pos:pos + 120])
            if whose:
                mentions, _ = recogniser.parse_list(text, pos + whose.end(), "coordinator")
        names.extend(_names(_related_list(mentions, recogniser)))
    return _dedupe(names, leads)


def _related_list(mentions: list[Mention], recogniser: Recogniser) -> list[Mention]:
    """A list of groups that ends "... liên quan" ("các sở, ngành, UBND các xã, phường liên quan") names the
    related units only: the qualifier holds for the whole list. Named agencies in it stay."""
    related = recogniser.collective_names.get("related")
    if not mentions or related not in mentions[-1].names:
        return mentions
    return [m for m in mentions if not m.collective or related in m.names]


def _product(text: str) -> str | None:
    m = _PRODUCT.search(text)
    if not m:
        return None
    product = squash(m.group(1))
    return product[0].upper() + product[1:]


def _is_heading(block: Block, following: Block | None, subj: tuple[list[str], int] | None,
                recogniser: Recogniser) -> bool:
    """A unit that only introduces the tasks under it: it ends with a colon, or it has children and
    says nothing but who (and with whom)."""
    text = block.text
    deeper = following is not None and _deeper(following, block)
    if text.rstrip().endswith(":"):
        # a heading, unless an agency is given a task of its own and what follows only spells it out ("Báo ...
        # chủ trì ... tổ chức chương trình ..., gồm 11 chuyên mục sau:" above the table of its programmes)
        return subj is None or deeper or _INTRODUCES_TASKS.search(text) is not None \
            or _only_who(text[subj[1]:], recogniser)
    if not deeper:
        return False
    if subj is None:
        return block.kind in ("part", "roman", "number", "letter") and not re.search(r"[.;]\s*$", text)
    rest = text[subj[1]:]
    if block.kind in ("part", "roman", "number", "letter") and not re.search(r"[.;]\s*$", text) \
            and re.match(r"\s*chỉ đạo\b", rest, re.IGNORECASE) and len(rest.split()) <= 12:
        return True  # "5.2. Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng": what it directs follows
    return _only_who(rest, recogniser)


def _task_with_parts(blocks: list[Block], i: int, subj, recogniser: Recogniser) -> list[int]:
    """The children that spell out a task ending in a colon ("Sửa đổi Luật ... để:" / "- Tháo gỡ ...", "- Đơn
    giản hóa ..."): the unit opens with a task verb and names nobody, nor does any child. Their indexes, or []."""
    block = blocks[i]
    if subj or block.kind not in ("letter", "number", "bullet") or not block.text.rstrip().endswith(":") \
            or not fold(block.text).startswith(recogniser.predicates):
        return []
    parts = []
    for k in range(i + 1, len(blocks)):
        child = blocks[k]
        if not _deeper(child, block) or child.kind == "paragraph":
            break
        if subject(child.text, recogniser) or _attribute(child.text) or child.text.rstrip().endswith(":"):
            return []
        parts.append(k)
    return parts


def _only_who(rest: str, recogniser: Recogniser) -> bool:
    """Whether the words after a heading's agencies say only who leads and with whom ("chủ trì, phối hợp
    với các đơn vị liên quan:"), not a task."""
    rest = rest[_HEADING_WORDS.match(rest).end():]
    coord = re.match(r"(phối hợp|phối với)\s+(?:với\s+)?", rest, re.IGNORECASE)
    if coord:
        _, end = recogniser.parse_list(rest, coord.end(), "coordinator")
        rest = rest[end:] if end > coord.end() else rest[coord.end():]
    rest = _FOLLOWING_TASKS.sub("", rest)
    return not rest.strip(" .:;")


def _deeper(child: Block, parent: Block) -> bool:
    if child.kind == "paragraph":
        return parent.kind != "paragraph"
    if child.kind not in _LEVEL:
        return False
    if parent.kind == "paragraph":
        return child.kind in ("bullet", "plus")
    return _LEVEL[child.kind] > _LEVEL.get(parent.kind, 9)


def _level(block: Block, last_marker_level: float) -> float:
    return _LEVEL[block.kind] if block.kind in _LEVEL else last_marker_level + 0.5


def _mentions_in(block: Block, citations: list[Citation]) -> list[str]:
    return list(dict.fromkeys(c.number for c in citations if block.line_start <= c.line_start <= block.line_end))


def body_mandates(outline: Outline, recogniser: Recogniser, citations: list[Citation],
                  zones: tuple[str, ...] = ("body",), issuer: frozenset[str] = frozenset()) -> list[Mandate]:
    """Mandates of the body text (not the appendix tables). `issuer`: the folded canonical names of the
    body that issues the document: a unit whose only subject it is ("Ủy ban nhân dân tỉnh nhận được ...")
    gives nobody work."""
    blocks = [b for b in outline.blocks if b.zone in zones and b.kind not in ("row", "title")]
    goals = _goal_sections(blocks)
    out: list[Mandate] = []
    frames: list[_Frame] = []
    timed: list[tuple[float, Deadline]] = []  # deadlines that headings set for the items under them
    last_marker = 0.0
    previous: Mandate | None = None
    previous_block: Block | None = None
    pending: Block | None = None  # a task with no actor yet: "Cơ quan chủ trì: ..." lines may follow
    attributed: Mandate | None = None
    folded_into: set[int] = set()  # children whose words belong to the task above them
    for i, block in enumerate(blocks):
        if i in folded_into:
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        attribute = _attribute(block.text)
        if attribute and (pending is not None or attributed is not None):
            for role, value in _attributes(block.text):
                if attributed is None and role == "lead":
                    leads = recogniser.cell(value, "lead")
                    if not leads:
                        continue
                    attributed = _mandate(pending, leads, [], citations)
                    out.append(attributed)
                    previous, previous_block = attributed, pending
                elif attributed is not None:
                    _apply_attribute(attributed, (role, value), recogniser)
            continue
        pending = None
        attributed = None
        level = _level(block, last_marker)
        if block.kind in _LEVEL:
            last_marker = level
            frames = [f for f in frames if f.level < level]
            timed = [(lv, d) for lv, d in timed if lv < level]
        elif block.kind == "paragraph":
            frames = [f for f in frames if f.level <= level or f.path == block.path[: len(f.path)]]
        text = block.text
        if not text or _is_boilerplate(text):
            previous = None
            continue
        subj = subject(text, recogniser)
        if subj is None and len(re.findall(r"[^\W\d_]{2,}", text)) < 3:
            previous, previous_block = None, block
            continue  # a scrap of a table's cell ("08 ngày", "BM.06", "X"): no task
        when = _DUE_LINE.match(text)
        if subj is None and when and previous is not None and column_role(when.group(1)) == "due" and len(text) < 160:
            _apply_attribute(previous, ("due", text[when.end(1):]), recogniser)
            continue  # "Thời gian hoàn thành trước ngày 31 tháng 12 năm 2025.": the deadline of the task above
        if subj and ((issuer and {fold(n) for n in subj[0]} <= issuer and not _LEAD_IN.match(text))
                     or fold(text[subj[1]:]).lstrip().startswith(tuple(layout()["boilerplate"]["received"]))):
            previous = None  # "Ủy ban nhân dân tỉnh nhận được ...": the issuer speaking of itself, no task
            continue
        inline = _inline_attributes(text)
        if subj is None and inline.get("lead"):
            subj = (recogniser.cell(inline["lead"], "lead"), 0)
        parts = _task_with_parts(blocks, i, subj, recogniser)
        if parts:
            folded_into.update(parts)
            last = blocks[parts[-1]]
            block = Block(block.kind, block.label, " ".join([text] + [blocks[k].text for k in parts]), block.line_start,
                          last.line_end, block.path, zone=block.zone)
            text, following = block.text, blocks[parts[-1] + 1] if parts[-1] + 1 < len(blocks) else None
        if _is_heading(block, following, subj, recogniser) and not _attribute(following.text if following else ""):
            due = deadline(text)
            if due.due:  # "Nhiệm vụ hoàn thành trong năm 2025:": the heading's deadline holds for its items
                timed.append((level, due))
            if subj and block.path[:1] not in goals:
                leads = subj[0]
                frames.append(_Frame(level, leads, coordinators(text, recogniser, leads), block.path,
                                     "context" if block.kind == "paragraph" else "heading", block.line_end,
                                     block.kind == "paragraph"))
            previous = None
            previous_block = block
            continue
        label = _ATTRIBUTE.match(text)
        if label and fold(label.group(1)).startswith(tuple(layout()["boilerplate"]["labels"])) \
                and (subj is None or not re.search(r"[^\W\d_]", text[subj[1]:])):
            previous, previous_block = None, block
            continue  # a field of an administrative procedure: "Cơ quan thực hiện: Sở Xây dựng.", "... : Không."
        if subj and (recogniser.at(text, 0) is not None or _LEAD_IN.match(text)) and (
                not re.search(r"[^\W\d_]", text[subj[1]:])):
            previous, previous_block = None, block
            continue  # nothing but agencies ("Sở Nông nghiệp và Môi trường, các sở ngành liên quan;", "Trách nhiệm
            # của các sở, ban, ngành.", "Đối tượng thực hiện: Sở Xây dựng."): no task
        if subj and recogniser.at(text, 0) is not None and _only_agencies(text[subj[1]:], recogniser):
            if following is not None and _deeper(following, block):
                frames.append(_Frame(level, subj[0], [], block.path, line_end=block.line_end,
                                     from_paragraph=block.kind == "paragraph"))
            previous, previous_block = _mandate(block, subj[0], [], citations), block
            continue  # "Trung tâm X thuộc Sở Y", "Văn phòng ĐKĐĐ hoặc Chi nhánh ...": who, no task; what follows is theirs
        if subj and _DEFINITION.match(text[subj[1]:]) and not _LEAD_IN.match(text) \
                and not _DUTY.search(text[subj[1]:]):
            previous, previous_block = None, block
            continue  # "Văn phòng là tổ chức thuộc bộ, thực hiện chức năng ...": what a body is, not a task
        if subj:
            leads, source = subj[0], "text"
            coords = coordinators(text, recogniser, leads)
        elif block.path[:1] in goals:
            previous, previous_block = None, block
            continue  # an aim or a target with nobody named: no task
        elif not any(c.islower() for c in text):
            previous, previous_block = None, block
            continue  # a title in capitals ("LẬP, THẨM ĐỊNH, PHÊ DUYỆT ..."), not a task of the agency above
        elif frames and not (frames[-1].from_paragraph
                             and outline.across_cells(frames[-1].line_end, block.line_start)):
            leads, source = frames[-1].leads, frames[-1].source
            coords = _dedupe(frames[-1].coordinators + coordinators(text, recogniser, leads), leads)
        elif block.kind == "paragraph" and previous is not None and previous_block is not None \
                and previous_block.path[:4] == block.path[:4] \
                and not outline.across_cells(previous_block.line_end, block.line_start):
            leads, source = previous.lead, "context"
            coords = coordinators(text, recogniser, leads)
        else:
            previous = None
            previous_block = block
            pending = block
            continue
        mandate = _mandate(block, leads, coords, citations)
        mandate.lead_source = source
        for role in ("coordinators", "due", "product"):
            if inline.get(role):
                _apply_attribute(mandate, (role, inline[role]), recogniser)
        if mandate.due is None and timed:
            mandate.due, mandate.due_text = timed[-1][1].due, timed[-1][1].due_text
        out.append(mandate)
        if subj and following is not None and _deeper(following, block):
            frames.append(_Frame(level, leads, [], block.path, line_end=block.line_end,
                                 from_paragraph=block.kind == "paragraph"))  # its sub-items carry on its agencies' work
        previous, previous_block = mandate, block
        if _attribute(following.text if following else ""):
            attributed = mandate
    return out


def _goal_sections(blocks: list[Block]) -> set[tuple[str, ...]]:
    """Top sections (I, II ... or Phần) whose heading names aims, targets or orientations (layout.toml)."""
    words = tuple(layout()["sections"]["goals"])
    return {b.path[:1] for b in blocks if b.kind in ("roman", "part") and fold(b.text).startswith(words)}


def _mandate(block: Block, leads: list[str], coords: list[str], citations: list[Citation]) -> Mandate:
    text = block.text
    due = deadline(text)
    return Mandate(line=block.line_start, line_end=block.line_end, section=".".join(block.path), text=text,
                   lead=list(leads), coordinators=coords, due=due.due, due_text=due.due_text,
                   recurring=due.recurring, product=_product(text), mentions=_mentions_in(block, citations))


_ATTRIBUTE = re.compile(r"^([^:;,.()]{2,45}?)\s*:\s*(.+)$")
_ROLES = ("lead", "coordinators", "due", "product")


def _attribute(text: str) -> tuple[str, str] | None:
    """A line that states an attribute of the task above it: "Cơ quan chủ trì: Sở Nội vụ.", "Thời gian: Quý III/2024".
    Further attributes on the same line ("Chủ trì: Sở Y tế; phối hợp: Sở Tài chính") are read by `_attributes`."""
    m = _ATTRIBUTE.match(text)
    if not m:
        return None
    role = column_role(m.group(1))
    value = re.split(r";\s*(?=[^:;]{2,45}:)", m.group(2))[0]
    return (role, value.strip().rstrip(".;")) if role in _ROLES else None


def _attributes(text: str) -> list[tuple[str, str]]:
    return [a for part in re.split(r"\s*;\s*", text) if (a := _attribute(part))]


def _inline_attributes(text: str) -> dict[str, str]:
    """Attributes stated in parentheses inside a task: "(Cơ quan chủ trì: Sở Nội vụ; thời gian: năm 2025)"."""
    out: dict[str, str] = {}
    for group in re.findall(r"\(([^()]*chủ trì\s*:[^()]*)\)", text, re.IGNORECASE):
        for part in re.split(r"\s*;\s*", group):
            attribute = _attribute(part)
            if attribute:
                out.setdefault(*attribute)
    return out


def _apply_attribute(mandate: Mandate, attribute: tuple[str, str], recogniser: Recogniser) -> None:
    role, value = attribute
    if role == "lead":
        mandate.lead = _dedupe(mandate.lead + recogniser.cell(value, "lead"))
    elif role == "coordinators":
        mandate.coordinators = _dedupe(mandate.coordinators + recogniser.cell(value, "coordinator"), mandate.lead)
    elif role == "due":
        due = deadline(value, cell=True)
        best = earliest([d for d in (mandate.due, due.due) if d])
        if best != mandate.due:
            mandate.due, mandate.due_text = best, due.due_text
        mandate.recurring = mandate.recurring or due.recurring
        if mandate.due is None and mandate.due_text is None:
            mandate.due_text = due.due_text
    elif role == "product":
        mandate.product = value


_DUE_LINE = re.compile(r"^(\S+(?:\s+\S+){0,3}?)\s+(?=(?:trước|trong|chậm nhất|hoàn thành trước|là)\b)", re.IGNORECASE)
_FORM_BLANK = re.compile(r"\.{6,}|…{3,}|(?=[.…/]*…[.…/]*…)[.…/]{6,}")  # "......", "………", "……./……./……."


_LINKING = re.compile(r"\b(?:và|hoặc|hay|chi nhánh|cấp|tỉnh|xã|phường|huyện|các|của|thuộc)\b", re.IGNORECASE)


def _only_agencies(text: str, recogniser: Recogniser) -> bool:
    """Whether `text` names agencies and nothing else ("hoặc Chi nhánh Văn phòng ĐKĐĐ", "(cấp tỉnh hoặc cấp xã)")."""
    if len(text) > 300:
        return False  # a list of agencies is short; a long text says more
    rest = text
    for m in reversed(recogniser.find_all(text, "coordinator")):
        rest = rest[:m.start] + " " + rest[m.end:]
    return not re.search(r"[^\W\d_]", _LINKING.sub(" ", rest))


def _is_boilerplate(text: str) -> bool:
    """A decision's own execution clause ("... chịu trách nhiệm thi hành Quyết định này"), a closing courtesy
    ("Trân trọng thông báo ...") or a line of a form to fill in ("Hội đồng họp ngày ……/……"): not a task."""
    if _FORM_BLANK.search(text):
        return True
    folded = fold(text)
    ending = folded.rstrip(" ./")
    return any(w in folded for w in layout()["boilerplate"]["execution"]) \
        or folded.startswith(tuple(layout()["boilerplate"]["closing"])) \
        or (len(folded) < 250 and ending.endswith(tuple(layout()["boilerplate"]["closing_end"])))


def row_mandates(outline: Outline, recogniser: Recogniser, citations: list[Citation]) -> list[tuple[Block, Mandate]]:
    """One mandate per appendix-table row that names a lead."""
    rows = [b for b in outline.blocks if b.kind == "row"]
    _infer_columns(rows, recogniser)
    out = []
    for block in rows:
        cells = block.cells
        leads = recogniser.cell(cells.get("lead", ""), "lead")
        content = cells.get("content", "")
        coords = _dedupe(recogniser.cell(cells.get("coordinators", ""), "coordinator")
                         + coordinators(content, recogniser, leads), leads)
        if not leads:
            continue
        year = cells.get("due_year")
        due = deadline(cells["due"], cell=True, year=year) if cells.get("due") else deadline(content)
        line = int(cells.get("content_line", block.line_start))
        out.append((block, Mandate(line=line, line_end=block.line_end, section=".".join(block.path), text=content,
                                   lead=leads, coordinators=coords, due=due.due, due_text=due.due_text,
                                   recurring=due.recurring, product=cells.get("product") or _product(content),
                                   mentions=_mentions_in(block, citations), lead_source="row")))
    return out


def _infer_columns(rows: list[Block], recogniser: Recogniser) -> None:
    """Columns whose heading said nothing known, read by what they hold: in a table with no lead column, the
    column whose cells are mostly agencies leads; with no time column, the one whose cells are mostly dates."""
    tables: dict[str, list[Block]] = {}
    for row in rows:
        tables.setdefault(row.cells.get("table", ""), []).append(row)
    for table in tables.values():
        keys = {k for row in table for k in row.cells}
        unnamed = sorted(k for k in keys if k.startswith("col"))
        for role, test in (("lead", lambda v: _starts_with_agency(v, recogniser)),
                           ("due", lambda v: bool(find_dues(v, cell=True) or recurring(v)
                                                  or re.search(r"thường xuyên|hằng|hàng", fold(v))))):
            if role in keys or not unnamed:
                continue
            best = max(unnamed, key=lambda k: _share(table, k, test))
            if _share(table, best, test) >= 0.6:
                unnamed.remove(best)
                for row in table:
                    if best in row.cells:
                        row.cells[role] = row.cells.pop(best)


def _share(rows: list[Block], key: str, test) -> float:
    values = [row.cells[key] for row in rows if row.cells.get(key)]
    return sum(1 for v in values if test(v)) / len(values) if len(values) >= 2 else 0.0


def _starts_with_agency(value: str, recogniser: Recogniser) -> bool:
    mention = recogniser.at(value, 0, "lead")
    return mention is not None and mention.start <= 2


_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10, "L": 50}


def _number(label: str) -> str:
    """A group label as a number: "III" -> "3", "3" -> "3"; anything else as printed."""
    if label and set(label) <= set(_ROMAN_VALUE):
        values = [_ROMAN_VALUE[c] for c in label]
        return str(sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)))
    return label


def _group_of(section: str) -> str | None:
    """The task group of a body section ("II.3.b" -> "3") or of an appendix row ("Phụ lục II.III.12" -> "3"),
    so that body groups numbered 1, 2, 3 meet table groups numbered I, II, III."""
    parts = section.split(".")
    if section.startswith("Phụ lục"):
        return _number(parts[1]) if len(parts) > 2 else None
    numbers = [p for p in parts if p.isdigit()]
    return numbers[0] if numbers else None


@dataclass
class _Wording:
    """A unit's words, weighted by how rare each is in the document (computed once per unit)."""

    counts: Counter
    weighted: dict[str, float]
    size: float
    total: int


def _wording(text: str, weights: dict[str, float]) -> _Wording:
    counts = tokens(text)
    weighted = {w: weights.get(w, 1.0) * n for w, n in counts.items()}
    return _Wording(counts, weighted, sum(weighted.values()), sum(counts.values()))


def _row_scores(row: _Wording, bodies: list[_Wording], index: dict[str, list[int]]) -> dict[int, float]:
    """How surely a table row states the same task as each body unit it shares a word with: shared wording,
    weighted by how rare each word is in the document, or the row's words found in the unit (a row that is one
    clause of it). Read through an index of the units' words, so a row costs what its words occur."""
    common_words = len(bodies) // 2  # a word in half the units finds no counterpart: candidates come from the rest
    candidates = {j for w in row.counts if len(index.get(w, ())) <= common_words for j in index.get(w, ())}
    shared: dict[int, float] = {}
    plain: dict[int, int] = {}
    for w, n in row.counts.items():
        postings = index.get(w, ())
        for j in (postings if len(postings) <= common_words else (k for k in postings if k in candidates)):
            body = bodies[j]
            shared[j] = shared.get(j, 0.0) + min(row.weighted[w], body.weighted[w])
            plain[j] = plain.get(j, 0) + min(n, body.counts[w])
    row_total = sum(row.counts.values())
    scores = {}
    for j, common in shared.items():
        body = bodies[j]
        weighted = 2 * common / (row.size + body.size) if row.size + body.size else 0.0
        within = common / row.size if row.size else 0.0
        total = row_total + body.total
        scores[j] = max(weighted, 0.85 * within, 2 * plain[j] / total if total else 0.0)
    return scores


MERGE_SURE, MERGE_FAIR, MERGE_MARGIN, MERGE_WORDING = 0.75, 0.5, 0.1, 0.45


def _idf(texts: list[str]) -> dict[str, float]:
    frequency: Counter = Counter()
    for text in texts:
        frequency.update(set(tokens(text)))
    n = len(texts) or 1
    return {w: math.log(1 + n / f) for w, f in frequency.items()}


def merge_rows(body: list[Mandate], rows: list[tuple[Block, Mandate]], outline: Outline) -> list[Mandate]:
    """Pair appendix rows with the body units that state the same task: each row joins its best body unit
    (a unit may take several rows, one per clause); rows with no counterpart stay mandates of their own.
    A lead the unit only inherited (from a heading or lead-in) gives way to the rows' leads."""
    if not rows or not body:
        return sorted(body + [r for _, r in rows], key=lambda m: m.line)
    weights = _idf([m.text for m in body] + [r.text for _, r in rows])
    body_words = [_wording(m.text, weights) for m in body]
    index: dict[str, list[int]] = {}
    for j, wording in enumerate(body_words):
        for w in wording.counts:
            index.setdefault(w, []).append(j)
    body_group = [_group_of(m.section) for m in body]
    body_leads = [{fold(x) for x in m.lead} for m in body]
    row_groups = {_group_of(r.section) for _, r in rows} - {None}
    grouped = bool((set(body_group) - {None}) & row_groups)
    titles: dict[str | None, str] = {}
    for b in outline.blocks:
        path = ".".join(b.path)
        if b.kind in ("number", "roman") and path.count(".") == 1:
            titles.setdefault(_group_of(path), b.text)
    matches: dict[int, list[Mandate]] = {}
    for _, row in rows:
        group = _group_of(row.section)
        words = _wording(row.text, weights)
        row_leads = {fold(x) for x in row.lead}
        title = titles.get(group)
        same_title = bool(title) and dice(row.text, title) >= 0.8
        best, best_score, second = None, 0.0, 0.0
        for j, wording in sorted(_row_scores(words, body_words, index).items()):
            mandate = body[j]
            score = wording
            if wording < MERGE_WORDING:
                continue  # too few words in common: a shared agency or group does not make it the same task
            if grouped and group and body_group[j] == group:
                score += 0.05  # same task group: a little more likely, never required (groups are renumbered)
            overlap = row_leads & body_leads[j]
            if overlap:
                score += 0.15
            elif row.lead and mandate.lead and mandate.lead_source in ("text", "heading"):
                score -= 0.3  # the unit names its own agency, and the row another
            if same_title and overlap:
                score = max(score, 0.5 + len(overlap) / max(len(set(mandate.lead) | set(row.lead)), 1))
            if score > best_score:
                best, best_score, second = j, score, best_score
            elif score > second:
                second = score
        # a sure match, or a fair one that stands clear of the next best unit
        if best is not None and (best_score >= MERGE_SURE or (best_score >= MERGE_FAIR and
                                                              best_score - second >= MERGE_MARGIN)):
            matches.setdefault(best, []).append(row)
        else:
            matches.setdefault(-1, []).append(row)
    out = list(body)
    for j, found in matches.items():
        if j < 0:
            out.extend(found)
            continue
        _merge_into(out[j], found)
    return sorted(out, key=lambda m: m.line)


def _merge_into(m: Mandate, rows: list[Mandate]) -> None:
    """A body unit takes what its rows say: their leads (instead of one a lead-in paragraph gave), coordinators, the earliest
    deadline, the product; the rows' wording becomes `alt_texts`."""
    row_leads = _dedupe([n for r in rows for n in r.lead])
    if m.lead_source == "context" and row_leads:
        m.lead, m.coordinators, m.lead_source = row_leads, [], "row"
    else:
        m.lead = _dedupe(m.lead + row_leads)
    m.coordinators = _dedupe(m.coordinators + [n for r in rows for n in r.coordinators], m.lead)
    for row in rows:
        dues = [d for d in (m.due, row.due) if d]
        best = earliest(dues)
        if best and best != m.due:
            m.due_text = row.due_text
        m.due = best
        if m.due is None and m.due_text is None:
            m.due_text = row.due_text
        m.recurring = m.recurring or row.recurring
        m.product = row.product or m.product
        m.alt_texts.append(row.text)
        m.appendix_line = m.appendix_line or row.line
        m.mentions = list(dict.fromkeys(m.mentions + row.mentions))


def extract_mandates(outline: Outline, recogniser: Recogniser, citations: list[Citation],
                     issuer: frozenset[str] = frozenset()) -> list[Mandate]:
    """Every mandate of a document: body tasks, appendix rows merged into them, unit names made consistent."""
    zones = ("body",)
    if outline.header.attached_line is None:  # no attached plan: the articles themselves assign the tasks
        zones = ("body", "decision")
    body = body_mandates(outline, recogniser, citations, zones, issuer)
    rows = row_mandates(outline, recogniser, citations)
    mandates = merge_rows(body, rows, outline)
    return mandates
