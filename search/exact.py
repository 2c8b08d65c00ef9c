"""A query that is a number or a classification symbol: the exact-value fields it names.

Searchers type a publication number (``CN218751475U``, ``cn 218751475 u``), an application number
(``202223220665.2``) or an IPC symbol (``B63H``, ``F01K 3/00``) into the same box as words. Those values
live in keyword fields, not in the analyzed text, so both backends also look the query up there
(normalized the way the records were): a record matches when its text matches OR its number / code does.
"""

from __future__ import annotations

import contextlib

from transforms.errors import NormalizationError
from transforms.ipc import parse_ipc
from transforms.numbers import normalize_cn_application_number, normalize_publication_number

#: An exact number or symbol outranks records that only mention it in their text.
EXACT_BOOST = 10.0


def exact_terms(text: str) -> dict[str, list[str]]:
    """Keyword field → values the whole query stands for (empty when it is not a number or a symbol)."""
    query = text.strip()
    if not query or len(query) > 40:
        return {}
    out: dict[str, list[str]] = {}
    with contextlib.suppress(NormalizationError):
        out["publication_number"] = [normalize_publication_number(query)]
    try:
        number = normalize_cn_application_number(query)
        out["application_number"] = list(dict.fromkeys([number, number.split(".")[0]]))
    except NormalizationError:
        pass
    try:
        code = parse_ipc(query)
    except NormalizationError:
        return out
    if code.group is None:
        out["ipc_subclass"] = [code.subclass]
    else:
        out["ipc"] = [str(code)]
    return out
