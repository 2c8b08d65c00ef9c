"""IPC codes: parse the spellings sources use into one canonical form, and match taxonomy patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.errors import NormalizationError
from transforms.text import to_halfwidth

# "H04W  84/    20  A I", "B64U20/80", "B64U 20/80", "H 04 W 84/20", "H04W 84/20 (2009.01)", "A01B0001020000"
# After the subgroup only what sources append: OPS indicator letters (``A I``) or a version ``(2009.01)``;
# anything else (a second code: ``H04W84/20;H04W84/18``) is not one symbol.
_SPACED = re.compile(r"^([A-H])\s*(\d{2})\s*([A-Z])\s*0*(\d{1,4})\s*/\s*(\d{1,6})(?=$|[\s(])(.*)$")
_ANOTHER_CODE = re.compile(r"/|[A-H]\s*\d{2}\s*[A-Z]\s*\d")
_FOURTEEN = re.compile(r"^([A-H]\d{2}[A-Z])(\d{4})(\d{6})$")
_SUBCLASS = re.compile(r"^([A-H]\d{2}[A-Z])$")


@dataclass(frozen=True, order=True)
class Ipc:
    """A parsed IPC symbol; ``group``/``subgroup`` are None for a bare subclass."""

    subclass: str
    group: int | None = None
    subgroup: str | None = None

    def __str__(self) -> str:
        if self.group is None:
            return self.subclass
        return f"{self.subclass}{self.group}/{self.subgroup}"


def parse_ipc(value: str) -> Ipc:
    """Parse one IPC symbol in any common spelling; raises NormalizationError."""
    text = to_halfwidth(value or "").strip().upper()
    if not text:
        raise NormalizationError("ipc", value, "empty")
    if m := _FOURTEEN.match(text.replace(" ", "")):
        sub, grp, rest = m.groups()
        subgroup = rest.rstrip("0")
        subgroup = subgroup.ljust(2, "0") if subgroup else "00"
        return Ipc(sub, int(grp), subgroup)
    if (m := _SPACED.match(text)) and not _ANOTHER_CODE.search(m.group(6)):
        section, klass, letter, grp, subgroup, _tail = m.groups()  # tail: indicators, a version, a date
        if len(subgroup) == 6:  # the scheme's zero-padded form: A01B 1/020000 is A01B1/02
            subgroup = subgroup.rstrip("0")
        subgroup = subgroup if len(subgroup) >= 2 else subgroup.ljust(2, "0")
        return Ipc(f"{section}{klass}{letter}", int(grp), subgroup)
    if m := _SUBCLASS.match(text):
        return Ipc(m.group(1))
    raise NormalizationError("ipc", value, "not an IPC symbol")


def normalize_ipc(value: str) -> str:
    """Canonical spelling, e.g. ``H04W  84/    20`` → ``H04W84/20``."""
    return str(parse_ipc(value))


def split_ipc_list(value: str) -> list[str]:
    """Split a source's IPC list (``;``, ``|``, ``,``, newlines, and the full-width ``；``, ``，``, ``、``,
    ``｜``) into raw symbols."""
    return [part.strip() for part in re.split(r"[;|,\n；，、｜]+", value or "") if part.strip()]


@dataclass(frozen=True)
class IpcPattern:
    """A taxonomy pattern: ``B63B`` subclass, ``E02B17/*`` main group, ``B63B35/44`` group + descendants."""

    subclass: str
    group: int | None
    subgroup: str | None  # None with a group = the whole main group

    @classmethod
    def parse(cls, pattern: str) -> IpcPattern:
        text = pattern.strip().upper()
        if text.endswith("/*"):
            base = parse_ipc(text[:-2] + "/00")
            return cls(base.subclass, base.group, None)
        base = parse_ipc(text)
        return cls(base.subclass, base.group, base.subgroup)

    def matches(self, code: Ipc) -> bool:
        """Hierarchy match: ``F16C3`` never matches ``F16C33``; a subgroup matches its finer subgroups."""
        if code.subclass != self.subclass:
            return False
        if self.group is None:
            return True
        if code.group != self.group:
            return False
        if self.subgroup is None or self.subgroup == "00":
            return True
        # Finer subgroups extend the digits of their parent (35/44 → 35/4413): a documented
        # approximation of the dot hierarchy, which the scheme file does not carry.
        return code.subgroup is not None and code.subgroup.startswith(self.subgroup)

    def __str__(self) -> str:
        if self.group is None:
            return self.subclass
        return f"{self.subclass}{self.group}/{self.subgroup or '*'}"
