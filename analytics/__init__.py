"""工伤预防大数据分析平台 — the analytics package behind the dashboard, CLI and notebooks.

Stages, foundation first; a stage imports only the stages before it:

- ``data``: the DuckDB warehouse, the feeds, validated and de-identified imports, the demo;
- ``measures``: indicators and plan targets, industry ranking, one enterprise's record;
- ``targeting``: point-in-time features, risk models, backtests, the model registry, the key list;
- ``premiums``: floating premium-rate rules, recommendations and their fund impact;
- ``display``: tables, charts, pictures, letters and meeting slides drawn from the above.

Beside them: ``paths`` (where files are), ``config`` (the TOML reader), ``labels`` (every
word in Chinese and English), ``stats`` (small-count statistics), ``cli`` (``python -m
analytics``) and ``app_cache`` (the only module that imports Streamlit).
"""

__version__ = "0.2.0"
