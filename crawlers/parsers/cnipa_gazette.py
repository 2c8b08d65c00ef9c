"""CNIPA 商标公告 search JSON (``annSearchDG.html``, ``{total, rows}``) → Trademark records."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from crawlers.parsers.common import ParseContext, ParseResult, build_trademark, clean_text, parse_date
from crawlers.parsers.errors import ParseError

SOURCE = "cnipa-trademarks"
# the 55 real announcement types (../shared/reference/cnipa-trademark-gazette/ann_type_codes.json)
ANN_TYPES: dict[str, str] = {
    "TMZCSQ": "商标初步审定公告",
    "TMJTSQ": "集体商标初步审定公告",
    "TMZMSQ": "证明商标初步审定公告",
    "TMTCSQ": "特殊标志登记公告",
    "TMZCZC": "商标注册公告（一）",
    "TMQTZC": "商标注册公告（二）",
    "TMJTZC": "集体商标注册公告",
    "TMZMZC": "证明商标注册公告",
    "TMZRSQ": "商标转让/移转公告",
    "TMBMSQ": "商标注册人/申请人名义及地址变更公告",
    "TMSJSQ": "商品/服务项目删减公告",
    "TMBGSQ": "变更商标代理机构公告",
    "TMGZSQ": "商标更正公告",
    "TMXZSQ": "注册商标续展公告",
    "TMXKSQ": "商标使用许可备案公告",
    "TMXKBG": "商标使用许可变更公告",
    "TMXKZZ": "商标使用许可终止公告",
    "TMZYSQ": "商标质权登记公告",
    "TMZCZX": "注册商标注销公告",
    "TMXZZX": "注册商标未续展注销公告",
    "TMCXSQ": "注册商标撤销公告",
    "TMXGWX": "注册商标宣告无效公告",
    "TMZCCH": "商标注册申请撤回公告",
    "TMWXGG": "无效公告",
    "TMZCYS": "商标注册证遗失声明公告",
    "TMSDGG": "送达公告",
    "TMYYSQ": "商标异议公告",
    "TMYYCD": "商标异议裁定公告",
    "TMYFCD": "商标异议复审裁定公告",
    "TMZCGY": "共有人注册商标",
    "TMZCCM": "驰名商标公告",
    "TMZCWX": "商标注册证无效公告",
    "TMBMZJ": "变更集体/证明商标申请人名义地址/管理规则成员名单公告",
    "TMZRZJ": "集体/证明商标申请人名义地址/成员名单管理规则转让/移转公告",
    "TMBQSQ": "商标其他注册事项变更公告",
    "TMQTGG": "商标其他事项公告",
    "TMXKCX": "商标使用许可合同备案撤销公告",
    "TMQTCX": "关于商标的处理决定撤销公告",
    "TMSBSD": "商标申请补正通知书送达公告",
    "TMZCSD": "准予撤回商标注册申请决定书送达公告",
    "TMSYSD": "商标注册申请审查意见书送达公告",
    "TMBTSD": "商标注册申请驳回通知书送达公告",
    "TMTSSD": "提供注册商标使用证明通知书送达公告",
    "TMCJSD": "撤销注册商标决定书送达公告",
    "TMYCSD": "商标异议裁定书送达公告",
    "TMQTSD": "其他商标书件送达公告",
    "TMBHZR": "商标评审委员会驳回转让复审决定公告",
    "TMCXZY": "商标评审委员会注册商标争议裁定公告",
    "TMCXBD": "商标评审委员会撤销注册不当商标申请议裁定公告",
    "TMZFJD": "商标评审委员会撤销注册商标复审决定公告",
    "TMDBSD": "商标评审委员会答辩通知书送达公告",
    "TMCDSD": "商标评审委员会裁(决)定通知书送达公告",
    "TMXWZX": "注册人死亡/终止注销注册商标公告",
    "TMSBJG": "商标局公告",
    "TMTYGG": "通用公告",
}


def _field(row: dict[str, Any], *names: str) -> str | None:
    """Rows spell some fields two ways (``tm_name`` / ``tmname``, ``reg_name`` / ``regname``)."""
    for name in names:
        value = row.get(name)
        if value is not None and clean_text(str(value)):
            return clean_text(str(value))
    return None


def load_page(data: bytes, source_url: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """``{total, rows}`` → (total, rows); anything else (the gate page, a truncated body) is a ParseError."""
    try:
        page = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(
            SOURCE, f"not JSON (gate, captcha or truncated body?): {exc}", source_url=source_url
        ) from exc
    if not isinstance(page, dict) or not isinstance(page.get("rows"), list):
        raise ParseError(SOURCE, "JSON without a rows list", source_url=source_url)
    try:
        total = int(page.get("total") or 0)
    except (TypeError, ValueError) as exc:
        raise ParseError(SOURCE, f"bad total: {page.get('total')!r}", source_url=source_url) from exc
    return total, [row for row in page["rows"] if isinstance(row, dict)]


def _announcement(row: dict[str, Any]) -> dict[str, Any]:
    code = _field(row, "ann_type_code")
    return {
        "ann_type_code": code,
        "ann_type": _field(row, "ann_type") or ANN_TYPES.get(code or ""),
        "ann_num": _field(row, "ann_num"),
        "ann_date": parse_date(_field(row, "ann_date")),
    }


def _record(reg_num: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    announcements = sorted(
        (_announcement(row) for row in rows),
        key=lambda a: (a["ann_date"] is None, a["ann_date"], a["ann_num"] or ""),
    )
    names = list(dict.fromkeys(n for row in rows if (n := _field(row, "reg_name", "regname"))))
    latest = announcements[-1] if announcements else {}
    return {
        "registration_number": reg_num,
        "office": "CN",
        "mark_text": next((t for row in rows if (t := _field(row, "tm_name", "tmname"))), None),
        "applicants": [{"raw_name": name} for name in names[-1:]],  # the registrant of the latest row
        "status": latest.get("ann_type"),
        "announcements": announcements,
    }


def parse(data: bytes, ctx: ParseContext) -> ParseResult:
    """One result page → one Trademark per registration number (a mark's rows on the page are merged)."""
    _total, rows = load_page(data, ctx.source_url)
    by_number: dict[str, list[dict[str, Any]]] = defaultdict(list)
    result = ParseResult()
    for row in rows:
        reg_num = _field(row, "reg_num")
        if not reg_num:
            result.quarantined.append(ctx.quarantine("announcement row without reg_num", row))
            continue
        by_number[reg_num].append(row)
    for reg_num, group in by_number.items():
        try:
            record = _record(reg_num, group)
        except ValueError as exc:
            result.quarantined.append(ctx.quarantine(f"{reg_num}: {exc}", {"rows": group}))
            continue
        build_trademark(record, ctx, result, f"TM-CN-{reg_num}")
    return result
