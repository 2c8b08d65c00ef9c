"""The error every normalizer raises for a value it cannot normalize."""

from __future__ import annotations


class NormalizationError(ValueError):
    """A field value that cannot be normalized; the record is quarantined with this message."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        super().__init__(f"{field}: {reason}: {value!r}")
        self.field = field
        self.value = value
        self.reason = reason
