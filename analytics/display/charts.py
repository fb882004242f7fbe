"""Plotly figures for the dashboard, readable on a projector (no Streamlit here): the charts an
analyst zooms or hovers (breakdowns, model cards, an enterprise's history). The charts of the
pages everyone opens are light SVG pictures, in ``analytics.display.pictures``."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from analytics.labels import t, year_label

FONT = dict(family="Noto Sans CJK SC, Microsoft YaHei, sans-serif", size=16)
COLOURS = qualitative.Plotly      # one colour per line, kept across its complete and year-to-date parts


def _layout(fig: go.Figure, title: str, y_title: str, x_title: str = "") -> go.Figure:
    fig.update_layout(title=_title(title), font=FONT, template="plotly_white", height=460,
                      margin=dict(l=60, r=20, t=80 if "\n" in title else 60, b=50),
                      legend=dict(orientation="h", y=-0.18), yaxis_title=y_title, xaxis_title=x_title)
    return fig


def _title(title: str) -> str:
    """A title's second line (who and which years it counts, see ``presentation.scoped``) smaller and grey."""
    head, _, scope = title.partition("\n")
    return f'{head}<br><span style="font-size:14px;color:#6B7280">{scope}</span>' if scope else head


def _year_labels(frame: pd.DataFrame, lang: str) -> list[str]:
    return [year_label(y, ytd, lang) for y, ytd in zip(frame.year, frame.ytd)]


def breakdown_chart(frame: pd.DataFrame, by: str, names: dict, title: str, lang: str = "zh") -> go.Figure:
    """Injuries per year stacked by accident type or severity; by month, one line per year."""
    fig = go.Figure()
    if by == "month":
        for (year, ytd), part in frame.groupby(["year", "ytd"]):
            fig.add_trace(go.Scatter(x=part.month, y=part.injuries, mode="lines+markers",
                                     name=year_label(year, ytd, lang),
                                     line=dict(dash="dot" if ytd else None)))
        fig = _layout(fig, title, t("injuries", lang), t("month", lang))
        fig.update_xaxes(tickmode="array", tickvals=list(range(1, 13)))
        return fig
    years = frame[["year", "ytd"]].drop_duplicates().sort_values("year")
    labels = dict(zip(years.year, _year_labels(years, lang)))
    for key, part in frame.groupby(by, sort=False):
        fig.add_trace(go.Bar(x=part.year.map(labels), y=part.injuries, name=names.get(key, str(key))))
    fig.update_layout(barmode="stack")
    fig = _layout(fig, title, t("injuries", lang), t("year", lang))
    fig.update_yaxes(tickformat=",d")
    return fig


def capture_chart(summary: pd.DataFrame, names: dict[str, str], title: str, lang: str = "zh") -> go.Figure:
    """Share of next year's injuries caught by the top k % (rows: rankers; columns: test years)."""
    fig = go.Figure()
    for name, row in summary.iterrows():
        dash = "dot" if name == "ceiling" else None
        fig.add_trace(go.Scatter(x=[str(y) for y in row.index], y=row.to_numpy(dtype=float), name=names.get(name, name),
                                 mode="lines+markers", line=dict(dash=dash)))
    fig = _layout(fig, title, t("share_captured", lang), t("test_year", lang))
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    return fig


def calibration_chart(deciles: pd.DataFrame, title: str, lang: str = "zh") -> go.Figure:
    fig = go.Figure()
    fig.add_trace(go.Bar(x=deciles.decile, y=deciles.expected, name=t("predicted", lang), marker_color="#8DA9C4"))
    fig.add_trace(go.Bar(x=deciles.decile, y=deciles.observed, name=t("observed", lang), marker_color="#C8102E"))
    return _layout(fig, title, t("injuries", lang), t("risk_decile", lang))


def lorenz_chart(curve: dict, title: str, lang: str = "zh") -> go.Figure:
    """The ordered Lorenz curve of a model card against the diagonal of no ordering."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], name=t("equality_line", lang), mode="lines",
                             line=dict(dash="dot", color="#9CA3AF")))
    fig.add_trace(go.Scatter(x=curve["exposure_share"], y=curve["injury_share"], name=t("injury_share", lang),
                             mode="lines+markers", line=dict(color="#C8102E")))
    fig = _layout(fig, title, t("injury_share", lang), t("exposure_share", lang))
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return fig


def target_path(result: dict, lang: str = "zh") -> go.Figure:
    """A plan target's actual rates by year against its path to the goal (the meeting's trend slide)."""
    years = [y for y in result.get("years", []) if not y.get("ytd")]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[str(y["year"]) for y in years], y=[y["target"] for y in years], name=t("rpt_path", lang),
                             mode="lines+markers", line=dict(color="#6B7280", dash="dash")))
    fig.add_trace(go.Scatter(x=[str(y["year"]) for y in years], y=[y["actual"] for y in years], name=t("observed", lang),
                             mode="lines+markers+text", text=[f"{y['actual']:.2f}" for y in years],
                             textposition="top center", line=dict(color="#C8102E", width=4), marker=dict(size=12)))
    fig = _layout(fig, result["name_en" if lang == "en" else "name_zh"], t(result["indicator"], lang), t("year", lang))
    fig.update_yaxes(rangemode="tozero")
    return fig


def counts_bars(labels: list[str], values: list[float], title: str, lang: str = "zh", percent: bool = False) -> go.Figure:
    """Large labelled bars for a slide (key-list counts, training coverage by year)."""
    text = [f"{v:.0%}" if percent else f"{v:,.0f}" for v in values]
    fig = go.Figure(go.Bar(x=labels, y=values, text=text, textposition="outside", marker_color="#C8102E"))
    fig = _layout(fig, title, "", "")
    fig.update_traces(textfont_size=22)
    if percent:
        fig.update_yaxes(tickformat=".0%", range=[0, 1.1])
    return fig


def enterprise_history(history: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Injuries (bars; the year to date paler) and insured persons (line) by year."""
    years = _year_labels(history, lang)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=years, y=history.injuries, name=t("injuries", lang),
                         marker_color=["#E8A0AA" if ytd else "#C8102E" for ytd in history.ytd]))
    fig.add_trace(go.Scatter(x=years, y=history.insured, name=t("insured", lang), yaxis="y2",
                             mode="lines+markers", line=dict(color="#333")))
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", title=t("insured", lang), showgrid=False,
                                  tickmode="auto"))   # the dashboard theme would sync it to the left ticks
    fig = _layout(fig, t("enterprise_history", lang), t("injuries", lang), t("year", lang))
    fig.update_yaxes(rangemode="tozero")   # both scales from zero: a change of 5 % does not look like 5x
    return fig
