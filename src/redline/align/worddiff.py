"""Word-level diff of two sentences, with semantic clean-up.

Tokens are compared in their typography-free form, so a curly apostrophe that
became straight is not a change. Numbers and words change whole
(``3:29.65`` → ``3:29.56`` is one replacement). Short equal stretches squeezed
between two changes (a lone "the" or comma) are folded into one replacement, in
the spirit of diff-match-patch's semantic clean-up, so the diff reads like an
editor's change rather than a scatter of fragments.
"""

from __future__ import annotations

from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Literal

from rapidfuzz.distance import Indel

from redline.align.model import WordOp
from redline.text.normalize import normalize
from redline.text.tokens import tokenize

__all__ = ["shown_deletion", "word_diff"]

_MAX_ABSORB_CHARS = 4  # an equal run this short between two changes is absorbed
_MAX_MATCHER_TOKENS = 3_000  # SequenceMatcher above this many changed tokens is too slow
_MAX_LCS_CELLS = 25_000_000  # bit-parallel LCS above this (old × new tokens) uses too much memory

Tag = Literal["equal", "insert", "delete", "replace"]
Opcode = tuple[Tag, int, int, int, int]
_TAGS: dict[str, Tag] = {t: t for t in ("equal", "insert", "delete", "replace")}


def _token_key(token: str) -> str:
    # an ASCII token (no white space inside) is its own typography-free form
    return token if token.isascii() else normalize(token)


def _opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """difflib-style opcodes of two token lists, bounded in time and memory.

    The common prefix and suffix are set aside first (a small edit in a huge
    sentence costs nothing more). The changed middle is diffed with difflib's
    SequenceMatcher, which favours long contiguous matches and so reads well;
    past ``_MAX_MATCHER_TOKENS`` with RapidFuzz's bit-parallel LCS; past
    ``_MAX_LCS_CELLS`` it is reported as one replacement.
    """
    n, m = len(a), len(b)
    lo = 0
    while lo < n and lo < m and a[lo] == b[lo]:
        lo += 1
    hi = 0
    while hi < n - lo and hi < m - lo and a[n - 1 - hi] == b[m - 1 - hi]:
        hi += 1
    mid_a, mid_b = a[lo : n - hi], b[lo : m - hi]
    if not mid_a and not mid_b:
        middle: list[Opcode] = []
    elif not mid_a or not mid_b:
        middle = [("insert" if mid_b else "delete", 0, len(mid_a), 0, len(mid_b))]
    elif set(mid_a).isdisjoint(mid_b):
        middle = [("replace", 0, len(mid_a), 0, len(mid_b))]  # what the matcher would say
    elif len(mid_a) + len(mid_b) <= _MAX_MATCHER_TOKENS:
        middle = SequenceMatcher(None, mid_a, mid_b, autojunk=False).get_opcodes()
    elif len(mid_a) * len(mid_b) <= _MAX_LCS_CELLS:
        middle = [
            (_TAGS[op.tag], op.src_start, op.src_end, op.dest_start, op.dest_end)
            for op in Indel.opcodes(mid_a, mid_b)
        ]
    else:
        middle = [("replace", 0, len(mid_a), 0, len(mid_b))]
    out: list[Opcode] = [("equal", 0, lo, 0, lo)] if lo else []
    for tag, i1, i2, j1, j2 in middle:
        out.append((tag, i1 + lo, i2 + lo, j1 + lo, j2 + lo))
    if hi:
        out.append(("equal", n - hi, n, m - hi, m))
    return out


def word_diff(old: str, new: str) -> tuple[WordOp, ...]:
    """Diff *old* against *new* word by word.

    Concatenating ``old`` of every piece gives *old* back; ``new`` of every piece
    gives *new* back (white space included).
    """
    a_tokens, b_tokens = tokenize(old), tokenize(new)
    # an ASCII text's tokens are their own typography-free forms
    a_keys = a_tokens if old.isascii() else [_token_key(t) for t in a_tokens]
    b_keys = b_tokens if new.isascii() else [_token_key(t) for t in b_tokens]
    raw = _opcodes(a_keys, b_keys)
    a_at = _Starts(old, a_tokens).start
    b_at = _Starts(new, b_tokens).start
    ops = _absorb_short_equals(_slide_left(raw, a_keys, b_keys), a_at, a_tokens, old)

    pieces: list[WordOp] = []
    a_pos = b_pos = 0
    for tag, _i1, i2, _j1, j2 in ops:
        a_end, b_end = a_at(i2), b_at(j2)
        if tag == "equal":
            pieces.append(WordOp("equal", old[a_pos:a_end], new[b_pos:b_end]))
        else:
            # keep the white space that follows a change outside of it
            a_text, b_text = old[a_pos:a_end], new[b_pos:b_end]
            a_core, b_core = a_text.rstrip(), b_text.rstrip()
            a_ws, b_ws = a_text[len(a_core) :], b_text[len(b_core) :]
            op: Tag = "replace" if a_core and b_core else ("delete" if a_core else "insert")
            if a_core or b_core:
                pieces.append(WordOp(op, a_core, b_core))
            if a_ws or b_ws:
                pieces.append(WordOp("equal", a_ws, b_ws))
        a_pos, b_pos = a_end, b_end
    a_rest, b_rest = old[a_pos:], new[b_pos:]  # only white space is left (or no tokens)
    if a_rest or b_rest:
        if normalize(a_rest) == normalize(b_rest):
            pieces.append(WordOp("equal", a_rest, b_rest))
        else:
            op = "replace" if a_rest and b_rest else ("delete" if a_rest else "insert")
            pieces.append(WordOp(op, a_rest, b_rest))
    return tuple(_merge_adjacent(pieces))


