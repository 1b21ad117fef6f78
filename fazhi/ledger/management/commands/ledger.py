"""`fazhi ledger`: verify the log, sign a checkpoint, countersign as a witness, make a key.

    fazhi ledger verify [--no-progress]
    fazhi ledger checkpoint
    fazhi ledger witness --signer 名称 --key FILE [--checkpoint ID]
    fazhi ledger keygen [--out FILE]

`verify` exits non-zero when it finds anything (each finding on its own line).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.ledger import keys, selectors, services
from fazhi.ledger.models import Checkpoint
from fazhi.ledger.verification import verify_ledger


class Command(BaseCommand):
    help = "账本：核验（verify）、签署检查点（checkpoint）、见证联署（witness）、生成密钥（keygen）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        verify = sub.add_parser("verify", help="从数据库重算全部条目、树和检查点并报告问题")
        verify.add_argument("--no-progress", action="store_true", help="不显示进度条")
        sub.add_parser("checkpoint", help="用日志密钥签署当前树头")
        witness = sub.add_parser("witness", help="以见证机关的密钥联署检查点")
        witness.add_argument("--signer", required=True, help="见证机关名称")
        witness.add_argument(
            "--key", required=True, help="见证机关私钥文件（32 字节，十六进制或 Base64）"
        )
        witness.add_argument("--checkpoint", type=int, help="检查点编号（默认最新）")
        keygen = sub.add_parser("keygen", help="生成 Ed25519 密钥")
        keygen.add_argument("--out", help="私钥写入的新文件（权限 0600）；省略则只打印")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _verify(self, *, no_progress: bool = False, **options) -> None:
        report = verify_ledger(progress=not no_progress and sys.stderr.isatty())
        for finding in report.findings:
            self.stdout.write(str(finding))
        summary = (
            f"条目 {report.entries} 条，树 {report.tree_size} 条，检查点 {report.checkpoints} 个，"
            f"见证签名 {report.witness_signatures} 个"
        )
        if not report.ok:
            raise CommandError(f"{summary}：发现 {len(report.findings)} 处问题。")
        self.stdout.write(self.style.SUCCESS(f"{summary}：全部核验通过。"))

    def _checkpoint(self, **options) -> None:
        checkpoint = services.checkpoint_sign()
        self.stdout.write(json.dumps(selectors.checkpoint_json(checkpoint), ensure_ascii=False))

    def _witness(self, *, signer: str, key: str, checkpoint: int | None = None, **options) -> None:
        try:
            private = keys.read_key_file(Path(key))
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取见证机关私钥文件 {key}：{exc}") from None
        target = (
            Checkpoint.objects.filter(pk=checkpoint).first()
            if checkpoint is not None
            else selectors.latest_checkpoint()
        )
        if target is None:
            raise CommandError("没有可联署的检查点。")
        try:
            signature = services.witness_countersign(
                checkpoint=target, signer=signer, private_key=private
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{signature.signer}（key_id {signature.key_id}）已联署检查点 {target.pk}"
                f"（{target.size} 条，根哈希 {target.root}）。"
            )
        )

    def _keygen(self, *, out: str | None = None, **options) -> None:
        key = keys.generate()
        public = keys.public_bytes(key)
        if out:
            try:
                keys.write_key_file(Path(out), key)
            except FileExistsError:
                raise CommandError(f"文件 {out} 已存在：不会覆盖已有密钥。") from None
            self.stdout.write(f"私钥已写入 {out}（权限 0600），请妥善保管。")
        else:
            self.stdout.write(f"私钥（十六进制，请妥善保管）：{keys.private_bytes(key).hex()}")
        self.stdout.write(f"公钥：{public.hex()}")
        self.stdout.write(f"key_id：{keys.key_id(public)}")
