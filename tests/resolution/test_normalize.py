"""Normalization: width, script, brackets, spaces, legal suffixes, regions, English names."""

from __future__ import annotations

import pytest

from graphmap.model import Organization
from graphmap.normalize import (
    core_name,
    is_company_name,
    normalize_name,
    split_region,
    strip_legal_suffix,
)


def test_full_width_letters_digits_and_brackets_become_half_width():
    assert normalize_name("ＡＢＣ１２３（北京）") == "abc123(北京)"


def test_traditional_and_simplified_spellings_meet():
    assert normalize_name("北京航空航天大學") == normalize_name("北京航空航天大学")
    assert normalize_name("國際商業機器") == "国际商业机器"


def test_spaces_invisible_characters_and_quotes_are_dropped():
    assert normalize_name(" 清华\u200b 大学 ") == "清华大学"
    assert normalize_name("“灵犀”机器人") == "灵犀机器人"


def test_normalization_is_idempotent():
    for name in ("深圳市振业（集团）股份有限公司", "Huawei Technologies Co., Ltd."):
        once = normalize_name(name)
        assert normalize_name(once) == once


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("北京灵犀机器人科技有限公司", "北京灵犀机器人科技"),
        ("易事特集团股份有限公司", "易事特"),
        ("深圳市振业（集团）股份有限公司", "深圳市振业"),
        ("某某有限责任公司", "某某"),
        ("Beijing Lingxi Robotics Co., Ltd.", "beijinglingxirobotics"),
        ("Acme Robotics Inc.", "acmerobotics"),
        ("清华大学", "清华大学"),
    ],
)
def test_legal_suffixes_are_stripped(name, stripped):
    assert strip_legal_suffix(name) == stripped


def test_a_bare_legal_form_is_not_stripped_to_nothing():
    assert strip_legal_suffix("有限公司") == "有限公司"


def test_region_splits_only_where_a_trade_name_remains():
    assert split_region("深圳市鸿富瀚科技") == ("深圳", "鸿富瀚科技")
    assert split_region("广东海大") == ("广东", "海大")
    assert split_region("宝鸡钛业") == ("", "宝鸡钛业")  # 钛业 alone names no company
    assert split_region("华辰精密装备(昆山)") == ("昆山", "华辰精密装备")


def test_core_name_drops_region_and_legal_form_of_companies_only():
    assert core_name("北京某某科技有限公司") == "某某科技"
    assert core_name("北京大学") == "北京大学"
    assert core_name("北京市科学技术协会") == "北京市科学技术协会"
    assert is_company_name("北京某某科技有限公司") and not is_company_name("北京大学")


def test_core_name_is_not_identity_same_core_in_two_cities_keeps_two_ids():
    beijing = Organization(name="北京某某科技有限公司")
    shanghai = Organization(name="上海某某科技有限公司")
    assert core_name(beijing.name) == core_name(shanghai.name)
    assert beijing.id != shanghai.id


def test_ids_ignore_width_script_and_spacing():
    assert Organization(name="北京航空航天大學").id == Organization(name=" 北京航空航天大学").id
