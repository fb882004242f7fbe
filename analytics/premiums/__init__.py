"""Floating premium rates (工伤保险费率浮动, SPEC C5): rules, recommendations, fund impact.

Stage modules: ``rules`` (the tier ladder and a province's validated rules file),
``recommend`` (each employer's tier, rate and reason), ``report`` (distribution, fund
impact, tables and Excel). Other stages and the pages use the names below.
"""

from analytics.premiums.recommend import load_basis, model_expected, model_payouts, recommend
from analytics.premiums.report import (export_xlsx, fund_impact, recommendation_table, subset,
                                       tier_distribution)
from analytics.premiums.rules import (TIERS, Band, Rules, available_rules, load_rules,
                                      with_first_threshold)

__all__ = ["TIERS", "Band", "Rules", "available_rules", "export_xlsx",
           "fund_impact", "load_basis", "load_rules", "model_expected", "model_payouts", "recommend",
           "recommendation_table", "subset", "tier_distribution", "with_first_threshold"]
