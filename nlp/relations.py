"""Sentence-level relation cues: which words license which edge between co-occurring mentions.

The cue lists are short and deliberate: co-occurrence alone is not a relation.
"""

from __future__ import annotations

import re

#: Person -> Technology (研究方向为…, 长期从事…研究, 擅长…).
EXPERT_CUE = re.compile(
    r"研究方向|从事|专注|致力于|擅长|主攻|深耕|研究领域|长期研究|研究|专家|学者|"
    r"带领团队|攻关|开拓|分享了|介绍了|讲解了|题为|"
    r"团队(?:正在|也在|在)?(?:做|研发|研制|开发)|团队的|"
    r"works? on|research(?:es|ing)? on|expert in|speciali[sz]"
)
#: Organization -> Technology (研发, 推出, 布局 ...).
WORKS_CUE = re.compile(
    r"研发|开发|研制|推出|发布|布局|生产|制造|专注|致力于|聚焦|突破|攻克|掌握|提供|打造|深耕|"
    r"从事|应用|建设|部署|量产|develop|build|launch|produc|deploy"
)
#: Organization <-> Organization.
COOPERATE_CUE = re.compile(
    r"合作|联合(?!主办|承办|举办|体)|携手|签约|签署|共建|联手|牵手|共同研发|共同开发|协同攻关|"
    r"战略伙伴|partner|cooperat|collaborat|jointly"
)
#: Organization -> Event.
HOST_CUE = re.compile(
    r"(?:联合)?(?:主办|承办|协办)|支持单位|指导单位|hosted by|organi[sz]ed by"
)
#: Person -> Event in a non-transcript event document.
SPEAK_CUE = re.compile(
    r"作(?:了)?(?:主题)?报告|致辞|发言|演讲|分享|主讲|主持|报告|介绍了|讲解|解读|keynote|speech|"
    r"talk|presented"
)
#: Event signal in a title or the first lines of a document.
EVENT_WORD = re.compile(
    r"沙龙|论坛|研讨会|座谈会|峰会|大会|讲座|交流会|对接会|发布会|年会|报告会|分享会|"
    r"salon|forum|seminar|workshop|summit|symposium",
    re.IGNORECASE,
)
#: Achievement transfer (成果转化): the organization after the cue receives it.
TRANSFER_CUE = re.compile(
    r"转让给|转让至|许可给|授权给|转化给|作价入股|独家许可|技术转让|成果转化|转移至|落地于|"
    r"licensed to|transferred to"
)
#: What an achievement is called in text: a quoted name or a "... 技术/成果/专利 ..." phrase.
_RESULT = r"(?:技术|成果|专利|系统|装置|方法|工艺|平台|设备|框架|模型|芯片|算法|材料|传感器)"
ACHIEVEMENT_NAME = re.compile(
    rf"[《“\"]([^》”\"]{{2,40}}?{_RESULT})[》”\"]"
    rf"|(?:研发|研制|开发|发明|攻克|完成)的([\u4e00-\u9fffA-Za-z0-9]{{2,30}}?{_RESULT})"
    rf"(?=[，。；,;、和与及]|已|$)"
)
DEVELOP_CUE = re.compile(r"研发|研制|开发|发明|攻克|完成|取得|developed|invented")
#: What a document about an event calls itself after the event name (…沙龙速记文稿).
RECORD_SUFFIX = re.compile(
    r"(?:速记文稿|速记稿|速记|文字实录|实录|纪要|会议纪要|全文|transcript"
    # a news headline's verb after the event's name: …论坛顺利举行, …大会在京召开
    r"|(?:在[\u4e00-\u9fff]{1,6})?(?:顺利|成功|隆重|圆满)?(?:举行|举办|召开|开幕|闭幕|落幕)"
    r"|(?:圆满|胜利)?结束)$",
    re.IGNORECASE)
#: Speaker labels that are roles, not names.
ROLE_SPEAKERS = re.compile(
    r"^(?:主持人|主持|嘉宾|提问|观众|记者|问|答|Q|A|Host|Moderator|Audience|听众|现场|全体|"
    r"提问者|发言人|速记)\d*$",
    re.IGNORECASE,
)
#: Audience turns, and how an audience member introduces themself.
AUDIENCE_SPEAKERS = re.compile(r"^(?:问|提问|提问者|观众|听众|现场提问|Q)\d*$", re.IGNORECASE)
SELF_INTRO = re.compile(r"我是|我叫|我来自|I am|I'm", re.IGNORECASE)
HOST_ROLE = re.compile(r"主持|host|moderat", re.IGNORECASE)
