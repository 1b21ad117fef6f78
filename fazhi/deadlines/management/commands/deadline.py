"""`fazhi deadline`: compute one statutory period on the command line, or list the rules.

    fazhi deadline RULE_ID START_DATE [--pause FROM:TO[:REASON] ...] [--extend N
        [--extend-reason TEXT]] [--restart DATE] [--basis TEXT] [--json]
    fazhi deadline --list

The holiday calendar is the one the platform uses (package data plus the holiday notices
entered in the database), so a notice entered by an administrator counts here too.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from fazhi.deadlines.compute import DeadlineError, Extension, Pause, Result, compute, fmt_dt, fmt_w
from fazhi.deadlines.rules import (
    RULES,
    DayType,
    PeriodKind,
    Rule,
    UnknownRuleError,
    effective_length,
    get_rule,
)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")
_COUNTED_IN = {
    DayType.NATURAL: "自然日",
    DayType.WORKING: "工作日",
    DayType.MONTH: "按月",
    DayType.YEAR: "按年",
    DayType.HOUR: "按小时",
    DayType.DATE: "日期由文件确定",
}
_DEFAULT_EXTENSION_REASON = "命令行试算"


def parse_date(text: str, what: str = "日期") -> date:
    """An ISO date, YYYY-MM-DD and nothing else."""
    text = text.strip()
    if not _DATE.fullmatch(text):
        raise CommandError(f"{what}“{text}”格式不正确：请使用 YYYY-MM-DD（如 2026-03-02）。")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{what}“{text}”不存在，请检查年月日。") from None


def parse_moment(text: str, what: str = "起算时间") -> datetime:
    """An ISO date and time to the minute (YYYY-MM-DDTHH:MM), in the project's time zone."""
    text = text.strip()
    if not _DATETIME.fullmatch(text):
        raise CommandError(
            f"{what}“{text}”格式不正确：按小时计算的期间须给出时刻，"
            "请使用 YYYY-MM-DDTHH:MM（如 2026-03-02T10:20）。"
        )
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        raise CommandError(f"{what}“{text}”不存在，请检查日期和时刻。") from None
    return timezone.make_aware(moment, timezone.get_current_timezone())


def parse_pause(text: str) -> Pause:
    """FROM:TO or FROM:TO:REASON, both dates in YYYY-MM-DD."""
    parts = text.split(":", 2)
    if len(parts) < 2:
        raise CommandError(
            f"中止期间“{text}”格式不正确：请使用 开始日:结束日（如 2026-03-10:2026-03-19），"
            "可在其后加“:原因”。"
        )
    start = parse_date(parts[0], "中止开始日")
    end = parse_date(parts[1], "中止结束日")
    reason = parts[2].strip() if len(parts) == 3 else ""
    return Pause(start, end, reason)


def parse_extensions(lengths: list[str], reasons: list[str]) -> list[Extension]:
    if len(reasons) > len(lengths):
        raise CommandError("--extend-reason 的个数多于 --extend：每个延长理由须对应一次延长。")
    extensions = []
    for index, text in enumerate(lengths):
        if not re.fullmatch(r"\d+", text.strip()) or int(text) < 1:
            raise CommandError(f"延长期限“{text}”无效：应为正整数（按规则的计算单位）。")
        reason = reasons[index] if index < len(reasons) else _DEFAULT_EXTENSION_REASON
        extensions.append(Extension(int(text), reason))
    return extensions


def rule_note(rule: Rule) -> str:
    if not rule.setting:
        return ""
    if not rule.verified:
        return f"（未核实，可通过设置 {rule.setting} 调整）"
    return f"（可通过设置 {rule.setting} 调整）"


def format_due(result: Result) -> str:
    due = result.due
    return fmt_dt(due) if isinstance(due, datetime) else fmt_w(due)


