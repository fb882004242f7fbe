"""Static tables drawn as one block of HTML: what the analyst reads, and nothing a value could inject."""

import pandas as pd

from analytics.display import static_table
from conftest import table_rows


def test_a_hostile_name_is_shown_as_text_not_markup():
    name = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    body = static_table.to_html(pd.DataFrame({"单位名称": [name], "认定工伤": [3]}))
    assert "<script" not in body and "<img" not in body and "onerror=\"" not in body
    assert table_rows(body) == [["单位名称", "认定工伤"], [name, "3"]]


def test_figures_read_down_a_right_aligned_column_and_text_does_not():
    frame = pd.DataFrame({"州（市）": ["昆明市", "曲靖市"], "已培训人数": ["21,479", "6,363"],
                          "培训覆盖率": ["82.0%", "—"], "单位数": [13363, 4506]})
    body = static_table.to_html(frame)
    assert table_rows(body)[1:] == [["昆明市", "21,479", "82.0%", "13,363"], ["曲靖市", "6,363", "—", "4,506"]]
    assert body.count('<td class="num">') == 6 and body.count('<th class="num">') == 3 and "<td>昆明市</td>" in body


def test_the_index_is_the_first_column_when_asked_and_a_missing_value_is_a_dash():
    frame = pd.DataFrame({"单位数": [1436.0, None]}, index=["风险类别 1", "合计"])
    rows = table_rows(static_table.to_html(frame, index=True))
    assert rows == [["", "单位数"], ["风险类别 1", "1,436.00"], ["合计", "—"]]
    assert table_rows(static_table.to_html(frame))[0] == ["单位数"]
