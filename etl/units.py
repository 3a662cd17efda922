"""The units a metric can carry, and what kind of metric each one makes.

A number is a candidate metric only when one of these follows it, so this table is the main
guard against dates, ordinals and codes. Each entry is (surface, canonical unit, kind,
negative lookahead): the lookahead keeps a unit character from being the first half of another
word (条例, 支出, 所有, 期间, 部分, 周年).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex


@dataclass(frozen=True)
class Unit:
    surface: str  # as matched, simplified script
    symbol: str  # canonical unit stored in metrics.unit
    kind: str  # count, rate, amount, measure, duration, other
    factor: float = 1.0


_TABLE: tuple[tuple[str, str, str, str], ...] = (
    # rates
    ("%", "%", "rate", ""),
    ("‰", "‰", "rate", ""),
    ("个百分点", "个百分点", "rate", ""),
    ("百分点", "个百分点", "rate", ""),
    # 八成 = 80 %: factor 10; quantities._skip allows it only after a Chinese numeral up to 十
    ("成", "%", "rate", "为立员果效本绩功熟长就都了型交"),
    ("倍", "倍", "other", ""),
    # money (万/亿 are multipliers matched before the unit)
    ("元", "元", "amount", "旦素宵首"),
    # physical measures
    ("微克/立方米", "微克/立方米", "measure", ""),
    ("毫克/立方米", "毫克/立方米", "measure", ""),
    ("吨/日", "吨/日", "measure", ""),
    ("吨/天", "吨/日", "measure", ""),
    ("立方米/日", "立方米/日", "measure", ""),
    ("立方米/秒", "立方米/秒", "measure", ""),
    ("立方米", "立方米", "measure", ""),
    ("立方", "立方米", "measure", "体"),
    ("平方公里", "平方公里", "measure", ""),
    ("平方米", "平方米", "measure", ""),
    ("公里", "公里", "measure", ""),
    ("千米", "公里", "measure", ""),
    ("公顷", "公顷", "measure", ""),
    ("亩", "亩", "measure", ""),
    ("千瓦时", "千瓦时", "measure", ""),
    ("千瓦", "千瓦", "measure", ""),
    ("兆瓦", "兆瓦", "measure", ""),
    ("公斤", "公斤", "measure", ""),
    ("千克", "公斤", "measure", ""),
    ("吨", "吨", "measure", ""),
    ("斤", "斤", "measure", ""),
    ("米", "米", "measure", "饭粒"),
    # durations
    ("个工作日", "工作日", "duration", ""),
    ("工作日", "工作日", "duration", ""),
    ("个小时", "小时", "duration", ""),
    ("小时", "小时", "duration", ""),
    ("分钟", "分钟", "duration", ""),
    ("个月", "月", "duration", ""),
    ("个多月", "月", "duration", ""),
    ("个余月", "月", "duration", ""),
    ("个多小时", "小时", "duration", ""),
    ("个余小时", "小时", "duration", ""),
    ("月", "月", "duration", "份初底末旬"),
    ("天", "天", "duration", "然津气下"),
    ("日", "天", "duration", "=内"),
    ("年", "年", "duration", "级代度初底末份龄轻"),
    ("周", "周", "duration", "年岁边末期一二三四五六日"),
    # counts
    ("人次", "人次", "count", ""),
    ("针次", "针次", "count", ""),
    ("场次", "场次", "count", ""),
    ("户次", "户次", "count", ""),
    ("件次", "件次", "count", ""),
    ("批次", "批次", "count", ""),
    # 受理群众诉求568件（次）: what was counted may be a case or a visit; NFKC has made the brackets ASCII
    ("件(次)", "件次", "count", ""),
    ("人(次)", "人次", "count", ""),
    ("批(次)", "批次", "count", ""),
    ("户(次)", "户次", "count", ""),
    ("场(次)", "场次", "count", ""),
    ("个", "个", "count", ""),
    ("件", "件", "count", ""),
    ("条", "条", "count", "例件款"),
    ("项", "项", "count", ""),
    ("名", "名", "count", "义称单列字片誉牌额"),
    ("位", "位", "count", "于置"),
    ("人", "人", "count", "大民均员才口"),
    ("家", "家", "count", "庭长属"),
    ("场", "场", "count", "所景合地"),
    ("处", "处", "count", "理置长级室"),
    ("份", "份", "count", ""),
    ("期", "期", "count", "间限末满待望"),
    ("轮", "轮", "count", ""),
    ("户", "户", "count", "籍口"),
    ("张", "张", "count", ""),
    ("支", "支", "count", "出持付撑部"),
    ("只", "只", "count", "有是要能"),
    ("起", "起", "count", "草步点到来诉始"),
    ("宗", "宗", "count", "旨教"),
    ("笔", "笔", "count", ""),
    ("所", "所", "count", "有在属以得需谓"),
    ("座", "座", "count", "谈"),
    ("批", "批", "count", "准复示评"),
    ("篇", "篇", "count", ""),
    ("套", "套", "count", "班餐路装用话"),
    ("部门", "个", "count", ""),
    ("部", "部", "count", "分委署长队级位件属曲"),  # 制定地方性法规3部
    ("类", "类", "count", "似型别"),
    ("车次", "车次", "count", ""),
    ("架次", "架次", "count", ""),
    ("台次", "台次", "count", ""),
    ("块", "块", "count", "钱状头"),
    ("面", "面", "count", "积向临貌对子料条上前部孔墙旗环"),
    ("组", "组", "count", "织成建长团合委员别件"),
    ("间", "间", "count", "隔距接断歇或"),
    ("盏", "盏", "count", ""),
    ("根", "根", "count", "本据源治子河"),
    ("枚", "枚", "count", ""),
    ("艘", "艘", "count", ""),
    ("票", "票", "count", "决据证务价房面额"),
    ("台", "台", "count", "湾州阶账"),
    ("辆", "辆", "count", ""),
    ("株", "株", "count", ""),
    ("棵", "棵", "count", ""),
    ("册", "册", "count", ""),
    ("栋", "栋", "count", ""),
    ("幢", "幢", "count", ""),
    ("例", "例", "count", "如"),
    ("次", "次", "count", "日要序"),
    ("方面", "方面", "count", ""),
    ("大", "个", "count", "会学队院家力量多"),
    # index points (a stock index, a score): only Arabic and ≥ 100, see quantities._skip
    ("点", "点", "other", ""),
)

_FACTORS = {"成": 10.0}
_BY_SURFACE = {surface: Unit(surface, symbol, kind, _FACTORS.get(surface, 1.0)) for surface, symbol, kind, _ in _TABLE}


def _guard(stop: str) -> str:
    """``"=内"``: the unit counts only before 内 (十五日内, a deadline; 15日 alone is a date);
    otherwise the characters that must not follow it."""
    if stop.startswith("="):
        return f"(?=(?:以)?[{stop[1:]}])"
    return f"(?![{stop}])" if stop else ""


UNIT_PATTERN = "|".join(
    regex.escape(surface) + _guard(stop) for surface, _, _, stop in sorted(_TABLE, key=lambda row: -len(row[0]))
)


@lru_cache(maxsize=256)
def unit_info(surface: str) -> Unit:
    """The Unit for a matched surface form; an unknown surface is a plain count unit."""
    return _BY_SURFACE.get(surface, Unit(surface, surface, "count"))


METRIC_KIND = {
    "count": "count",
    "rate": "rate",
    "amount": "amount",
    "measure": "measure",
    "duration": "other",
    "other": "other",
}
