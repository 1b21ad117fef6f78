"""`fazhi deadline`: text and JSON output, the rule list, and refusals of bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.deadlines.calendar import notice_title
from fazhi.deadlines.models import HolidayNotice, HolidayNoticeDay
from fazhi.deadlines.rules import RULES

BASE_DIR = Path(__file__).resolve().parents[3]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
NOTICE_2027 = notice_title(2027)


def run(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


# ---- results --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_within_period_text():
    # 60 days from 2024-08-02 end on 10-01 (国庆) → 2024-10-08.
    output = run("reconsideration.decision", "2024-08-02", "--basis", "受理通知书")
    assert "行政复议决定期限（普通程序）（reconsideration.decision）" in output
    assert "依据：《中华人民共和国行政复议法》（2023年修订）第六十二条第一款" in output
    assert "期限届满日：2024年10月8日（星期二）" in output
    assert "计算过程：" in output and "2024年10月1日至7日（国庆节，共7日）" in output
    assert "受理通知书" in output
    assert "暂定" not in output


@pytest.mark.django_db
def test_not_less_than_and_before_periods_say_what_the_date_means():
    # 30 days from 2024-09-01 → 10-01 (国庆) → the comment period may end 10-08 at the earliest.
    assert "最早可结束日：2024年10月8日（星期二）" in run("decision.public_comment", "2024-09-01")
    # 5 working days before a hearing on 2024-10-09 → 09-26.
    output = run("reconsideration.hearing_notice", "2024-10-09")
    assert "事件日：2024年10月9日（星期三）" in output
    assert "最迟应于2024年9月26日（星期四）办理" in output


@pytest.mark.django_db
def test_pause_extension_and_restart_options():
    # 90 days (60 + 30) from 2024-08-02 plus a 3-day pause: 11-03 (Sunday) → 11-04.
    output = run(
        "reconsideration.decision",
        "2024-08-02",
        "--pause",
        "2024-08-10:2024-08-12:中止（第三十九条）",
        "--extend",
        "30",
        "--extend-reason",
        "案情复杂",
    )
    assert "期限届满日：2024年11月4日（星期一）" in output
    assert "中止计算（中止（第三十九条））" in output and "延长30日（案情复杂）" in output
    # 公开条例 第三十条: counted anew from 2026-03-10 → 2026-04-08.
    output = run("disclosure.reply", "2026-03-02", "--restart", "2026-03-10")
    assert "期限届满日：2026年4月8日（星期三）" in output


@pytest.mark.django_db
def test_provisional_result_is_marked_and_names_the_missing_notice():
    output = run("suggestion.reply", "2026-11-30")
    assert "期限届满日：2027年3月1日（星期一）（暂定）" in output
    assert f"《{NOTICE_2027}》" in output


@pytest.mark.django_db
def test_entered_notices_count():
    # A (fictional) 2027 notice in the database: the result is no longer provisional, and the
    # notice's 春节 holidays move the end of 60 days from 2026-12-20 (02-18) to 02-19.
    notice = HolidayNotice.objects.create(
        year=2027, title=NOTICE_2027, published_on=date(2026, 11, 10)
    )
    HolidayNoticeDay.objects.bulk_create(
        HolidayNoticeDay(notice=notice, day=date(2027, 2, d), is_workday=False, name="春节")
        for d in range(5, 19)
    )
    output = run("reconsideration.application", "2026-12-20")
    assert "期限届满日：2027年2月19日（星期五）" in output
    assert "暂定" not in output


@pytest.mark.django_db
def test_json_output():
    data = json.loads(run("suggestion.reply", "2026-11-30", "--json"))
    assert {
        "rule",
        "start",
        "due",
        "day_type",
        "kind",
        "basis",
        "provisional",
        "missing_notices",
        "steps",
    } <= set(data)
    assert data["rule"] == "suggestion.reply"
    assert (data["start"], data["due"]) == ("2026-11-30", "2027-03-01")
    assert (data["day_type"], data["kind"], data["provisional"]) == ("month", "within", True)
    assert data["missing_notices"] == [NOTICE_2027]
    assert all(CHINESE.search(step) for step in data["steps"])


@pytest.mark.django_db
def test_json_is_not_ascii_escaped():
    output = run("reconsideration.decision", "2024-08-02", "--json")
    assert "行政复议" in output and "\\u" not in output


@pytest.mark.django_db
def test_hour_rule_takes_a_time():
    output = run("hotline.urgent_feedback", "2026-03-02T10:20")
    assert "期限届满日：2026年3月2日13时00分" in output
    with pytest.raises(CommandError, match="YYYY-MM-DDTHH:MM"):
        run("hotline.urgent_feedback", "2026-03-02")


def test_list_shows_every_rule():
    output = run("--list")
    for rule in RULES.values():
        assert rule.id in output and rule.basis in output and rule.title in output
    line = next(line for line in output.splitlines() if line.startswith("reconsideration.decision"))
    assert "60日（自然日，最长期限）" in line
    line = next(line for line in output.splitlines() if line.startswith("normdoc.public_comment"))
    assert "7个工作日（工作日，最短期限）" in line
    assert "（未核实，可通过设置 FAZHI_PERIOD_NORMDOC_PUBLIC_COMMENT_WORKDAYS 调整）" in line
    line = next(
        line for line in output.splitlines() if line.startswith("reconsideration.hearing_notice")
    )
    assert "倒计期限" in line and "未核实" not in line


def test_list_shows_overridden_lengths(settings):
    settings.FAZHI_PERIOD_NORMDOC_PUBLIC_COMMENT_WORKDAYS = 10
    line = next(
        line for line in run("--list").splitlines() if line.startswith("normdoc.public_comment")
    )
    assert "10个工作日" in line


# ---- refusals -------------------------------------------------------------------------------

BAD_INPUT = [
    (["no.such_rule", "2026-03-02"], "未知的期限规则编号"),
    (["reconsideration.decision", "2026/03/02"], "YYYY-MM-DD"),
    (["reconsideration.decision", "20260302"], "YYYY-MM-DD"),
    (["reconsideration.decision", "2026-02-30"], "不存在"),
    (["reconsideration.decision"], "请给出规则编号和起算日"),
    (["reconsideration.decision", "2026-03-02", "--pause", "2026-03-10"], "中止期间"),
    (["reconsideration.decision", "2026-03-02", "--pause", "2026-03-10:03-12"], "YYYY-MM-DD"),
    (["reconsideration.decision", "2026-03-02", "--pause", "2026-03-12:2026-03-10"], "早于开始日"),
    (
        ["reconsideration.decision", "2026-03-02", "--pause", "2026-02-20:2026-03-05"],
        "早于期间起算日",
    ),
    (
        ["reconsideration.decision", "2026-03-02", "--pause", "2026-06-01:2026-06-05"],
        "期间已经届满",
    ),
    (["reconsideration.decision", "2026-03-02", "--extend", "31"], "第六十二条第一款"),
    (["reconsideration.decision", "2026-03-02", "--extend", "abc"], "正整数"),
    (["reconsideration.decision_simplified", "2026-03-02", "--extend", "5"], "未规定可以延长"),
    (["reconsideration.decision", "2026-03-02", "--restart", "2026-03-01"], "早于原起算日"),
    (["reconsideration.decision", "2026-03-02", "--restart", "2026-3-5"], "YYYY-MM-DD"),
    (
        ["reconsideration.hearing_notice", "2026-10-09", "--pause", "2026-09-01:2026-09-02"],
        "不适用中止",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "message"), BAD_INPUT, ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_is_refused_in_chinese(args, message):
    with pytest.raises(CommandError) as excinfo:
        run(*args)
    assert message in str(excinfo.value)
    assert CHINESE.search(str(excinfo.value))


# ---- as a process: exit status ---------------------------------------------------------------


@pytest.fixture(scope="module")
def process_env(tmp_path_factory) -> dict[str, str]:
    """A separate var/ with a migrated SQLite database, for runs of manage.py."""
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "FAZHI_VAR_DIR": str(var),
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--run-syncdb", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "deadline", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_process_prints_the_result_and_exits_zero(process_env):
    result = manage(process_env, "reconsideration.acceptance_review", "2024-09-27")
    assert result.returncode == 0, result.stderr
    # 5 working days from 2024-09-27: 09-29 (Sun, worked), 09-30, 10-08, 10-09, 10-10.
    assert "期限届满日：2024年10月10日（星期四）" in result.stdout
    data = json.loads(manage(process_env, "disclosure.reply", "2026-03-02", "--json").stdout)
    assert data["due"] == "2026-03-30"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no.such_rule", "2026-03-02"], "未知的期限规则编号"),
        (["reconsideration.decision", "2026-3-2"], "YYYY-MM-DD"),
        (
            ["reconsideration.decision", "2026-03-02", "--pause", "2026-06-01:2026-06-05"],
            "期间已经届满",
        ),
        (["reconsideration.decision", "2026-03-02", "--extend", "31"], "第六十二条第一款"),
        (["reconsideration.decision", "2026-03-02", "--restart", "2026-03-01"], "早于原起算日"),
    ],
)
def test_process_exits_non_zero_with_a_chinese_message(process_env, args, message):
    result = manage(process_env, *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