def _slide_left(ops: list[Opcode], a_keys: list[str], b_keys: list[str]) -> list[Opcode]:
    """Slide pure insertions and deletions left while the text reads the same.

    ``with a gold`` → ``with a crown on his head and a gold`` is reported as the
    insertion of "a crown on his head and", not "crown on his head and a".
    """
    ops = list(ops)
    for k in range(1, len(ops)):
        tag = ops[k][0]
        prev = ops[k - 1]
        if tag not in ("insert", "delete") or prev[0] != "equal":
            continue
        _, i1, i2, j1, j2 = ops[k]
        keys, lo, hi = (b_keys, j1, j2) if tag == "insert" else (a_keys, i1, i2)
        shift = 0
        while lo - shift - 1 >= (prev[3] if tag == "insert" else prev[1]) and (
            keys[lo - shift - 1] == keys[hi - shift - 1]
        ):
            shift += 1
        if shift:
            p_tag, p_i1, p_i2, p_j1, p_j2 = prev
            ops[k - 1] = (p_tag, p_i1, p_i2 - shift, p_j1, p_j2 - shift)
            ops[k] = (tag, i1 - shift, i2 - shift, j1 - shift, j2 - shift)
            if k + 1 < len(ops) and ops[k + 1][0] == "equal":
                n_tag, n_i1, n_i2, n_j1, n_j2 = ops[k + 1]
                ops[k + 1] = (n_tag, n_i1 - shift, n_i2, n_j1 - shift, n_j2)
            else:
                ops.insert(k + 1, ("equal", i2 - shift, i2, j2 - shift, j2))
    return [op for op in ops if op[1] != op[2] or op[3] != op[4]]


def _absorb_short_equals(
    ops: list[Opcode],
    a_at: Callable[[int], int],
    a_tokens: list[str],
    old: str,
) -> list[Opcode]:
    """Fold tiny equal runs between two changes into a single replacement."""
    out: list[Opcode] = []
    for k, op in enumerate(ops):
        tag, i1, i2, j1, j2 = op
        between = 0 < k < len(ops) - 1
        if tag == "equal" and between and i2 - i1 <= 2:
            first = a_at(i1)
            chars = a_at(i2 - 1) + len(a_tokens[i2 - 1]) - first
            if chars <= _MAX_ABSORB_CHARS or (i2 - i1 == 1 and not old[first].isalnum()):
                tag = "replace"
        if out and out[-1][0] != "equal" and tag != "equal":
            _, pi1, _, pj1, _ = out[-1]
            out[-1] = ("replace", pi1, i2, pj1, j2)
        else:
            out.append((tag, i1, i2, j1, j2))
    return out


class _Starts:
    """Where each token of a text starts, found on demand from the nearer end.

    A diff needs the offsets only around its changes. Every character is in a
    token or is white space, so a token starts at its first occurrence after
    the end of the one before, and at its last occurrence that ends before the
    start of the one after.
    """

    __slots__ = ("_ahead", "_back", "_text", "_tokens")

    def __init__(self, text: str, tokens: list[str]) -> None:
        self._text, self._tokens = text, tokens
        self._ahead: list[int] = []  # starts of tokens 0, 1, … found from the start
        self._back: list[int] = []  # starts of tokens n-1, n-2, … found from the end

    def start(self, k: int) -> int:
        tokens, ahead, back = self._tokens, self._ahead, self._back
        n = len(tokens)
        if k >= n:
            return len(self._text)
        if k < len(ahead):
            return ahead[k]
        from_end = n - 1 - k
        if from_end < len(back):
            return back[from_end]
        text = self._text
        if k - len(ahead) <= from_end - len(back):
            x = len(ahead)
            pos = ahead[-1] + len(tokens[x - 1]) if ahead else 0
            while x <= k:
                pos = text.find(tokens[x], pos)
                ahead.append(pos)
                pos += len(tokens[x])
                x += 1
            return ahead[k]
        x = n - 1 - len(back)
        limit = back[-1] if back else len(text)
        while x >= k:
            limit = text.rfind(tokens[x], 0, limit)
            back.append(limit)
            x -= 1
        return back[from_end]


def _merge_adjacent(pieces: list[WordOp]) -> list[WordOp]:
    out: list[WordOp] = []
    for p in pieces:
        if out and out[-1].op == "equal" and p.op == "equal":
            last = out.pop()
            out.append(WordOp("equal", last.old + p.old, last.new + p.new))
        else:
            out.append(p)
    return out


def shown_deletion(words: tuple[WordOp, ...] | list[WordOp], k: int) -> str:
    """The deleted text of piece *k* as a view shows it beside the new text: with
    the white space that only the old side has next to it, which belongs to the
    deleted words ("bakery in Carlow." → "bakery.": the view shows "bakery",
    then " in Carlow" struck out, not "bakeryin Carlow"). Views show equal
    pieces as their new text; the pieces themselves are unchanged."""
    text = words[k].old
    if k > 0 and words[k - 1].op == "equal":
        prev = words[k - 1]
        if prev.old[-1:].isspace() and not prev.new[-1:].isspace():
            return " " + text
    if k + 1 < len(words) and words[k + 1].op == "equal":
        nxt = words[k + 1]
        if nxt.old[:1].isspace() and not nxt.new[:1].isspace():
            return text + " "
    return text
