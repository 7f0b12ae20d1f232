"""Performance benchmarks: one command prints a table and writes JSON.

Usage: ``python benchmarks/run.py [--quick] [--only SECTION ...] [--json benchmarks/results.json]``

Every figure is a real run on this machine, each section in a fresh child process (so its
peak RSS is its own); ratios are measured side by side in one run. Sections:

* ``startup``: ``summarizer --help`` and ``import summarizer`` wall time (best of 5).
* ``overhead``: the pipeline around a model call (one-call, a fake model that answers at
  once), milliseconds per article, one thread.
* ``remote``: batches against ``benchmarks/stub_server.py`` (an OpenAI-compatible stub on
  loopback answering after a fixed 200 ms) at concurrency 32: articles/s against the ideal
  32 / 0.2 s = 160/s, and peak RSS at two batch sizes.
* ``rules``: the rules (``decomposed``) on dev-set articles: one worker, two threads, two
  processes.
* ``cache``: the CLI re-serving cached articles (a fake model filled the cache).
* ``streaming``: the CLI's peak RSS at 1k, 10k and 100k articles (``--quick``: 1k, 10k).
* ``length``: the rules on one article of 10 KB ... 5 MB, seconds per 100 KB.
* ``ray``: the same 300 dev-set articles through the CLI (``-j 2``) and ``--engine ray``.
* ``embedded``: the embedded model's prompt time with and without the shared instructions
  already in its KV cache, and its decoding speed with and without the JSON grammar.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.stub_server import QUOTE  # noqa: E402

Row = dict[str, Any]


def peak_rss_mb() -> float:
    """This process's peak resident memory, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def articles(count: int, prefix: str = "b") -> Iterator[Any]:
    """``count`` short reports, made as they are read (a stream)."""
    from summarizer import Article

    for i in range(count):
        yield Article(id=f"{prefix}{i}", text=f"Report {i} from the district. {QUOTE}")


def dev_articles(count: int) -> list[Any]:
    """``count`` dev-set articles (cycled, each copy with its own id and a distinct line)."""
    from summarizer import Article

    texts = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "evals/dev/articles").glob("*.txt"))
    ]
    return [Article(id=f"d{i}", text=f"{texts[i % len(texts)]}\n\nCopy {i}.") for i in range(count)]


# --- children: each runs in its own process and prints one JSON object ----------------------


def child_overhead(count: int) -> Row:
    from benchmarks.stub_server import DRAFT
    from summarizer import FakeBackend, Settings, Summarizer

    settings = Settings.from_env(env={}, backend="fake", strategy="one-call", use_cache=False)
    with Summarizer(settings, backend=FakeBackend(lambda messages: DRAFT)) as summarizer:
        summarizer.summarize_many(articles(50, "w"), keep=False)  # warm up
        started = time.perf_counter()
        report = summarizer.summarize_many(articles(count), keep=False)
        seconds = time.perf_counter() - started
    assert report.succeeded == count, report.failures[:1]
    return {"articles": count, "ms_per_article": 1000 * seconds / count}


def child_remote(count: int, port: int, concurrency: int) -> Row:
    from summarizer import Settings, Summarizer

    settings = Settings.from_env(
        env={},
        backend="openai",
        base_url=f"http://127.0.0.1:{port}/v1",
        api_key="k",
        model="stub",
        strategy="one-call",
        response_format="json_object",
        self_check=False,
        use_cache=False,
        concurrency=concurrency,
    )
    with Summarizer(settings) as summarizer:
        started = time.perf_counter()
        summarizer.summarize_many(articles(32, "w"), keep=False)  # tables, connections
        warm_up = time.perf_counter() - started
        started = time.perf_counter()
        report = summarizer.summarize_many(articles(count), keep=False)
        seconds = time.perf_counter() - started
    return {
        "warm_up_s": warm_up,
        "articles": count,
        "failed": len(report.failures),
        "seconds": seconds,
        "articles_per_s": count / seconds,
        "peak_rss_mb": peak_rss_mb(),
    }


def child_rules(count: int, workers: int, pool: str) -> Row:
    from summarizer import Settings, Summarizer

    settings = Settings.from_env(
        env={}, backend="fake", strategy="decomposed", use_cache=False,
        concurrency=workers, pool=pool,
    )  # fmt: skip
    batch = dev_articles(count)
    with Summarizer(settings) as summarizer:
        summarizer.summarize_many(batch[:2])  # the parent's tables (forked workers share them)
        started = time.perf_counter()
        report = summarizer.summarize_many(batch, keep=False)
        seconds = time.perf_counter() - started
    assert report.succeeded == count, report.failures[:1]
    return {"articles": count, "seconds": seconds, "articles_per_s": count / seconds}


