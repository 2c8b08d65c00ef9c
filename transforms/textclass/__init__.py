"""Text-only industry classification: weak labels from IPC rules, a char n-gram model, evaluation."""

from __future__ import annotations
