"""The decomposed strategy: records assembled from sentences by rules.

``strategy`` runs the loop; ``header`` reads the article's shape; ``reading`` reads one event
sentence with ``lexicon`` (event words, sub-event types, plans, background), ``actors`` (who
did what to whom) and ``sentence_facts`` (places, claims, sources); ``summary`` writes the
extractive summary.
"""
