"""The page's results, kept in the server's memory for a while so that they can be downloaded.

An upload from the page is linted once; its gap report, issues lists and annotated
drafts are held here under a random id (the only key to them), never written to disk,
and dropped after ``keep_s`` seconds, when the reviewer clears them, or when newer
results need the room: at most ``max_reviews`` results and ``max_bytes`` in all.
"""
from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass

from .jobs import Review

KEEP_S = 30 * 60
MAX_REVIEWS = 20
MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class _Kept:
    review: Review
    expires: float


class Reviews:
    def __init__(self, keep_s: float = KEEP_S, max_reviews: int = MAX_REVIEWS, max_bytes: int = MAX_BYTES,
                 clock=time.monotonic) -> None:
        self.keep_s, self.max_reviews, self.max_bytes = keep_s, max_reviews, max_bytes
        self._clock = clock
        self._kept: OrderedDict[str, _Kept] = OrderedDict()  # oldest first

    def add(self, review: Review) -> str:
        self._expire()
        key = secrets.token_urlsafe(18)
        self._kept[key] = _Kept(review, self._clock() + self.keep_s)
        while len(self._kept) > self.max_reviews or (len(self._kept) > 1 and self.size > self.max_bytes):
            self._kept.popitem(last=False)
        return key

    def get(self, key: str) -> Review | None:
        self._expire()
        kept = self._kept.get(key)
        return kept.review if kept else None

    def drop(self, key: str) -> bool:
        return self._kept.pop(key, None) is not None

    def clear(self) -> None:
        self._kept.clear()

    @property
    def size(self) -> int:
        return sum(k.review.size for k in self._kept.values())

    def __len__(self) -> int:
        self._expire()
        return len(self._kept)

    def _expire(self) -> None:
        now = self._clock()
        for key in [k for k, kept in self._kept.items() if kept.expires <= now]:
            del self._kept[key]
