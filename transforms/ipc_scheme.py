"""The IPC scheme's classes and subclasses: a well-formed symbol whose class does not exist is rejected.

The shipped copy is edition ~2020.01 (+ later subclasses seen in real records). CN publications are never
reclassified, so real records carry subclasses retired since (F24J, split in 2018) and subclasses and main
groups added after the copy (G06F18, G06F40, H01M50, H04L67, F03D17 …). So the check is graded:
- subclass in the table: known (its English title is available);
- subclass unknown but its class exists (``F24J``, or ``H04X``): kept as it is, never a reason to drop a
  real record; :meth:`IpcScheme.known` tells the two apart;
- class unknown (``E09B``, ``H77A``): not an IPC symbol of any edition, an error (the record is quarantined).
Main groups are not checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from transforms.errors import NormalizationError
from transforms.ipc import Ipc, parse_ipc

SUBCLASSES_TSV = Path(__file__).parent / "data" / "ipc_subclasses.tsv"


@dataclass(frozen=True)
class IpcScheme:
    """Subclass code → its English title, for one edition of the scheme."""

    edition: str
    subclasses: Mapping[str, str]

    def known(self, code: Ipc) -> bool:
        """True when the table has the code's subclass."""
        return code.subclass in self.subclasses

    def check(self, code: Ipc) -> Ipc:
        """``code`` itself when its class exists in the scheme; raises NormalizationError otherwise."""
        if code.subclass[:3] not in self.classes:
            raise NormalizationError(
                "ipc", str(code), f"no IPC class {code.subclass[:3]} in any edition (scheme {self.edition})"
            )
        return code

    @cached_property
    def classes(self) -> frozenset[str]:  # derived once per scheme: check() runs for every code
        return frozenset(code[:3] for code in self.subclasses)

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
