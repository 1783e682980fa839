"""Throughput: a plain load generator against the tool's own client path, same server, same
concurrency, same requests.

- plain: httpx.AsyncClient, `concurrency` workers posting the request bodies as fast as the
  server answers (a minimal generator: nothing between the socket and the server);
- tool: what the LLM backend (`backend.extract_all`) uses to talk to an endpoint: an `openai.OpenAI`
  client on `extractor.cache.cached_http_client(enabled=False)`, called from a thread pool
  of `concurrency` threads.

Both send the same `requests` chat completions (identical shape, distinct content, fixed
`max_tokens`; with llama-server, `ignore_eos` so every answer has exactly that many tokens),
after one warm-up request. Each phase runs `rounds` times, alternating; the medians are
reported, with requests/s, completion tokens/s and the ratio tool / plain paired by round
(both phases of a round run back to back, so a machine shared with other work weighs on both
alike).

The server: llama.cpp's `llama-server` with `--parallel` slots when `--server-bin` (or
$LLAMA_SERVER) names one, else llama-cpp-python's server, which has no parallel slots (one
global lock serialises requests; see docs/scale.md). Only loopback is used.

    .venv/bin/python benchmarks/bench_throughput.py --server-bin /path/to/llama-server \
        --concurrency 4 --requests 16 --max-tokens 64
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import openai

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import local  # noqa: E402
from extractor.cache import cached_http_client  # noqa: E402

ARTICLE = (ROOT / "seeds" / "004_aae4b5823b7ace62.txt").read_text()[:1200]


@dataclass
class Phase:
    name: str
    seconds: float
    requests: int
    completion_tokens: int

    @property
    def requests_per_s(self) -> float:
        return self.requests / self.seconds

    @property
    def tokens_per_s(self) -> float:
        return self.completion_tokens / self.seconds


def bodies(
    count: int, model: str, max_tokens: int, ignore_eos: bool, tag: str = ""
) -> list[dict[str, Any]]:
    """`count` chat requests of one shape: the same article after a distinct first line, so
    no request can reuse another's cached prompt (each phase and round gets its own `tag`)."""
    extra = {"ignore_eos": True} if ignore_eos else {}
    return [
        {
            "model": model,
            "messages": [
                {"role": "system", "content": "List the actors named in the article."},
                {"role": "user", "content": f"Request {tag}{n}.\n\n{ARTICLE}"},
            ],
            "max_tokens": max_tokens,
            "temperature": 0,
            "seed": 0,
            **extra,
        }
        for n in range(count)
    ]


async def _plain(base_url: str, work: list[dict[str, Any]], concurrency: int) -> Phase:
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for body in work:
        queue.put_nowait(body)
    tokens = 0
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=900.0, limits=limits) as client:

        async def worker() -> None:
            nonlocal tokens
            while not queue.empty():
                body = queue.get_nowait()
                response = await client.post("/chat/completions", json=body)
                response.raise_for_status()
                tokens += response.json()["usage"]["completion_tokens"]

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return Phase("plain httpx", seconds, len(work), tokens)


def plain(base_url: str, work: list[dict[str, Any]], concurrency: int) -> Phase:
    return asyncio.run(_plain(base_url, work, concurrency))


def tool(base_url: str, work: list[dict[str, Any]], concurrency: int) -> Phase:
    http = cached_http_client(None, enabled=False)
    client = openai.OpenAI(base_url=base_url, api_key="sk-no-key-needed", http_client=http,
                           max_retries=0, timeout=900.0)  # fmt: skip

    def call(body: dict[str, Any]) -> int:
        extra = {k: body[k] for k in ("ignore_eos",) if k in body}
        params = {k: v for k, v in body.items() if k != "ignore_eos"}
        completion = client.chat.completions.create(**params, extra_body=extra or None)
        return completion.usage.completion_tokens if completion.usage else 0

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        tokens = sum(pool.map(call, work))
    seconds = time.perf_counter() - started
    client.close()
    return Phase("tool (openai + caching transport off)", seconds, len(work), tokens)


