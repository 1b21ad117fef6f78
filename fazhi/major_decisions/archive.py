"""The decision's archive (条例第三十三条: 决策过程记录和材料归档): the ledger's verifiable
archive of the decision's history (`fazhi.ledger.archive`), plus the texts themselves.

The ledger keeps internal texts (the draft, opinions, minutes, reports) as SHA-256 digests;
`materials/` holds those texts, one file each, and `materials/index.json` lists every file with
what it is and its SHA-256, so a reader can match each text to the digest in its ledger entry.
Commenters are never named here either: a comment is its text and its reply.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from typing import IO

from fazhi.ledger.archive import export_archive

from .models import Decision

MATERIALS_README = """materials/ 为决策过程材料的全文。
index.json 列出每个文件的类别、所属记录和 SHA-256；
全过程记录（manifest.json）中以 sha256:… 记载的内容，可用对应文件的 SHA-256 核对。
意见征集中的意见只收录意见内容和答复，不含提出人的个人信息。
"""


def _texts(decision: Decision) -> Iterator[tuple[str, str, str]]:
    """(kind, name, text) of every material of the decision, in order of the procedure."""
    for field in ("draft", "explanation", "legal_basis", "competition_position", "publication"):
        label = Decision._meta.get_field(field).verbose_name
        yield label, f"decision-{field}", getattr(decision, field)
    for p in decision.comment_periods.order_by("pk"):
        yield "征求意见稿", f"period-{p.pk}-draft", p.draft
        yield "意见采纳情况反馈", f"period-{p.pk}-feedback", p.feedback
        for c in p.comments.order_by("pk"):
            reply = f"{c.get_reply_display()}：{c.reply_reason}" if c.reply else "（未答复）"
            yield "意见及答复", f"comment-{c.pk}", f"{c.text}\n\n答复：{reply}"
    for h in decision.hearings.order_by("pk"):
        yield "听证会记录", f"hearing-{h.pk}-record", h.record
    for r in decision.expert_reviews.order_by("pk").prefetch_related("opinions__expert"):
        for o in r.opinions.all():
            yield "专家论证意见", f"expert-opinion-{o.pk}", f"{o.expert.name}：{o.opinion}"
        yield "论证意见研究采纳情况", f"expert-review-{r.pk}-adoption", r.adoption
    for a in decision.risk_assessments.order_by("pk"):
        report = f"{a.measures}\n\n处置预案：{a.contingency}\n\n听取意见：{a.departments_heard}"
        yield "风险评估报告", f"risk-{a.pk}", report
    for v in decision.legality_reviews.order_by("pk"):
        yield "合法性审查意见", f"review-{v.pk}-opinion", v.opinion_text
        yield "法律顾问意见", f"review-{v.pk}-adviser", v.adviser_opinion
        yield "公职律师意见", f"review-{v.pk}-lawyer", v.lawyer_opinion
        yield "根据审查意见调整情况", f"review-{v.pk}-response", v.response
    for d in decision.discussions.order_by("pk"):
        yield "会议记录", f"discussion-{d.pk}-minutes", d.minutes
        yield "行政首长意见", f"discussion-{d.pk}-chair", d.chair_view
        yield "不同意见", f"discussion-{d.pk}-dissent", d.dissent
        views = "\n".join(f"{v['name']}：{v['view']} {v.get('text', '')}" for v in d.views)
        yield "组成人员意见", f"discussion-{d.pk}-views", views
    for t in decision.tasks.order_by("pk").prefetch_related("reports"):
        for r in t.reports.all():
            yield "执行情况报告", f"report-{r.pk}", f"{r.progress}\n\n{r.problem_text}".strip()
    for e in decision.evaluations.order_by("pk"):
        yield "决策后评估报告", f"evaluation-{e.pk}", e.report


def export_decision_archive(decision: Decision, out: IO[bytes]) -> dict:
    """Write the decision's archive to the binary file `out` (seekable); return its manifest."""
    manifest = export_archive(decision, out)
    index = []
    out.seek(0)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind, name, text in _texts(decision):
            if not (text or "").strip():
                continue
            data = text.encode("utf-8")
            archive.writestr(f"materials/{name}.txt", data)
            index.append(
                {"file": f"{name}.txt", "kind": kind, "sha256": hashlib.sha256(data).hexdigest()}
            )
        archive.writestr(
            "materials/index.json", json.dumps(index, ensure_ascii=False, indent=1).encode()
        )
        archive.writestr("materials/说明.txt", MATERIALS_README.encode("utf-8"))
    return manifest
