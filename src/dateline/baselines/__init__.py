"""The baseline systems that ``dateline bench`` runs, one module each.

Every module here that does not start with ``_`` is a system (``NAME``, ``LAYERS``,
``predict(texts)``; see :mod:`dateline.systems`); ``_nlp`` holds what the spaCy-based ones share.
``python -m dateline.baselines.crf_ner train`` retrains the CRF into ``models/crf_ner.json``.
"""
