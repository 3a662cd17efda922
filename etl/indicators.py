"""Quantity + its sentence → what it measures: kind, indicator name and subject, core or not.

Analysts compare figures by name (化解率, 调处矛盾纠纷数, 收回资金), so the name is built from
the words bulletins use around a number: the 率-word before a rate (矛盾纠纷化解率达到100%),
the verb and object before a count (调处矛盾纠纷78件), or the noun after a classifier
(215个问题). No word segmenter is needed for this: the words that carry the meaning are a
small closed set of administrative verbs and nouns.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from etl import core as core_rules
from etl.quantities import CLAUSE_BREAK, COUNT_NOUNS, PRE_QUALIFIER_AT_END, Quantity
from etl.units import METRIC_KIND

# Verbs that report work done, longest first so 追踪解决 wins over 解决.
_VERBS = sorted(
    (
        "收集 收到 收回 解决 办结 办理 答复 化解 调处 调解 接待 开展 组织 举办 "
        "举行 召开 提出 上报 汇总 推送 发放 建成 创建 建立 设立 新增 增设 削减 "
        "盘活 核销 落实 督办 评估 评议 听取 审议 作出 视察 检查 培训 选派 选聘 "
        "推荐 上线 参与 参加 走访 发现 整改 追踪解决 完成 打造 形成 梳理 转化 列入 "
        "受理 立案 查处 办 征集 反映 帮助 慰问 服务 接种 惠及 涉及 覆盖 投入 节约 "
        "追回 挽回 减少 实现 聘请 培育 提交 批准 通过 制定 修订 出台 采纳 回复 "
        "处置 处理 协调 联系 约谈 巡查 督查 新建 建设 设置 新设 组建 编成 印发 "
        "走访调研 压减 压缩 节省 统筹 争取 拨付 下达 进行 交办 转办 分办 审查 表决 票决 任免 选举 "
        "排查 回访 测评 备案 纠正 撤销 接收 登记 提请 核实 关停 核减 审减 追缴 收缴 清退 取缔 拆除 "
        "票决产生 领办 带动 撬动 出动 安装 清运 清理 铺设 种植 创办 办复 改造 废止 邀请 "
    ).split(),
    key=len,
    reverse=True,
)
_VERB_RE = regex.compile("|".join(_VERBS))
# 新建社区养老服务中心, 建成代表接待站, 选聘调解员: a verb before the head of an institution or a
# post is part of that noun, when another reporting verb before it takes the noun as its object
# (各乡镇组建小组 reports 组建)
_NOUN_HEAD_AFTER = regex.compile(r"中心|站|室|点|窗口|热线|基地|大厅|驿站|员|委员会|小组")
# 改造老旧小区 reports; 农村危房改造, 老旧小区改造项目 are nouns: a verb only where its clause opens
_OPENING_ONLY = frozenset({"改造"})
# 追回违规拨付资金: a verb after a word of misconduct names what was done wrong, not the work reported
_MISCONDUCT = ("违规", "违法", "违纪", "虚报", "骗取", "挤占", "挪用", "超标", "重复")
# verbs that only say an activity took place; the activity after them is the indicator
_LIGHT_VERB = regex.compile("开展|举行|举办|进行|组建")
_RATE_NOUN = (
    r"[\p{Han}]{2}(?:和|及|或)基本[\p{Han}]{2}率|[\p{Han}]{2}成功率|[\p{Han}]{2}率"  # 满意和基本满意率
    r"|满意度|知晓度|认可度|参与度|覆盖度|盖度|占比|比例|比重"
)
# 解决率由去年的82%提高到91%: both figures are 解决率; so is 失业率控制在2.8%以内
_RATE_FROM = r"(?:[由从](?:\d{4}年)?[^，,；;。\d%]{0,8}(?:[\d.]+%)?)?"
# a change verb links a level only with 到/至: 下降0.3个百分点 is a change, named by _CHANGE_WORD
_RATE_LINK = (
    r"(?:已|均|分别|稳定|保持|控制|(?:提升|提高|上升|下降|降低)(?:到|至)|达到了|达到|高达|为|达|是"
    r"|超过|超|约|近|在|至|到|了)*"
)
_RATE_WORD = regex.compile(rf"(?P<subject>[\p{{Han}}]{{0,8}}?)(?P<name>{_RATE_NOUN}){_RATE_FROM}{_RATE_LINK}[\s:：]*$")
_RATE_NAMES = regex.compile(rf"(?P<subject>[\p{{Han}}A-Za-z]{{0,8}}?)(?P<name>{_RATE_NOUN}|增速|增幅)")  # 劣V类水体
_RATED_AFTER = regex.compile(r"^.*对于?")
_VERB_AT_END = regex.compile(rf"(?:{_VERB_RE.pattern})$")
_MANNER_END = regex.compile(r"(?:按时|按期|及时|总体|综合|平均|整体|当场|现场|一次性)$")
_CHANGE_WORD = regex.compile(r"(?P<what>下降|降低|减少|缩短|压缩|上升|增长|提高|提升|增加)(?:了|幅度为|幅度达|)?\s*$")
_LEAD_NOISE = regex.compile(
    r"^(?:其中|同时|此外|另外|目前|截至目前|共有|现有|拥有|共|累计|共计|合计|总计|先后|已经|已|全年|全区|全市|全县|"
    r"当场|现场|后期|分别|均|还|再|又|并|都|也|年|每年|每季度|每月|每周|今年|去年|其余|其他|剩余|另有)+"
)
_NOUN_AFTER = regex.compile(r"^[\p{Han}()（）]{1,12}")
_LEVELS = "省市区县镇乡村"  # administrative levels as bulletins write them in lists (省、市、县三级)
# units of places and institutions that bulletins count with a bare one-character noun
_ONE_CHAR_NOUNS = frozenset(_LEVELS + "组社校园站所院馆厂店")
# ... but not a level in a list of levels (20余名省、市人大代表)
_LEVEL_LIST = regex.compile(rf"^[{_LEVELS}](?:[、和及][{_LEVELS}])+(?:[一二三四五两]级|各级)(?=\p{{Han}}{{2}})")
_ENDS_CLAUSE = regex.compile(rf"$|[，,；;：:。！？!?）)]|、(?![{_LEVELS}])")
# adverbs of extent and progress: they open a predicate (15个街道全面推行) and never make the verb
# after them a noun (正在办理38条)
_PROGRESS_ADVERBS = "全面|基本|正在|仍在|尚未|陆续|相继|逐步|均已|目前|常态化"
_NOUN_STOP = regex.compile(
    # 中 closes 56个问题中 but not 集中接待, 服务中心
    r"(?:累计|已|开展|依托|的|(?<![集其居适空高初])中(?![心央型小医华国等级学标队])|在|参与|等|全部|，|,|。"
    r"|实现|围绕|进行|担任|组成|提出|均|后|都|荣获|获"
    rf"|以内|以下|以上|左右|之内|不足|不到|{_PROGRESS_ADVERBS}|下沉|深入|走进"
    # a predicate after the counted noun: 23个乡镇（街道）建成代表之家
    r"|建成|完成|推行|建立|设立|加入"
    # 18个代表联络站共接待群众: an adverb and a verb start the predicate
    rf"|共(?={_VERB_RE.pattern}))"
)
_MONEY_NOUN = regex.compile(
    r"[\p{Han}]{0,4}(?:资金|经费|资产|款项|款|税款|费用|投资|收入|支出|补助|补贴|融资|贷款|税收|税费|工资|薪|增收|收益)(?:总额|总量|规模|余额)?"
)
# clause breaks and the enumeration comma 、 (quantities.CLAUSE_BREAK leaves 、 inside the clause)
_ITEM_BREAK = regex.compile(r"[，,；;：:。！？!?、]")
_PHRASE_BREAK = regex.compile(r"[，,；;：:。！？!?、\s]")  # ... and spaces
_CHANGE_FROM = regex.compile(r"[由从]")
_CHANGE_VERB = regex.compile(r"(?:提升|提高|下降|降低|增加|减少|增长|达到|达|为|至|到|约)+$")
_NOT_NAME = regex.compile(r"[^\p{Han}A-Za-z0-9.()（）]")
_WITHIN = regex.compile(r"^(?:时间)?(?:内|以内|之内)")


_QUOTE_CHARS = "[“”《》]"
_QUOTES = regex.compile(_QUOTE_CHARS)
_QUOTES_AND_SPACE = regex.compile(rf"{_QUOTE_CHARS}|\s")
_QUOTED_SPAN = regex.compile(r"“[^“”]*”")
# 12个项目已完工10个: a figure earlier in the clause is not part of the noun
_COUNTED_BEFORE = regex.compile(r"[\d.]+(?![\d.A-Za-z])[余多]?[万亿]?(?:人次|[个项件名家条人次场户])?")  # not 5G
_VERBS_OF_VERBS = "推动|推进|帮助|协调|督促|促进|指导|协助|配合|力促|助推|着力"
_VERB_OF_VERB_END = regex.compile(rf"(?:{_VERBS_OF_VERBS})$")
# 执法检查, 专题调研: two characters before a verb that name a kind of the activity (not who did it)
# (重点督办, 及时答复: adverbs say how, the verb still reports)
_NOMINAL_MODIFIER = regex.compile(
    r"(?!代表|群众|委员|干部|部门|单位|政府|人员|会议|重点|集中|深入|认真|积极|主动|及时|依法|共同|联合"
    r"|直接|逐一|跟踪|持续|累计|先后|全部|已经"
    # verbs whose object is another verb (推动解决, 帮助解决): the second verb reports
    rf"|{_VERBS_OF_VERBS}"
    rf"|{_PROGRESS_ADVERBS})(?:\p{{Han}}{{2}}|\p{{Han}}{{2}}度)"  # 满意度测评
)
_MODIFIER_BETWEEN = regex.compile(r"[^和与及并或了、]+")
# 连续四年对…开展调研: a phrase opened by a preposition is an adverbial, not the noun counted
_PREPOSITIONS = "对向把将从与跟同"
_PREPOSITION_FIRST = regex.compile(rf"^[{_PREPOSITIONS}]")
# 转化为代表建议 → 代表建议: a resultative 为 belongs to the verb, not to its object
# 整改到位29处: a result after the verb is not its object either
_OBJECT_LEAD = regex.compile(r"^(?:了|为|到位|完毕|各类|各项|有效|相关|实际)+")
_RESULT_AFTER = regex.compile(r"到位|完毕")
_DE_END = regex.compile(r"的[有共达为]*$")  # 列入计划逐步解决的21件, 整改到位的有36个
# 10个项目已全部完工: verbs that report a thing's own state, only after it
_INTRANSITIVE = "开工|完工|竣工|投用"
_VERB_AFTER_NOUN = regex.compile(rf"{_VERB_RE.pattern}|{_INTRANSITIVE}")
_INTRANSITIVE_END = regex.compile(rf"(?:{_INTRANSITIVE})$")
# 已经解决或基本解决的98件: a 的 with nothing after it leaves the noun out (the one just counted)
_OBJECT_TAIL = regex.compile(r"(?:等|共|计|合计|总计|最高|最多|达到|达|为|有|先后|分别|累计|均|已经|已|的)+$")
# 流动摊贩规范管理、…销货节等闭会期间建议 → 闭会期间建议; 建设的议事活动 → 议事活动: the head noun
# follows the last 等 (closing a list of examples) or 的 (closing a modifier)
_HEAD_AFTER = regex.compile(r"^.*[等的](?=[\p{Han}]{2})")
# 市、区、镇三级人大代表: the clause is cut at 、, leaving the last level of an enumeration
_LEVEL_FRAGMENT = regex.compile(rf"^[{_LEVELS}]{{1,2}}[一二三四五六七八九两]级(?=[\p{{Han}}]{{2}})")
# 接种人数, 参训户数: a noun that already names a count takes no second 数
_COUNT_NOUN_END = regex.compile(rf"(?:{COUNT_NOUNS})$")
# 接种人数, 接种量: an object that is only a count noun makes one word with its verb
_BARE_COUNT_NOUN = regex.compile(rf"(?:{COUNT_NOUNS}|量|额)")


@dataclass(frozen=True)
class Indicator:
    kind: str
    name: str | None
    subject: str | None
    core: bool


def _clause_start(sentence: str, q: Quantity, breaks: regex.Pattern = _ITEM_BREAK) -> int:
    return max((m.end() for m in breaks.finditer(sentence, 0, q.start)), default=0)


def _left_clause(sentence: str, q: Quantity, breaks: regex.Pattern = _ITEM_BREAK) -> str:
    """The words before ``q`` back to a break (with ``CLAUSE_BREAK``, a list of examples stays in:
    收回补助资金、出借资金等合计3829万元), without a qualifier that belongs to ``q``."""
    return PRE_QUALIFIER_AT_END.sub("", sentence[_clause_start(sentence, q, breaks) : q.start])


def _right_clause(sentence: str, q: Quantity, breaks: regex.Pattern = _ITEM_BREAK) -> str:
    """The words after ``q`` up to the next break."""
    stop = breaks.search(sentence, q.end)
    return sentence[q.end : stop.start() if stop else len(sentence)]


def _noun_after(sentence: str, q: Quantity, skip: str = "") -> str | None:
    rest = _QUOTES.sub("", sentence[q.end : q.end + 24])  # 4件“被满意”件
    if skip and rest.startswith(skip):
        rest = rest[len(skip) :]
    rest = _LEVEL_LIST.sub("", rest)  # 20余名省、市各级人大代表 → 人大代表
    m = _NOUN_AFTER.match(rest)
    if not m:
        return None
    noun = _PROCESS_TAIL.sub("", _NOUN_STOP.split(m.group(), maxsplit=1)[0])
    if len(noun) == 1:  # 8个县、46个村: a one-character noun, when a clause ends after it
        return noun if noun in _ONE_CHAR_NOUNS and _ENDS_CLAUSE.match(rest, 1) else None
    return noun if len(noun) >= 2 and not _PREPOSITION_FIRST.match(noun) else None


def _strip_noise(text: str) -> str:
    text = _QUOTES_AND_SPACE.sub("", text)
    return _LEAD_NOISE.sub("", text)


def _verb_object(clause: str) -> tuple[str | None, str | None]:
    """The last reporting verb in the clause and the words after it (its object).

    A verb inside a quoted name (“接待日”活动) or a noun (养老服务中心) is part of the name, and
    a verb that leaves nothing after it and follows a noun (开展执法检查) is the object's own last
    word: the verb before it governs. Two verbs joined by 和/及/了 (解决和基本解决) stay verbs, and
    so does a verb before a 的 whose noun is left out (列入计划逐步解决的21件)."""
    clean = _LEVEL_FRAGMENT.sub("", _strip_noise(clause))
    searched = clean
    if "“" in clause:
        masked = _LEVEL_FRAGMENT.sub("", _strip_noise(_QUOTED_SPAN.sub(_mask_quoted, clause)))
        searched = masked if len(masked) == len(clean) else clean
    verbs = _reporting_verbs(searched)
    while (
        len(verbs) > 1
        and not _object_after(clean, verbs[-1])
        and not _DE_END.search(clean)
        and not _RESULT_AFTER.match(clean, verbs[-1].end())
        and _MODIFIER_BETWEEN.fullmatch(clean[verbs[-2].end() : verbs[-1].start()])
    ):
        verbs.pop()
    if not verbs:
        return None, (_head_noun(_OBJECT_TAIL.sub("", clean))[-8:] or None)
    last = verbs[-1]
    obj = _object_after(clean, last)
    opens = verbs[-2].end() if len(verbs) > 1 else 0
    predicate = _DE_END.search(clean) or _RESULT_AFTER.match(clean, last.end())  # 问题整改到位的有…
    if not obj and not predicate and _NOMINAL_MODIFIER.fullmatch(clean[opens : last.start()]):
        return None, clean[opens : last.end()]  # 执法检查32次, 专题调研22次: the activity is the noun
    if not obj and len(verbs) > 1 and opens == last.start() and _LIGHT_VERB.fullmatch(verbs[-2].group()):
        return None, last.group()  # 开展视察近百场: the activity after a light verb is the noun
    return last.group(), (obj[-10:] or None)


def _reporting_verbs(text: str) -> list[regex.Match]:
    """The verbs in ``text`` that report work, not those inside a noun or a wrongdoing."""
    kept: list[regex.Match] = []
    for v in _VERB_RE.finditer(text):
        if kept and _NOUN_HEAD_AFTER.match(text, v.end()):
            continue
        if (v.start() and v.group() in _OPENING_ONLY) or text.endswith(_MISCONDUCT, 0, v.start()):
            continue
        kept.append(v)
    return kept


def _object_after(clause: str, verb: regex.Match) -> str:
    return _head_noun(_OBJECT_TAIL.sub("", _OBJECT_LEAD.sub("", clause[verb.end() :])))


def _mask_quoted(m: regex.Match) -> str:
    return "“" + "□" * (len(m.group()) - 2) + "”"


def _head_noun(phrase: str) -> str:
    return _HEAD_AFTER.sub("", _COUNTED_BEFORE.sub("", phrase))


# 在15个联络站开展…, 对32个部门预算开展初审: a count inside a place or object phrase
_LOCATIVE = regex.compile(
    r"(?<![存现正所实仍])在(?!内|建|办|线|册|岗|职|校|场)|(?<![针面相绝核应反比])对于?(?![接口象比照标话])"
)
# 未办结3件, 暂时无法解决3件: the negation is part of what is counted; so are the words that
# tell kinds of the same work apart (当场落实61件, 后期追踪解决44件; 联合调处, 互相推送)
NEGATIONS = ("无法", "未能", "尚未", "暂未", "未", "没有", "不能", "不予")  # also read by etl.consistency
_QUALIFIER_BEFORE = regex.compile(rf"(?:{'|'.join(NEGATIONS)}|当场|现场|后期|联合|互相|集中|限时|逐步)$")
# the levels and bodies before 代表 (各级人大代表, 省市两级代表): the subject keeps them, names do not
# (全国人大代表 keeps its level: deputies to the national congress are another count)
_DEPUTY_LEVELS = regex.compile(rf"^(?!全国)(?:各级|[一二三四五两]级|[{_LEVELS}]+|人大)+(?=代表$)")
_NOMINAL_AFTER = regex.compile(r"情况|工作|进行|开展")
_DIGIT = regex.compile(r"[\d零〇一二三四五六七八九十百千两]")
_JOINED_VERB = regex.compile(rf"(?P<verb>{_VERB_RE.pattern})(?:和|及|并)$")
# 较上年增加15件: a change in the count named before, not a count of its own
_CHANGE_COUNT = regex.compile(r"^(?:同比|较|比)\p{Han}{0,6}?(?P<what>增加|减少|增长|下降)了?$")
_COUNT_SUFFIX = {
    "次": "次数",
    "场": "场次",
    "场次": "场次",
    "期": "期数",
    "人次": "人次",
    "针次": "针次",
    "车次": "车次",
    "架次": "架次",
    "台次": "台次",
    "户次": "户次",
    "件次": "件次",
}
# 满意的142件, 表示“不满意”的有4件: a modifier whose noun is left out, being the one just counted
_ELIDED_HEAD = regex.compile(r"(?:^|为|是|表示)(?P<modifier>(?:(?!为|是|表示)\p{Han}){1,6})的(?:有|共|达|为)?$")


_PEOPLE_UNITS = frozenset(("人次", "人", "名", "位"))
_AGENT_TAIL = regex.compile(r"(?:现场|当场|累计|共计|共|先后|分别|均|已经|已|都|也|还|全部|积极|主动)+$")
_HAN_ONLY = regex.compile(r"\p{Han}+")
# 143件建议办理进行回头看: the process named after a thing is not part of it
# (重点工作 keeps its 工作; 接种工作 is 接种)
_PROCESS_TAIL = regex.compile(
    rf"(?<=\p{{Han}}{{2}})(?:(?:办理|落实|整改|答复|处理|办结|化解)(?:情况|工作)?|情况|(?<={_VERB_RE.pattern})工作)$"
)
# 其中A类(已解决或基本解决)168件: a remark in brackets before the figure is not its noun
_REMARK_AT_END = regex.compile(r"[(（][^()（）]{3,24}[)）]$")  # not 联络站(点), 乡镇(街道)
_CATEGORY = regex.compile(r"[A-Za-z甲乙丙丁一二三四]类")
# 参加培训4期、260人次: a figure listed right after another, with no words of its own
_AFTER_LISTED_FIGURE = regex.compile(r"(?P<clause>[^，,；;：:。！？!?、]*?)[\d.]+[余多]?[万亿]?\p{Han}{0,2}、\s*$")


def _shared_clause(sentence: str, q: Quantity) -> str:
    """The clause of the figure listed just before ``q``, whose verb ``q`` shares."""
    m = _AFTER_LISTED_FIGURE.search(sentence, max(0, q.start - 40), _clause_start(sentence, q))
    return PRE_QUALIFIER_AT_END.sub("", m.group("clause")) if m else ""


def _count_verb_object(sentence: str, q: Quantity, clause: str, after: str | None) -> tuple[str | None, str | None]:
    """The verb and object that name a count; a clause without a verb borrows one from its list."""
    verb, obj = _verb_object(clause)
    if verb:
        return verb, obj
    if not after and not _strip_noise(clause):  # 参加培训4期、260人次: nothing of its own
        return _verb_object(_shared_clause(sentence, q))
    if "等" in clause:  # 推动解决电梯加装、停车难等问题37个: the head noun follows 等
        return _list_verb(sentence, q), _verb_object(_left_clause(sentence, q, CLAUSE_BREAK))[1]
    if (
        not after
        and obj
        and not _VERB_RE.search(obj)  # an activity (执法检查5次) names itself
        and sentence[: _clause_start(sentence, q)].endswith("、")
    ):
        shared = _shared_clause(sentence, q)  # 发放手册5000份、海报700余张: the figure's item before
        return (_verb_object(shared)[0] if shared else _list_verb(sentence, q)), obj
    return None, obj


def _list_verb(sentence: str, q: Quantity) -> str | None:
    """The verb that opens the list ``q`` closes (批准法规、单行条例36件), not one inside its
    examples (提出推进老旧小区改造、加装电梯等民生建议)."""
    return _verb_object(_left_clause(sentence, q, CLAUSE_BREAK).split("、", 1)[0])[0]


def _topic(clause: str, verb: str) -> str | None:
    """The thing named before the verb, after any verb of its own (交办的问题已整改 → 问题)."""
    before = clause.rpartition(verb)[0]
    verbs = _reporting_verbs(before)
    before = _AGENT_TAIL.sub("", _strip_noise(before[verbs[-1].end() :] if verbs else before)).lstrip("的")
    before = _VERB_OF_VERB_END.sub("", _HEAD_AFTER.sub("", before))  # 督促整改到位: no thing named
    return before if 2 <= len(before) <= 8 and _HAN_ONLY.fullmatch(before) else None


def _agent(clause: str, verb: str) -> str | None:
    """The people before the verb (代表 of 代表参与), not a verb or an adverb."""
    before = _AGENT_TAIL.sub("", _strip_noise(clause.rpartition(verb)[0]))
    verbs = list(_VERB_RE.finditer(before))
    before = before[verbs[-1].end() :] if verbs else before
    return before if 2 <= len(before) <= 6 and _HAN_ONLY.fullmatch(before) else None


def _count_name(sentence: str, q: Quantity, previous_subject: str | None) -> tuple[str | None, str | None]:
    clause = _REMARK_AT_END.sub("", _left_clause(sentence, q))
    bare = _strip_noise(clause)
    after = _noun_after(sentence, q)
    category = None if after else _CATEGORY.fullmatch(bare)
    # 其中A类(已解决)168件: a class of what was just counted (not of another class)
    if category and previous_subject and not _CATEGORY.match(previous_subject):
        return f"{category.group()}{previous_subject}{_COUNT_SUFFIX.get(q.unit.symbol, '数')}", previous_subject
    elided = None if after else _ELIDED_HEAD.search(bare)
    if elided:
        return f"{elided.group('modifier')}{q.unit.symbol}数", previous_subject
    change = _CHANGE_COUNT.match(bare)
    if change and not after and previous_subject:
        return f"{previous_subject or ''}{change.group('what')}数", previous_subject
    verb, obj = _count_verb_object(sentence, q, clause, after)
    intransitive = None if verb or after else _INTRANSITIVE_END.search(bare)
    if intransitive:  # 12个项目已完工10个: the thing before the verb is what is counted
        verb, obj = intransitive.group(), _topic(clause, intransitive.group()) or previous_subject
    subject = after or obj
    # 交办的问题已整改到位29处: a verb with its result and no object counts the thing before it
    result = _RESULT_AFTER.match(clause.rpartition(verb)[2]) if verb else None
    if result and not subject:
        subject = _topic(clause, verb)
    suffix = _COUNT_SUFFIX.get(q.unit.symbol, "数")
    if verb and subject and _BARE_COUNT_NOUN.fullmatch(subject):
        return verb + subject, verb + subject
    if verb and not subject and q.unit.symbol in _PEOPLE_UNITS:
        agent = _agent(clause, verb)  # 代表参与68人次: people are counted by who they are
        if agent:
            return f"{agent if len(agent) <= 4 else ''}{verb}{suffix}", agent
    if verb and not subject:
        subject = previous_subject  # 收集意见建议650条,其中已办结612条: 办结 counts 意见建议
    if subject and _COUNT_NOUN_END.search(subject):
        suffix = ""
    if verb and after and _LOCATIVE.search(clause.rpartition(verb)[2]):
        verb = None  # 组织代表在15个联络站开展…: the count is where, not what 组织 acted on
    if verb and subject and _LIGHT_VERB.fullmatch(verb):
        verb = None  # 开展专题询问2次 → 专题询问次数: the activity names the count, not 开展
    if not verb and after:
        verb = _verb_after(sentence, q, after)  # 1123名代表已全部上线, 185个问题已基本得到落实
    if verb:
        before = clause.rpartition(verb)[0]
        joined = _JOINED_VERB.search(before)
        if joined:  # 听取和审议专项工作报告: both verbs report
            verb, before = joined.group("verb") + verb, before[: joined.start()]
        qualifier = _QUALIFIER_BEFORE.search(before)
        verb = (qualifier.group() if qualifier else "") + verb + (result.group() if result else "")
        return f"{verb}{_name_noun(subject)}{suffix}", subject
    subject = subject or previous_subject  # 其余3件正在推进: the paragraph's last counted thing
    return (f"{_name_noun(subject)}{suffix}" if subject else None), subject


def _verb_after(sentence: str, q: Quantity, noun: str) -> str | None:
    """What a count that opens its clause did (代表已全部上线, 问题已基本得到落实): the reporting
    verb right after its noun, when no other figure follows (14个问题已整改12个 counts all 14)."""
    rest = _right_clause(sentence, q)
    at = rest.find(noun)
    if at < 0:
        return None
    m = _VERB_AFTER_NOUN.search(rest, at + len(noun))
    if m is None or m.start() - (at + len(noun)) > 6 or _LIGHT_VERB.fullmatch(m.group()):
        return None
    if _NOMINAL_AFTER.match(rest, m.end()):
        return None  # 对两件建议办理情况进行评估: 办理 names a process here, it does not report
    if _DIGIT.search(rest, m.end()):
        return None
    # the same words tell kinds of work apart as before a verb (5个问题尚未整改), and 基本 here
    # (问题已基本得到落实; before a verb it joins two counts: 已经解决和基本解决271件)
    between = rest[at + len(noun) : m.start()]
    qualifier = _QUALIFIER_BEFORE.search(between)
    return (qualifier.group() if qualifier else "基本" if "基本" in between else "") + m.group()


def _name_noun(subject: str | None) -> str:
    """The subject as a name carries it: 各级人大代表, 四级代表 → 代表, so names compare across places."""
    return _DEPUTY_LEVELS.sub("", subject) if subject else ""


def _rate_name(sentence: str, q: Quantity, previous_subject: str | None) -> tuple[str | None, str | None]:
    left = sentence[: q.start]
    m = _RATE_WORD.search(left[-24:])
    if m:
        return _rate_and_subject(m["name"], m["subject"], previous_subject)
    tail = left[-8:]
    change = _CHANGE_WORD.search(tail)
    if change and q.unit.symbol == "个百分点":
        # 满意率达96.7%,较去年提高2.3个百分点: points are a change of the rate named before
        rates = list(_RATE_NAMES.finditer(left, 0, len(left) - len(tail) + change.start()))
        if not rates:
            return f"{change.group('what')}幅度", previous_subject
        # 空气质量优良天数比例较上年提高2.3个百分点: the rate's own words say what it is of
        name, subject = _rate_and_subject(rates[-1]["name"], rates[-1]["subject"], previous_subject)
        return f"{name}{change.group('what')}", subject
    if change:
        return f"{change.group('what')}率", previous_subject
    # 完成了65%的目标人群接种: the share is of what follows 的
    after = _noun_after(sentence, q, skip="的")
    return "占比", after or previous_subject


def _rate_and_subject(rate: str, before: str, previous_subject: str | None) -> tuple[str, str | None]:
    """The rate's name and what it is of, from the words before its 率-word."""
    subject = _RATED_AFTER.sub("", _strip_noise(before)).removesuffix("的")  # 群众对项目实施的满意率
    subject = _VERB_AT_END.sub("", subject) if len(subject) > 4 else subject  # 代表建议办理满意率
    manner = _MANNER_END.search(subject)
    if manner:  # 按时办结率: how it was done belongs to the rate, not to what was rated
        return manner.group() + rate, subject[: manner.start()] or previous_subject
    return rate, subject or previous_subject


