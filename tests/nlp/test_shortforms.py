"""Short forms (市科协, 市委, 管委会) are completed from the full name the document gives, or
name no organization when it gives none (issue #15: 9 of 15 wrong held-out affiliations)."""

from __future__ import annotations

from graphmap.model import Document, EdgeKind, NodeKind
from nlp.extract import extract_document
from nlp.shortforms import complete_short_forms, is_short_form


def _affiliations(text: str) -> set[tuple[str, str]]:
    ex = extract_document(Document(path="a.txt", content_hash="x", text=text))
    names = {e.id: e.name for e in ex.entities}
    return {(names[r.source], names[r.target]) for r in ex.relations
            if r.kind == EdgeKind.AFFILIATED_WITH}


def _orgs(text: str) -> set[str]:
    ex = extract_document(Document(path="a.txt", content_hash="x", text=text))
    return {e.name for e in ex.entities if e.kind == NodeKind.ORGANIZATION}


def test_kinds_and_levels_are_short_forms_names_are_not() -> None:
    assert all(map(is_short_form, ["市委", "科协", "管委会", "该公司", "县委", "市科协",
                                   "区党工委", "市纪委监委第三派驻纪检监察组"]))
    assert not any(map(is_short_form, ["盐城市科协", "中共常州市委", "市场监管总局",
                                       "区块链研究院", "火炬区管委会", "同济大学"]))


def test_completion_needs_one_full_name() -> None:
    got = complete_short_forms(["盐城市科学技术协会", "科协", "火炬区管委会", "管委会",
                                "集团公司"])
    assert got == {"科协": "盐城市科学技术协会", "管委会": "火炬区管委会", "集团公司": None}
    # two full names it could stand for: none of them
    assert complete_short_forms(["盐城市科协", "常州市科协", "市科协"])["市科协"] is None
    # a unit named in full and its department: the unit
    assert complete_short_forms(["中共常州市委", "中共常州市委组织部", "市委"])["市委"] == \
        "中共常州市委"
    # the level without the place: the one place of that level the document names
    assert complete_short_forms(["盐城市农业科学院", "市纪委监委"])["市纪委监委"] == \
        "盐城市纪委监委"
    assert complete_short_forms(["盐城市农业科学院", "市政府"])["市政府"] == "盐城市人民政府"
    assert complete_short_forms(["盐城市农业科学院", "常州市科协", "市欧美同学会"])[
        "市欧美同学会"] == "市欧美同学会"


def test_a_short_form_joins_the_full_organization_in_the_graph() -> None:
    text = ("盐城市科学技术协会主办了学术活动月。开幕式上，市科协党组书记、主席卫爱军致辞，"
            "他介绍了活动安排。")
    assert ("卫爱军", "盐城市科学技术协会") in _affiliations(text)
    assert "市科协" not in _orgs(text)


def test_a_bare_kind_never_named_in_full_is_no_organization() -> None:
    text = "签约仪式上，市委副书记、市长黄钫致辞，为研究院揭牌。"
    orgs = _orgs(text)
    assert "市委" not in orgs and not any(org == "市委" for _, org in _affiliations(text))


def test_traditional_script_short_forms_complete_too() -> None:
    text = "火炬區管委會今天舉辦論壇。管委會主任招鴻致辭，介紹了園區規劃。"
    assert "管委會" not in _orgs(text)


def test_a_department_of_an_unnamed_place_is_no_organization() -> None:
    names = ["省工信厅", "省工信厅党组", "省委统战部", "省环保厅固废管理处", "市投促局",
             "省汽车行业协会", "省政协人口资源环境委员会", "省人大财经委", "省民政厅社会组织管理局"]
    assert complete_short_forms(names) == dict.fromkeys(names)
    # a unit with a name of its own stays itself, with or without a place to complete it
    kept = ["省政府横琴办", "省委横琴工委", "市铁投公司", "市欧美同学会",
            "市青年五十人创新创业研究院"]
    assert complete_short_forms(kept) == {n: n for n in kept}
    # a department the document's own place completes is that place's department
    assert complete_short_forms(["盐城市农业科学院", "市工信局"])["市工信局"] == "盐城市工信局"


def test_a_bare_provincial_department_gives_no_affiliation() -> None:
    text = "德州市人民政府主办了大会。省工信厅党组副书记、副厅长安文建出席并致辞。"
    assert not any(org == "省工信厅" for _, org in _affiliations(text))
    assert "省工信厅" not in _orgs(text)
    text = "會議由省民政廳社會組織管理局局長李雲主持。"  # traditional script
    assert not any("民政" in org for _, org in _affiliations(text))
