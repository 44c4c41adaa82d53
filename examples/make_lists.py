"""Write the demo corpus's two lists: the consortium member list (.xlsx) and the expert list (.csv).

Run from the repository root::

    .venv/bin/python examples/make_lists.py

All companies and people are fictional; the universities and institutes are real public bodies
used only as organization names. Unified social credit codes are fictional but carry valid check
characters (GB 32100-2015), the way a real list would.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

CORPUS = Path(__file__).resolve().parent / "corpus"
MEMBER_FILE = CORPUS / "人工智能科创协同联合体成员单位名单.xlsx"
EXPERT_FILE = CORPUS / "专家名单.csv"

MEMBER_TITLE = "北京人工智能科创协同联合体成员单位名单"
MEMBER_HEADER = ("序号", "单位名称", "单位类型", "所属环节", "统一社会信用代码", "加入时间", "备注")

_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def credit_code(division: str, org_body: str) -> str:
    """Return an 18-character unified social credit code for an enterprise (登记管理部门 9, 类别 1).

    ``division`` is the 6-digit administrative division, ``org_body`` the first 8 characters of
    the organization code; both check characters are computed.
    """
    org_sum = sum(_ORG_CHARS.index(c) * w for c, w in zip(org_body, _ORG_WEIGHTS, strict=True))
    org_check = 11 - org_sum % 11
    org_char = {10: "X", 11: "0"}.get(org_check, str(org_check))
    body = "91" + division + org_body + org_char
    total = sum(_CODE_CHARS.index(c) * w for c, w in zip(body, _CODE_WEIGHTS, strict=True))
    return body + _CODE_CHARS[(31 - total % 31) % 31]


# 单位名称, 单位类型, 所属环节 (free text, as members declare it), 信用代码 or "", 加入时间, 备注
MEMBERS: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "北京灵犀机器人科技有限公司",
        "企业",
        "机器人整机",
        credit_code("110302", "MA01LX7K"),
        "2023年5月",
        "牵头单位",
    ),
    ("清华大学", "高校", "具身智能算法、机器人学基础研究", "", "2023年5月", "副理事长单位"),
    ("北京航空航天大学", "高校", "伺服驱动与精密传动", "", "2023年5月", ""),
    ("中国科学院自动化研究所", "科研院所", "基础大模型", "", "2023年5月", "副理事长单位"),
    (
        "北京芯衡微电子有限公司",
        "企业",
        "AI芯片",
        credit_code("110108", "MA0188HQ"),
        "2024年3月",
        "",
    ),
    (
        "北京感知未来传感技术有限公司",
        "企业",
        "智能传感器",
        credit_code("110108", "MA01C3GW"),
        "2024年3月",
        "",
    ),
    ("北京理工大学", "高校", "机器人运动控制", "", "2024年9月", ""),
    (
        "北京深度求知智能科技有限公司",
        "企业",
        "基础大模型；智慧教育应用",
        credit_code("110108", "MA04DQY2"),
        "2025年1月",
        "2025年新增",
    ),
    (
        "北京天工智造软件有限公司",
        "企业",
        "工业软件",
        credit_code("110114", "MA02TG5R"),
        "2025年2月",
        "2025年新增",
    ),
    (
        "北京精驱传动科技有限公司",
        "企业",
        "伺服电机、减速器",
        credit_code("110302", "MA05JQ9D"),
        "2025年3月",
        "2025年新增",
    ),
    ("北京和睿康复医院", "医院", "智慧医疗应用", "", "2025年4月", "2025年新增"),
    (
        "北京中关村智能产业投资基金管理有限公司",
        "金融机构",
        "产业投资与孵化服务",
        credit_code("110108", "MA03WGC1"),
        "2025年5月",
        "2025年新增",
    ),
    ("北京星衍灵巧手科技有限公司", "企业", "灵巧手", "", "2025年6月", "2025年新增；信用代码待补"),
    (
        "北京航安智控科技有限公司",
        "企业",
        "机器人操作系统",
        credit_code("110115", "MA06HA3K"),
        "2025年7月",
        "2025年新增",
    ),
)

EXPERT_HEADER = ("姓名", "性别", "出生年月", "职称", "工作单位", "研究方向", "简介")

# Speakers of the salon appear here with the same names and affiliations as in the transcript.
EXPERTS: tuple[tuple[str, ...], ...] = (
    (
        "张伯钧",
        "男",
        "1962.03",
        "中国工程院院士、教授",
        "清华大学",
        "机器人学；智能控制；具身智能",
        "长期从事机器人学与智能控制研究，主持研制多款人形机器人和灵巧手，团队的柔性触觉传感阵列与灵巧手"
        "力控技术已转让北京星衍灵巧手科技有限公司。",
    ),
    (
        "李牧川",
        "男",
        "1979.08",
        "研究员",
        "中国科学院自动化研究所",
        "多模态大模型；具身大模型",
        "多模态大模型与具身大模型方向学术带头人，主持研发“紫微”视觉—语言—动作模型，牵头起草具身智能"
        "任务评测规范。",
    ),
    (
        "陈思",
        "女",
        "1986.11",
        "首席科学家、高级工程师",
        "北京灵犀机器人科技有限公司",
        "人形机器人全身控制；运动规划",
        "负责“灵犀L2”人形机器人研发，主持关节模组国产化与关节、灵巧手接口规范制定，推动人形机器人"
        "在汽车总装场景落地。",
    ),
    (
        "王明远",
        "男",
        "1975.05",
        "总工程师、正高级工程师",
        "北京芯衡微电子有限公司",
        "AI芯片；NPU架构；模型量化",
        "从事端侧AI芯片设计二十余年，主持“衡芯H3”机器人端侧芯片研制，支持Transformer算子和INT4量化"
        "推理。",
    ),
    (
        "赵一凡",
        "男",
        "1992.04",
        "工程师",
        "北京驭途自动驾驶科技有限公司",
        "多传感器融合；端到端自动驾驶",
        "自动驾驶感知算法负责人，负责激光雷达与相机融合感知和数据闭环建设，参与人形机器人开源项目。",
    ),
    (
        "孙晓雯",
        "女",
        "1976.09",
        "主任医师",
        "北京和睿康复医院",
        "康复医学；康复机器人临床评价",
        "康复医学科主任，开展下肢外骨骼和上肢康复机器人的临床应用与评价，参与自适应康复训练系统研发。",
    ),
    (
        "刘志刚",
        "男",
        "1968.02",
        "教授",
        "北京航空航天大学",
        "精密传动；谐波减速器",
        "从事精密传动与机器人关节研究，团队的高刚度谐波减速器设计与精密制造技术已转让北京精驱传动科技"
        "有限公司。",
    ),
    (
        "刘洋",
        "男",
        "1989.06",
        "副教授",
        "北京理工大学",
        "足式机器人运动控制；强化学习",
        "研究四足与双足机器人的运动控制，利用强化学习和仿真到真实迁移提升人形机器人步态稳定性。",
    ),
    (
        "刘洋",
        "女",
        "1993.01",
        "工程师",
        "北京天工智造软件有限公司",
        "工业软件；数字孪生",
        "负责产线数字孪生仿真平台开发，打通机器人运动控制与工厂MES系统，从事工业软件研发。",
    ),
    (
        "方世平",
        "男",
        "1958.10",
        "中国科学院院士、教授",
        "北京理工大学",
        "智能无人系统；自主导航",
        "长期从事智能无人系统与自主导航研究，在无人车、无人机集群协同控制方面成果丰硕。",
    ),
    (
        "许立航",
        "男",
        "1972.12",
        "董事长、高级工程师",
        "北京灵犀机器人科技有限公司",
        "机器人产业化；智能制造",
        "联合体牵头单位负责人，从事工业机器人和人形机器人产业化十余年，推动“机器人即服务”租赁模式。",
    ),
    (
        "黄振宇",
        "男",
        "1980.07",
        "教授",
        "北京大学",
        "三维视觉；机器人感知",
        "研究机器人三维视觉与场景理解，在物体位姿估计和抓取检测方面有系统性成果。",
    ),
    (
        "钱文涛",
        "男",
        "1973.04",
        "研究员",
        "中国科学院计算技术研究所",
        "计算机体系结构；机器人专用处理器",
        "从事处理器体系结构研究，提出面向机器人感知—规划—控制的专用处理器架构，关注AI芯片软件工具链。",
    ),
    (
        "韩磊",
        "男",
        "1987.03",
        "副研究员",
        "中国科学院自动化研究所",
        "机器人仿真；仿真到真实迁移",
        "研究具身智能仿真平台与sim-to-real迁移，构建大规模机器人操作仿真数据集。",
    ),
    (
        "冯雪",
        "女",
        "1985.05",
        "教授",
        "北京邮电大学",
        "人机交互；具身智能评测",
        "研究人机交互与智能系统评测，参与起草具身智能任务评测规范，关注服务机器人的用户体验。",
    ),
    (
        "高远",
        "男",
        "1984.09",
        "技术总监、高级工程师",
        "北京感知未来传感技术有限公司",
        "智能传感器；六维力传感器；MEMS",
        "负责六维力传感器和触觉传感器产品研发，主导多传感器时间同步协议制定。",
    ),
    (
        "吴晨阳",
        "男",
        "1990.02",
        "高级工程师",
        "北京星衍灵巧手科技有限公司",
        "灵巧手；腱绳驱动",
        "负责五指灵巧手机构与驱动设计，承接清华大学触觉传感与力控技术转化，样机已在汽车零部件工厂试用。",
    ),
    (
        "宋雨桐",
        "女",
        "1991.08",
        "工程师",
        "北京精驱传动科技有限公司",
        "伺服电机；关节模组",
        "从事无框力矩电机与一体化关节模组研发，参与灵犀人形机器人关节国产化项目。",
    ),
    (
        "林嘉怡",
        "女",
        "1995.03",
        "算法工程师",
        "北京深度求知智能科技有限公司",
        "大模型预训练；智慧教育",
        "从事基础大模型预训练与对齐，负责教育大模型在智能辅导场景的落地。",
    ),
    (
        "蒋超",
        "男",
        "1994.11",
        "工程师",
        "北京航安智控科技有限公司",
        "机器人操作系统；实时中间件",
        "研发机器人实时操作系统与通信中间件，支持EtherCAT总线和多核实时调度。",
    ),
    (
        "郭婷",
        "女",
        "1990.10",
        "项目经理",
        "北京数澜标注科技有限公司",
        "数据标注；点云标注",
        "负责自动驾驶点云与图像4D标注项目，探索机器人动作数据和触觉数据的标注规范。",
    ),
    (
        "杜明",
        "男",
        "1981.01",
        "首席架构师",
        "北京京西智算科技有限公司",
        "智算中心；算力调度",
        "负责智算中心集群架构与算力调度平台建设，为大模型训练提供GPU算力服务。",
    ),
    (
        "彭博",
        "男",
        "1988.12",
        "高级工程师",
        "北京中科慧眼视觉技术有限公司",
        "工业机器视觉；3D相机",
        "从事工业机器视觉与结构光3D相机研发，关注机器人手眼协同和缺陷检测。",
    ),
    (
        "唐子墨",
        "男",
        "1986.06",
        "研究员",
        "北京安澜网络安全技术有限公司",
        "大模型安全；网络安全",
        "研究大模型提示词注入等安全风险，开展人工智能系统安全测评。",
    ),
    (
        "何俊",
        "男",
        "1983.04",
        "合伙人",
        "北京中关村智能产业投资基金管理有限公司",
        "硬科技投资",
        "关注人工智能芯片、机器人等硬科技领域投资，主导多个早期项目投资。",
    ),
    (
        "郑家豪",
        "男",
        "1977.02",
        "教授",
        "香港科技大学",
        "触觉传感器；精密控制",
        "研究触觉传感与精密控制，任具身智能与人形机器人联合实验室港方主任。",
    ),
)


def write_members(path: Path = MEMBER_FILE) -> None:
    """Write the member list as a real secretariat would: a merged title row, then the header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "成员单位"
    ws.append([MEMBER_TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(MEMBER_HEADER))
    ws["A1"].font = Font(name="宋体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.append(list(MEMBER_HEADER))
    thin = Side(style="thin")
    for cell in ws[2]:
        cell.font = Font(name="宋体", bold=True)
        cell.alignment = Alignment(horizontal="center")
    for number, row in enumerate(MEMBERS, start=1):
        ws.append([number, *row])
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, width in zip("ABCDEFG", (6, 40, 10, 28, 22, 12, 22), strict=True):
        ws.column_dimensions[column].width = width
    wb.properties.creator = "联合体秘书处"
    wb.save(path)


def write_experts(path: Path = EXPERT_FILE) -> None:
    """Write the expert list as UTF-8 with BOM and CRLF line ends, the way Excel saves CSV."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(EXPERT_HEADER)
        writer.writerows(EXPERTS)


if __name__ == "__main__":
    write_members()
    write_experts()
    print(f"wrote {MEMBER_FILE} ({len(MEMBERS)} members)")
    print(f"wrote {EXPERT_FILE} ({len(EXPERTS)} experts)")
