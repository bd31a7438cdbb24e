"""The parser reads the two real sample issues exactly (golden tests), in any encoding.

Each expected article is
``(kind, title, subtitle, byline, [(first 8 chars, last 8 chars) per paragraph],
sources, source_text, credit)``.
"""

import datetime
from pathlib import Path

import pytest

from editorial.legacy.parser import parse

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SAMPLE_2007 = SEEDS / "000_baba5704e00f6812.txt"
SAMPLE_2012 = SEEDS / "002_af38840ebde41185.txt"

DISTRIBUTION = [
    "市四套班子有关领导",
    "全总办公厅",
    "省总工会",
    "各市（县）、区、局（公司）工会",
    "各直属单位工会",
    "市各有关部门",
]

EXPECTED_2007 = [
    (
        "领导言论",
        [
            (
                "article",
                "全心全意依靠工人阶级 努力实现又好又快发展",
                "",
                "中共常熟市委书记 杨升华",
                [
                    ("工人阶级是先进生", "阶级的时代风采。"),
                    ("率先基本实现现代", "代和人民的业绩。"),
                    ("要引导广大职工为", "友好型社会建设。"),
                    ("要引导广大职工为", "事业的强大动力。"),
                    ("要引导广大职工为", "和谐的中坚力量。"),
                    ("工会组织是党领导", "市发展大局服务。"),
                ],
                ["常熟市总工会"],
                "常熟市总工会",
                "",
            ),
        ],
    ),
    (
        "工作动态",
        [
            (
                "article",
                "市总工会认真传达市领导干部学习会议精神",
                "明确重点从五个方面抓好贯彻落实",
                "",
                [("市总工会8月27", "干部的良好形象。")],
                ["市总工会研究室"],
                "市总工会研究室",
                "",
            ),
            (
                "article",
                "全市工会将从四方面搞好《劳动合同法》学习宣传贯彻",
                "",
                "",
                [("市总工会日前下发", "作的能力与水平。")],
                ["市总工会法工部"],
                "市总工会法工部",
                "",
            ),
            (
                "article",
                "我市明确三个重点广泛、深入、持久地开展以“两争一树”为主要内容的职工素质工程",
                "",
                "",
                [("8月28日下午，", "工”进行了表彰。"), ("会上，市政协副主", "取得更大的成效。")],
                ["市总工会宣教部"],
                "市总工会宣教部",
                "",
            ),
        ],
    ),
    (
        "经验交流",
        [
            (
                "article",
                "高新区各级工会在服务区域发展中抓好三个点",
                "",
                "",
                [("一是抓住着力点。", "会干部队伍素质。")],
                ["苏州高新区工会"],
                "苏州高新区工会",
                "",
            ),
            (
                "article",
                "江苏骏马集团工会切实为职工办实事、解难事",
                "",
                "",
                [("大型民企——江苏", "工文体娱乐场所。")],
                ["张家港市总工会"],
                "张家港市总工会",
                "",
            ),
        ],
    ),
    (
        "简讯",
        [
            (
                "brief",
                "昆山富士康科技集团召开工会委员会成立大会",
                "",
                "",
                [("昆山富士康科技集", "名员工加入工会。")],
                ["昆山市总工会"],
                "昆山市总工会",
                "",
            ),
            (
                "brief",
                "市总工会、人事局联合举办的2007年乡镇街道工会主席研讨培训班",
                "",
                "",
                [("市总工会、人事局", "学员了精彩讲座。")],
                ["市总工会组织部"],
                "市总工会组织部",
                "",
            ),
            (
                "brief",
                "我市召开协调劳动关系三方季度工作例会",
                "",
                "",
                [("市协调劳动关系三", "的学习宣传贯彻。")],
                ["市总工会民管部"],
                "市总工会民管部",
                "",
            ),
            (
                "brief",
                "市总工会举办“金秋助学”发放仪式",
                "",
                "",
                [("市总工会8月25", "成良好学习习惯。")],
                ["市总工会生活部", "市总工会女工部"],
                "市总生活部、女工部",
                "",
            ),
            (
                "brief",
                "昆山组织工会干部赴北京劳动关系学院培训",
                "",
                "",
                [("日前 ，昆山市总", "干部参加了培训。")],
                ["昆山市总工会"],
                "昆山市总工会",
                "",
            ),
            (
                "brief",
                "吴中区举办首届烹饪、服务技能比赛",
                "",
                "",
                [("8月中旬，吴中区", "60名选手参赛。")],
                ["吴中区总工会"],
                "吴中区总工会",
                "",
            ),
        ],
    ),
]

