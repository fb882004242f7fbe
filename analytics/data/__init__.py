"""Data stage: what the departments share, kept in one DuckDB warehouse.

Public modules: ``warehouse`` (connections, schema, named queries, transactions), ``feeds``
(the canonical feeds of SPEC section 5), ``validation`` and ``importer`` (whole-file checks,
then one all-or-nothing write), ``deid`` (keyed hashes of personal identifiers),
``reference`` (regions, industries and other code lists), ``templates`` (import workbooks)
and ``demo`` (the synthetic province). Query files are in ``sql/``, code lists in ``codes/``.
"""
