"""Chinese labels and number formats shared by every page.

Kept in one place so the screen, the downloads and the chart exports say the same thing.
"""

from __future__ import annotations

import math

KIND_LABELS: dict[str, str] = {
    "count": "数量",
    "rate": "比率",
    "amount": "金额",
    "measure": "度量",
    "other": "其他",
}
QUALIFIER_LABELS: dict[str, str] = {
    "exact": "确数",
    "at_least": "不少于",
    "more_than": "多于",
    "less_than": "少于",
    "about": "约数",
}
QUALIFIER_PREFIX: dict[str, str] = {
    "exact": "",
    "at_least": "≥",
    "more_than": ">",
    "less_than": "<",
    "about": "约",
}
CONSISTENCY_LABELS: dict[str, str] = {"ok": "一致", "mismatch": "不一致", "none": "无法核对"}
LEVEL_LABELS: dict[str, str] = {"province": "省级", "city": "市级", "county": "县级", "town": "乡镇"}
STATUS_ORIGINAL = "原文"
STATUS_DERIVED = "推算"
STATUS_MISMATCH = "核对不一致"

# rate names that mean "resolution" (the overview map's median uses these by default)
RESOLUTION_RATES: tuple[str, ...] = ("化解率", "解决率", "办结率")
COMMON_RATES: tuple[str, ...] = ("化解率", "解决率", "办结率", "答复率", "满意率")

NO_PLACE = "（未识别地点）"
SOURCE_LINE = "数据来源：地方人大公报指标库"

# Metric columns with Chinese headers, in the order tables show them.
COLUMN_LABELS: dict[str, str] = {
    "metric_id": "指标编号",
    "doc_id": "文档编号",
    "title": "文档标题",
    "locality": "地方",
    "province": "省份",
    "city": "城市",
    "county": "区县",
    "town": "乡镇",
    "adcode": "行政区划代码",
    "place_level": "层级",
    "program": "工作领域",
    "year": "年份",
    "kind": "类别",
    "name": "指标名称",
    "display": "数值",
    "value": "原始值",
    "unit": "单位",
    "unit_raw": "原文单位",
    "qualifier": "限定",
    "numerator": "分子",
    "denominator": "分母",
    "derived": "推算",
    "consistency": "核对",
    "status": "标记",
    "quote": "原文片段",
    "sentence": "所在句子",
    "start": "起始位置",
    "end": "结束位置",
    "page": "页码",
    "article": "条目",
    "published": "发布日期",
    "path": "文件路径",
}

# Units per output column, written into download metadata.
COLUMN_UNITS: dict[str, str] = {
    "value": "金额为元，比率为百分数（0–100），其余见“单位”列",
    "display": "金额为万元，比率为%，其余见原文单位；≥ 表示“多/余”，约 表示约数",
    "numerator": "与分母同一单位",
    "denominator": "与分子同一单位",
    "total_wan": "万元",
    "total": "见“单位”列",
    "median_rate": "%",
    "start": "字符（规范化文本中的位置，从 0 起）",
    "end": "字符（不含）",
}


def fmt_number(x: float | None, digits: int = 2) -> str:
    """Plain digits, no thousands separators: the bulletins write 3000万元, not 3,000万元."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    text = f"{x:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_value(kind: str | None, value: float | None, unit: str | None, qualifier: str | None) -> str:
    """Format one metric for reading: amounts in 万元, rates in %, qualifiers kept."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    prefix = QUALIFIER_PREFIX.get(qualifier or "exact", "")
    if kind == "amount":
        return f"{prefix}{fmt_number(value / 10_000)}万元"
    if kind == "rate":
        return f"{prefix}{fmt_number(value)}%"
    return f"{prefix}{fmt_number(value)}{unit or ''}"


def fmt_wan(total_yuan: float | None, lower_bound: bool = False, approx: bool = False) -> str:
    """An aggregated amount: a total containing a "3000多万元" is itself only a lower bound."""
    if total_yuan is None or (isinstance(total_yuan, float) and math.isnan(total_yuan)):
        return ""
    prefix = "约" if approx else "≥" if lower_bound else ""
    return f"{prefix}{fmt_number(total_yuan / 10_000)}万元"


def sql_num(expr: str) -> str:
    """SQL for a number with at most two decimals (no separators: 3000万元, as the texts write it)."""
    return f"regexp_replace(format('{{:.2f}}', {expr}), '\\.?0+$', '')"


def sql_display(alias: str = "m") -> str:
    """SQL twin of :func:`fmt_value`, so formatting happens in DuckDB, not row by row."""
    a = alias
    return f"""(CASE WHEN {a}.value IS NULL THEN '' ELSE
        CASE {a}.qualifier WHEN 'at_least' THEN '≥' WHEN 'more_than' THEN '>' WHEN 'less_than' THEN '<'
                            WHEN 'about' THEN '约' ELSE '' END ||
        CASE {a}.kind WHEN 'amount' THEN {sql_num(f"{a}.value / 10000")} || '万元'
                      WHEN 'rate' THEN {sql_num(f"{a}.value")} || '%'
                      ELSE {sql_num(f"{a}.value")} || coalesce({a}.unit, '') END
    END)"""


def sql_locality(alias: str = "m") -> str:
    a = alias
    return f"coalesce(nullif(concat_ws('·', {a}.province, {a}.city, {a}.county, {a}.town), ''), '{NO_PLACE}')"


def sql_status(alias: str = "m") -> str:
    a = alias
    return (
        f"(CASE WHEN {a}.consistency = 'mismatch' THEN '{STATUS_MISMATCH}' "
        f"WHEN {a}.derived THEN '{STATUS_DERIVED}' ELSE '{STATUS_ORIGINAL}' END)"
    )