def _amount_name(sentence: str, q: Quantity) -> tuple[str | None, str | None]:
    clause = _left_clause(sentence, q, CLAUSE_BREAK)  # 收回补助资金、出借资金等合计3829万元 keeps its list
    verbs = _reporting_verbs(clause)
    verb = verbs[-1].group() if verbs else None
    nouns = list(_MONEY_NOUN.finditer(clause))
    subject = None
    if nouns:
        noun = nouns[-1].group()
        if verbs and nouns[-1].start() < verbs[-1].end() < nouns[-1].end():
            noun = clause[verbs[-1].end() : nouns[-1].end()]  # 压减一般性支出: not 减一般性支出
        subject = _after_last_verb(_strip_noise(noun))
    if subject is None and verb:
        _, obj = _verb_object(clause)
        if obj and len(obj) >= 3:  # 实现地区生产总值3286.5亿元: an amount named by its own noun
            return obj, obj
    base = "资金" if subject and subject.endswith("资金") else (subject or "金额")
    return (f"{verb}{base}" if verb else base), subject


def _after_last_verb(noun: str) -> str:
    """常委会投入资金 → 资金: who spent it and the verb are not part of the money noun."""
    verbs = _reporting_verbs(noun)
    return noun[verbs[-1].end() :] if verbs and len(noun) - verbs[-1].end() >= 2 else noun


