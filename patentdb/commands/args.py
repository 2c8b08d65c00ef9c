"""Argument types shared by the CLI commands: a bad value is an argparse error (usage, one line, exit 2)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable


def date_arg(value: str) -> str:
    """An ISO date (``YYYY-MM-DD``), returned as its ISO string."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def today() -> str:
    return dt.date.today().isoformat()


def int_in(low: int, high: int | None = None) -> Callable[[str], int]:
    """A whole number in ``[low, high]`` (no upper bound when ``high`` is None)."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if number < low or (high is not None and number > high):
            bounds = f"{low}..{high}" if high is not None else f">= {low}"
            raise argparse.ArgumentTypeError(f"{number} is out of range ({bounds})")
        return number

    return parse
