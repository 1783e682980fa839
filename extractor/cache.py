"""A persistent response cache for chat completions, at the HTTP layer: pay once per request.

`CachingTransport` wraps any `httpx2.BaseTransport` (httpx2 is the HTTP library of openai 3
and of extractor.transport; stack it on `RetryingTransport`, so a hit skips the retries and a
200 reached after retries is stored). For a ``POST .../chat/completions`` it
computes a key from everything that changes the answer and, when the store has a response
for that key, returns it without calling the endpoint. Sitting under the openai SDK (and so
under instructor), it sees re-asks and chunk requests as the ordinary requests they are.

What goes into the key: the endpoint's host, port and path (not its scheme or credentials),
its query parameters except those named like credentials, and the whole JSON request body
in canonical form (sorted keys, no whitespace): model, messages (so the rendered prompt and
article), response_format / schema, tools and tool_choice, temperature, seed, max_tokens and
anything else sent. No header is part of the key, and none is stored on the request side,
so the Authorization header (the API key) is neither keyed on nor stored: two users of one
cache with different keys share answers, which is what a cache of a deterministic call means.

When a response is stored or served:

- only for deterministic requests: ``temperature`` is 0, or a ``seed`` is set. Greedy
  decoding and seeded sampling are what a user asks for when the same input must give the
  same output; with any other sampling, a fresh draw is the point and a stored one would
  hide it. (Providers promise a seed's reproducibility only on a best-effort basis; the cache
  is what makes a re-run of an unchanged archive really identical, and free.)
- never for streamed requests (``"stream": true``): the SDK expects server-sent events.
- only HTTP 200 answers. An error, a 429 or a 5xx is passed through and the next run asks
  again.

The store is `diskcache`, chosen over a hand-rolled file scheme because it is SQLite-backed:
each write is an atomic transaction (a run killed with ``kill -9`` leaves no torn entry), it
is safe across threads and processes (concurrent articles, several runs sharing one cache
dir), it bounds its size with an eviction policy, and it is a small pure-Python package.
Two threads missing the same key at the same moment both ask the endpoint; the second write
simply replaces the first with an equal answer.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import diskcache
import httpx2

CACHE_DIR_ENV = "EXTRACTOR_CACHE_DIR"
KEY_VERSION = 1  # bump when the key's recipe changes, so old entries are not served
DEFAULT_SIZE_LIMIT = 4 * 2**30  # 4 GiB; diskcache evicts the least recently stored past it
CACHE_HEADER = "x-extractor-cache"  # "hit" on a response served from the store
# Query parameters that carry credentials on some providers (e.g. Azure's api-key).
_SECRET_PARAMS = ("key", "token", "secret", "signature", "sig", "auth", "password")
# Response headers not replayed: the body is stored decoded, and cookies are per-user.
_DROPPED_HEADERS = {"content-encoding", "content-length", "transfer-encoding", "set-cookie"}


def default_cache_dir() -> Path:
    """$EXTRACTOR_CACHE_DIR, else the platform's per-user cache directory."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV]).expanduser()
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "extractor"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local")) / "extractor"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "extractor"


@dataclass
class CacheStats:
    """Counters of one client's requests; safe to update from concurrent threads."""

    hits: int = 0  # served from the store, no request made
    misses: int = 0  # cacheable, sent to the endpoint
    stored: int = 0  # misses whose 200 answer was stored
    uncacheable: int = 0  # not a deterministic chat completion: sent, never stored
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)

    @property
    def requests_saved(self) -> int:
        return self.hits

    def as_dict(self) -> dict[str, int]:
        return {
            "hits": self.hits,
            "misses": self.misses,
            "stored": self.stored,
            "uncacheable": self.uncacheable,
        }


def is_deterministic(body: dict[str, Any]) -> bool:
    """Temperature 0 (greedy) or a seed set; see the module doc for why."""
    return body.get("temperature") == 0 or body.get("seed") is not None


