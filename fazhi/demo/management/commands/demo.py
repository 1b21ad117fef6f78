"""`fazhi demo`: build the demo district, or print its demo accounts (`--accounts`)."""

from __future__ import annotations

import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.models import Person, Unit
from fazhi.demo.generator import DEFAULT_SEED, DEMO_PASSWORD, DEMO_PERSONAS, generate

ACCOUNT_HEADERS = ("账号", "密码", "姓名", "角色", "单位")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows padded into columns, counting a Chinese character as two columns wide."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


class Command(BaseCommand):
    help = "生成确定性的示例区数据（组织机构、人员、演示账号），或用 --accounts 列出演示账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子（默认 2026）")
        parser.add_argument("--scale", type=int, default=1, help="生成几个区（默认 1）")
        parser.add_argument(
            "--documents", type=int, default=40, help="每个区的历史规范性文件数（默认 40）"
        )
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="历史文件改用批量写入的压力测试语料（每件约 --chars 字，无办理过程和存证记录）",
        )
        parser.add_argument("--chars", type=int, default=5_000, help="--bulk 时每件文件的字数")
        parser.add_argument(
            "--cases",
            type=int,
            default=0,
            help="--bulk 时每个区批量写入的行政处罚案件数（压力测试用，无办理过程和存证记录）",
        )
        parser.add_argument("--if-empty", action="store_true", help="数据库中已有单位时什么也不做")
        parser.add_argument("--accounts", action="store_true", help="只列出演示账号，不生成数据")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(
        self,
        *args,
        seed: int,
        scale: int,
        documents: int,
        bulk: bool,
        chars: int,
        cases: int,
        if_empty: bool,
        accounts: bool,
        no_progress: bool,
        **options,
    ) -> None:
        if accounts:
            self.print_accounts()
            return
        if scale < 1:
            raise CommandError("--scale 至少为 1。")
        if documents < 0:
            raise CommandError("--documents 不能为负数。")
        if cases < 0:
            raise CommandError("--cases 不能为负数。")
        if cases and not bulk:
            raise CommandError("--cases 须与 --bulk 一起使用。")
        existing = Unit.objects.count()
        if existing and if_empty:
            self.stdout.write(f"数据库中已有数据（{existing} 个单位），不再生成示例数据。")
            return
        if existing:
            raise CommandError(
                f"数据库中已有 {existing} 个单位，不能再生成示例数据。"
                "只想在空库时生成，请加 --if-empty；要重建，请先清空数据库。"
            )
        started = time.monotonic()
        summary = generate(
            seed=seed,
            scale=scale,
            documents=documents,
            bulk=bulk,
            chars=chars,
            cases=cases,
            progress=not no_progress and options["verbosity"] > 0,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成示例数据（种子 {seed}）：{summary.districts} 个区，"
                f"{summary.units} 个单位，{summary.people} 名人员，{summary.posts} 个任职，"
                f"{summary.documents} 件规范性文件，{summary.decisions} 项重大行政决策，"
                f"{summary.cases} 件行政处罚案件，{summary.reconsiderations} 件行政复议案件，"
                f"{summary.litigations} 件行政应诉案件，"
                f"{summary.plan_tasks} 项规划任务（{summary.plan_reports} 份进展报告），"
                f"用时 {time.monotonic() - started:.1f} 秒。"
            )
        )
        self.stdout.write("查看演示账号：fazhi demo --accounts")

    def print_accounts(self) -> None:
        rows = [ACCOUNT_HEADERS] + [
            (p.username, DEMO_PASSWORD, p.name, p.role, p.unit) for p in DEMO_PERSONAS
        ]
        self.stdout.write("演示账号（仅供演示，请勿在生产环境使用）：")
        for line in _table(rows):
            self.stdout.write("  " + line)
        self.stdout.write(f"所有演示账号的密码均为：{DEMO_PASSWORD}")
        usernames = [p.username for p in DEMO_PERSONAS]
        if Person.objects.filter(username__in=usernames).count() < len(usernames):
            warning = "注意：数据库中还没有（全部）这些账号，请先运行 fazhi demo 生成示例数据。"
            self.stdout.write(self.style.WARNING(warning))
