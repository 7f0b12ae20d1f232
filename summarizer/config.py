"""Settings: the only module that reads environment variables.

Precedence: explicit arguments (CLI flags, keyword arguments) > environment > config file >
defaults.

The config file (:func:`find_config_file`) is, in order: the ``config_file`` argument of
:meth:`Settings.from_env`; the path in ``SUMMARIZER_CONFIG``; and, only when reading the
real environment (``env`` omitted), ``./summarizer.toml`` if it exists, else the
``[tool.summarizer]`` table of ``./pyproject.toml`` if it has one. Its keys are
:class:`Settings` field names (``-`` or ``_``), its values TOML-typed; ``sampling`` is a
table; relative paths are taken from the file's directory. An unknown key or a bad value is
a :class:`ConfigurationError` naming the file and the key::

    # summarizer.toml
    backend = "openai"
    model = "gpt-4o-mini"
    base-url = "http://localhost:11434/v1"
    cache-dir = ".cache/summarizer"
    concurrency = 4
    requests-per-minute = 60

    [sampling]
    temperature = 0.0
    max-tokens = 3072
    seed = 0

Environment variables:

========================== ==========================================================
``OPENAI_API_KEY``         API key for an OpenAI-compatible server
``OPENAI_BASE_URL``        base URL of an OpenAI-compatible server (e.g. ``http://localhost:11434/v1``)
``SUMMARIZER_BACKEND``     ``auto`` (default), ``openai``, ``embedded`` or ``fake``
``SUMMARIZER_MODEL``       model name for the OpenAI-compatible backend
``SUMMARIZER_MODEL_PATH``  a GGUF file for the embedded backend (default: bundled Gemma 3 270M)
``SUMMARIZER_CACHE_DIR``   cache directory (default: the user cache dir)
``SUMMARIZER_TIMEOUT``     seconds per request (default 120)
``SUMMARIZER_THREADS``     CPU threads for the embedded model (default: all cores)
``SUMMARIZER_STRATEGY``    ``auto``, ``one-call``, ``decomposed``, ``decomposed-checked``, ``tuned``
``SUMMARIZER_CONFIG``      a TOML config file (see above)
========================== ==========================================================

``summarizer serve`` reads three more (:class:`ServiceSettings`): ``SUMMARIZER_SERVICE_TOKEN``
(the bearer token), ``SUMMARIZER_SERVICE_MAX_QUEUE`` (articles held at once) and
``SUMMARIZER_SERVICE_MAX_BODY`` (the largest request body, in bytes).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

import platformdirs

from summarizer.config_file import has_pyproject_table, read_config_file
from summarizer.errors import ConfigurationError

__all__ = [
    "BackendName",
    "ResponseFormat",
    "Sampling",
    "ServiceSettings",
    "Settings",
    "find_config_file",
]

BackendName = Literal["auto", "openai", "embedded", "fake"]
ResponseFormat = Literal["auto", "json_schema", "json_object", "tools"]

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
EMBEDDED_MODEL_NAME = "gemma-3-270m-q4_k_m"


@dataclass(frozen=True)
class Sampling:
    """Sampling parameters; part of the cache key."""

    temperature: float = 0.0
    max_tokens: int = 3072
    seed: int | None = 0


@dataclass(frozen=True)
class Settings:
    """Everything that configures a run. Immutable; build one with :meth:`from_env`.

    Attributes:
        backend: Which backend to use; ``auto`` picks ``openai`` when an API key or base URL
            is configured and the embedded model otherwise.
        model: Model name for the OpenAI-compatible backend.
        api_key: API key for the OpenAI-compatible backend.
        base_url: Base URL of the OpenAI-compatible server; ``None`` means OpenAI itself.
        response_format: How the schema is sent: ``json_schema`` (OpenAI, vLLM, Ollama),
            ``json_object`` (``{"type": "json_object", "schema": ...}``, llama.cpp servers),
            ``tools``, or ``auto`` (``json_schema`` for OpenAI, ``json_object`` elsewhere).
        system_role: Send instructions as a system message; ``False`` folds them into the
            first user message, for chat templates without a system role (e.g. Gemma).
        model_path: GGUF file for the embedded backend; ``None`` uses the bundled Gemma 3 270M.
        n_threads: CPU threads for the embedded backend; ``None`` uses every core.
        n_ctx: The model's context window in tokens (``SUMMARIZER_N_CTX``, default 8192): what
            the embedded backend allocates, what a remote model is taken to accept; a
            one-call article longer than fits beside the instructions and the answer is
            split into chunks.
        chunk_chars: Characters of article per one-call request (``SUMMARIZER_CHUNK_CHARS``);
            ``None`` derives them from ``n_ctx``.
        passes: One-call passes per chunk: 2 shows the model the events it found and asks
            for missed ones (``SUMMARIZER_PASSES``, default 1).
        self_check: Send a one-call answer's unaligned quotes and unreported tolls back to
            the model once before dropping them (default on).
        timeout: Seconds allowed for one HTTP request.
        transient_retries: Retries for 429/5xx/timeouts/connection errors (tenacity).
        validation_retries: Re-asks when the answer does not validate (with pydantic's errors).
        sampling: Temperature, max tokens and seed.
        cache_dir: Where the result cache lives.
        use_cache: Read and write the cache at all (``--no-cache`` turns it off).
        refresh: Ignore cached entries but write fresh ones (``--refresh``).
        concurrency: Articles summarized at once by the batch runner.
        pool: Where a batch's articles run: ``threads``, ``processes`` (one summarizer per
            process), or ``auto`` (``SUMMARIZER_POOL``, default): processes when the
            strategy calls no model (the rules are CPU-bound Python), threads otherwise.
        requests_per_minute: Requests started per minute across the batch, remote backend
            (``SUMMARIZER_RPM``; ``None``: no pace, only the server's ``Retry-After`` and
            ``x-ratelimit-*`` headers).
        tokens_per_minute: Tokens (prompt + ``max_tokens``) per minute across the batch
            (``SUMMARIZER_TPM``).
        strategy: ``one-call`` (the whole schema in one call), ``decomposed`` (sentence
            mechanisms), ``decomposed-checked`` (plus a yes/no question to the model per
            candidate sentence), ``tuned`` (the mechanisms, with the embedded model and its
            tuned adapter judging each candidate), or ``auto``: decomposed for the embedded
            model, one-call for the others.
        max_events: Events a one-call draft may hold (default: 5 for the embedded model,
            20 for other backends).
        max_chars: The longest article accepted, in characters (``SUMMARIZER_MAX_CHARS``,
            default 1,000,000); a longer one fails with an :class:`InputError`.

    """

    backend: BackendName = "auto"
    model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None
    response_format: ResponseFormat = "auto"
    system_role: bool = True
    model_path: Path | None = None
    n_threads: int | None = None
    n_ctx: int = 8192
    chunk_chars: int | None = None
    passes: int = 1
    self_check: bool = True
    timeout: float = 120.0
    transient_retries: int = 3
    validation_retries: int = 2
    sampling: Sampling = field(default_factory=Sampling)
    cache_dir: Path = field(default_factory=lambda: Path(platformdirs.user_cache_dir("summarizer")))
    use_cache: bool = True
    refresh: bool = False
    concurrency: int = 1
    pool: Literal["auto", "threads", "processes"] = "auto"
    requests_per_minute: float | None = None
    tokens_per_minute: float | None = None
    strategy: Literal["auto", "one-call", "decomposed", "decomposed-checked", "tuned"] = "auto"
    max_events: int | None = None
    max_chars: int = 1_000_000

    def __post_init__(self) -> None:
        if self.backend not in ("auto", "openai", "embedded", "fake"):
            raise ConfigurationError(f"unknown backend {self.backend!r}")
        if self.response_format not in ("auto", "json_schema", "json_object", "tools"):
            raise ConfigurationError(f"unknown response format {self.response_format!r}")
        if self.strategy not in ("auto", "one-call", "decomposed", "decomposed-checked", "tuned"):
            raise ConfigurationError(f"unknown strategy {self.strategy!r}")
        if self.max_events is not None and self.max_events < 1:
            raise ConfigurationError("max_events must be at least 1")
        if self.timeout <= 0:
            raise ConfigurationError("timeout must be positive")
        if self.concurrency < 1:
            raise ConfigurationError("concurrency must be at least 1")
        for name in ("requests_per_minute", "tokens_per_minute"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ConfigurationError(f"{name} must be positive")
        if self.pool not in ("auto", "threads", "processes"):
            raise ConfigurationError(f"unknown pool {self.pool!r}")
        if self.passes not in (1, 2):
            raise ConfigurationError("passes must be 1 or 2")
        if self.n_ctx < 512:
            raise ConfigurationError("n_ctx must be at least 512")
        if self.max_chars < 1:
            raise ConfigurationError("max_chars must be at least 1")
        if self.transient_retries < 0 or self.validation_retries < 0:
            raise ConfigurationError("retry counts cannot be negative")

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        config_file: Path | str | None = None,
        **overrides: Any,
    ) -> Settings:
        """Build settings from a config file, the environment, then non-``None`` overrides.

        Args:
            env: The environment to read; ``os.environ`` when omitted (then a
                ``summarizer.toml`` or ``pyproject.toml`` in the working directory is read
                too; see :func:`find_config_file`).
            config_file: The TOML file to read; by default :func:`find_config_file`'s.
            **overrides: Field values that win over the environment. ``None`` means "not given".

        Returns:
            The frozen settings.

        Raises:
            ConfigurationError: A value is invalid, an override names no field, or the
                config file is unreadable or holds an unknown key or a bad value.

        """
        path = Path(config_file) if config_file is not None else find_config_file(env)
        from_file = read_config_file(path, cls) if path is not None else {}
        if path is not None and from_file:
            try:
                cls(**from_file)  # the file's own values must hold, whatever overrides them
            except ConfigurationError as exc:
                raise ConfigurationError(f"{path}: {exc}") from exc
        readers: dict[str, tuple[str, Any]] = {
            "api_key": ("OPENAI_API_KEY", str),
            "base_url": ("OPENAI_BASE_URL", str),
            "backend": ("SUMMARIZER_BACKEND", str),
            "model": ("SUMMARIZER_MODEL", str),
            "model_path": ("SUMMARIZER_MODEL_PATH", Path),
            "cache_dir": ("SUMMARIZER_CACHE_DIR", Path),
            "timeout": ("SUMMARIZER_TIMEOUT", float),
            "n_threads": ("SUMMARIZER_THREADS", int),
            "strategy": ("SUMMARIZER_STRATEGY", str),
            "max_chars": ("SUMMARIZER_MAX_CHARS", int),
            "n_ctx": ("SUMMARIZER_N_CTX", int),
            "chunk_chars": ("SUMMARIZER_CHUNK_CHARS", int),
            "passes": ("SUMMARIZER_PASSES", int),
            "requests_per_minute": ("SUMMARIZER_RPM", float),
            "pool": ("SUMMARIZER_POOL", str),
            "tokens_per_minute": ("SUMMARIZER_TPM", float),
        }
        values = _read_env(env, readers, {f.name for f in fields(cls)}, overrides)
        return cls(**{**from_file, **values})

    def with_changes(self, **changes: Any) -> Settings:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)

    @property
    def resolved_backend(self) -> Literal["openai", "embedded", "fake"]:
        """The backend ``auto`` stands for: remote when a key or URL is set, else embedded."""
        if self.backend != "auto":
            return self.backend
        return "openai" if (self.api_key or self.base_url) else "embedded"

    @property
    def resolved_response_format(self) -> Literal["json_schema", "json_object", "tools"]:
        """The response format ``auto`` stands for, given the endpoint."""
        if self.response_format != "auto":
            return self.response_format
        if self.base_url is None or "api.openai.com" in self.base_url:
            return "json_schema"
        return "json_object"

    @property
    def resolved_model(self) -> str:
        """The model name that goes into results and the cache key."""
        if self.resolved_backend == "embedded":
            return self.model_path.stem if self.model_path else EMBEDDED_MODEL_NAME
        if self.resolved_backend == "fake":
            return self.model or "fake"
        return self.model or DEFAULT_OPENAI_MODEL


CONFIG_FILE_NAME = "summarizer.toml"


def find_config_file(env: Mapping[str, str] | None = None) -> Path | None:
    """The config file :meth:`Settings.from_env` reads for ``env``, or ``None``.

    ``SUMMARIZER_CONFIG`` when set; else, only for the real environment (``env`` omitted),
    ``./summarizer.toml`` if it exists, else ``./pyproject.toml`` if it has a
    ``[tool.summarizer]`` table. A mapping passed as ``env`` never looks at the working
    directory, so tests stay isolated from it.

    Raises:
        ConfigurationError: ``./pyproject.toml`` exists but is not valid TOML.

    """
    real = env is None
    named = (os.environ if env is None else env).get("SUMMARIZER_CONFIG", "").strip()
    if named:
        return Path(named).expanduser()
    if not real:
        return None
    here = Path.cwd()
    if (here / CONFIG_FILE_NAME).is_file():
        return here / CONFIG_FILE_NAME
    pyproject = here / "pyproject.toml"
    if pyproject.is_file() and has_pyproject_table(pyproject):
        return pyproject
    return None


def _read_env(
    env: Mapping[str, str] | None,
    readers: dict[str, tuple[str, Any]],
    known: set[str],
    overrides: dict[str, Any],
) -> dict[str, Any]:
    """Field values from the environment (``os.environ`` by default), then the overrides."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for name, (var, convert) in readers.items():
        raw = env.get(var, "").strip()
        if raw:
            try:
                values[name] = convert(raw)
            except ValueError as exc:
                raise ConfigurationError(f"{var}={raw!r} is not valid: {exc}") from exc
    unknown = set(overrides) - known
    if unknown:
        raise ConfigurationError(f"unknown settings: {', '.join(sorted(unknown))}")
    values.update({k: v for k, v in overrides.items() if v is not None})
    return values


