"""Text mechanisms every strategy uses: sentences, numbers, dates, places, actors' names.

Their vocabularies are data files in :mod:`summarizer.data`.
"""