def cache_key(request: httpx2.Request, endpoint: str | None = None) -> str | None:
    """The key of a cacheable request, or None when it must not be cached. `endpoint` names
    the server when its address says nothing (the bundled model gets a new port each run)."""
    if request.method != "POST" or not request.url.path.rstrip("/").endswith("chat/completions"):
        return None
    try:
        body = json.loads(request.content)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict) or body.get("stream") or not is_deterministic(body):
        return None
    query = sorted(
        (name, value)
        for name, value in request.url.params.multi_items()
        if not any(secret in name.lower() for secret in _SECRET_PARAMS)
    )
    material = {
        "v": KEY_VERSION,
        "endpoint": endpoint or f"{request.url.host}:{request.url.port or ''}{request.url.path}",
        "query": query,
        "body": body,
    }
    canonical = json.dumps(material, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def open_store(cache_dir: Path | None = None, size_limit: int = DEFAULT_SIZE_LIMIT) -> Any:
    """The diskcache store in `cache_dir` (default: `default_cache_dir()`), created if absent."""
    directory = Path(cache_dir) if cache_dir else default_cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return diskcache.Cache(str(directory), size_limit=size_limit)


class CachingTransport(httpx2.BaseTransport):
    """Serve stored 200 answers to deterministic chat completions; store new ones."""

    def __init__(
        self,
        inner: httpx2.BaseTransport,
        store: Any,
        stats: CacheStats | None = None,
        endpoint: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.inner = inner
        self.store = store
        self.stats = stats if stats is not None else CacheStats()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        key = cache_key(request, self.endpoint)
        if key is None:
            self.stats.count("uncacheable")
            return self.inner.handle_request(request)
        stored = self.store.get(key)
        if stored is not None:
            self.stats.count("hits")
            headers = [*stored["headers"], (CACHE_HEADER, "hit")]
            return httpx2.Response(200, headers=headers, content=stored["content"], request=request)
        self.stats.count("misses")
        response = self.inner.handle_request(request)
        if response.status_code != 200:
            return response  # errors are never stored: the next run asks again
        try:
            content = response.read()  # decoded: Content-Encoding is dropped below
        finally:
            response.close()
        headers = [
            (name, value)
            for name, value in response.headers.multi_items()
            if name.lower() not in _DROPPED_HEADERS
        ]
        self.store.set(key, {"headers": headers, "content": content})
        self.stats.count("stored")
        return httpx2.Response(200, headers=headers, content=content, request=request)

    def close(self) -> None:
        self.inner.close()
        self.store.close()


class CachedHttpClient(httpx2.Client):
    """An httpx2.Client for `openai.OpenAI(http_client=...)` that exposes its cache counters."""

    def __init__(self, cache_stats: CacheStats, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cache_stats = cache_stats


# httpx2.Client options that configure its default transport; with a transport of our own
# they must be given to the inner transport instead, or they would be silently ignored.
# (httpx2 reads proxy variables from the environment only for its default transport: with
# the cache on, pass `proxy=` explicitly.)
_TRANSPORT_OPTIONS = ("verify", "cert", "trust_env", "http1", "http2", "limits", "proxy")


def cached_http_client(
    cache_dir: Path | None,
    enabled: bool,
    stats: CacheStats | None = None,
    size_limit: int = DEFAULT_SIZE_LIMIT,
    endpoint: str | None = None,
    **httpx_kwargs: Any,
) -> CachedHttpClient:
    """The client to hand to `openai.OpenAI(http_client=...)`; `transport=` (e.g. a
    RetryingTransport) is wrapped by the cache, any other httpx2.Client option passes through.

    With `enabled`, deterministic chat completions go through the cache in `cache_dir`
    (default `default_cache_dir()`); without it the client is a plain one and the counters
    stay 0. The openai SDK's own defaults (a 600 s
    timeout, its connection limits, following redirects) apply unless given here."""
    options: dict[str, Any] = {
        # The openai SDK's defaults.
        "timeout": httpx2.Timeout(600.0, connect=5.0),
        "limits": httpx2.Limits(max_connections=1000, max_keepalive_connections=100),
        "follow_redirects": True,
        **httpx_kwargs,
    }
    stats = stats if stats is not None else CacheStats()
    if not enabled:
        return CachedHttpClient(stats, **options)
    inner = options.pop("transport", None) or httpx2.HTTPTransport(
        **{name: options[name] for name in _TRANSPORT_OPTIONS if name in options}
    )
    for name in _TRANSPORT_OPTIONS:
        options.pop(name, None)
    transport = CachingTransport(inner, open_store(cache_dir, size_limit), stats, endpoint)
    return CachedHttpClient(stats, transport=transport, **options)
