"""Progress of long work, one protocol for the terminal and the page.

Long functions take ``progress``, a callable given one message at a time. A message is text (so
``print`` is a fine reporter), and a ``Step`` is text that also says how far the work is: the
terminal reporter draws it as a tqdm bar with the time spent and an estimate of what remains,
the dashboard as ``st.progress``.
"""

from __future__ import annotations

import sys
from typing import Callable

from tqdm import tqdm

Reporter = Callable[[str], None]


class Step(str):
    """A progress message that is ``done`` of ``total`` steps into the work."""

    def __new__(cls, text: str, done: int, total: int):
        step = super().__new__(cls, text)
        step.done, step.total = done, total
        return step

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 1.0


def report(progress: Reporter | None, text: str, done: int, total: int) -> None:
    """Tell ``progress`` (when there is one) that ``done`` of ``total`` steps are finished."""
    if progress is not None:
        progress(Step(text, done, total))


def terminal(title: str) -> Reporter:
    """A bar on standard error: title, share done, elapsed and remaining time, the latest message.
    Plain messages (text, not a ``Step``) are written above the bar."""
    bar = tqdm(total=1000, desc=title, file=sys.stderr, mininterval=0.5, dynamic_ncols=True,
               bar_format="{desc}: {percentage:3.0f}%|{bar:20}| {elapsed} < {remaining}")

    def draw(message: str) -> None:
        if not isinstance(message, Step):
            bar.write(str(message), file=sys.stderr)
            return
        bar.set_description_str(f"{title} · {str(message)[:60]}", refresh=False)
        bar.update(round(message.fraction * 1000) - bar.n)
        if message.done >= message.total:
            bar.close()

    return draw
