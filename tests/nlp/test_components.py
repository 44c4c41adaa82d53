"""Component behaviour on tiny texts: matching form, dictionaries, typing, gold readers, scores."""

from __future__ import annotations

import itertools
import json

import pytest

from graphmap.errors import InputError
from graphmap.model import OrgType
from nlp.corpora import GoldSentence, _decode, read_generic
from nlp.evaluate import score
from nlp.lac import LacTagger
from nlp.lexicon import TermMatcher, org_type_of, technologies, titles
from nlp.pipeline import build_chinese, build_english
from nlp.text import chunks, is_chinese, matching_text, split_sentences


@pytest.mark.parametrize(
    "text",
    [
        "清華大學（深圳）研究院",
        "ＡＢＣ　科技",
        "臺灣積體電路製造",
        "İstanbul Üniversitesi",
        "𠮷野家",
        "",
    ],
)
def test_matching_text_keeps_every_offset(text):
    assert len(matching_text(text)) == len(text)


def test_matching_text_simplifies_and_folds_width():
    assert matching_text("清華大學（深圳）ＡＩ") == "清华大学(深圳)AI"


def test_term_matcher_prefers_longest_and_respects_latin_word_boundaries():
    matcher = TermMatcher([("ai", "AI"), ("ai芯片", "AI芯片"), ("芯片", "芯片")])
    form = "ai芯片 and train on air; ai"
    found = [(form[s:e], v) for s, e, v in matcher.find(form)]
    assert found == [("ai芯片", "AI芯片"), ("ai", "AI")]


def test_technology_dictionary_maps_aliases_to_canonical_names():
    form = matching_text("VR头显、增强现实與深度學習").lower()
    found = [t.name for _, _, t in technologies().find(form)]
    assert found == ["虚拟现实", "头显", "增强现实", "深度学习"]


def test_titles_find_longest_title():
    form = "教授级高级工程师、副总工程师"
    assert [t for _, _, t in titles().find(form)] == ["教授级高级工程师", "副总工程师"]


@pytest.mark.parametrize(
    ("name", "org_type"),
    [
        ("清华大学", OrgType.UNIVERSITY),
        ("中国科学院自动化研究所", OrgType.RESEARCH_INSTITUTE),
        ("中科院计算所", OrgType.RESEARCH_INSTITUTE),
        ("北京某某科技有限公司", OrgType.ENTERPRISE),
        ("北京协和医院", OrgType.HOSPITAL),
        ("北京大学第三医院", OrgType.HOSPITAL),
        ("工业和信息化部", OrgType.GOVERNMENT),
        ("北京市经济和信息化局", OrgType.GOVERNMENT),
        ("中关村科技园区管委会", OrgType.GOVERNMENT),
        ("北京市科学技术协会", OrgType.ASSOCIATION),
        ("中国人工智能产业发展联盟", OrgType.ASSOCIATION),
        ("中国工商银行", OrgType.FINANCE),
        ("红杉资本", OrgType.FINANCE),
        ("清華大學", OrgType.UNIVERSITY),
        ("Stanford University", OrgType.UNIVERSITY),
        ("某某", OrgType.OTHER),
    ],
)
def test_org_typing(name, org_type):
    assert org_type_of(name) == org_type


def test_sentences_and_chunks_cover_the_text():
    text = "第一句。第二句！\n第三句？没有句号"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["第一句。", "第二句！\n", "第三句？", "没有句号"]
    assert list(chunks(spans, max_chars=9)) == [(0, 9), (9, 17)]
    assert list(chunks(spans, max_chars=5)) == [(0, 4), (4, 9), (9, 13), (13, 17)]
    assert list(chunks([(0, 25)], max_chars=10)) == [(0, 10), (10, 20), (20, 25)]


def test_a_long_sentence_is_cut_between_guests_not_inside_one():
    guests = ", ".join(f"Guest{i} Name, president of City{i} University" for i in range(12))
    text = guests + " attended."
    pieces = list(chunks([(0, len(text))], max_chars=200, text=text))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))
    for start, end in pieces:
        assert end - start <= 200
        assert text[start:end].lstrip().startswith("Guest"), text[start:end]
    zh = "、".join(f"第{i}单位主任张{i}" for i in range(40)) + "出席。"
    for start, end in chunks([(0, len(zh))], max_chars=100, text=zh):
        assert zh[start:end].startswith("第") and end - start <= 100