def _measure_name(sentence: str, q: Quantity) -> tuple[str | None, str | None]:
    """污水处理能力由5万吨/日提升至32万吨/日: both figures are 污水处理能力."""
    clause = _left_clause(sentence, q)
    head = _CHANGE_FROM.split(clause, maxsplit=1)[0]
    head = _NOT_NAME.sub("", _CHANGE_VERB.sub("", head))[-12:] or None
    return head, head


_NAMES_AN_ACT = regex.compile(rf"(?![{_PREPOSITIONS}在为])\p{{Han}}{{2}}")
_SPAN_COUNT = {"年": "年数", "月": "月数", "天": "天数", "周": "周数"}
# 连续2年入选, 3年连提: how many periods in a row, named by what was repeated
_IN_A_ROW_BEFORE = regex.compile(r"连续$")
_IN_A_ROW_AFTER = regex.compile(rf"^(?:连续{_NAMES_AN_ACT.pattern}|连(?!续)\p{{Han}})")


def _in_a_row_name(sentence: str, q: Quantity) -> str | None:
    span = _SPAN_COUNT.get(q.unit.symbol)
    if span is None:
        return None
    after = sentence[q.end : q.end + 4]
    m = _IN_A_ROW_AFTER.match(after)
    if m:  # 3年连提同类建议 → 连提年数; 3年连续提出 → 连续提出年数
        return f"{m.group()}{span}"
    if _IN_A_ROW_BEFORE.search(sentence, max(0, q.start - 2), q.start):
        verb = after[:2] if _NAMES_AN_ACT.fullmatch(after[:2]) else ""
        return f"连续{verb}{span}"  # 连续2年入选 → 连续入选年数; 连续三年对…开展调研 → 连续年数
    return None