DEFAULT_MAX_QUEUE = 1000
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class ServiceSettings:
    """What configures the HTTP service (``summarizer serve``) beside :class:`Settings`.

    Attributes:
        token: The bearer token every endpoint but ``/healthz`` requires
            (``SUMMARIZER_SERVICE_TOKEN``); ``None``: no authentication.
        max_queue: Articles the service holds at once, queued or in work, batches and
            single requests together (``SUMMARIZER_SERVICE_MAX_QUEUE``, default 1000);
            past it a request gets 429 with ``Retry-After``.
        max_body_bytes: The largest request body, in bytes (``SUMMARIZER_SERVICE_MAX_BODY``,
            default 10 MiB); a larger one gets 413.

    """

    token: str | None = field(default=None, repr=False)
    max_queue: int = DEFAULT_MAX_QUEUE
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    def __post_init__(self) -> None:
        if self.token is not None and not self.token.strip():
            raise ConfigurationError("the service token cannot be empty")
        if self.max_queue < 1:
            raise ConfigurationError("max_queue must be at least 1")
        if self.max_body_bytes < 1:
            raise ConfigurationError("max_body_bytes must be at least 1")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> ServiceSettings:
        """Build the service settings from the environment, then non-``None`` overrides.

        Raises:
            ConfigurationError: A value is invalid or an override names no field.

        """
        readers: dict[str, tuple[str, Any]] = {
            "token": ("SUMMARIZER_SERVICE_TOKEN", str),
            "max_queue": ("SUMMARIZER_SERVICE_MAX_QUEUE", int),
            "max_body_bytes": ("SUMMARIZER_SERVICE_MAX_BODY", int),
        }
        return cls(**_read_env(env, readers, {f.name for f in fields(cls)}, overrides))
