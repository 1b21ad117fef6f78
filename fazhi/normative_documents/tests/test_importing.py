"""Import of documents published before the platform: an .xlsx register where one bad row is
reported with every reason and never stops the others, a malformed workbook, the upload size
cap, and a folder imported through `fazhi normdocs import`."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from openpyxl import Workbook

from fazhi.normative_documents import forms as normdoc_forms
from fazhi.normative_documents.models import Version

from .conftest import at

pytestmark = pytest.mark.django_db

URL = "/workspace/normative-documents/import/"
TODAY = date(2026, 6, 1)

HEADER = [
    "标题",
    "制定机关",
    "发文字号",
    "成文日期",
    "发布日期",
    "施行日期",
    "有效期至",
    "主题分类",
    "状态",
    "废止日期",
    "文件",
    "正文",
]

NOTICE = """甲区教育局文件

甲教发〔2024〕5号

甲区教育局关于加强中小学课后服务管理的通知

各中小学：
第一条 为加强课后服务管理，制定本通知。
第二条 本通知自2024年3月1日起施行，有效期5年。

甲区教育局
2024年2月20日
"""

RULES = """甲区教育局文件

甲教发〔2023〕12号

甲区教育局关于规范校外培训收费的通知

各校外培训机构：
第一条 为规范校外培训收费，制定本通知。
第二条 本通知自2023年9月1日起施行，有效期3年。

