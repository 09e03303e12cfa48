"""Failed sign-ins counted per client address and per account; past the limit, 429 until the window ends.

Counted in Redis when there is one, so every API process sees every failure; a process also remembers the
keys it found blocked, so a signed-in request costs no Redis round trip. Without Redis (or while it is
down) each process counts on its own.
"""

from __future__ import annotations

import math
import threading
import time

from redis import Redis
from redis.exceptions import RedisError

from core.errors import Rejected

PREFIX = "sohoa:signin-failures:"
MAX_KEYS = 10_000  # forgotten keys are swept once this many are held


class SignInThrottle:
    def __init__(self, limit: int, window: int, redis: Redis | None = None) -> None:
        self.limit, self.window, self.redis = limit, window, redis
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[float, int]] = {}  # key -> (window end, failures), without Redis
        self._blocked: dict[str, float] = {}  # key -> until (monotonic)

    def check(self, *keys: str) -> None:
        """429 while any of `keys` is blocked."""
        now = time.monotonic()
        with self._lock:
            until = max((self._blocked.get(k, 0.0) for k in keys), default=0.0)
        if until > now:
            raise Rejected("too_many_failed_sign_ins", "Đăng nhập sai quá nhiều lần, thử lại sau",
                           "too many failed sign-ins; retry later", status=429,
                           headers={"Retry-After": str(math.ceil(until - now))})

    def failed(self, *keys: str) -> None:
        for key in keys:
            count, seconds_left = self._count(key)
            if count >= self.limit:
                with self._lock:
                    self._blocked[key] = time.monotonic() + seconds_left

    def _count(self, key: str) -> tuple[int, float]:
        if self.redis is not None:
            try:
                pipe = self.redis.pipeline()
                pipe.set(PREFIX + key, 0, ex=self.window, nx=True).incr(PREFIX + key).ttl(PREFIX + key)
                _, count, ttl = pipe.execute()
                return int(count), float(ttl if ttl > 0 else self.window)
            except RedisError:
                pass  # Redis is down: count here, the answer must not wait for it
        now = time.monotonic()
        with self._lock:
            if len(self._counts) > MAX_KEYS:
                self._counts = {k: v for k, v in self._counts.items() if v[0] > now}
                self._blocked = {k: v for k, v in self._blocked.items() if v > now}
            end, count = self._counts.get(key, (0.0, 0))
            if end <= now:
                end, count = now + self.window, 0
            self._counts[key] = (end, count + 1)
        return count + 1, end - now
