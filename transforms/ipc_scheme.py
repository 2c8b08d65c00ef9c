"""The IPC scheme's subclasses: a well-formed symbol whose subclass does not exist is rejected.

Main groups are not checked: the shipped scheme copy is edition ~2020.01, and real CN records carry main
groups added since (G06F18, G06F40, H01M50, H04L67, F03D17 …), which a group-level check would wrongly
quarantine. A subclass unknown to the table (a typo such as ``H04X``, or garbage) is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from transforms.errors import NormalizationError
from transforms.ipc import Ipc, parse_ipc

SUBCLASSES_TSV = Path(__file__).parent / "data" / "ipc_subclasses.tsv"


@dataclass(frozen=True)
class IpcScheme:
    """Subclass code → its English title, for one edition of the scheme."""

    edition: str
    subclasses: Mapping[str, str]

    def check(self, code: Ipc) -> Ipc:
        """``code`` itself when its subclass exists; raises NormalizationError otherwise."""
        if code.subclass not in self.subclasses:
            raise NormalizationError(
                "ipc", str(code), f"no subclass {code.subclass} in the IPC scheme {self.edition}"
            )
        return code

    def normalize(self, value: str) -> str:
        """Canonical spelling of a symbol of a known subclass, e.g. ``H04W  84/    20`` → ``H04W84/20``."""
        return str(self.check(parse_ipc(value)))

    def title(self, subclass: str) -> str | None:
        return self.subclasses.get(subclass)


def parse_scheme(lines: list[str]) -> IpcScheme:
    """``# edition: …`` header, then ``code<TAB>title`` rows; other ``#`` lines are comments."""
    edition = "unknown"
    subclasses: dict[str, str] = {}
    for line in lines:
        text = line.rstrip("\n")
        if text.startswith("# edition:"):
            edition = text.split(":", 1)[1].strip()
        if not text.strip() or text.startswith("#"):
            continue
        code, _, title = text.partition("\t")
        subclasses[str(parse_ipc(code))] = title.strip()
    if not subclasses:
        raise ValueError("empty IPC scheme table")
    return IpcScheme(edition, subclasses)


@cache
def load_scheme(path: Path = SUBCLASSES_TSV) -> IpcScheme:
    """The shipped table (versioned data), read once per process."""
    return parse_scheme(path.read_text(encoding="utf-8").splitlines())