def test_a_name_line_stays_with_the_post_line_it_introduces():
    # "Ma Yi" would end the first chunk and "Dean, …" open the next: they stay together
    spans = [(0, 11), (12, 142), (144, 254), (256, 261), (262, 412), (414, 558)]
    assert list(chunks(spans, max_chars=400)) == [(0, 254), (256, 558)]


def test_is_chinese():
    assert is_chinese("清华大学 Tsinghua University")
    assert not is_chinese("Tsinghua University works on AI.")


def test_lac_tagger_spans_slice_back_to_words():
    text = "张三在北京某某科技有限公司工作"
    words = LacTagger().tag([text, ""])
    assert words[1] == []
    assert "".join(text[w.start : w.end] for w in words[0]) == text
    assert ("张三", "PER") in [(text[w.start : w.end], w.tag) for w in words[0]]


def test_lac_tags_a_long_text_in_windows_without_cutting_a_name():
    from nlp.lac import MAX_CHARS, OVERLAP

    # 牛津大学 straddles the end of the first window, and again the end of the second.
    step = MAX_CHARS - OVERLAP
    lead = "会议在北京召开" * ((MAX_CHARS - 2) // 7) + "会" * ((MAX_CHARS - 2) % 7)
    middle = "本次会议" * ((step - 4) // 4) + "本" * ((step - 4) % 4)
    text = lead + "牛津大学" + middle + "牛津大学的专家主持会议" * 30
    assert text.index("牛津") < MAX_CHARS <= text.index("大学")
    words = LacTagger().tag([text])[0]
    assert "".join(text[w.start : w.end] for w in words) == text
    found = [(w.start, text[w.start : w.end]) for w in words]
    assert (MAX_CHARS - 2, "牛津大学") in found
    assert (MAX_CHARS + len(middle) + 2, "牛津大学") in found


def test_lac_batches_padded_pieces_exactly():
    """Pieces of many lengths share a batch; each gets the tags it gets alone."""
    texts = ["清华大学", "张三在北京某某科技有限公司工作", "李四是中国科学院院士。" * 9,
             "", "王五"]
    tagger = LacTagger()
    together = tagger.tag(texts)
    assert together == [tagger.tag([text])[0] for text in texts]


def test_chinese_pipeline_mentions_carry_types():
    nlp = build_chinese()
    doc = nlp(matching_text("清華大學教授張三"))
    got = {(doc.text[m.start : m.end], m.label, m.org_type) for m in doc._.mentions}
    assert ("清华大学", "ORG", "university") in got
    assert ("教授", "TITLE", None) in got
    assert ("张三", "PERSON", None) in got
    assert [a.org and doc.text[a.org.start : a.org.end] for a in doc._.affiliations] == ["清华大学"]


def test_english_pipeline_finds_orgs_people_and_titles():
    nlp = build_english()
    doc = nlp("Dr. Li Na, Chief Scientist at Peking University Hospital, studies machine vision.")
    got = {(doc.text[m.start : m.end], m.label) for m in doc._.mentions}
    assert {("Li Na", "PERSON"), ("Peking University Hospital", "ORG"),
            ("Chief Scientist", "TITLE"), ("machine vision", "TECH")} <= got


def test_bmes_decoding():
    sent = _decode(list("张三在清华大学"), ["B-NAME", "E-NAME", "O", "B-ORG", "M-ORG", "M-ORG",
                                        "E-ORG"], {"NAME": "PERSON", "ORG": "ORG"})
    assert sent.spans == [(0, 2, "PERSON"), (3, 7, "ORG")]
    bio = _decode(list("李四去华为"), ["B-PER.NAM", "I-PER.NAM", "O", "B-ORG.NAM", "I-ORG.NAM"],
                  {"PER.NAM": "PERSON", "ORG.NAM": "ORG"})
    assert bio.spans == [(0, 2, "PERSON"), (3, 5, "ORG")]


def test_generic_gold_reader(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(
        json.dumps({"text": "张三在清华大学", "entities": [[0, 2, "PERSON"], [3, 7, "ORG"]]},
                   ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    assert read_generic(path)[0].spans == [(0, 2, "PERSON"), (3, 7, "ORG")]
    path.write_text('{"text": "张三", "entities": [[0, 9, "PERSON"]]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="outside the text"):
        read_generic(path)


def test_score_exact_and_overlap():
    gold = [GoldSentence("张三在清华大学工作", [(0, 2, "PERSON"), (3, 7, "ORG")])]
    predicted = [[(0, 2, "PERSON"), (3, 5, "ORG"), (7, 9, "ORG")]]
    exact, overlap = score(gold, predicted)
    assert (exact["PERSON"].precision, exact["PERSON"].recall) == (1.0, 1.0)
    assert (exact["ORG"].precision, exact["ORG"].recall) == (0.0, 0.0)
    assert (overlap["ORG"].precision, overlap["ORG"].recall) == (0.5, 1.0)
    assert exact["ALL"].f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


@pytest.mark.parametrize(
    ("text", "span", "lac_orgs", "expected"),
    [
        # no suffix, LAC's organizations inside: the glued words are dropped
        ("华为时尚发布", (0, 4), [(0, 2)], [(0, 2)]),
        ("腾讯联想合作", (0, 4), [(0, 2), (2, 4)], [(0, 2), (2, 4)]),
        # a typed suffix or an organization head word keeps the recognizer's span whole
        ("招行广州分行开业", (0, 6), [(0, 2), (2, 6)], [(0, 6)]),
        ("兰州军区部队", (0, 4), [(0, 2)], [(0, 4)]),
        # a bare 行 after a place is a trip, not a bank
        ("匹克球星中国行开始", (0, 7), [(0, 2)], [(0, 2)]),
        ("北京某某科技有限公司", (0, 10), [(0, 4)], [(0, 10)]),
        # LAC agrees or found nothing inside: unchanged
        ("华为发布", (0, 2), [(0, 2)], [(0, 2)]),
        ("华为时尚", (0, 4), [], [(0, 4)]),
    ],
)
def test_org_spans_prefers_lac_inside_unsuffixed_recognizer_span(text, span, lac_orgs, expected):
    from nlp.components import _org_spans

    assert _org_spans(text, *span, lac_orgs) == expected


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("#早安西电#好美", (0, 6), (1, 5)),  # hashtag marks glued to the name
        ("参加了@美团的抽奖", (3, 6), (4, 6)),
        ("微软(中国)有限公司", (0, 6), (0, 6)),  # a closing bracket may end a name
        ("\ufffd\ufffd\ufffd", (0, 3), None),  # nothing but symbols: no name
        ("亚当·斯密", (0, 3), (0, 2)),  # a person cut before the rest of the name
        ("华为发布", (0, 2), (0, 2)),
    ],
)
def test_name_bounds_drop_edge_symbols(text, span, expected):
    from nlp.components import _name_bounds

    assert _name_bounds(text, *span) == expected


def test_merge_trims_hashtag_marks_off_recognized_orgs():
    nlp = build_chinese()
    if "graphmap_ner_merge" not in nlp.pipe_names:
        pytest.skip("needs the shipped statistical recognizer")
    text = "#早安西电#好美的北校区！"
    orgs = [text[m.start : m.end] for m in nlp(text)._.mentions if m.label == "ORG"]
    assert all(name[0].isalnum() and name[-1].isalnum() for name in orgs), orgs


def _orgs(nlp, text: str) -> list[str]:
    return [text[m.start : m.end] for m in nlp(text)._.mentions if m.label == "ORG"]


def test_merge_drops_a_recognized_organization_that_is_only_a_region():
    nlp = build_chinese()
    if "graphmap_ner_merge" not in nlp.pipe_names:
        pytest.skip("needs the shipped statistical recognizer")
    from nlp.components import _is_org

    assert not _is_org("江苏") and not _is_org("苏州市")
    assert _is_org("江苏省政府") and _is_org("中共中央") and _is_org("华为")
    text = "上海、江苏、浙江、安徽三省一市工经联共同主办论坛，江苏省科学技术协会承办。"
    orgs = _orgs(nlp, text)
    assert not {"上海", "江苏", "浙江", "安徽"} & set(orgs)
    assert "江苏省科学技术协会" in orgs


def test_lac_organizations_fill_in_only_with_a_typed_suffix():
    from nlp.components import _lac_org_ok

    assert _lac_org_ok("市教育局") and _lac_org_ok("东京工业大学") and _lac_org_ok("360集团")
    assert not _lac_org_ok("华为")  # a bare name: the recognizer decides
    assert not _lac_org_ok("全国人大常委")  # a post glued to the body
    assert not _lac_org_ok("江苏省")  # a region


@pytest.mark.parametrize(("text", "org", "title"), [
    ("奇瑞汽车股份有限公司党委书记张三出席。", "奇瑞汽车股份有限公司党委", "党委书记"),
    ("南京理工大学党委副书记席占稳参加会议。", "南京理工大学党委", "党委副书记"),
    ("中国科协党组成员王进展主持。", "中国科协党组", "党组成员"),
])
def test_a_party_body_joins_its_unit_name_and_its_post_keeps_the_whole_title(text, org, title):
    nlp = build_chinese()
    mentions = nlp(text)._.mentions
    assert org in [text[m.start : m.end] for m in mentions if m.label == "ORG"]
    assert title in [m.ref for m in mentions if m.label == "TITLE"]


def test_a_party_body_before_another_unit_word_is_left_alone():
    nlp = build_chinese()
    text = "同济大学党委统战部长岳继光出席。"
    orgs = _orgs(nlp, text)
    assert "同济大学党委" not in orgs


@pytest.mark.parametrize(("text", "org"), [
    # a committee inside a post
    ("新乡市委书记李卫东出席。", "新乡市委"),
    ("市委书记钟洪江出席。", "市委"),
    ("校党委副书记韩兆会主持。", "校党委"),
    # a long alliance name
    ("近日,粤港澳大湾区金属新材料产业联盟揭牌成立。", "粤港澳大湾区金属新材料产业联盟"),
    ("长三角超导产业链联盟整合技术力量。", "长三角超导产业链联盟"),
    ("北京人工智能科创协同联合体成立。", "北京人工智能科创协同联合体"),
])
def test_organizations_the_recognizer_misses_are_found(text, org):
    assert org in _orgs(build_chinese(), text)


def test_a_committee_is_not_cut_out_of_a_name_or_a_pronoun():
    nlp = build_chinese()
    for text in ("我校党委书记李廉水致辞。", "湖北省科技信息研究院党委书记肖松出席。"):
        orgs = _orgs(nlp, text)
        assert "校党委" not in orgs and "院党委" not in orgs, orgs




def test_an_alliance_run_does_not_swallow_a_named_partner():
    nlp = build_chinese()
    text = "中国科协与江苏省工程师学会联合主办。"
    orgs = _orgs(nlp, text)
    assert "中国科协" in orgs and not any(o.startswith("中国科协与") for o in orgs)


def _plain_viterbi(emissions, transitions):
    """Textbook Viterbi over every tag (the reference for LacTagger's decoder)."""
    score = emissions[0].copy()
    back = []
    for row in emissions[1:]:
        cand = score[:, None] + transitions
        back.append(cand.argmax(axis=0))
        score = cand.max(axis=0) + row
    path = [int(score.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]


def test_lac_decoder_finds_the_best_tag_path():
    import numpy as np

    tagger = LacTagger()
    texts = ["清華大學電機系教授張三與北京某某科技有限公司簽署合作協議。",
             "Dr. Li 在 IEEE 2024 年会上作报告，主题为“类脑计算”。",
             "一", "中共中央宣传部部长李四出席中国科学技术协会第十次全国代表大会开幕式"]
    emissions = tagger._encode(texts)
    rng = np.random.default_rng(7)  # flat emissions: most positions unsure, long runs
    emissions += [rng.normal(0, 0.3, size=(n, len(tagger._labels))).astype(np.float32)
                  for n in (1, 2, 9, 40)]
    paths = tagger._decode(emissions)
    for em, path in zip(emissions, paths, strict=True):
        assert path.tolist() == _plain_viterbi(em, tagger._transitions)


@pytest.mark.parametrize(("text", "names"), [
    ("林尊琪、宋玉泉、周尧和、刘光鼎、李朝义等院士出席", {"周尧和"}),
    ("余松烈、陈士橹、石屏、曾庆元、刘大钧", {"石屏"}),
])
def test_names_in_a_list_of_names(text, names):
    nlp = build_chinese()
    doc = nlp(matching_text(text))
    people = {doc.text[m.start : m.end] for m in doc._.mentions if m.label == "PERSON"}
    assert names <= people


def test_a_list_of_places_gets_no_names():
    nlp = build_chinese()
    doc = nlp("北京、上海、广州、深圳四地的专家")
    assert not [m for m in doc._.mentions if m.label == "PERSON"]


@pytest.mark.parametrize(("text", "name"), [
    ("从两弹元勋邓稼先、钱学森,到让满", "邓稼先"),  # the recognizer cuts 邓稼|先, LAC does not
    ("理大邝福儿博士、政务司司长", "邝福儿"),  # the recognizer misses it, LAC reads it before 博士
])
def test_names_lac_completes(text, name):
    doc = build_chinese()(matching_text(text))
    assert name in {doc.text[m.start : m.end] for m in doc._.mentions if m.label == "PERSON"}


def test_organizations_in_a_list_of_organizations():
    doc = build_chinese()("投资方包括红杉资本、深行资本、将门投资、IDG资本等机构")
    orgs = {doc.text[m.start : m.end] for m in doc._.mentions if m.label == "ORG"}
    assert {"深行资本", "将门投资"} <= orgs
    doc = build_chinese()("会议在北京、上海、广州、深圳同时举行")
    assert not [m for m in doc._.mentions if m.label == "ORG"]


def test_listed_guests_lend_their_shape_to_units_and_names_missed():
    from nlp.components import _units_of_listed_guests
    from nlp.mentions import ORG, PERSON, TITLE, Mention

    form = "中科院林高洲副院长、策略会蔡嘉芳副执行长、飞弹所吴典黻所长、上海王明主任。"

    def at(text: str, label: str) -> Mention:
        start = form.index(text)
        return Mention(start, start + len(text), label, "test", 0.9)

    mentions = [at("中科院", ORG), at("林高洲", PERSON), at("副院长", TITLE),
                at("蔡嘉芳", PERSON), at("副执行长", TITLE), at("飞弹所", ORG),
                at("所长", TITLE), at("王明", PERSON), at("主任", TITLE)]
    got = {(form[m.start:m.end], m.label) for m in _units_of_listed_guests(form, mentions)
           if m.source == "list"}
    # 上海 is a place, not a unit
    assert got == {("策略会", ORG), ("吴典黻", PERSON)}


def test_guests_listed_after_an_opening_and_after_ji_with_units_unrecognized():
    from nlp.components import _units_of_listed_guests
    from nlp.mentions import ORG, PERSON, TITLE, Mention

    form = ("常州大学出席人员还有教务处徐守坤处长、发展规划处孟启处长、人事处管春英处长、"
            "商学院张宏如院长及产学研合作处彭明国副处长。")

    def at(text: str, label: str) -> Mention:
        start = form.index(text)
        return Mention(start, start + len(text), label, "test", 0.9)

    def post(text: str, after: str) -> Mention:
        start = form.index(after) + len(after)
        assert form.startswith(text, start)
        return Mention(start, start + len(text), TITLE, "test", 0.9)

    mentions = [at("常州大学", ORG), at("徐守坤", PERSON), post("处长", "徐守坤"),
                at("孟启", PERSON), post("处长", "孟启"), post("处长", "管春英"),
                at("张宏如", PERSON), post("院长", "张宏如"), at("彭明国", PERSON),
                post("副处长", "彭明国")]
    got = {(form[m.start:m.end], m.label) for m in _units_of_listed_guests(form, mentions)
           if m.source == "list"}
    assert got == {("教务处", ORG), ("发展规划处", ORG), ("人事处", ORG), ("管春英", PERSON),
                   ("商学院", ORG), ("产学研合作处", ORG)}
    # one item of that shape alone is not a list of guests
    lone = "会议由王明主持、李华参加"
    assert _units_of_listed_guests(lone, []) == []


def test_a_list_of_things_is_no_organization():
    from nlp.components import _is_org

    assert not _is_org("电子装配、物流分拣")
    assert _is_org("北京灵犀机器人科技有限公司")


def test_a_name_gives_back_the_first_character_of_the_verb_after_it():
    from nlp.components import _names_glued_to_verbs
    from nlp.mentions import PERSON, Mention

    form = "助理教授陈石发言。"
    glued = Mention(4, 7, PERSON, "ner", 0.8)
    assert [(m.start, m.end) for m in _names_glued_to_verbs(form, [glued])] == [(4, 6)]
    form = "教授陈石发参加。"  # 发参 is no verb: the name stays
    assert [(m.start, m.end) for m in _names_glued_to_verbs(form, [Mention(2, 5, PERSON,
                                                                          "ner", 0.8)])] == [(2, 5)]


def _orgs_of(nlp, text: str) -> dict[str, str]:
    doc = nlp(matching_text(text) if is_chinese(text) else text)
    return {doc.text[m.start : m.end]: m.source for m in doc._.mentions if m.label == "ORG"}


def test_well_known_organizations_written_bare():
    zh = build_chinese()
    # traditional script through the matching form; Latin names at word boundaries
    orgs = _orgs_of(zh, "上周華為突然預售新機，OpenAI和DeepSeek也發布了新模型。")
    assert {"华为", "OpenAI", "DeepSeek"} <= set(orgs)
    # not inside a longer Latin word, not across LAC's word boundary
    assert "OpenAI" not in _orgs_of(zh, "他们用OpenAIish的说法。")
    # a name that is also a common word counts only where LAC reads it as an organization
    orgs = _orgs_of(zh, "理想的状态是每个人都能参加。")
    assert "理想" not in orgs
    en = build_english()
    assert "OpenAI" in _orgs_of(en, "Engineers from OpenAI and Tesla met the press.")
    assert "Apple" not in _orgs_of(en, "An Apple a day keeps the doctor away.")


def test_known_organizations_file_is_well_formed():
    from nlp.lexicon import DATA, known_organizations

    lines = [line for line in (DATA / "known_orgs.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(set(lines)) == len(lines), "a name listed twice"
    assert all(line == line.strip() and (" " not in line or line.endswith(" ?")
                                         or line.replace(" ", "").isascii()) for line in lines)
    assert len(known_organizations()) >= len(lines) - 5


def test_english_model_finds_people_and_posted_organizations_the_patterns_miss():
    en = build_english()
    assert en.pipe_names[0] == "ner"  # en_core_web_sm's recognizer, before the patterns

    def found(text):
        doc = en(text)
        return doc, {(doc.text[m.start : m.end], m.label, m.source) for m in doc._.mentions}

    assert ("Jane Doe", "PERSON", "ner") in found("Yesterday Jane Doe met reporters.")[1]
    # an organization only the model finds is kept where it holds someone's post ...
    assert ("Harbor Times", "ORG", "en-ner") in found("Photo: Grace Lin, Harbor Times")[1]
    # ... and dropped where it holds none
    doc, mentions = found("An Apple a day keeps the doctor away.")
    assert [e.text for e in doc.ents] == ["Apple"]
    assert not any(label == "ORG" for _, label, _ in mentions)
    # no honorific, bullet or possessive in a name: "• Prof." is nobody's organization
    _, mentions = found("• Prof. Carla Ruiz, Research Professor at the Lisbon Marine Institute.")
    assert {name for name, label, _ in mentions if label == "ORG"} == {"Lisbon Marine Institute"}