def child_length(size: int) -> Row:
    from summarizer import Article, Settings, Summarizer

    texts = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "evals/dev/articles").glob("*.txt"))
    ]
    body = "\n\n".join(texts)
    text = (body * (size // len(body) + 1))[:size]
    settings = Settings.from_env(
        env={}, backend="fake", strategy="decomposed", use_cache=False, max_chars=10_000_000
    )
    with Summarizer(settings) as summarizer:
        summarizer.summarize(Article(id="warm", text=texts[0]))
        started = time.perf_counter()
        summarizer.summarize(Article(id="long", text=text))
        seconds = time.perf_counter() - started
    return {"bytes": size, "seconds": seconds, "seconds_per_100kb": seconds / (size / 100_000)}


def child_embedded(max_tokens: int) -> Row:
    from summarizer.llm.backends.check_first import greedy_check_first
    from summarizer.llm.backends.embedded import _grammar, _load, bundled_model_path
    from summarizer.llm.backends.grammar import grammar_schema
    from summarizer.llm.backends.messages import fold_system
    from summarizer.llm.prompts import load_prompt_set
    from summarizer.pipeline.draft import draft_model

    llama = _load(bundled_model_path(), 8192, os.cpu_count() or 1)
    grammar = _grammar(
        json.dumps(grammar_schema(draft_model(5).model_json_schema(), min_lengths=True))
    )
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    prompts = load_prompt_set("extract")

    def ask(text: str, grammar: Any, tokens: int) -> tuple[float, int]:
        messages = fold_system(prompts.messages(text[:1500], None))  # type: ignore[arg-type]
        started = time.perf_counter()
        reply = llama.create_chat_completion(
            messages=messages, grammar=grammar, max_tokens=tokens, temperature=0.0, seed=0
        )
        return time.perf_counter() - started, reply["usage"]["completion_tokens"]

    first, second = (p.read_text(encoding="utf-8") for p in seeds[:2])
    llama.reset()
    cold, _ = ask(first, None, 1)  # the whole prompt, nothing cached
    warm, _ = ask(second, None, 1)  # another article: the instructions' prefix is reused
    ask(first, None, 1)  # cache this prompt, so that what follows times decoding only
    constrained_s, constrained_n = ask(first, grammar, max_tokens)
    ask(first, None, 1)
    free_s, free_n = ask(first, None, max_tokens)
    messages = fold_system(prompts.messages(first[:1500], None))  # type: ignore[arg-type]
    greedy_check_first(llama, messages, grammar._grammar, 1)
    started = time.perf_counter()
    checked = greedy_check_first(llama, messages, grammar._grammar, max_tokens)
    checked_s = time.perf_counter() - started
    return {
        "prompt_s_cold": cold,
        "prompt_s_prefix_reused": warm,
        "constrained_tokens": constrained_n,
        "constrained_tok_per_s": constrained_n / constrained_s,
        "unconstrained_tokens": free_n,
        "unconstrained_tok_per_s": free_n / free_s,
        "grammar_cost": (free_n / free_s) / (constrained_n / constrained_s),
        "check_first_tokens": checked.completion_tokens,
        "check_first_tok_per_s": checked.completion_tokens / checked_s,
        "check_first_grammar_cost": (free_n / free_s) / (checked.completion_tokens / checked_s),
    }


CHILDREN: dict[str, Callable[..., Row]] = {
    "overhead": child_overhead,
    "remote": child_remote,
    "rules": child_rules,
    "length": child_length,
    "embedded": child_embedded,
}


def in_child(name: str, *args: Any) -> Row:
    """Run ``CHILDREN[name](*args)`` in a fresh interpreter; its JSON result."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", name, json.dumps(args)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- sections ---------------------------------------------------------------------------------


def timed_child_rss(argv: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stderr of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0,):
        raise RuntimeError(f"{argv[:4]} exited {process.returncode}: {stderr[-500:]}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024, stderr


def section_startup(quick: bool) -> list[Row]:
    rows = []
    for label, argv in (
        ("summarizer --help", [sys.executable, "-m", "summarizer", "--help"]),
        ("import summarizer", [sys.executable, "-c", "import summarizer"]),
    ):
        runs = [timed_child_rss(argv)[0] for _ in range(5)]
        rows.append({"what": label, "best_s": min(runs), "median_s": statistics.median(runs)})
    return rows


def section_overhead(quick: bool) -> list[Row]:
    return [{"what": "pipeline overhead per article (fake model, one thread)",
             **in_child("overhead", 500 if quick else 2000)}]  # fmt: skip


def section_remote(quick: bool) -> list[Row]:
    stub = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks/stub_server.py"), "--latency", "0.2"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert stub.stdout is not None
        port = int(stub.stdout.readline())
        rows = []
        for count in (250, 1000) if not quick else (100, 400):
            row = in_child("remote", count, port, 32)
            rows.append({"what": f"remote batch, concurrency 32, 200 ms stub, {count} articles",
                         **row, "ideal_per_s": 160.0,
                         "share_of_ideal": row["articles_per_s"] / 160.0})  # fmt: skip
        return rows
    finally:
        stub.kill()
        stub.wait()


def section_rules(quick: bool) -> list[Row]:
    count = 90 if quick else 300
    one = in_child("rules", count, 1, "threads")
    threads = in_child("rules", count, 2, "threads")
    processes = in_child("rules", count, 2, "processes")
    base = one["articles_per_s"]
    return [
        {"what": f"rules, {count} dev articles, -j 1", **one, "speedup": 1.0},
        {"what": "rules, -j 2 threads", **threads, "speedup": threads["articles_per_s"] / base},
        {"what": "rules, -j 2 processes", **processes,
         "speedup": processes["articles_per_s"] / base},
    ]  # fmt: skip


def _write_jsonl(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for article in articles(count):
            handle.write(json.dumps({"id": article.id, "text": article.text}) + "\n")


def _wall(stderr: str) -> float:
    """The batch's own wall time from the CLI's closing line."""
    return float(stderr.rsplit("wall time: ", 1)[1].split(" s", 1)[0])


def section_cache(quick: bool) -> list[Row]:
    count = 2000 if quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        _write_jsonl(source, count)
        common = ["--backend", "fake", "--strategy", "one-call", "--no-progress",
                  "--cache-dir", f"{tmp}/cache"]  # fmt: skip
        run = [sys.executable, "-m", "summarizer", "run", str(source)]
        timed_child_rss([*run, "-o", f"{tmp}/fill.jsonl", *common])
        seconds, rss, stderr = timed_child_rss([*run, "-o", f"{tmp}/again.jsonl", *common])
    batch = _wall(stderr)
    return [{"what": f"CLI re-serving {count:,} cached articles", "articles": count,
             "batch_seconds": batch, "articles_per_s": count / batch,
             "process_seconds": seconds, "peak_rss_mb": rss}]  # fmt: skip


def section_streaming(quick: bool) -> list[Row]:
    rows = []
    for count in (1000, 10_000) if quick else (1000, 10_000, 100_000):
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "in.jsonl"
            _write_jsonl(source, count)
            seconds, rss, _ = timed_child_rss(
                [sys.executable, "-m", "summarizer", "run", str(source), "-o", f"{tmp}/o.jsonl",
                 "--backend", "fake", "--strategy", "one-call", "--no-cache", "--no-progress"]
            )  # fmt: skip
        rows.append({"what": f"CLI, {count:,} articles (fake model, no cache)", "articles": count,
                     "seconds": seconds, "peak_rss_mb": rss})  # fmt: skip
    return rows


def section_length(quick: bool) -> list[Row]:
    sizes = (10_000, 100_000, 1_000_000) if quick else (10_000, 100_000, 1_000_000, 5_000_000)
    return [{"what": f"rules on one {size / 1e6:g} MB article", **in_child("length", size)}
            for size in sizes]  # fmt: skip


def section_ray(quick: bool) -> list[Row]:
    count = 90 if quick else 300
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for article in dev_articles(count):
                handle.write(json.dumps({"id": article.id, "text": article.text}) + "\n")
        base = [sys.executable, "-m", "summarizer", "run", str(source), "--backend", "fake",
                "--strategy", "decomposed", "--no-cache", "--no-progress"]  # fmt: skip
        for label, extra in (
            ("CLI -j 2 (processes)", ["-j", "2"]),
            ("CLI --engine ray, 2 workers (local Ray started by the run)",
             ["--engine", "ray", "--ray-workers", "2"]),
        ):  # fmt: skip
            output = f"{tmp}/{len(rows)}.jsonl"
            seconds, _, _ = timed_child_rss([*base, "-o", output, *extra])
            rate = count / seconds
            rows.append({"what": f"{count} dev articles, {label}", "articles": count,
                         "process_seconds": seconds, "articles_per_s": rate})  # fmt: skip
    return rows


def section_embedded(quick: bool) -> list[Row]:
    return [{"what": "embedded Gemma 3 270M, one-call prompt (seed excerpts), same process",
             **in_child("embedded", 64 if quick else 256)}]  # fmt: skip


SECTIONS: dict[str, Callable[[bool], list[Row]]] = {
    "startup": section_startup,
    "overhead": section_overhead,
    "remote": section_remote,
    "rules": section_rules,
    "cache": section_cache,
    "streaming": section_streaming,
    "length": section_length,
    "ray": section_ray,
    "embedded": section_embedded,
}


def show(rows: list[Row]) -> None:
    """Print rows as a plain table: the description, then every measured figure."""
    for row in rows:
        figures = ", ".join(
            f"{k} {v:,.3g}" if isinstance(v, float) else f"{k} {v}"
            for k, v in row.items()
            if k != "what"
        )
        print(f"  {row['what']}: {figures}", flush=True)


def main() -> None:
    """Run the chosen sections (all by default), print, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a few minutes)")
    parser.add_argument("--only", nargs="*", choices=sorted(SECTIONS), default=None)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks/results.json")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](*json.loads(args.args))))
        return
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "quick": args.quick,
        "sections": {},
    }
    print(f"benchmarks {results['date']}, {results['cores']} cores, Python {results['python']}")
    for name in args.only or SECTIONS:
        print(f"{name}:", flush=True)
        started = time.perf_counter()
        rows = SECTIONS[name](args.quick)
        show(rows)
        results["sections"][name] = {"rows": rows, "seconds": time.perf_counter() - started}
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"JSON: {args.json}")


if __name__ == "__main__":
    main()
