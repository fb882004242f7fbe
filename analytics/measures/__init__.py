"""Measures stage: the figures the departments are judged by.

Public modules: ``indicators`` (counts, rates with exact intervals, year-on-year change, the
shared ``Filters``), ``targets`` (plan targets, paths, projections, verdicts), ``industries``
(empirical-Bayes ranking and the proposed key industries) and ``enterprise`` (one
enterprise's record). Query files are in ``sql/``.
"""
