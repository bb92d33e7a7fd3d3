"""Agencies (cơ quan): the gazetteer under ontology/ and recognition of agency mentions.

Provisional: `lookup` classifies a canonical name by its head words; the full gazetteer-backed
recogniser replaces it.
"""
from __future__ import annotations

from graphbuild.model import Agency

_NATIONAL_HEADS = ("Bộ Chính trị", "Ban Bí thư", "Chính phủ", "Thủ tướng", "Quốc hội", "Ban Chấp hành Trung ương")
_KIND_BY_HEAD = (
    ("Các ", "collective"), ("UBND cấp", "collective"), ("Sở ", "department"), ("Bộ Chỉ huy", "army"),
    ("Bộ ", "ministry"), ("Công an", "police"), ("UBND", "committee"), ("Ủy ban nhân dân", "committee"),
    ("Ban ", "board"), ("Báo ", "press"), ("Đài ", "press"), ("Ngân hàng", "bank"), ("Cục ", "office"),
    ("Trung tâm", "centre"), ("Trường", "university"), ("Đại học", "university"), ("Tỉnh ủy", "party"),
)


def lookup(name: str) -> Agency:
    """Describe a canonical agency name: its kind and whether it is a national or provincial body."""
    level = "nation" if name.startswith(_NATIONAL_HEADS) or (name.startswith("Bộ ") and not name.startswith("Bộ Chỉ huy")) \
        or name == "Các bộ, ngành trung ương" else "province"
    kind = next((k for head, k in _KIND_BY_HEAD if name.startswith(head)), "other")
    return Agency(name=name, kind=kind, level=level, known=False)
