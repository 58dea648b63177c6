"""The one split of every dev set into a tuning half and a check half, by article (or record).

Ids are ordered by a salted SHA-1 and dealt alternately, so the halves are balanced in size,
independent of content, and the same on every machine. Read failures only on the tuning half;
``make eval`` reports both halves, and the check half is the figure that predicts unseen news.
"""
from __future__ import annotations

import hashlib
from typing import Iterable, TypeVar

T = TypeVar("T")
SALT = "sitroom-split|"


def _key(item_id: str) -> str:
    return hashlib.sha1((SALT + str(item_id)).encode("utf-8")).hexdigest()


def split(items: Iterable[T], key=lambda x: x) -> tuple[list[T], list[T]]:
    """(tuning half, check half) of ``items``; ``key(item)`` gives its article or record id."""
    ordered = sorted(items, key=lambda x: _key(key(x)))
    return ordered[0::2], ordered[1::2]


def half_of(item_id: str, all_ids: Iterable[str]) -> str:
    """'tune' or 'check' for one id among the ids of its set."""
    tune, _ = split(list(all_ids))
    return "tune" if item_id in set(tune) else "check"


def fold_of(group_id: str, k: int) -> int:
    """Cross-validation fold (0..k-1) of a story or article: its own hash, so it keeps its fold
    whatever other stories are added or dropped (the learned parts' cross-validation uses it)."""
    return int(hashlib.sha1(str(group_id).encode("utf-8")).hexdigest(), 16) % k
