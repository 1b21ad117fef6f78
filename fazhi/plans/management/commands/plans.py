"""`fazhi plans`: reading a plan document into tasks.

fazhi plans parse FILE [--json]
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.plans.parsing import PlanUnreadable, describe, parse_plan, read_plan


class Command(BaseCommand):
    help = "规划任务台账：解析规划文本（parse），得到任务、责任单位、量化目标和完成时限"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        parse = sub.add_parser("parse", help="解析规划文本（.txt 或 .docx，简体或繁体）")
        parse.add_argument("file", help=".txt 或 .docx 文件")
        parse.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, "_" + action)(**options)

    def _parse(self, *, file: str, json: bool = False, **options) -> None:
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件“{path.name}”：{exc.strerror or exc}。") from exc
        try:
            parsed = parse_plan(read_plan(data, path.name))
        except PlanUnreadable as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_json_dumps(parsed))
        else:
            self.stdout.write(describe(parsed))


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