EXPECTED_2012 = [
    (
        "工作动态",
        [
            (
                "article",
                "省总张艳主席在苏考察调研",
                "",
                "",
                [("日前，省人大常委", "心”地亲切交谈。"), ("考察期间，张艳主", "定不移地跟党走。")],
                [],
                "综合来稿",
                "综合来稿",
            ),
            (
                "article",
                "市总召开主席例会部署下一阶段工作",
                "",
                "",
                [("4月6日，市总工", "基地的揭牌仪式。"), ("市总工会主席温祥", "应的地位和声誉。")],
                ["市总工会办公室", "市总工会研究室"],
                "市总办公室、研究室",
                "",
            ),
            (
                "article",
                "市总工会与市委宣传部联合召开新闻通气会",
                "部署“五一”期间集中宣传劳模先进典型",
                "",
                [("4月18日，市总", "慧芹参加了会议。"), ("会议首先由高慧芹", "搞好，搞出成效。")],
                ["市总工会宣教部"],
                "市总宣教部",
                "",
            ),
        ],
    ),
    (
        "文化建设",
        [
            (
                "article",
                "市总出台意见提出实施四大工程推进职工文化建设",
                "",
                "",
                [
                    ("日前，市总工会出", "进职工文化建设。"),
                    ("《意见》指出，要", "有为的职工队伍。"),
                    ("《意见》提出实施", "化服务惠民工程。"),
                ],
                ["市总工会宣教部", "市总工会研究室"],
                "市总宣教部、研究室",
                "",
            ),
            (
                "article",
                "太仓市总四大行动加强职工文化建设",
                "",
                "",
                [("一是开展社会主义", "每年增长30%。")],
                ["太仓市总工会"],
                "太仓市总工会",
                "",
            ),
            (
                "article",
                "中核苏阀打造三大职工文化阵地",
                "",
                "",
                [("一是打造好宣传教", "凝聚力和向心力。")],
                ["中核苏阀工会"],
                "中核苏阀工会",
                "",
            ),
        ],
    ),
    (
        "服务基层",
        [
            (
                "article",
                "“手拉手”爱心助学活动走进穹窿山",
                "",
                "",
                [("4月22日上午，", "家庭的普遍欢迎。")],
                ["市总工会生活女工部"],
                "市总生活女工部",
                "",
            ),
            (
                "article",
                "常熟市开展职工法律保障帮扶中心三级实体化建设",
                "",
                "",
                [
                    ("常熟市总积极推进", "权益的有效载体。"),
                    ("全市三级实体化法", "扶工作站（室）。"),
                ],
                ["常熟市总工会"],
                "常熟市总工会",
                "",
            ),
            (
                "article",
                "吴江市总工会强化服务型窗口建设",
                "",
                "",
                [("一是延伸工会窗口", "企业和职工服务。")],
                ["吴江市总工会"],
                "吴江市总工会",
                "",
            ),
            (
                "article",
                "相城区总工会加强作风效能建设",
                "",
                "",
                [("今年，相城区工会", "做好事、解难事。")],
                ["相城区总工会"],
                "相城区总工会",
                "",
            ),
        ],
    ),
]


def structure(issue):
    return [
        (
            section.name,
            [
                (
                    a.kind,
                    a.title,
                    a.subtitle,
                    a.byline,
                    [(p[:8], p[-8:]) for p in a.paragraphs],
                    a.sources,
                    a.source_text,
                    a.credit,
                )
                for a in section.articles
            ],
        )
        for section in issue.sections
    ]


@pytest.mark.parametrize(
    ("path", "expected"), [(SAMPLE_2007, EXPECTED_2007), (SAMPLE_2012, EXPECTED_2012)]
)
def test_sample_issue_structure_is_read_exactly(path, expected):
    issue = parse(path.read_bytes())
    assert structure(issue) == expected


@pytest.mark.parametrize("path", [SAMPLE_2007, SAMPLE_2012])
def test_sample_distribution_keeps_the_enumerating_recipient_whole(path):
    assert parse(path.read_bytes()).distribution == DISTRIBUTION


