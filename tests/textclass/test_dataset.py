"""Labelled CSVs: the columns read, optional fold / baseline columns, clear errors; the shipped sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.textclass.dataset import DEV_CSV, TRAIN_CSV, read_labelled_csv


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_fold_and_baseline_columns(tmp_path: Path) -> None:
    rows = read_labelled_csv(
        _write(
            tmp_path / "a.csv",
            "publication_number,title,ipc_subclasses,fold,baseline_subclasses\n"
            "CN1A,一种船舶推进器,B63H|F16K,3,B63B\n"
            "CN2A,一种茶杯,A47G,1,\n"
            "CN3A,,A47G,1,\n",  # no title: not a labelled row
        )
    )
    assert [(r.id, r.ipc, r.fold, r.baseline_ipc) for r in rows] == [
        ("CN1A", ("B63H", "F16K"), 3, ("B63B",)),
        ("CN2A", ("A47G",), 1, ()),
    ]


def test_without_optional_columns(tmp_path: Path) -> None:
    rows = read_labelled_csv(_write(tmp_path / "b.csv", "publication_number,title,ipc\nCN1A,一种茶杯,A47G\n"))
    assert rows[0].fold is None and rows[0].baseline_ipc is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("publication_number,title\nCN1A,一种茶杯\n", "missing column"),
        ("publication_number,title,ipc,fold\nCN1A,一种茶杯,A47G,x\n", r"b\.csv:2: fold is not a whole"),
    ],
)
def test_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_labelled_csv(_write(tmp_path / "b.csv", text))


def test_shipped_training_set_contains_the_dev_set() -> None:
    train = {r.id: r for r in read_labelled_csv(TRAIN_CSV)}
    dev = read_labelled_csv(DEV_CSV)
    assert len(train) == 9739 and len(dev) == 2917
    assert all(train[r.id].title == r.title and train[r.id].ipc == r.ipc for r in dev)
    assert {r.fold for r in train.values()} == {1, 2, 3, 4, 5}
    assert all(r.baseline_ipc is not None for r in train.values())
