"""Model backends behind one small interface, and the factory that picks one from settings."""

from __future__ import annotations

from summarizer.backend import Backend, Generation, Message
from summarizer.config import Settings
from summarizer.llm.backends.fake import FakeBackend

__all__ = ["Backend", "FakeBackend", "Generation", "Message", "create_backend"]


def create_backend(settings: Settings) -> Backend:
    """Build the backend the settings call for (``auto``: remote if a key or URL is set).

    Provider libraries are imported only when their backend is chosen.
    """
    kind = settings.resolved_backend
    if kind == "fake":
        return FakeBackend(model=settings.resolved_model)
    if kind == "embedded":
        from summarizer.llm.backends.embedded import EmbeddedBackend

        return EmbeddedBackend(
            settings.model_path,
            n_ctx=settings.n_ctx,
            n_threads=settings.n_threads,
            validation_retries=settings.validation_retries,
        )
    from summarizer.llm.backends.openai_compat import OpenAICompatibleBackend
    from summarizer.llm.backends.rate_limit import RateLimiter

    return OpenAICompatibleBackend(
        model=settings.resolved_model,
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout,
        response_format=settings.resolved_response_format,
        transient_retries=settings.transient_retries,
        validation_retries=settings.validation_retries,
        system_role=settings.system_role,
        context_tokens=settings.n_ctx,
        limiter=RateLimiter(settings.requests_per_minute, settings.tokens_per_minute),
    )
