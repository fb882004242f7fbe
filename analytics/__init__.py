"""工伤预防大数据分析平台 — the analytics package behind the dashboard, CLI and notebooks.

Layers, foundation first: ``paths`` and ``reference`` (codes and configuration),
``warehouse`` (DuckDB schema and connections), ``feeds``/``validation``/``importer``
(validated, de-identified imports), ``demo`` (the synthetic province).
"""

__version__ = "0.1.0"
