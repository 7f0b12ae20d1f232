"""The core pipeline: prepare -> strategy -> ground -> normalize -> consolidate.

``pipeline.Pipeline`` runs one article; the strategy that drafts it is injected
(:mod:`summarizer.strategies`), and the core never imports a strategy, a provider or the CLI.
"""
