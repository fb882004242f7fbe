"""Key-enterprise list: ranked, mandatory and audit entries with intervals and reasons."""

from __future__ import annotations

import io
import re

import docx
import pandas as pd
import pytest

from analytics.data import warehouse
from analytics.targeting import backtest, keylist


@pytest.fixture(scope="module")
def entries(demo_db, tmp_path_factory):
    models = tmp_path_factory.mktemp("models")
    con = warehouse.connect(demo_db, read_only=True)
    backtest.train_and_register(con, None, directory=models)
    return keylist.build(con, 2026, top=30, audit=10, seed=3, models_dir=models), con, models


def test_kinds_ranks_intervals_and_reasons(entries):
    frame, con, _ = entries
    assert (frame.kind == "ranked").sum() == 30 and (frame.kind == "audit").sum() == 10
    ranked = frame[frame.kind == "ranked"]
    assert ranked["rank"].tolist() == list(range(1, 31))
    assert (frame.low <= frame.expected).all() and (frame.expected <= frame.high + 1).all()
    assert frame.reasons.str.len().min() > 0
    audit = frame[frame.kind == "audit"]
    assert (audit["rank"] > frame["rank"].max() / 4).all() and audit.reasons.str.contains("随机抽取").all()
    mandatory = frame[frame.kind == "mandatory"]
    assert mandatory.mandatory_reason.str.len().min() > 0


def test_every_death_last_year_is_on_the_list(entries):
    frame, con, _ = entries
    died = set(warehouse.query(con, "select distinct i.uscc from injuries i join insurance s on s.uscc = i.uscc "
                                    "and s.year = 2025 where fatal and year(accident_date) = 2025").uscc)
    assert died <= set(frame.uscc)


def test_reasons_use_the_enterprises_own_numbers(entries):
    frame, _, _ = entries
    first = frame.iloc[0]
    assert "同行业" in first.reasons or "预计明年工伤" in first.reasons


def test_audit_sample_is_seeded(entries):
    frame, con, models = entries
    again = keylist.build(con, 2026, top=30, audit=10, seed=3, models_dir=models)
    pd.testing.assert_series_equal(frame[frame.kind == "audit"].uscc.reset_index(drop=True),
                                   again[again.kind == "audit"].uscc.reset_index(drop=True))


def test_reasons_come_in_chinese_and_english_with_the_same_numbers(entries):
    frame, _, _ = entries
    assert frame.reasons_en.str.len().min() > 0 and not frame.reasons_en.str.contains("[\u4e00-\u9fff]").any()
    audit = frame[frame.kind == "audit"]
    assert audit.reasons_en.str.contains("drawn at random").all()
    mandatory = frame[frame.kind == "mandatory"]
    assert (mandatory.mandatory_reason_en.str.len() > 0).all()
    def numbers(text: str) -> list[str]:
        return sorted(re.findall(r"\d+(?:\.\d+)?", text.replace("per 1000", "")))

    for zh, en in zip(frame.reasons, frame.reasons_en):
        assert numbers(zh) == numbers(en)


def test_triggers_and_thresholds_come_from_the_rules_file(entries, tmp_path):
    frame, con, models = entries
    default = keylist.load_rules()
    assert default == keylist.KeylistRules()                # the shipped file says what the code assumed
    path = tmp_path / "keylist.toml"
    path.write_text('[mandatory]\nfatal_injury = false\naccident_level = ""\noverdue_major_hazard = false\n'
                    'new_pneumoconiosis = false\n', "utf-8")
    quiet = keylist.build(con, 2026, top=30, audit=10, seed=3, models_dir=models, rules=keylist.load_rules(path))
    assert (quiet.kind == "mandatory").sum() == 0 and (frame.kind == "mandatory").sum() > 0
    path.write_text('[mandatory]\naccident_level = "big"\n', "utf-8")
    with pytest.raises(ValueError, match=r"mandatory.accident_level: 'big'; allowed: , general, larger, major"):
        keylist.load_rules(path)