def test_2007_section_names_in_order():
    issue = parse(SAMPLE_2007.read_bytes())
    assert [s.name for s in issue.sections] == ["领导言论", "工作动态", "经验交流", "简讯"]


def test_2012_section_names_in_order():
    issue = parse(SAMPLE_2012.read_bytes())
    assert [s.name for s in issue.sections] == ["工作动态", "文化建设", "服务基层"]


def test_2007_year_and_date_are_inferred_from_the_text():
    issue = parse(SAMPLE_2007.read_bytes())
    assert (issue.year, issue.date) == (2007, datetime.date(2007, 8, 28))
    assert issue.year_inferred and issue.date_inferred
    assert any("2007" in w and "inferred" in w for w in issue.warnings)


def test_2012_year_ignores_a_past_year_written_as_since():
    issue = parse(SAMPLE_2012.read_bytes())
    assert (issue.year, issue.date) == (2012, datetime.date(2012, 4, 22))


def test_samples_have_no_number_and_no_masthead_title():
    issue = parse(SAMPLE_2012.read_bytes())
    assert issue.number is None and issue.title is None


def test_2007_table_of_contents_is_not_content():
    issue = parse(SAMPLE_2007.read_bytes())
    assert len(issue.toc) == 11  # nine headlines under two 【】 group headers
    last = issue.sections[-1].articles[-1]
    assert last.paragraphs[-1].endswith("60名选手参赛。")


def test_a_space_beside_full_width_punctuation_is_kept_as_written():
    issue = parse(SAMPLE_2007.read_bytes())
    brief = issue.sections[-1].articles[4]
    assert brief.paragraphs[0].startswith("日前 ，昆山市总工会")


def test_2012_a_space_before_a_quote_is_kept_as_written():
    issue = parse(SAMPLE_2012.read_bytes())
    article = issue.sections[2].articles[2]
    assert "重点抓好企业 “职工之家”建设" in article.paragraphs[0]


def test_a_run_of_spaces_inside_a_paragraph_becomes_one_space():
    issue = parse("【工作动态】\n标题\n日前　　，昆山   市总工会举办培训班。\n".encode())
    assert issue.sections[0].articles[0].paragraphs == ["日前 ，昆山 市总工会举办培训班。"]


def test_filename_metadata_is_used_and_not_inferred():
    issue = parse(SAMPLE_2012.read_bytes(), filename="2012-04-25_第8期.txt")
    assert (issue.year, issue.number, issue.date) == (2012, 8, datetime.date(2012, 4, 25))
    assert not issue.year_inferred and not issue.date_inferred


def test_to_dict_has_the_json_shape():
    data = parse(SAMPLE_2007.read_bytes()).to_dict()
    assert set(data) == {
        "title",
        "year",
        "number",
        "date",
        "cumulative_number",
        "supplement",
        "publisher",
        "signer",
        "print_run",
        "internal",
        "sections",
        "distribution",
        "not_imported",
    }
    assert data["date"] == "2007-08-28"
    article = data["sections"][0]["articles"][0]
    assert set(article) == {
        "kind",
        "title",
        "subtitle",
        "byline",
        "paragraphs",
        "sources",
        "source_text",
        "credit",
        "images",
    }


def _reencode(path, encoding, newline):
    text = path.read_bytes().decode("utf-8").replace("\n", newline)
    return text.encode(encoding)


@pytest.mark.parametrize("path", [SAMPLE_2007, SAMPLE_2012])
@pytest.mark.parametrize(
    ("encoding", "newline"),
    [
        ("gb18030", "\r\n"),
        ("utf-8-sig", "\n"),
        ("utf-16", "\n"),
        ("utf-16", "\r\n"),
        ("utf-8", "\r"),
        ("gbk", "\r"),
    ],
)
def test_reencoded_sample_gives_identical_result(path, encoding, newline):
    original = parse(path.read_bytes())
    again = parse(_reencode(path, encoding, newline))
    assert again.to_dict() == original.to_dict()
    assert again.warnings == original.warnings


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("gb18030", "gb18030"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")],
)
def test_detected_encoding_is_reported(encoding, label):
    assert parse(_reencode(SAMPLE_2012, encoding, "\n")).encoding == label
