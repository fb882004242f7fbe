"""Plotly figures for the dashboard, readable on a projector (no Streamlit here)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.labels import t

FONT = dict(family="Noto Sans CJK SC, Microsoft YaHei, sans-serif", size=16)


def _layout(fig: go.Figure, title: str, y_title: str, x_title: str = "") -> go.Figure:
    fig.update_layout(title=title, font=FONT, template="plotly_white", height=460, margin=dict(l=60, r=20, t=60, b=50),
                      legend=dict(orientation="h", y=-0.18), yaxis_title=y_title, xaxis_title=x_title)
    return fig


def rate_trend(frame: pd.DataFrame, group: str | None, names: dict[str, str], lang: str = "zh",
               title: str | None = None) -> go.Figure:
    """Injury rate by year with 95 % intervals; small counts hollow; the partial year dashed."""
    fig = go.Figure()
    series = [(None, frame)] if group is None else list(frame.groupby(group))
    for key, part in series:
        label = t("injury_rate", lang) if key is None else names.get(key, key)
        years = [f"{y}{t('ytd_suffix', lang)}" if ytd else str(y) for y, ytd in zip(part.year, part.ytd)]
        fig.add_trace(go.Scatter(
            x=years, y=part.injury_rate, name=label, mode="lines+markers",
            marker=dict(size=10, symbol=["circle-open" if s else "circle" for s in part.injury_rate_small]),
            error_y=dict(type="data", symmetric=False, array=part.injury_rate_high - part.injury_rate,
                         arrayminus=part.injury_rate - part.injury_rate_low, thickness=1),
        ))
    return _layout(fig, title or t("rate_by_year", lang), t("injury_rate", lang), t("year", lang))


def rate_bars(frame: pd.DataFrame, column: str, names: dict[str, str], title: str, lang: str = "zh") -> go.Figure:
    part = frame.sort_values("injury_rate")
    fig = go.Figure(go.Bar(
        x=part.injury_rate, y=[names.get(k, k) for k in part[column]], orientation="h",
        error_x=dict(type="data", symmetric=False, array=part.injury_rate_high - part.injury_rate,
                     arrayminus=part.injury_rate - part.injury_rate_low),
        marker_color=["#C0C6CF" if s else "#C8102E" for s in part.injury_rate_small],
    ))
    fig = _layout(fig, title, "", t("injury_rate", lang))
    fig.update_layout(height=max(380, 34 * len(part) + 120))
    return fig


def tier_bars(distribution: pd.DataFrame, lang: str = "zh") -> go.Figure:
    fig = go.Figure()
    for tier in distribution.columns:
        fig.add_trace(go.Bar(x=[str(i) for i in distribution.index], y=distribution[tier], name=f"{tier}%"))
    fig.update_layout(barmode="stack")
    return _layout(fig, t("tier_distribution", lang), t("employers", lang), t("risk_class", lang))