甲区教育局
2023年8月15日
"""


def register(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_and_bad_register(world) -> bytes:
    name = world.east.dept_a.name
    return register(
        [
            [
                "甲区教育局关于加强中小学课后服务管理的通知",
                name,
                "甲教发〔2024〕5号",
                date(2024, 2, 20),
                date(2024, 2, 22),
                date(2024, 3, 1),
                date(2029, 2, 28),
                "教育",
                "现行有效",
                None,
                "课后服务.txt",
                None,
            ],
            [
                "甲区某某通知",
                "不存在的机关",
                "甲教发(24)第03号",
                "2024年13月1日",
                "2024-05-01",
                "2024-04-01",
                None,
                "不存在的分类",
                "已废止",
                None,
                None,
                None,
            ],
            [
                "甲区教育局关于规范校外培训收费的通知",
                name,
                "甲教发〔2023〕12号",
                "2023年8月15日",
                "2023/8/16",
                "2023-09-01",
                None,
                "市场监管",
                "已废止",
                "2025-12-31",
                None,
                "第一条 为规范校外培训收费，制定本通知。",
            ],
        ]
    )


def test_register_with_one_bad_row_imports_the_others_and_reports_every_reason(world):
    with at(TODAY):
        client = Client()
        client.force_login(world.drafter)
        assert client.get(URL).status_code == 200
        response = client.post(
            URL,
            {
                "unit": world.east.dept_a.pk,
                "register": SimpleUploadedFile("登记表.xlsx", good_and_bad_register(world)),
                "files": [SimpleUploadedFile("课后服务.txt", NOTICE.encode("utf-8"))],
            },
        )
    assert response.status_code == 200
    text = response.content.decode()
    assert "共 3 行：已导入 2 行，跳过 1 行" in text
    for reason in (
        "找不到制定机关“不存在的机关”",
        "成文日期“2024年13月1日”不是有效日期",
        "主题分类“不存在的分类”不在分类表中",
        "状态为已废止，须填写废止日期",
        "缺少正文",
        "施行日期早于发布日期",
        "年份应写全四位",
    ):
        assert reason in text, reason
    assert 'data-row="3"' in text  # the bad row, by its row number in the sheet
    imported = Version.objects.filter(imported=True).order_by("published_on")
    assert [v.title for v in imported] == [
        "甲区教育局关于规范校外培训收费的通知",
        "甲区教育局关于加强中小学课后服务管理的通知",
    ]
    fees, notice = imported
    assert notice.text == NOTICE and notice.state == "published"
    assert notice.document.subject == "education" and notice.valid_until == date(2029, 2, 28)
    assert fees.document.end_kind == "repealed" and fees.document.ended_on == date(2025, 12, 31)
    assert not Version.objects.filter(title="甲区某某通知").exists()


def test_dry_run_writes_nothing(world):
    with at(TODAY):
        client = Client()
        client.force_login(world.drafter)
        response = client.post(
            URL,
            {
                "unit": world.east.dept_a.pk,
                "register": SimpleUploadedFile("登记表.xlsx", good_and_bad_register(world)),
                "files": [SimpleUploadedFile("课后服务.txt", NOTICE.encode("utf-8"))],
                "dry_run": "on",
            },
        )
    assert "可导入 2 行，跳过 1 行" in response.content.decode()
    assert not Version.objects.filter(imported=True).exists()


def test_a_malformed_register_is_a_clear_message(world):
    with at(TODAY):
        client = Client()
        client.force_login(world.drafter)
        response = client.post(
            URL,
            {
                "unit": world.east.dept_a.pk,
                "register": SimpleUploadedFile("登记表.xlsx", b"PK\x03\x04 not really a workbook"),
            },
        )
        assert response.status_code == 200
        assert "不是有效的 .xlsx 文件" in response.content.decode()
        no_header = client.post(
            URL,
            {
                "unit": world.east.dept_a.pk,
                "register": SimpleUploadedFile("登记表.xlsx", _sheet_without_header()),
            },
        )
        assert "没有找到表头" in no_header.content.decode()
    assert not Version.objects.filter(imported=True).exists()


def _sheet_without_header() -> bytes:
    workbook = Workbook()
    workbook.active.append(["名称", "日期"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_uploads_over_the_size_cap_are_refused(world, monkeypatch):
    monkeypatch.setattr(normdoc_forms, "MAX_UPLOAD_BYTES", 100)
    with at(TODAY):
        client = Client()
        client.force_login(world.drafter)
        response = client.post(
            URL,
            {
                "unit": world.east.dept_a.pk,
                "files": [SimpleUploadedFile("大文件.txt", ("第一条 内容。" * 50).encode())],
            },
        )
    assert response.status_code == 200
    assert "超过" in response.content.decode() and "MB" in response.content.decode()
    assert not Version.objects.exists()


def test_outsider_cannot_import_for_another_unit(world):
    with at(TODAY):
        client = Client()
        client.force_login(world.outsider)
        response = client.post(
            URL,
            {
                "unit": world.east.dept_a.pk,
                "files": [SimpleUploadedFile("课后服务.txt", NOTICE.encode("utf-8"))],
            },
        )
    assert response.status_code == 200 and "有效的选项" in response.content.decode()
    assert not Version.objects.exists()


def test_folder_import_through_the_command(world, tmp_path: Path):
    (tmp_path / "课后服务.txt").write_text(NOTICE, encoding="gb18030")
    (tmp_path / "收费.txt").write_text(RULES, encoding="utf-8")
    (tmp_path / "空白.txt").write_text("", encoding="utf-8")
    (tmp_path / "说明.pdf").write_bytes(b"%PDF")
    out = io.StringIO()
    with at(TODAY):
        call_command(
            "normdocs",
            "import",
            str(tmp_path),
            "--unit",
            world.east.dept_a.name,
            "--as",
            world.drafter.username,
            "--dry-run",
            stdout=out,
        )
        assert not Version.objects.exists()
        assert "可导入 2 行" in out.getvalue()
        out = io.StringIO()
        call_command(
            "normdocs",
            "import",
            str(tmp_path),
            "--unit",
            world.east.dept_a.name,
            "--as",
            world.drafter.username,
            stdout=out,
        )
    lines = out.getvalue().splitlines()
    assert len(lines) == 4, lines
    assert any(
        line.startswith("空白.txt") and "跳过" in line and "缺少正文" in line for line in lines
    )
    assert lines[-1].startswith("共 3 行：已导入 2 行，跳过 1 行")
    notice = Version.objects.get(doc_number="甲教发〔2024〕5号")
    assert notice.title == "甲区教育局关于加强中小学课后服务管理的通知"
    assert notice.published_on == date(2024, 2, 20) and notice.effective_on == date(2024, 3, 1)
    assert notice.document.issuer == world.east.dept_a


def test_command_defaults_to_the_unit_admin_and_names_a_missing_unit(world, tmp_path: Path):
    (tmp_path / "收费.txt").write_text(RULES, encoding="utf-8")
    out = io.StringIO()
    with at(TODAY):
        call_command(
            "normdocs", "import", str(tmp_path), "--unit", world.east.dept_a.name, stdout=out
        )
        assert "已导入 1 行" in out.getvalue()
        with pytest.raises(CommandError, match="找不到单位"):
            call_command("normdocs", "import", str(tmp_path), "--unit", "不存在的局")


def test_text_files_uploaded_without_a_register(world):
    with at(TODAY):
        client = Client()
        client.force_login(world.drafter)
        response = client.post(
            URL,
            {
                "unit": world.east.dept_a.pk,
                "files": [
                    SimpleUploadedFile("课后服务.txt", NOTICE.encode("utf-8")),
                    SimpleUploadedFile("收费.txt", RULES.encode("gb18030")),
                ],
            },
        )
    assert "共 2 行：已导入 2 行，跳过 0 行" in response.content.decode()
    assert set(Version.objects.values_list("doc_number", flat=True)) == {
        "甲教发〔2024〕5号",
        "甲教发〔2023〕12号",
    }


def test_register_path_through_the_command(world, tmp_path: Path):
    (tmp_path / "课后服务.txt").write_text(NOTICE, encoding="utf-8")
    path = tmp_path / "登记表.xlsx"
    path.write_bytes(good_and_bad_register(world))
    out = io.StringIO()
    with at(TODAY):
        call_command(
            "normdocs",
            "import",
            str(path),
            "--unit",
            world.east.dept_a.name,
            "--as",
            world.drafter.username,
            stdout=out,
        )
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("第3行 甲区某某通知：跳过：") and "找不到制定机关" in lines[1]
    assert lines[-1] == "共 3 行：已导入 2 行，跳过 1 行。"
    assert Version.objects.filter(imported=True).count() == 2
