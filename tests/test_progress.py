"""Long work says how far it is: steps that add up to the whole, drawn as a bar in the terminal."""

from __future__ import annotations

from analytics import progress
from analytics.data import demo, importer
from conftest import AS_OF, KEY, injuries_frame


def test_the_demo_build_reports_every_feed_as_a_step_to_the_end(tmp_path):
    heard = []
    demo.build(tmp_path / "d.duckdb", seed=3, n_enterprises=300, progress=heard.append)
    steps = [m for m in heard if isinstance(m, progress.Step)]
    fractions = [s.fraction for s in steps]
    assert len(steps) >= 15 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(s.startswith("injuries:") for s in steps)


def test_an_import_reports_its_stages_in_order(con):
    heard = []
    importer.import_frame(con, "injuries", injuries_frame(2), "i.csv", key=KEY, as_of=AS_OF, progress=heard.append)
    assert heard == ["validate", "write", "done"] and [s.fraction for s in heard] == [1 / 3, 2 / 3, 1.0]


def test_the_terminal_bar_shows_the_share_done_and_plain_messages_above_it(capsys):
    draw = progress.terminal("backtest")
    draw("a note")
    draw(progress.Step("2024: glm", 1, 4))
    draw(progress.Step("done", 4, 4))
    err = capsys.readouterr().err
    assert "a note" in err and "100%" in err and "backtest" in err
