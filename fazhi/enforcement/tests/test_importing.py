""".xlsx imports of enforcement items and inspection targets: all or nothing, every bad row
reported with its number and reasons, tolerant headers (full width, spaces, units, Traditional
Chinese), and clear messages for files that cannot be used."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from fazhi.core.models import Role, UnitKind
from fazhi.core.tests.factories import PersonFactory, UnitFactory
from fazhi.enforcement import importing
from fazhi.enforcement.models import Entity, Item
from fazhi.ledger.models import LedgerEntry

from .conftest import at
from .test_inspections import uscc

pytestmark = pytest.mark.django_db

DAY = date(2026, 2, 2)
ITEM_HEADER = [
    "事项编码",
    "事项名称",
    "事项类别",
    "法律依据",
    "实施层级",
    "是否下放街道",
    "法定罚款下限",
    "法定罚款上限",
    "是否列入法制审核目录",
]
ENTITY_HEADER = ["统一社会信用代码", "名称", "所在街道", "地址", "信用风险等级", "行业"]


def xlsx(rows: list[list], *, title_rows: list[list] = (), name: str = "导入.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in [*title_rows, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def item_row(code: str, **overrides) -> list:
    values = {
        "code": code,
        "name": f"对违反某某规定行为的行政处罚（{code}）",
        "kind": "行政处罚",
        "basis": "《公共场所卫生管理条例》第十四条",
        "level": "区级",
        "delegated": "否",
        "low": 500,
        "high": "30,000",
        "listed": "是",
    }
    values.update(overrides)
    return list(values.values())


def import_items(world, upload):
    with at(DAY):
        return importing.items_import(actor=world.head, body=world.body, upload=upload)


def import_entities(world, upload, actor=None):
    """By the 司法局 (which keeps the register)."""
    with at(DAY):
        return importing.entities_import(actor=actor or world.clerk, body=world.body, upload=upload)


# ---- items --------------------------------------------------------------------------------------


def test_a_good_items_file_is_imported_in_one_entry(world):
    rows = [
        item_row("330217002000"),
        item_row("330217003000", kind="行政检查", low=None, high=None, listed=""),
        item_row("330217004000", level="街道（乡镇）", delegated="是", low="200", high=2000.5),
    ]
    entries = LedgerEntry.objects.count()
    report = import_items(world, xlsx([ITEM_HEADER, *rows]))
    assert report.ok, report.problems
    assert (report.rows, report.created, report.updated) == (3, 3, 0)
    assert "已导入 3 行执法事项" in report.summary()
    item = Item.objects.get(body=world.body, code="330217004000")
    assert item.level == "street" and item.delegated and item.statutory_max == Decimal("2000.50")
    assert Item.objects.get(code="330217002000").review_listed
    assert Item.objects.get(code="330217003000").kind == "inspection"
    assert LedgerEntry.objects.count() == entries + 1
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry.event == 12012 and entry.changes["file_sha256"][1] == report.sha256
    assert entry.changes["created"][1] == 3
    again = import_items(world, xlsx([ITEM_HEADER, rows[0]]))
    assert (again.created, again.updated) == (0, 1)


def test_every_bad_row_is_reported_and_nothing_saved(world):
    rows = [
        item_row("330217002000"),
        item_row("330217003000", kind="行政奖励"),  # row 3
        item_row("330217004000"),
        item_row("330217005000", low="30000", high="500", level="乡镇", delegated="也许"),  # 5
        item_row("330217002000"),  # row 6: duplicate of row 2
        item_row("330217006000"),
    ]
    entries, items = LedgerEntry.objects.count(), Item.objects.count()
    report = import_items(world, xlsx([ITEM_HEADER, *rows]))
    assert not report.ok and report.bad_rows == 3
    by_row = {p.number: p.reasons for p in report.problems}
    assert set(by_row) == {3, 5, 6}
    assert any("事项类别“行政奖励”无效" in r for r in by_row[3])
    assert any("是否下放街道“也许”无法识别" in r for r in by_row[5])
    assert any("与第2行重复" in r for r in by_row[6])
    assert "没有保存任何数据" in report.summary()
    assert (LedgerEntry.objects.count(), Item.objects.count()) == (entries, items)
    # The same file without the bad rows' first problem still finds the cross-field rule.
    report = import_items(world, xlsx([ITEM_HEADER, item_row("X1", low="30000", high="500")]))
    assert report.problems[0].reasons == ["法定罚款上限不能低于下限。"]


def test_headers_are_matched_tolerantly(world):
    header = [
        "*事项 编码",
        "事項名稱",
        "事項類別",
        "法律依據",
        "實施層級",
        "是否下放街道（乡镇）",
        "法定罰款下限（元）",
        "法定罚款上限(元)",
        "是否列入法制審核目錄",
    ]
    report = import_items(
        world,
        xlsx(
            [header, item_row("330217009000", kind="行政處罰", level="區級", listed="是")],
            title_rows=[["甲区卫健委行政执法事项清单"], []],
        ),
    )
    assert report.ok, (report.error, report.problems)
    item = Item.objects.get(code="330217009000")
    assert item.kind == "penalty" and item.level == "district" and item.review_listed
    assert item.statutory_min == Decimal("500.00")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "空文件"),
        (b"code,name\n1,2\n", "不是 .xlsx 工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Excel 97-2003"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64,
            "设置了打开密码",
        ),
        (b"PK\x03\x04 this is not really a zip", "已损坏"),
    ],
)
def test_unusable_files_get_a_clear_message(world, data, message):
    upload = io.BytesIO(data)
    upload.name = "清单.xlsx"
    report = import_items(world, upload)
    assert message in report.error and "未导入" in report.summary()
    assert not Item.objects.filter(code__startswith="3302170").exclude(pk=world.item.pk).exists()


def test_a_word_document_is_not_a_workbook(world):
    import docx

    document = docx.Document()
    document.add_paragraph("事项编码")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "清单.xlsx"
    assert "不是 .xlsx 工作簿" in import_items(world, buffer).error


def test_missing_columns_empty_sheets_and_too_many_rows(world, settings):
    report = import_items(world, xlsx([ITEM_HEADER[:2] + ITEM_HEADER[3:], item_row("A")]))
    assert "缺少必需的列：事项类别" in report.error
    assert "没有数据行" in import_items(world, xlsx([ITEM_HEADER])).error
    assert "没有找到表头" in import_items(world, xlsx([["甲", "乙"], [1, 2]])).error
    settings.FAZHI_ENFORCEMENT_IMPORT_MAX_ROWS = 3
    rows = [item_row(f"C{n}") for n in range(4)]
    assert "超过上限 3 行" in import_items(world, xlsx([ITEM_HEADER, *rows])).error
    assert import_items(world, xlsx([ITEM_HEADER, *rows[:3]])).ok


def test_only_the_body_or_the_office_imports(world):
    from django.core.exceptions import PermissionDenied

    with at(DAY), pytest.raises(PermissionDenied):
        importing.items_import(
            actor=world.outsider, body=world.body, upload=xlsx([ITEM_HEADER, item_row("A")])
        )


# ---- entities -----------------------------------------------------------------------------------


def street(world, name: str = "甲区学院路街道办事处", short: str = "学院路街道"):
    with at(date(2026, 1, 5)):
        return UnitFactory(
            parent=world.east.district, kind=UnitKind.STREET, name=name, short_name=short
        )


def test_entities_are_imported_with_check_digits_and_streets(world):
    office = street(world)
    rows = [
        [uscc(1), "甲区某某餐饮有限公司", "学院路街道", "学院路1号", "A", "餐饮"],
        [uscc(2), "甲区某某理发店", "甲区学院路街道办事处", "", "b类", "美容美发"],
        [uscc(3), "甲区某某宾馆", "", "", "C", ""],
    ]
    report = import_entities(world, xlsx([ENTITY_HEADER, *rows]))
    assert report.ok, report.problems
    assert report.created == 3
    assert Entity.objects.get(code=uscc(1)).street == office
    assert Entity.objects.get(code=uscc(2)).tier == "B"
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry.event == 12051 and entry.changes["rows"][1] == 3
    rows[2][4] = "D"
    again = import_entities(world, xlsx([ENTITY_HEADER, rows[2]]))
    assert (again.created, again.updated) == (0, 1)
    assert Entity.objects.get(code=uscc(3)).tier == "D"


def test_only_the_legal_affairs_office_or_the_districts_system_admin_keeps_the_register(world):
    """The register is every body's draw pool: a body's head or reviewer cannot import into it
    (a tier outside the ratios would take an entity out of everyone's draws)."""
    from django.core.exceptions import PermissionDenied

    with at(date(2026, 1, 5)):
        district_admin = PersonFactory(
            unit=world.east.district, role=Role.SYSTEM_ADMIN, name="区政府系统管理员"
        )
        body_admin = PersonFactory(
            unit=world.east.dept_b, role=Role.SYSTEM_ADMIN, name="卫健委系统管理员"
        )
    upload = [ENTITY_HEADER, [uscc(1), "甲区某某餐饮有限公司", "", "", "A", ""]]
    for actor in (world.head, world.reviewer, world.lead, world.outsider, body_admin):
        with pytest.raises(PermissionDenied, match="司法局"):
            import_entities(world, xlsx(upload), actor=actor)
    assert not Entity.objects.exists()
    assert import_entities(world, xlsx(upload), actor=district_admin).created == 1
    assert import_entities(world, xlsx(upload)).updated == 1  # the 司法局
    assert list(importing.register_bodies(world.head)) == []
    assert list(importing.register_bodies(world.clerk)) == [world.body]


def test_every_changed_tier_is_recorded_with_its_old_and_new_value(world):
    rows = [[uscc(n), f"甲区某某商店{n}号", "", "", "A", ""] for n in range(1, 4)]
    import_entities(world, xlsx([ENTITY_HEADER, *rows]))
    first = LedgerEntry.objects.order_by("-seq").first()
    assert "tiers" not in first.changes  # created, not changed
    rows[0][4], rows[2][4], rows[1][1] = "Z", "b", "改名的商店"
    report = import_entities(world, xlsx([ENTITY_HEADER, *rows]))
    assert report.updated == 3
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry.changes["tier_changes"][1] == 2
    assert entry.changes["tiers"][1] == sorted([[uscc(1), "A", "Z"], [uscc(3), "A", "B"]])


def test_bad_entities_are_all_reported(world):
    good = uscc(1)
    wrong_check = uscc(2)[:17] + ("0" if uscc(2)[17] != "0" else "1")
    rows = [
        [good, "甲区某某餐饮有限公司", "", "", "A", ""],
        [wrong_check, "校验码错误的公司", "", "", "A", ""],
        ["91110108MA01ABCD", "位数不足的公司", "", "", "A", ""],
        [uscc(4), "", "不存在的街道", "", "高风险", ""],
        [good, "重复的公司", "", "", "A", ""],
    ]
    report = import_entities(world, xlsx([ENTITY_HEADER, *rows]))
    by_row = {p.number: " ".join(p.reasons) for p in report.problems}
    assert set(by_row) == {3, 4, 5, 6}
    assert "校验码错误" in by_row[3]
    assert "应为 18 位" in by_row[4]
    assert "缺少名称" in by_row[5] and "不存在的街道" in by_row[5] and "高风险" in by_row[5]
    assert "与第2行重复" in by_row[6]
    assert not Entity.objects.exists()


def test_a_numeric_code_cell_gets_a_hint(world):
    report = import_entities(
        world, xlsx([ENTITY_HEADER, [911101080000000001, "数字格式的代码", "", "", "A", ""]])
    )
    assert "设为文本格式" in report.problems[0].reasons[0]


def test_uscc_check_character():
    # GB 32100-2015 Appendix example-style check: the character makes the weighted sum ≡ 0.
    code = uscc(12345)
    assert importing.uscc_problem(code) == ""
    assert "校验码错误" in importing.uscc_problem(code[:17] + ("A" if code[17] != "A" else "B"))
    assert importing.uscc_problem("91350100M000100Y43") == ""  # a published real-world code


# ---- pages --------------------------------------------------------------------------------------


def test_the_import_pages_show_the_row_report(world, client):
    client.force_login(world.head)
    base = "/workspace/enforcement/inspections"
    rows = [item_row("330217002000"), item_row("330217003000", kind="行政奖励")]
    with at(DAY):
        assert client.get(f"{base}/items/import/").status_code == 200
        response = client.post(
            f"{base}/items/import/",
            {"body": world.body.pk, "file": xlsx([ITEM_HEADER, *rows])},
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "第3行" in html and "事项类别“行政奖励”无效" in html and "没有保存任何数据" in html
        refused = client.post(
            f"{base}/entities/import/",
            {
                "body": world.body.pk,
                "file": xlsx([ENTITY_HEADER, [uscc(7), "某公司", "", "", "A", ""]]),
            },
        )
        assert "已导入" not in refused.content.decode()  # the head does not keep the register
    assert not Entity.objects.exists()
    client.force_login(world.clerk)
    with at(DAY):
        response = client.post(
            f"{base}/entities/import/",
            {
                "body": world.body.pk,
                "file": xlsx([ENTITY_HEADER, [uscc(7), "某公司", "", "", "A", ""]]),
            },
        )
        assert "已导入 1 行检查对象" in response.content.decode()
    client.force_login(world.outsider)
    with at(DAY):
        response = client.post(
            f"{base}/items/import/",
            {"body": world.body.pk, "file": xlsx([ITEM_HEADER, rows[0]])},
        )
        assert response.status_code in (200, 403)
    assert not Item.objects.filter(code="330217002000").exists()
