"""A decision's archive (条例第三十三条): one verifiable zip of its whole history with the files
of its attachments; and its accountability view (第三十八条). Both only within reach."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date
from urllib.parse import unquote

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.ledger import archive, keys
from fazhi.major_decisions import report_views, services
from fazhi.major_decisions.accountability import accountability

from .conftest import World, at

LOG_KEY = bytes(range(32))
MINUTES = "区政府2026年第8次常务会议纪要（节选）".encode()
OPINION = "专家论证意见：方案可行。".encode()


@pytest.fixture(autouse=True)
def ledger_and_evidence(settings, tmp_path):
    settings.FAZHI_EVIDENCE_ROOT = str(tmp_path / "evidence")
    settings.FAZHI_LEDGER_SIGNING_KEY = LOG_KEY.hex()
    settings.FAZHI_LEDGER_ORIGIN = "fazhi.test/ledger"
    settings.FAZHI_LEDGER_SIGNER_NAME = "甲区人民政府"
    settings.FAZHI_LEDGER_TRUSTED_KEYS = []
    settings.FAZHI_LEDGER_WITNESS_KEYS = {}


def public_key() -> str:
    return keys.public_bytes(Ed25519PrivateKey.from_private_bytes(LOG_KEY)).hex()


@pytest.fixture
def decision(world: World):
    with at(date(2026, 1, 5)):
        decision = world.start()
    world.to_executing(decision)
    with at(date(2026, 3, 21)):
        for title, content in (("常务会议纪要", MINUTES), ("专家意见扫描件", OPINION)):
            services.attachment_add(
                actor=world.drafter,
                decision=decision,
                kind="会议纪要" if title == "常务会议纪要" else "专家论证",
                title=title,
                upload=SimpleUploadedFile(f"{title}.txt", content, content_type="text/plain"),
            )
        task = services.task_create(
            actor=world.clerk,
            decision=decision,
            unit=world.east.dept_b,
            target="新增泊位1000个",
            due_on=date(2026, 12, 31),
        )
    with at(date(2026, 4, 20)):
        services.task_report(actor=world.executor, task=task, progress="已开工5处。")
    return decision


def download(client, person, decision):
    client.force_login(person)
    with at(date(2026, 5, 1)):
        return client.get(reverse("major_decisions:archive", args=[decision.pk]))


def test_archive_verifies_and_holds_the_files(world: World, decision, client, tmp_path):
    response = download(client, world.reviewer, decision)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    disposition = unquote(response["Content-Disposition"])
    assert f"重大行政决策档案-{decision.pk}-{decision.title}.zip" in disposition
    path = tmp_path / "decision.zip"
    path.write_bytes(b"".join(response.streaming_content))

    assert archive.verify_archive(path, trusted_keys=[public_key()]) == []
    with zipfile.ZipFile(path) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
        stored = {name: zipped.read(name) for name in zipped.namelist()}
    assert manifest["record"] == {
        "type": "major_decisions.decision",
        "id": str(decision.pk),
        "title": decision.title,
    }
    assert manifest["files_unavailable"] == []
    contents = {stored[f"files/{f['sha256']}"] for f in manifest["files"]}
    assert contents == {MINUTES, OPINION}
    # the whole history is there: start, drafting, comments, every step, execution
    names = [item["entry"]["event_name"] for item in manifest["entries"]]
    assert names[0] == "启动决策程序"
    assert {"修改决策草案", "公开征求意见", "上传决策材料", "明确决策执行任务"} <= set(names)
    assert "报告决策执行情况" in names
    notes = " ".join(item["entry"]["note"] for item in manifest["entries"])
    for step in ("送请合法性审查", "出具合法性审查意见", "集体讨论决定：通过", "公布决策"):
        assert step in notes
    # The texts the ledger keeps as digests are in materials/, each matching its digest.
    index = json.loads(stored["materials/index.json"])
    for item in index:
        assert hashlib.sha256(stored[f"materials/{item['file']}"]).hexdigest() == item["sha256"]
    digests = json.dumps([item["entry"]["changes"] for item in manifest["entries"]])
    by_file = {item["file"]: item["sha256"] for item in index}
    assert f"sha256:{by_file['decision-draft.txt']}" in digests
    review_file = next(f for f in by_file if f.startswith("review-") and f.endswith("opinion.txt"))
    assert f"sha256:{by_file[review_file]}" in digests
    everything = b" ".join(stored[n] for n in stored if n.startswith("materials/"))
    assert "建议增加充电桩配建要求".encode() in everything
    assert "张三".encode() not in everything  # the commenter is never named


def test_archive_tampering_is_found(world: World, decision, client, tmp_path):
    response = download(client, world.reviewer, decision)
    members = {}
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zipped:
        members = {name: zipped.read(name) for name in zipped.namelist()}
    digest = next(n for n in members if n.startswith("files/"))
    members[digest] = b"altered"
    path = tmp_path / "altered.zip"
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    findings = archive.verify_archive(path, trusted_keys=[public_key()])
    assert any("已被改动" in f for f in findings)


def test_archive_refused_with_a_chinese_message(world: World, decision, client, monkeypatch):
    def refuse(record, out):
        raise archive.ArchiveError("尚无覆盖该记录全部过程的已签名检查点，暂时无法导出档案。")

    monkeypatch.setattr(report_views, "export_decision_archive", refuse)
    response = download(client, world.reviewer, decision)
    assert response.status_code == 409
    assert "暂时无法导出档案" in response.content.decode()


def test_outside_reach_is_404(world: World, decision, client):
    assert download(client, world.outsider, decision).status_code == 404
    with at(date(2026, 5, 1)):
        response = client.get(reverse("major_decisions:accountability", args=[decision.pk]))
    assert response.status_code == 404


def test_accountability_names_everyone_with_their_opinions(world: World, decision, client):
    with at(date(2026, 6, 1)):
        evaluation = services.evaluation_start(
            actor=world.clerk,
            decision=decision,
            trigger="necessary",
            trigger_note="评估实施效果。",
            third_party="某大学公共管理学院",
        )
        services.evaluation_record(
            actor=world.clerk,
            evaluation=evaluation,
            report="符合预期。",
            conclusion="continue",
            follow_up="继续执行。",
        )
    sections = {s.key: s for s in accountability(decision)}
    start = sections["propose"].acts[-1]
    assert (start.what, start.who) == ("决定启动决策程序", "政府办人员")
    assert start.day == date(2026, 1, 5)
    assert any(a.who == "承办人" and a.what == "修改决策草案" for a in sections["draft"].acts)
    review = next(a for a in sections["legality"].acts if a.what == "出具合法性审查意见")
    assert (review.who, review.day) == ("审查人", date(2026, 3, 3))
    details = dict(review.details)
    assert details["法律顾问意见"] == "法律顾问：同意。"
    assert details["公职律师意见"] == "公职律师：同意。"
    submitted = sections["legality"].acts[0]
    assert (submitted.who, submitted.unit) == ("承办人", world.east.dept_a.name)
    (meeting, report) = sections["discussion"].acts
    assert meeting.who == "王区长" and meeting.day == date(2026, 3, 10)
    views = dict(meeting.details)
    assert views["组成人员 赵副区长"] == "同意：同意，注意资金保障。"
    assert views["行政首长意见"] == "同意，按程序报区委。"
    assert "市民代表刘某（利益相关方）" in views["列席人员"]
    assert report.what == "向党委请示报告" and report.who == "王区长"
    assert sections["publish"].acts[0].who == "王区长"
    execution = sections["execute"].acts
    assert [(a.what, a.who) for a in execution] == [
        ("明确执行任务", "政府办人员"),
        ("报告执行情况", "执行人"),
    ]
    evaluated = sections["evaluate"].acts[0]
    assert evaluated.unit == "某大学公共管理学院"
    assert dict(evaluated.details)["评估结论"] == "继续执行"
    assert len(sections["materials"].acts) == 2

    client.force_login(world.reviewer)
    with at(date(2026, 6, 2)):
        response = client.get(reverse("major_decisions:accountability", args=[decision.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("决策责任追溯", "审查人", "王区长", "赵副区长", "执行人", "第三十条"):
        assert text in html