def test_the_workbook_is_headed_in_the_language_asked_for(entries, tmp_path):
    frame, _, _ = entries
    keylist.export_xlsx(frame, tmp_path / "zh.xlsx")
    keylist.export_xlsx(frame, tmp_path / "en.xlsx", "en")
    zh = pd.read_excel(tmp_path / "zh.xlsx", sheet_name="重点企业名单", engine="openpyxl")
    en = pd.read_excel(tmp_path / "en.xlsx", sheet_name="Key enterprises", engine="openpyxl")
    assert {"类型", "单位名称", "理由", "必选原因"} <= set(zh.columns)
    assert {"Type", "Employer", "Reasons", "Why mandatory"} <= set(en.columns) and len(en) == len(zh) == len(frame)
    assert set(en["Type"]) <= {"Ranked", "Mandatory", "Audit sample"}


def test_a_year_after_an_incomplete_one_is_refused_unless_year_to_date_is_asked_for(entries):
    _, con, models = entries
    with pytest.raises(keylist.IncompleteYear) as err:
        keylist.build(con, 2027, top=30, models_dir=models)
    assert "2025" in err.value.message("zh") and "--ytd" in str(err.value)
    ytd = keylist.build(con, 2027, top=30, audit=0, models_dir=models, ytd=True)
    assert ytd.attrs["ytd"] and len(ytd) >= 30


def test_a_multiple_is_said_only_on_rates_with_three_events_behind_it(entries):
    frame, _, _ = entries
    for text in frame.reasons:
        for clause in text.split("；"):
            if "倍" in clause:
                assert "发生率" in clause and int(re.search(r"近三年工伤 (\d+) 起", clause).group(1)) >= 3, clause


def test_the_serious_injury_probability_stands_beside_the_expected_count(entries):
    frame, _, _ = entries
    assert frame.p_serious.between(0, 1).all()
    ranked = frame[frame.kind == "ranked"]
    assert ranked.p_serious.mean() > frame[frame.kind == "audit"].p_serious.mean()


def test_an_overdue_major_hazard_counts_whatever_year_it_was_found(demo_copy, entries, tmp_path):
    _, _, models = entries
    con = warehouse.connect(demo_copy)
    quiet = warehouse.query(con, "select uscc from insurance where year = 2025 except "
                                 "select uscc from hazards where rectified_date is null").uscc.iloc[-1]
    con.execute("insert into hazards values ('OLD-1', ?, '2019-04-01', 'major', '顶板支护不到位', '2019-05-01', null, '应急管理')",
                [quiet])
    warehouse.refresh_marts(con)
    listed = keylist.build(con, 2026, top=30, audit=0, models_dir=models).set_index("uscc")
    assert "重大隐患 1 项逾期未整改" in listed.loc[quiet, "mandatory_reason"]


def test_an_audit_entry_gets_no_letter_that_says_it_was_sampled(entries):
    from analytics.data import reference
    from analytics.display import letters

    frame, _, _ = entries
    sections = dict(zip(reference.industries().industry_code, reference.industries().section))
    audit = frame[frame.kind == "audit"].iloc[0]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letters.letter_docx(audit, 2026, sections))).paragraphs)
    assert "随机" not in text and "抽查" not in text


def test_a_model_of_another_province_is_refused(entries, tmp_path):
    import json
    import shutil

    from analytics.targeting import registry

    _, con, models = entries
    copy = tmp_path / "models"
    shutil.copytree(models, copy)
    default = registry.default_id(copy)
    meta_path = copy / default / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    assert meta["warehouse"]["province"] == "yunnan" and len(meta["warehouse"]["fingerprint"]) == 12
    meta["warehouse"]["province"] = "jilin"
    meta_path.write_text(json.dumps(meta), "utf-8")
    with pytest.raises(registry.ModelMismatch, match="jilin"):
        keylist.build(con, 2026, models_dir=copy)
    shutil.rmtree(copy / default)
    with pytest.raises(LookupError, match="files are missing"):
        keylist.build(con, 2026, models_dir=copy)
