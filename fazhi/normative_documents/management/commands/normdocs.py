"""`fazhi normdocs`: legality pre-review, metadata extraction, the pre-review evaluation, and the
bulk import of existing documents.

    fazhi normdocs prereview FILE [--json]
    fazhi normdocs prereview-eval [--data FILE]
    fazhi normdocs parse FILE [--json]
    fazhi normdocs import PATH --unit 单位 [--as 用户名] [--dry-run]
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.textio import UnreadableDocument, read_text


class Command(BaseCommand):
    help = (
        "规范性文件：合法性审核辅助（prereview）、评测（prereview-eval）、要素提取（parse）、"
        "批量导入（import）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        prereview = sub.add_parser("prereview", help="逐条检查草案可能存在的合法性问题")
        prereview.add_argument("file", help=".txt 或 .docx 文件")
        prereview.add_argument("--json", action="store_true", help="以 JSON 输出")
        evaluate = sub.add_parser("prereview-eval", help="在标注集上计算各类别的精确率和召回率")
        evaluate.add_argument(
            "--data", help="标注集文件（默认 tests/data/prereview_clauses.jsonl）"
        )
        parse = sub.add_parser("parse", help="提取标题、发文机关、文号、日期和条款结构")
        parse.add_argument("file", help=".txt 或 .docx 文件")
        parse.add_argument("--json", action="store_true", help="以 JSON 输出")
        imp = sub.add_parser("import", help="批量导入已发布的规范性文件（文件夹或 .xlsx 登记表）")
        imp.add_argument("path", help="文件夹，或 .xlsx 登记表（文件放在同一文件夹）")
        imp.add_argument("--unit", required=True, help="承办导入的单位（名称或编号）")
        imp.add_argument("--as", dest="username", help="以该用户身份导入（默认该单位的单位管理员）")
        imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _read(self, path: str) -> str:
        try:
            return read_text(path)
        except UnreadableDocument as exc:
            raise CommandError(str(exc)) from exc

    def _dump(self, data) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _prereview(self, *, file: str, json: bool = False, **options) -> None:
        from fazhi.normative_documents.prereview import prereview_text

        flags = prereview_text(self._read(file))
        if json:
            self._dump({"flags": [flag.as_dict() for flag in flags]})
            return
        if not flags:
            self.stdout.write("未发现可能违法的条款。")
        for flag in flags:
            self.stdout.write(flag.describe())

    def _prereview_eval(self, *, data: str | None = None, **options) -> None:
        from fazhi.normative_documents.prereview import evaluate

        report = evaluate(data)
        self.stdout.write(report.table())

    def _parse(self, *, file: str, json: bool = False, **options) -> None:
        from fazhi.core.docparse import parse_text

        parsed = parse_text(self._read(file))
        if json:
            self._dump(parsed.as_dict())
        else:
            self.stdout.write(parsed.describe())

    def _import(self, **options) -> None:
        from fazhi.normative_documents.importing import import_command

        import_command(self, **options)
