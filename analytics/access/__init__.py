"""Access stage: who may do what, who did what.

Public modules: ``roles`` (the roles, what each may do, the region an account is scoped to,
the feeds of each department), ``accounts`` (the account store: argon2 hashes, lockout after
repeated failures, session expiry) and ``audit`` (the append-only access log). The dashboard's
cache layer checks every request here, so a page that is hidden is also refused.
"""
