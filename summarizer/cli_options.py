"""The options every model-running command shares, and the settings they make.

Used by ``summarizer run`` (:mod:`summarizer.cli`) and the eval suite's ``eval`` command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from summarizer.config import Sampling, Settings

__all__ = ["backend_options", "log_options", "settings_from_options"]


def backend_options(function: Any) -> Any:
    """Options shared by every command that runs a model."""
    options = [
        click.option(
            "--backend",
            type=click.Choice(["auto", "openai", "embedded", "fake"]),
            default=None,
            help="Model backend. auto (default): 'openai' when an API key or base URL is set, "
            "else the embedded Gemma 3 270M. [env: SUMMARIZER_BACKEND]",
        ),
        click.option(
            "--model",
            "-m",
            default=None,
            help="Model name on the OpenAI-compatible server. [env: SUMMARIZER_MODEL]",
        ),
        click.option(
            "--base-url",
            default=None,
            help="OpenAI-compatible server, e.g. http://localhost:11434/v1. [env: OPENAI_BASE_URL]",
        ),
        click.option("--api-key", default=None, help="API key. [env: OPENAI_API_KEY]"),
        click.option(
            "--response-format",
            type=click.Choice(["auto", "json_schema", "json_object", "tools"]),
            default=None,
            help="How the schema is sent to the server (auto: json_schema for OpenAI, "
            "json_object with schema for other servers).",
        ),
        click.option(
            "--system-role/--no-system-role",
            default=None,
            help="Send instructions as a system message (default) or inside the user message, "
            "for servers whose chat template drops system messages (Gemma).",
        ),
        click.option(
            "--model-path",
            type=click.Path(path_type=Path),
            default=None,
            help="GGUF file for the embedded backend. [env: SUMMARIZER_MODEL_PATH]",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(path_type=Path),
            default=None,
            help="Cache directory. [env: SUMMARIZER_CACHE_DIR; default: user cache]",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option("--refresh", is_flag=True, help="Ignore cached results; store new ones."),
        click.option("--timeout", type=float, default=None, help="Seconds per HTTP request."),
        click.option("--max-tokens", type=int, default=None, help="Token limit per answer."),
        click.option(
            "--strategy",
            type=click.Choice(["auto", "one-call", "decomposed", "decomposed-checked", "tuned"]),
            default=None,
            help="Extraction strategy (auto: decomposed for the embedded model, one-call "
            "otherwise). [env: SUMMARIZER_STRATEGY]",
        ),
        click.option(
            "--max-events",
            type=int,
            default=None,
            help="Events a one-call draft may hold (default: 5 for the embedded model, 20 "
            "for other backends).",
        ),
        click.option(
            "--passes",
            type=click.IntRange(1, 2),
            default=None,
            help="One-call: 2 asks the model again for events it missed (default 1).",
        ),
        click.option(
            "--n-ctx",
            type=int,
            default=None,
            help="The model's context window in tokens; longer one-call articles are split "
            "into chunks. [env: SUMMARIZER_N_CTX; default 8192]",
        ),
        click.option(
            "--chunk-chars",
            type=int,
            default=None,
            help="Characters of article per one-call request (default: what fits the "
            "context). [env: SUMMARIZER_CHUNK_CHARS]",
        ),
        click.option(
            "--concurrency",
            "-j",
            type=int,
            default=None,
            help="Articles in flight at once (default 1).",
        ),
        click.option(
            "--pool",
            type=click.Choice(["auto", "threads", "processes"]),
            default=None,
            help="Where -j articles run (auto: processes when the strategy calls no model, "
            "threads otherwise). [env: SUMMARIZER_POOL]",
        ),
        click.option(
            "--rpm",
            type=float,
            default=None,
            help="Requests per minute across the batch (remote backend). [env: SUMMARIZER_RPM]",
        ),
        click.option(
            "--tpm",
            type=float,
            default=None,
            help="Tokens (prompt + --max-tokens) per minute across the batch. "
            "[env: SUMMARIZER_TPM]",
        ),
    ]
    options.append(
        click.option(
            "--config",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="A TOML settings file (default: ./summarizer.toml, else [tool.summarizer] in "
            "./pyproject.toml). Flags and environment win over it. [env: SUMMARIZER_CONFIG]",
        )
    )
    for option in reversed(options):
        function = option(function)
    return function


def log_options(function: Any) -> Any:
    """``-v``/``-vv`` and ``--log-format``, for commands that run articles."""
    function = click.option(
        "--log-format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Log lines on stderr as text or as one JSON object per line.",
    )(function)
    return click.option(
        "--verbose",
        "-v",
        count=True,
        help="-v: a log line per article (time, cache hit, tokens), retries and re-asks; "
        "-vv: debug, and the HTTP and retry logs of the libraries.",
    )(function)


def settings_from_options(options: dict[str, Any]) -> Settings:
    """Build settings from CLI options over the environment."""
    sampling = Sampling(max_tokens=options["max_tokens"]) if options.get("max_tokens") else None
    return Settings.from_env(
        backend=options.get("backend"),
        model=options.get("model"),
        base_url=options.get("base_url"),
        api_key=options.get("api_key"),
        response_format=options.get("response_format"),
        system_role=options.get("system_role"),
        model_path=options.get("model_path"),
        cache_dir=options.get("cache_dir"),
        use_cache=False if options.get("no_cache") else None,
        refresh=True if options.get("refresh") else None,
        timeout=options.get("timeout"),
        concurrency=options.get("concurrency"),
        pool=options.get("pool"),
        requests_per_minute=options.get("rpm"),
        tokens_per_minute=options.get("tpm"),
        strategy=options.get("strategy"),
        max_events=options.get("max_events"),
        passes=options.get("passes"),
        n_ctx=options.get("n_ctx"),
        chunk_chars=options.get("chunk_chars"),
        sampling=sampling,
        config_file=options.get("config"),
    )
