"""The eval suite: gold labels, the scorer, reports and the baseline gate.

It imports the ``summarizer`` package; the package never imports it.
"""
