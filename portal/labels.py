"""Display labels for the portal: Chinese first, English second, for codes stored in the index."""

from __future__ import annotations

#: Target-industry codes → (Chinese name, English name). The reference taxonomy spells two codes
#: without the underscore (PUMPVALVE, SMART), so both spellings are accepted.
INDUSTRIES: dict[str, tuple[str, str]] = {
    "MARINE": ("海洋工程装备和高端船舶", "Marine engineering & high-end ships"),
    "AUTO": ("汽车零部件", "Auto parts"),
    "METAL": ("金属材料及制品", "Metal materials & products"),
    "MOTOR": ("电机电器", "Motors & electrical appliances"),
    "PUMP_VALVE": ("泵阀", "Pumps & valves"),
    "PUMPVALVE": ("泵阀", "Pumps & valves"),
    "HVAC": ("空调", "Air conditioning"),
    "SMART_MFG": ("高端装备智能制造", "High-end equipment & intelligent manufacturing"),
    "SMART": ("高端装备智能制造", "High-end equipment & intelligent manufacturing"),
}

LEGAL_STATUS: dict[str, tuple[str, str]] = {
    "in_force": ("有效", "In force"),
    "lapsed": ("失效", "Lapsed"),
    "pending": ("审中", "Pending"),
    "unknown": ("未知", "Unknown"),
}

PATENT_TYPES: dict[str, tuple[str, str]] = {
    "invention": ("发明", "Invention"),
    "utility_model": ("实用新型", "Utility model"),
    "design": ("外观设计", "Design"),
    "unknown": ("未知", "Unknown"),
}

DOC_TYPES: dict[str, tuple[str, str]] = {
    "patent": ("专利", "Patent"),
    "trademark": ("商标", "Trademark"),
}

BOOLEANS: dict[str, tuple[str, str]] = {
    "true": ("是", "Yes"),
    "false": ("否", "No"),
}

#: Facet field → (Chinese, English) heading.
FACETS: dict[str, tuple[str, str]] = {
    "industries": ("行业", "Industry"),
    "town": ("镇街园区", "Town / park"),
    "patent_type": ("专利类型", "Patent type"),
    "legal_status": ("法律状态", "Legal status"),
    "application_year": ("申请年", "Application year"),
    "ipc_subclass": ("IPC小类", "IPC subclass"),
    "doc_type": ("文献类型", "Record type"),
    "synthetic": ("合成数据", "Synthetic"),
}

_VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "industries": INDUSTRIES,
    "legal_status": LEGAL_STATUS,
    "patent_type": PATENT_TYPES,
    "doc_type": DOC_TYPES,
    "synthetic": BOOLEANS,
}


def value_label(field: str, value: object) -> str:
    """Human label of one stored value, e.g. ``MARINE`` → ``海洋工程装备和高端船舶``."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    names = _VALUE_LABELS.get(field, {}).get(text)
    return names[0] if names else text


def value_label_en(field: str, value: object) -> str:
    """English label of one stored value (empty when there is none)."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    names = _VALUE_LABELS.get(field, {}).get(text)
    return names[1] if names else ""


def industry_name(code: str) -> str:
    """Chinese name of an industry code; unknown codes are shown as they are."""
    return value_label("industries", code)
