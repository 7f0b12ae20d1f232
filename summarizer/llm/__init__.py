"""The model side: prompts (package data), the one-call strategy, and the providers.

Providers (:mod:`summarizer.llm.backends`) implement :class:`summarizer.backend.Backend`;
their libraries (openai, instructor, llama_cpp) are imported only when chosen.
"""
