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

Thread pools are sized once, here, before scikit-learn loads its OpenMP runtime: one thread per
pool unless ``ANALYTICS_THREADS`` says otherwise. On two cores the default pools of OpenBLAS and
OpenMP spin against each other (and against the dashboard); a backtest ran 3.5 times slower. A
batch job (``python -m analytics``, see ``__main__``) gives OpenMP every core and keeps BLAS at one.
"""

import os

__version__ = "0.2.0"
THREADS = os.environ.get("ANALYTICS_THREADS", "1")
for _pool in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_pool, THREADS)
from threadpoolctl import threadpool_limits  # noqa: E402 - the variables first, for libraries not yet loaded

threadpool_limits(int(THREADS))             # and for those already loaded (Streamlit imports NumPy first)
