"""One gate for every request a backend sends: a pace, and the server's own word on it.

A batch shares one :class:`RateLimiter` across its threads. Each request first reserves a
start time: no sooner than ``60 / requests_per_minute`` after the request before it, and no
sooner than its tokens allow under ``tokens_per_minute`` (tokens are counted as OpenAI counts
them against a limit: the prompt plus ``max_tokens``). When the server says to slow down (a
429 with ``Retry-After``, or ``x-ratelimit-remaining-*`` at zero with its ``reset`` time),
the limiter holds *every* request until then, so the whole batch slows down instead of each
article spending its retries alone.

Reservation is first come, first served and never busy-waits: each caller computes its slot
under a lock and sleeps outside it.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime

__all__ = ["MAX_HOLD_SECONDS", "RateLimiter", "parse_duration", "retry_after_seconds"]

MAX_HOLD_SECONDS = 60.0
"""The longest pause one server answer can impose."""

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")


def parse_duration(raw: str | None) -> float | None:
    """Seconds in a rate-limit header: ``"7"``, ``"1.5"``, ``"20ms"``, ``"6m0s"``, ``"1h2m"``."""
    if raw is None:
        return None
    text = raw.strip().lower()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    scale = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
    return sum(float(number) * scale[unit] for number, unit in parts)


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """``Retry-After`` (seconds or an HTTP date; also ``retry-after-ms``), or ``None``."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if raw is None:
        return None
    seconds = parse_duration(raw)
    if seconds is not None:
        return seconds
    try:
        moment = parsedate_to_datetime(raw).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, moment - (time.time() if now is None else now))


class RateLimiter:
    """Paces requests for everyone who shares it.

    Args:
        requests_per_minute: At most this many request starts per minute (``None``: no pace).
        tokens_per_minute: At most this many tokens (prompt + ``max_tokens``) per minute.
        clock, sleep: Injected for tests (monotonic seconds, and how to wait).

    """

    def __init__(
        self,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        for name, value in (("requests", requests_per_minute), ("tokens", tokens_per_minute)):
            if value is not None and value <= 0:
                raise ValueError(f"{name} per minute must be positive")
        self.requests_per_minute = requests_per_minute
        self.tokens_per_minute = tokens_per_minute
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_request = float("-inf")
        self._next_tokens = float("-inf")
        self._held_until = float("-inf")
        self.waited = 0.0
        """Seconds callers spent waiting here, summed over every caller."""
        self.holds = 0
        """How many times the server asked everyone to wait."""

    @property
    def paced(self) -> bool:
        """Whether a requests or tokens per minute limit is set."""
        return self.requests_per_minute is not None or self.tokens_per_minute is not None

    def acquire(self, tokens: int = 0) -> float:
        """Wait for this request's slot; returns the seconds waited."""
        delay = self.reserve(tokens)
        if delay > 0:
            self._sleep(delay)
        return delay

    def reserve(self, tokens: int = 0) -> float:
        """Book this request's slot without waiting; the seconds until it comes.

        Callers elsewhere (another process holding a proxy) book here and wait at home.
        """
        with self._lock:
            now = self._clock()
            start = max(now, self._held_until, self._next_request, self._next_tokens)
            if self.requests_per_minute is not None:
                self._next_request = start + 60.0 / self.requests_per_minute
            if self.tokens_per_minute is not None:
                cost = min(tokens, self.tokens_per_minute)  # one request may use a minute's worth
                self._next_tokens = start + 60.0 * cost / self.tokens_per_minute
            delay = start - now
            self.waited += delay
        return delay

    def hold(self, seconds: float) -> None:
        """Nobody starts a request for ``seconds`` (capped at :data:`MAX_HOLD_SECONDS`)."""
        seconds = min(max(seconds, 0.0), MAX_HOLD_SECONDS)
        with self._lock:
            self._held_until = max(self._held_until, self._clock() + seconds)
            self.holds += 1

    def observe(self, headers: Mapping[str, str]) -> None:
        """Read a successful answer's ``x-ratelimit-*`` headers: hold when a budget is spent."""
        for budget in ("requests", "tokens"):
            remaining = headers.get(f"x-ratelimit-remaining-{budget}")
            if remaining is None:
                continue
            try:
                spent = float(remaining) <= 0
            except ValueError:
                continue
            reset = parse_duration(headers.get(f"x-ratelimit-reset-{budget}"))
            if spent and reset:
                self.hold(reset)
