"""Static charts for documents (the annual 通报): PNG images drawn offline with Matplotlib.

A printed report is often copied in black and white, so the charts use greys, hatching and
markers rather than colour to tell series apart, and print their values. Chinese text needs a
CJK font: Noto Sans CJK (Debian's ``fonts-noto-cjk``, which ``make run`` installs) is preferred.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")                      # no display: files only
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "WenQuanYi Zen Hei", "DejaVu Sans"]
INK, GREY, LIGHT = "#111111", "#777777", "#CCCCCC"


def _figure(width: float = 6.3, height: float = 3.2):
    plt.rcParams.update({"font.family": "sans-serif", "font.sans-serif": FONTS, "axes.unicode_minus": False,
                         "font.size": 9})
    fig, ax = plt.subplots(figsize=(width, height), dpi=200)
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def trend(years: list[int], values: list[float], title: str, y_label: str, path: dict[int, float] | None = None,
          path_label: str = "", fmt: str = "{:.2f}") -> bytes:
    """A yearly line with its values printed; a dashed target path when given."""
    fig, ax = _figure()
    ax.plot(years, values, color=INK, marker="o", linewidth=1.6)
    for x, y in zip(years, values):
        ax.annotate(fmt.format(y), (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
    if path:
        ax.plot(list(path), list(path.values()), color=GREY, linestyle="--", marker="s", markersize=3,
                linewidth=1.2, label=path_label)
        ax.legend(frameon=False)
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(y_label)
    ax.set_xticks(years)
    ax.set_ylim(bottom=0)
    return _png(fig)


def bars(labels: list[str], values: list[float], title: str, x_label: str, fmt: str = "{:.2f}",
         highlight: set[str] | None = None) -> bytes:
    """Horizontal bars, largest on top, values printed; ``highlight`` bars hatched (readable in grey)."""
    frame = pd.DataFrame({"label": labels, "value": values}).sort_values("value")
    fig, ax = _figure(height=max(2.4, 0.28 * len(frame) + 0.8))
    hatch = ["//" if highlight and label in highlight else "" for label in frame.label]
    ax.barh(frame.label, frame.value, color=LIGHT, edgecolor=INK, hatch=hatch, linewidth=0.6)
    for y, value in enumerate(frame.value):
        ax.annotate(fmt.format(value), (value, y), textcoords="offset points", xytext=(3, -3), fontsize=7)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(x_label)
    ax.set_xlim(right=frame.value.max() * 1.15 if len(frame) and frame.value.max() > 0 else 1)
    return _png(fig)


def paired_bars(years: list[int], first: list[float], second: list[float], labels: tuple[str, str], title: str,
                y_label: str) -> bytes:
    """Two series a year side by side (solid and hatched), e.g. premiums against payouts."""
    fig, ax = _figure()
    x = range(len(years))
    ax.bar([i - 0.2 for i in x], first, width=0.4, color=GREY, edgecolor=INK, label=labels[0])
    ax.bar([i + 0.2 for i in x], second, width=0.4, color="white", edgecolor=INK, hatch="//", label=labels[1])
    ax.set_xticks(list(x), [str(y) for y in years])
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(y_label)
    ax.legend(frameon=False)
    return _png(fig)
