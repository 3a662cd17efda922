"""The line of work a figure belongs to, from a small documented taxonomy, and its initiative.

Analysts chart figures by program (suggestion handling vs. dispute mediation vs. audit
rectification …), so every metric gets exactly one label. Labels are chosen by keyword votes:
words in the figure's own sentence count three times, words in its article heading twice, words
elsewhere in its paragraph once. Edit ``TAXONOMY`` to add a line of work; keep labels short.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

_TOO_SHORT = regex.compile(r"[\p{Han}]{1,2}")


@dataclass(frozen=True)
class Program:
    label: str
    description: str
    keywords: tuple[str, ...]
    # words that vote only where a keyword is also in the sentence, heading or paragraph
    # (整改 is audit work when 审计 is named: an enforcement inspection's problems are rectified too)
    weak: tuple[str, ...] = ()


TAXONOMY: tuple[Program, ...] = (
    Program(
        "代表建议办理",
        "代表议案、建议的交办、办理、答复与满意度测评",
        ("建议", "议案", "办结", "答复", "满意", "承办单位", "督办", "回头看", "提案"),
    ),
    Program("矛盾纠纷调处", "代表参与调解、化解矛盾纠纷", ("矛盾", "纠纷", "调解", "调处", "化解", "信访", "矛调")),
    Program("审计整改监督", "审计查出问题的整改与跟踪监督", ("审计", "销号", "查出问题"), weak=("整改",)),
    Program(
        "预算绩效监督",
        "预算审查、财政资金与国有资产的绩效监督",
        ("预算", "绩效", "财政", "资金", "国资", "国有资产", "专项经费", "决算", "债务"),
    ),
    Program(
        "联络站与代表督事",
        "代表联络站接待、代表督事、夜询会等联系群众活动",
        ("联络站", "督事", "接待", "夜询", "选民", "民情", "民意", "社情", "议事", "夜聊", "联系群众"),
    ),
    Program(
        "数字化平台",
        "履职平台、应用场景、线上办理",
        ("数字化", "平台", "应用场景", "APP", "小程序", "掌上", "线上", "数智", "大数据", "码"),
    ),
    Program(
        "生态环境",
        "环境保护、治水治气、河长制",
        ("环境", "环保", "污水", "大气", "河长", "河湖", "治水", "煤改", "生态", "PM2.5", "水质", "扬尘"),
    ),
    Program(
        "执法检查与视察",
        "执法检查、专题调研、视察、询问与质询",
        ("执法检查", "视察", "调研", "专题询问", "质询", "督察", "巡查"),
    ),
    # after 执法检查与视察, which wins a tie: 条例执法检查 is enforcement
    Program(
        "立法与备案审查",
        "制定、修改、废止法规，立法联系点，规范性文件备案审查",
        # not 法规 or 条例 alone: enforcement inspections and trainings name them too
        ("立法", "草案", "法规案", "备案审查", "规范性文件", "合法性审查", "单行条例", "自治条例"),
    ),
    Program(
        "常委会会议与决定",
        "人代会、常委会会议、决议决定与工作报告",
        ("人代会", "常委会会议", "主任会议", "决议", "决定", "工作报告", "任免"),
    ),
    Program(
        "代表履职与培训", "代表履职、培训、评议与队伍建设", ("代表履职", "培训", "履职", "评议", "代表小组", "代表活动")
    ),
    Program(
        "民生实事",
        "民生实事项目、公共服务、惠民工程",
        ("民生实事", "惠民", "托育", "接种", "疫苗", "养老", "教育", "医疗", "就业"),
    ),
)
OTHER = "其他"

_MATCHERS = tuple((p.label, regex.compile("|".join(map(regex.escape, p.keywords)))) for p in TAXONOMY)
_WEAK = tuple(regex.compile("|".join(map(regex.escape, p.weak))) if p.weak else None for p in TAXONOMY)
_LABELS = tuple(label for label, _ in _MATCHERS)
_INITIATIVE = regex.compile(r"“([^“”]{2,16})”")
_INITIATIVE_SHAPE = regex.compile(
    r"(?:会|法|制|站|点|台|平台|场景|活动|机制|模式|工程|行动|议事|督事|来|说|通|码|室|家|团|APP|品牌|篇"
    r"|话|谈|访|堂|桥|岗|哨)$"
)


def classify(sentence: str, heading: str | None, paragraph: str) -> str:
    """The program label with the most keyword votes, or 其他."""
    best, best_score = OTHER, 0
    votes = zip(_LABELS, _votes(sentence), _votes(heading or ""), _votes(paragraph), strict=True)
    for label, (s, ws), (h, wh), (p, wp) in votes:
        score = 3 * s + 2 * h + p
        if score:  # weak words (0 where a program has none) vote only beside a keyword
            score += 3 * ws + 2 * wh + wp
        if score > best_score:
            best, best_score = label, score
    return best


def active(sentence: str, heading: str | None, paragraph: str) -> frozenset[str]:
    """Every line of work the sentence, its heading or its paragraph names by a keyword: the
    indicator rules that hold in one line of work ask whether it is in play, not whether it won."""
    hits = (_votes(sentence), _votes(heading or ""), _votes(paragraph))
    return frozenset(label for label, *votes in zip(_LABELS, *hits, strict=True) if any(k for k, _ in votes))


@lru_cache(maxsize=4096)
def _votes(text: str) -> tuple[tuple[int, int], ...]:
    """(keyword hits, weak-word hits) per program. Cached: a heading and a paragraph vote for every
    figure in them."""
    return tuple(
        (len(pattern.findall(text)), len(weak.findall(text)) if weak is not None else 0)
        for (_, pattern), weak in zip(_MATCHERS, _WEAK, strict=True)
    )


@lru_cache(maxsize=2048)
def initiative(sentence: str, heading: str | None, paragraph: str) -> str | None:
    """The named initiative (民生夜询会, 代表一起来): a quoted name shaped like a program."""
    for text in (sentence, heading or "", paragraph):
        for m in _INITIATIVE.finditer(text):
            name = m.group(1)
            if _INITIATIVE_SHAPE.search(name) and not _TOO_SHORT.fullmatch(name):
                return name
    return None
