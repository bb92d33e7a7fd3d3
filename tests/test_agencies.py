"""Agencies: gazetteer names in every printed variant, collectives by role, unknown agencies, both generations."""
import pytest

from graphbuild.agencies import lookup, recogniser, unify_names


def _names(text: str, role: str = "lead", province: str | None = "Thanh Hóa") -> list[str]:
    mentions, _ = recogniser(province).parse_list(text, 0, role)
    return list(dict.fromkeys(n for m in mentions for n in m.names))


@pytest.mark.parametrize("printed, canonical", [
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở Nông nghiệp và PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở Nông nghiệp và phát triển nông thôn", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
    ("Sở Thông tin Truyền thông", "Sở Thông tin và Truyền thông"),   # 001 l.698: "và" missing
    ("Sở LĐTB&XH", "Sở Lao động, Thương binh và Xã hội"),
    ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động, Thương binh và Xã hội"),  # hyphen for comma
    ("Sở Công thương", "Sở Công Thương"),
    ("Sở Giao thông Vận tải", "Sở Giao thông vận tải"),
    ("Sở Giao thông và Vận tải", "Sở Giao thông vận tải"),
    ("Sở Văn hóa - Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),    # old tone placement
    ("Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Môi trường"),          # after the 2025 merger
    ("Bộ Công thương", "Bộ Công Thương"),
    ("Ban Quản lý KKT Nghi Sơn và các KCN", "Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp"),
    ("Văn phòng đăng ký đất đai", "Văn phòng Đăng ký đất đai"),              # wild 50693ea4 l.410
    ("Văn phòng ĐKĐĐ", "Văn phòng Đăng ký đất đai"),                        # wild 5a80798b l.621
    ("Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa", "Trung tâm Phục vụ hành chính công tỉnh"),
    ("Sở Nội vụ tỉnh Thanh Hóa", "Sở Nội vụ"),       # the document's own province after a known name
])
def test_printed_variants_resolve_to_one_canonical_name(printed, canonical):
    assert _names(f"{printed} chủ trì thực hiện") == [canonical]


def test_a_list_of_agencies_is_split():
    # 000 l.26
    text = ("Báo Thanh Hóa, Đài Phát thanh và Truyền hình tỉnh, Báo Văn hóa và Đời sống và hệ thống thông tin cơ sở "
            "trên địa bàn tỉnh, thường xuyên cập nhật")
    assert _names(text) == ["Báo Thanh Hóa", "Đài Phát thanh và Truyền hình tỉnh", "Báo Văn hóa và Đời sống",
                            "Hệ thống thông tin cơ sở"]


def test_distributive_list_names_each_department():
    # 001 l.418
    cell = "Sở: Xây dựng, Kế hoạch và Đầu tư, Tài chính, Nông nghiệp và PTNT và các đơn vị liên quan"
    assert recogniser("Thanh Hóa").cell(cell, "coordinator") == [
        "Sở Xây dựng", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Nông nghiệp và Phát triển nông thôn",
        "Các đơn vị liên quan"]


@pytest.mark.parametrize("text, role, expected", [
    ("các sở, ban, ngành cấp tỉnh", "lead", ["Các sở, ban, ngành cấp tỉnh"]),
    ("UBND các huyện, thị xã, thành phố", "lead", ["UBND cấp huyện"]),
    ("Chủ tịch UBND các huyện, thị xã, thành phố", "lead", ["UBND cấp huyện"]),
    ("UBND các xã, phường, đặc khu", "lead", ["UBND cấp xã"]),
    ("UBND cấp xã", "lead", ["UBND cấp xã"]),
    ("UBND các tỉnh, thành phố trực thuộc trung ương", "lead", ["UBND cấp tỉnh"]),
    ("các bộ, ngành trung ương", "coordinator", ["Các bộ, ngành trung ương"]),
    ("Các cấp, các ngành", "lead", ["UBND cấp huyện", "Các sở, ban, ngành cấp tỉnh"]),
    ("các sở, ngành, địa phương", "coordinator", ["Các sở, ban, ngành cấp tỉnh", "UBND cấp huyện"]),
    ("các đơn vị liên quan", "coordinator", ["Các đơn vị liên quan"]),
    ("các ngành, đơn vị có liên quan", "coordinator", ["Các đơn vị liên quan"]),
    # "(có) liên quan" makes the whole group the related units ...
    ("các sở, ngành và địa phương có liên quan", "coordinator", ["Các đơn vị liên quan"]),
    # ... unless it qualifies only organisations outside the state (004 l.37)
    ("các sở, ban, ngành, địa phương và tổ chức, cá nhân liên quan", "coordinator",
     ["Các sở, ban, ngành cấp tỉnh", "UBND cấp huyện", "Các đơn vị liên quan"]),
    # a related group that leads is the group itself, never "Các đơn vị liên quan" (002 l.450)
    ("các sở, ngành, đơn vị chức năng có liên quan", "lead", ["Các sở, ban, ngành cấp tỉnh"]),
    ("Giám đốc các sở, Trưởng các ban, ngành, đơn vị cấp tỉnh", "lead", ["Các sở, ban, ngành cấp tỉnh"]),
    # Party programmes address the Party committees below the province
    ("Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy", "lead",
     ["Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"]),
    ("các cấp ủy, tổ chức đảng", "lead", ["Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"]),
])
def test_collectives_by_role(text, role, expected):
    assert _names(f"{text} tổ chức thực hiện", role) == expected


def test_unknown_agencies_are_kept_with_their_printed_name():
    names = _names("Trung tâm Phát triển quỹ đất tỉnh chủ trì, phối hợp", province="Nghệ An")
    assert names == ["Trung tâm Phát triển quỹ đất tỉnh"]
    assert lookup(names[0], "Nghệ An").known is False


def test_common_words_are_not_agencies():
    assert _names("Hội nhập kinh tế quốc tế") == []
    assert _names("Ban hành Kế hoạch thực hiện") == []


def test_province_templates_take_the_documents_province():
    assert _names("Ngân hàng nhà nước - Chi nhánh Hà Tĩnh chỉ đạo", province="Hà Tĩnh") == [
        "Ngân hàng Nhà nước - Chi nhánh tỉnh Hà Tĩnh"]
    assert _names("Cục quản lý thị trường Hà Tĩnh: Nâng cao", province="Hà Tĩnh") == [
        "Cục Quản lý thị trường tỉnh Hà Tĩnh"]


def test_national_and_provincial_levels():
    assert lookup("Bộ Kế hoạch và Đầu tư").level == "nation"
    assert lookup("Sở Kế hoạch và Đầu tư").level == "province"
    assert lookup("Bộ Chỉ huy Quân sự tỉnh").level == "province"
    assert lookup("UBND cấp huyện").kind == "collective"


def test_variants_of_one_unknown_agency_in_one_document_are_unified():
    names = ["Ban Quản lý Khu kinh tế Dung Quất và các khu công nghiệp",
             "Ban Quản lý Khu kinh tế Dung Quất và các khu công nghiệp Quảng Ngãi",
             "Bản quản lý Khu X", "Ban quản lý Khu X", "Ban quản lý Khu X"]
    mapping = unify_names(names, "Quảng Ngãi")
    assert mapping["Ban Quản lý Khu kinh tế Dung Quất và các khu công nghiệp"].endswith("Quảng Ngãi")
    assert mapping["Bản quản lý Khu X"] == "Ban quản lý Khu X"


# ---------------------------------------------------------------------------- names on unseen layouts

@pytest.mark.parametrize("text, names", [
    # 105 l.45: an unknown agency with a comma inside its name, its "tỉnh" kept
    ("Báo và Phát thanh, Truyền hình tỉnh chủ trì, phối hợp", ["Báo và Phát thanh, Truyền hình tỉnh"]),
    # 102 row 8 (l.401): two ministries printed without the comma between them
    ("Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ chủ trì",
     ["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"]),
    # 107 l.133 and l.180: provincial mass organisations, courts and procuracy
    ("Hội Cựu chiến binh tỉnh, Tỉnh đoàn Thanh niên chủ trì", ["Hội Cựu chiến binh tỉnh", "Tỉnh đoàn Thanh niên"]),
    ("Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh phối hợp",
     ["Viện Kiểm sát nhân dân tỉnh", "Tòa án nhân dân tỉnh"]),
    # 105 l.48: a head stands for its body
    ("Lãnh đạo Sở Công Thương", ["Sở Công Thương"]),
    # 112 l.419: a strict head followed by its level
    ("Công an thành phố chỉ đạo", ["Công an thành phố"]),
    # 107 l.35: communes named in a list stand for their people's committees
    ("Phường Xuân Trường - Đà Lạt; Xã Lạc Dương; Đặc khu Phú Quý",
     ["UBND phường Xuân Trường - Đà Lạt", "UBND xã Lạc Dương", "UBND đặc khu Phú Quý"]),
    # 102 row 1 (l.393): abbreviations of national press agencies
    ("VTV, VOV, TTXVN", ["Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam"]),
    # 112 l.463: organisations outside the state addressed as a group
    ("các tổ chức, doanh nghiệp, Hiệp hội Du lịch thành phố", ["Các tổ chức, doanh nghiệp", "Hiệp hội Du lịch thành phố"]),
])
def test_unknown_and_irregular_names_are_read_whole(text, names):
    assert _names(text, province="Lâm Đồng") == names


def test_words_that_look_like_names_are_not_agencies():
    assert _names("Xã hội hóa các nguồn lực", province="Lâm Đồng") == []  # "Xã" opens a name only before a capital
    assert _names("Phường xã ven sông", province="Lâm Đồng") == []


def test_local_government_follows_the_issuer():
    assert _names("các địa phương", province=None) == ["UBND cấp huyện"]
    assert recogniser(None, "nation").parse_list("các bộ, ngành, địa phương", 0)[0][0].names == [
        "Các bộ, ngành trung ương", "UBND cấp tỉnh"]
    assert recogniser("Lâm Đồng", "province-2025").parse_list("các địa phương", 0)[0][0].names == ["UBND cấp xã"]


@pytest.mark.parametrize("text, names", [
    # a ministry's plan: its departments, a pair of words inside a name, the same department of every province
    ("Cục Quản lý Khám, chữa bệnh xây dựng đề án", ["Cục Quản lý Khám, chữa bệnh"]),
    ("Các Vụ, Cục, Văn phòng Bộ, Thanh tra Bộ theo chức năng", ["Các đơn vị thuộc Bộ"]),
    ("Sở Y tế các tỉnh, thành phố trực thuộc Trung ương xây dựng", ["Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"]),
    ("Sở Tài chính, tham mưu UBND tỉnh", ["Sở Tài chính"]),  # a task verb after the comma ends the name
])
def test_a_ministrys_own_units_and_every_provinces_department(text, names):
    assert [n for m in recogniser(None, "nation").parse_list(text, 0)[0] for n in m.names] == names


@pytest.mark.parametrize("cell, names", [
    # 112: a PDF table cell whose lines were joined runs one agency into the next
    ("Sở NN&MT Doanh nghiệp", ["Sở Nông nghiệp và Môi trường"]),
    ("Sở Xây dựng UBND các địa phương", ["Sở Xây dựng", "UBND cấp huyện"]),
    ("Sở các địa phương", []),                                          # a head word left over, no name
    ("Ban Quản lý các khu công nghiệp", ["Ban Quản lý các khu công nghiệp"]),  # a two-word head may go on with "các"
    ("Hội Liên hiệp Phụ nữ tỉnh", ["Hội Liên hiệp Phụ nữ tỉnh"]),          # a head inside a name is no second agency
])
def test_a_joined_table_cell_does_not_run_two_agencies_into_one_name(cell, names):
    assert recogniser("Thanh Hóa").cell(cell, "lead") == names


def test_local_government_without_cac_is_a_group_in_any_role():
    assert _names("chính quyền địa phương, các tổ chức chính trị - xã hội", "coordinator") == \
        ["UBND cấp huyện", "Các tổ chức đoàn thể, chính trị - xã hội"]
    assert _names("chính quyền cơ sở") == ["UBND cấp huyện"]
    assert _names("địa phương") == []  # a bare "địa phương" is a group only after "phối hợp với"


def test_related_qualifies_the_whole_comma_list_or_only_the_private_ones_joined_by_va():
    # 102 row 139: "Các bộ, ngành, địa phương, doanh nghiệp liên quan" -> the related units only;
    # 004 l.37: "các sở, ban, ngành, địa phương và tổ chức, cá nhân liên quan" -> the groups, and the related ones
    assert _names("các bộ, ngành, địa phương, doanh nghiệp liên quan", "coordinator") == ["Các đơn vị liên quan"]
    assert _names("các sở, ban, ngành, địa phương và tổ chức, cá nhân liên quan", "coordinator") == \
        ["Các sở, ban, ngành cấp tỉnh", "UBND cấp huyện", "Các đơn vị liên quan"]


def test_centrally_run_cities_are_provinces_and_state_bodies_a_qualified_group():
    nation = recogniser(None, "nation")
    # 102 row 64: the centrally-run cities are of the provinces' level, not districts
    assert nation.cell("Các thành phố trực thuộc Trung ương và một số tỉnh đủ điều kiện", "lead") == ["UBND cấp tỉnh"]
    # 112 l.464: "các cơ quan quản lý nhà nước và địa phương": the departments, and local government
    assert _names("các cơ quan quản lý nhà nước và địa phương", "coordinator") == \
        ["Các sở, ban, ngành cấp tỉnh", "UBND cấp huyện"]


def test_a_known_name_with_another_provinces_name_stays_that_provinces():
    assert _names("Sở Nội vụ tỉnh Nghệ An") == ["Sở Nội vụ tỉnh Nghệ An"]
    assert recogniser("Hà Nội", "province-2025", True).cell("Sở Nội vụ thành phố Hà Nội", "lead") == ["Sở Nội vụ"]


@pytest.mark.parametrize("printed, names", [
    ("Cục trưởng Cục Hải quan", ["Cục Hải quan"]),                      # a head's title stands for the body
    ("Chánh Văn phòng UBND tỉnh", ["Văn phòng UBND tỉnh"]),
    ("Chánh án Tòa án nhân dân tỉnh", ["Tòa án nhân dân tỉnh"]),
    ("Trung tâm Chuyển đổi số và Truyền thông thuộc Sở Khoa học và Công nghệ",  # wild: "... thuộc" ended no name
     ["Trung tâm Chuyển đổi số và Truyền thông"]),
])
def test_titles_of_heads_and_what_a_unit_belongs_to(printed, names):
    assert _names(printed) == names


def test_in_a_national_document_a_provincial_body_keeps_its_province():
    nation = recogniser(None, "nation")
    assert nation.cell("Thuế tỉnh Hà Tĩnh", "lead") == ["Cục Thuế tỉnh Hà Tĩnh"]        # wild 66b33234 l.96
    assert nation.cell("Sở Y tế Hà Nội", "lead") == ["Sở Y tế thành phố Hà Nội"]
    assert nation.cell("UBND tỉnh Bắc Ninh", "lead") == ["UBND tỉnh Bắc Ninh"]           # 102 row 95


def test_after_phoi_hop_voi_a_group_noun_without_cac_is_the_group():
    # wild f004d93b l.1413: "Phối hợp với Bộ ngành Trung ương triển khai ..."
    assert _names("Bộ ngành Trung ương", "coordinator") == ["Các bộ, ngành trung ương"]
    assert _names("đoàn thể", "coordinator") == ["Các tổ chức đoàn thể, chính trị - xã hội"]
    assert _names("đoàn thể") == []  # as a subject, a bare noun names nobody


def test_a_party_plans_list_of_the_political_system():
    # "Các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội các cấp"
    assert _names("Các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội các cấp") == [
        "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy", "UBND cấp huyện",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức đoàn thể, chính trị - xã hội"]
    assert recogniser(None, "nation").cell("Mặt trận Tổ quốc Việt Nam", "lead") == ["Mặt trận Tổ quốc Việt Nam"]


def test_the_press_and_the_political_organisations_named_without_cac_after_phoi_hop():
    # wild 62f25a03 l.398 "Phối hợp cơ quan báo chí ...", 3a2db039 l.362 "phối hợp tổ chức chính trị - xã hội ..."
    assert _names("cơ quan báo chí và hệ thống truyền thông", "coordinator") == \
        ["Các cơ quan thông tấn, báo chí trên địa bàn tỉnh"]
    assert _names("tổ chức chính trị - xã hội tại địa phương", "coordinator") == \
        ["Các tổ chức đoàn thể, chính trị - xã hội"]


def test_the_committees_of_the_communes_named_as_areas():
    # 107 l.137 "3.9. Chủ tịch Ủy ban nhân dân địa bàn cấp xã chỉ đạo", l.39 "Các địa bàn cấp xã còn lại ..."
    communes = recogniser("Lâm Đồng", "province-2025")
    assert communes.cell("Chủ tịch Ủy ban nhân dân địa bàn cấp xã", "lead") == ["UBND cấp xã"]
    assert communes.cell("Các địa bàn cấp xã còn lại", "lead") == ["UBND cấp xã"]


def test_each_locality_and_each_department_are_the_groups():
    # 105 l.60: "yêu cầu từng địa phương trả lời ..."
    assert recogniser("Lâm Đồng", "province-2025").cell("từng địa phương", "lead") == ["UBND cấp xã"]
    assert _names("từng sở, ngành") == ["Các sở, ban, ngành cấp tỉnh"]