class _Instant(BaseHTTPRequestHandler):
    """Answers every chat completion at once with the same fixed completion: a load target
    that costs nothing, so what is measured is the client side alone."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real server
    ANSWER = json.dumps({
        "id": "chatcmpl-0", "object": "chat.completion", "created": 0, "model": "null",
        "choices": [{"index": 0, "finish_reason": "length",
                     "message": {"role": "assistant", "content": "x"}}],
        "usage": {"prompt_tokens": 300, "completion_tokens": 32, "total_tokens": 332},
    }).encode()  # fmt: skip

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.ANSWER)))
        self.end_headers()
        self.wfile.write(self.ANSWER)

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def null_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Instant)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def llama_server(binary: str, slots: int, threads: int, context: int) -> Iterator[str]:
    """llama.cpp's own server with `slots` parallel slots (each gets context / slots)."""
    port = local.free_port()
    log = tempfile.NamedTemporaryFile(prefix="bench-llama-server-", suffix=".log", delete=False)  # noqa: SIM115
    command = [
        binary, "-m", str(local.find_bundled_model()), "--host", "127.0.0.1",
        "--port", str(port), "--parallel", str(slots), "-c", str(context * slots),
        "-t", str(threads), "--alias", local.MODEL_NAME,
        # one HTTP thread per connection in flight, or requests wait for a free thread
        "--threads-http", str(slots + 4),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"llama-server exited; see {log.name}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"llama-server did not start; see {log.name}")
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-bin", default=os.environ.get("LLAMA_SERVER"))
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--requests", type=int, default=16)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--context", type=int, default=2048, help="tokens per slot")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--null-server", action="store_true",
        help="an instant loopback server instead of a model: the client side's own ceiling",
    )  # fmt: skip
    args = parser.parse_args()
    if args.null_server:
        server: contextlib.AbstractContextManager[Any] = null_server()
        kind = "instant loopback server (client overhead only)"
    elif args.server_bin:
        server = llama_server(args.server_bin, args.concurrency, args.threads, args.context)
        kind = f"llama-server --parallel {args.concurrency}"
    else:
        server = local.LocalServer(threads=args.threads)
        kind = "llama-cpp-python server (one slot: requests are serialised)"
    with server as handle:
        base_url = handle if isinstance(handle, str) else handle.base_url
        eos = bool(args.server_bin)

        def work(tag: str) -> list[dict[str, Any]]:
            return bodies(args.requests, local.MODEL_NAME, args.max_tokens, eos, tag)

        plain(base_url, work("warm-up ")[:1], 1)  # model pages loaded, first prompt processed
        results: dict[str, list[Phase]] = {"plain": [], "tool": []}
        for r in range(args.rounds):
            order = ("plain", "tool") if r % 2 == 0 else ("tool", "plain")  # cancel order
            for name in order:
                run = plain if name == "plain" else tool
                results[name].append(run(base_url, work(f"{name}{r}-"), args.concurrency))
    shape = f"{args.requests} requests x {args.max_tokens} tokens"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"server: {kind}; concurrency {args.concurrency}, {shape}, "
          f"{args.rounds} rounds, {args.threads} threads; load average {load}")  # fmt: skip
    for phases in results.values():
        rates = [p.tokens_per_s for p in phases]
        requests = statistics.median(p.requests_per_s for p in phases)
        each = ", ".join(f"{r:.1f}" for r in rates)
        print(f"  {phases[0].name:40s} median {requests:5.2f} req/s "
              f"{statistics.median(rates):6.1f} tok/s (rounds: {each})")  # fmt: skip
    # Paired by round: both phases of a round ran back to back, under the same background load.
    # Tokens/s is the measure when every answer has max_tokens tokens (llama-server's
    # ignore_eos); otherwise answers differ in length, and requests/s is printed beside it.
    pairs = list(zip(results["plain"], results["tool"], strict=True))
    ratio = statistics.median(t.tokens_per_s / p.tokens_per_s for p, t in pairs)
    by_requests = statistics.median(t.requests_per_s / p.requests_per_s for p, t in pairs)
    each = ", ".join(f"{t.tokens_per_s / p.tokens_per_s:.0%}" for p, t in pairs)
    print(
        f"  tool / plain, median of rounds: {ratio:.1%} ({each}); by requests/s {by_requests:.1%}"
    )
    if args.json:
        report = {
            "server": kind, "concurrency": args.concurrency, "requests": args.requests,
            "max_tokens": args.max_tokens, "threads": args.threads, "ratio": ratio,
            "ratio_requests": by_requests,
            "rounds": {n: [asdict(p) for p in ps] for n, ps in results.items()},
        }  # fmt: skip
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