def _duration_name(sentence: str, q: Quantity) -> tuple[str | None, str | None]:
    """24小时信息互通渠道 → 信息互通渠道时长; 5个工作日内 → …期限 (a deadline)."""
    deadline = bool(_WITHIN.match(sentence[q.end : q.end + 6]))
    noun = None if deadline else _noun_after(sentence, q)
    in_a_row = _in_a_row_name(sentence, q)
    if in_a_row:  # 3年连提同类建议, 连续12年开展满意度测评: what was repeated follows the figure
        if noun is None:
            _, noun = _verb_object(_right_clause(sentence, q, _PHRASE_BREAK))
        return in_a_row, noun
    if noun is None:
        _, obj = _verb_object(_left_clause(sentence, q))
        noun = _NOT_NAME.sub("", obj or "").removesuffix("连续")[-8:] or None
    suffix = "期限" if deadline else "时长"
    if noun and noun.endswith(("时长", "时间", "期限")):
        return noun, noun  # 会议时长约2小时
    return f"{noun or ''}{suffix}", noun


def describe(sentence: str, q: Quantity, previous_subject: str | None = None) -> Indicator:
    """Kind, name, subject and core flag of one quantity within its sentence."""
    kind = METRIC_KIND[q.unit.kind]
    if kind == "rate":
        name, subject = _rate_name(sentence, q, previous_subject)
    elif kind == "amount":
        name, subject = _amount_name(sentence, q)
    elif kind == "count":
        name, subject = _count_name(sentence, q, previous_subject)
    elif q.unit.kind == "duration":
        name, subject = _duration_name(sentence, q)
    else:
        name, subject = _measure_name(sentence, q)
    core = (
        kind in ("count", "rate", "amount")
        and core_rules.not_core_reason(sentence, q.start, q.end, q.unit.symbol) is None
    )
    return Indicator(kind, name, subject, core)


def from_header(header: str, q: Quantity) -> Indicator:
    """A table cell's figure, named by its header as prose would name it: 接待群众(人次) →
    接待群众人次 of 群众, 建议数(件) → 建议数 of 建议."""
    kind = METRIC_KIND[q.unit.kind]
    if kind == "rate":
        return Indicator(kind, header, None, True)
    subject = _verb_object(header)[1] or header  # 收到建议 → 建议
    if kind != "count":
        return Indicator(kind, header, subject, kind == "amount")
    names_count = header.endswith("数") or bool(_COUNT_NOUN_END.search(header))  # 建议数, 项目个数, 接种人数
    if names_count and not _COUNT_NOUN_END.search(subject):
        subject = subject.removesuffix("数").removesuffix("个") or subject
    suffix = "" if names_count else _COUNT_SUFFIX.get(q.unit.symbol, "数")
    return Indicator(kind, f"{header}{suffix}", subject, True)
