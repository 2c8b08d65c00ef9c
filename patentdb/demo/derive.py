"""Rebuild the copied/derived tables in patentdb/demo/data from ../shared/reference (dev tool)."""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import shutil
from pathlib import Path

from patentdb.demo.tables import TITLES_CSV

DATA = Path(__file__).resolve().parent / "data"
_REF_NOTE = re.compile(r"\s*\([^()]*\)")


def ipc_code(code14: str) -> str:
    """A01B0001020000 -> A01B1/02 (the 14-character scheme code to the usual form)."""
    sub = code14[8:].rstrip("0").ljust(2, "0")
    return f"{code14[:4]}{int(code14[4:8])}/{sub}"


def derive_ipc_groups(scheme: Path, subclasses: set[str], out: Path) -> int:
    """Main groups and subgroups of the given subclasses; English titles kept for main groups only."""
    seen: set[str] = set()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["code", "main_group_title"])
    with scheme.open(encoding="utf-8") as fh:
        for line in fh:
            code, _, title = line.rstrip("\n").partition("\t")
            if len(code) != 14 or code[:4] not in subclasses:
                continue
            norm = ipc_code(code)
            if norm in seen:  # guide headings repeat the code of the group that follows
                continue
            seen.add(norm)
            text = ""
            if norm.endswith("/00"):
                text = title
                while _REF_NOTE.search(text):
                    text = _REF_NOTE.sub("", text)
                text = text.strip(" ;,")
            writer.writerow([norm, text])
    out.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), mtime=0))
    return len(seen)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--reference", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "reference"
    )
    args = parser.parse_args(argv)
    ref: Path = args.reference
    dev = ref / "cn-patent-titles-ipc" / "dev.csv"
    shutil.copyfile(dev, TITLES_CSV)
    shutil.copyfile(ref / "cnipa-trademark-gazette" / "ann_type_codes.json", DATA / "tm_ann_type_codes.json")
    shutil.copyfile(
        ref / "epo-ops" / "patent_client" / "legal" / "CN_legal_event_codes_extracted.csv",
        DATA / "cn_legal_event_codes.csv",
    )
    with dev.open(encoding="utf-8") as fh:
        subclasses = {s for row in csv.DictReader(fh) for s in row["ipc_subclasses"].split("|")}
    count = derive_ipc_groups(
        ref / "ipc" / "ipc_scheme_en" / "all_ipc.csv", subclasses, DATA / "ipc_groups.csv.gz"
    )
    print(f"{len(subclasses)} subclasses, {count} groups -> {DATA}")


if __name__ == "__main__":
    main()
