"""Targeting stage: which enterprises to visit next year, and how well that choice is judged.

Public modules: ``features`` (point-in-time features and next-year labels), ``models``
(scikit-learn pipelines), ``backtest`` (rolling-origin validation against today's
baselines), ``panel`` (the same backtest on another jurisdiction's panel), ``registry``
(fitted models and their metadata) and ``keylist`` (the key-enterprise list with reasons).
Query files are in ``sql/``.
"""
