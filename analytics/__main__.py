"""``python -m analytics``: a batch job on its own, so OpenMP (gradient boosting's fits and predictions)
takes every core this process may use; BLAS stays at one thread, so the two never spin against each
other. ``ANALYTICS_THREADS`` still decides when set (the tests set 1); the dashboard keeps one."""

import os

if "ANALYTICS_THREADS" not in os.environ:
    os.environ["OMP_NUM_THREADS"] = str(len(os.sched_getaffinity(0)))   # read when scikit-learn loads OpenMP

from analytics.cli import main  # noqa: E402 - the pool first

raise SystemExit(main())