class Command(BaseCommand):
    help = "计算法定期限（期限届满日、最早可结束日或最迟办理日），或用 --list 列出全部期限规则。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rule_id", nargs="?", help="规则编号，如 reconsideration.decision")
        parser.add_argument(
            "start",
            nargs="?",
            help="起算日（倒计期限为事件日），格式 YYYY-MM-DD；按小时计算的为 YYYY-MM-DDTHH:MM",
        )
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="FROM:TO",
            help="中止期间（含首尾两日），格式 开始日:结束日[:原因]，可多次给出",
        )
        parser.add_argument(
            "--extend", action="append", default=[], metavar="N", help="延长期限（规则的单位）"
        )
        parser.add_argument(
            "--extend-reason", action="append", default=[], metavar="TEXT", help="延长理由"
        )
        parser.add_argument("--restart", metavar="DATE", help="重新起算日，格式 YYYY-MM-DD")
        parser.add_argument("--basis", default="", metavar="TEXT", help="起算日的确定方式")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出计算结果")
        parser.add_argument("--list", action="store_true", help="列出全部期限规则")

    def handle(self, *args: object, **options: object) -> None:
        if options["list"]:
            self.list_rules()
            return
        rule_id, start_text = options["rule_id"], options["start"]
        if not rule_id or not start_text:
            raise CommandError(
                "请给出规则编号和起算日，例如：fazhi deadline reconsideration.decision "
                "2026-03-02；运行 fazhi deadline --list 查看全部规则编号。"
            )
        try:
            rule = get_rule(str(rule_id))
        except UnknownRuleError as error:
            raise CommandError(str(error)) from None
        hourly = rule.day_type is DayType.HOUR
        start: date = (
            parse_moment(str(start_text)) if hourly else parse_date(str(start_text), "起算日")
        )
        restart = None
        if options["restart"]:
            text = str(options["restart"])
            restart = (
                parse_moment(text, "重新起算时间") if hourly else parse_date(text, "重新起算日")
            )
        pauses = [parse_pause(text) for text in options["pause"]]  # type: ignore[union-attr]
        extensions = parse_extensions(options["extend"], options["extend_reason"])  # type: ignore[arg-type]

        from fazhi.deadlines.selectors import current_calendar

        try:
            calendar = current_calendar()
        except DatabaseError as error:
            raise CommandError(
                f"无法读取已录入的节假日安排通知（数据库不可用：{error}）。请先运行 fazhi migrate。"
            ) from None
        try:
            result = compute(
                rule,
                start,
                calendar=calendar,
                trigger_basis=str(options["basis"]),
                pauses=pauses,
                restart=restart,
                extensions=extensions,
            )
        except DeadlineError as error:
            raise CommandError(str(error)) from None

        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
            return
        self.print_result(result)

    def print_result(self, result: Result) -> None:
        rule = result.rule
        write = self.stdout.write
        write(f"{rule.title}（{rule.id}）")
        write(f"依据：{result.basis}")
        write(
            f"期间：{result.day_type.describe(result.length)}（{_COUNTED_IN[rule.day_type]}，"
            f"{rule.kind.label}）{rule_note(rule)}"
        )
        marker = "（暂定）" if result.provisional else ""
        due = format_due(result)
        if rule.kind is PeriodKind.BEFORE:
            write(f"事件日：{fmt_w(result.start)}")
            write(f"最迟应于{due}办理{marker}")
        elif rule.kind is PeriodKind.NOT_LESS_THAN:
            write(f"起算日：{fmt_w(result.start)}")
            write(f"最早可结束日：{due}{marker}")
        else:
            start = result.start
            write(f"起算日：{fmt_dt(start) if isinstance(start, datetime) else fmt_w(start)}")
            write(f"期限届满日：{due}{marker}")
        if result.provisional:
            names = "、".join(f"《{title}》" for title in result.missing_notices)
            write(
                f"（暂定）尚未录入{names}，相关年度按《全国年节及纪念日放假办法》推算，结果可能变化。"
            )
        write("计算过程：")
        for number, step in enumerate(result.steps, 1):
            write(f"  {number}. {step}")

    def list_rules(self) -> None:
        write = self.stdout.write
        write(f"共 {len(RULES)} 条期限规则：")
        for rule in RULES.values():
            period = rule.day_type.describe(effective_length(rule))
            write(
                f"{rule.id}  {rule.title}  {period}（{_COUNTED_IN[rule.day_type]}，"
                f"{rule.kind.label}）  {rule.basis}{rule_note(rule)}"
            )
