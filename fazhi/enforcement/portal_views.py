"""Public pages of enforcement (行政执法公示), at /enforcement/: the bodies with their legal basis,
scope, powers list and legal-review list (国办发〔2018〕118号二、四（十二））, the certified
officers with a verification page and QR code per certificate, the discretion benchmarks and
the no-penalty / first-offence lists (处罚法第三十三、三十四条), the penalty decisions on view
with their ledger proof and the withdrawn ones with the reason (第四十八条), the yearly
statistics, and the random inspections and case-file evaluations with their verifiable draws.

Thin: selectors read; nothing here writes. Every view is public one by one. A natural person's
name and number appear only as the publication recorded them — masked (selectors.mask_party);
the search of decisions looks at the published fields only.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import segno
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from fazhi.ledger.public import proof_path

from . import evaluation_services, inspection_services, selectors
from .models import (
    AnnualStatistics,
    Benchmark,
    Certificate,
    Exemption,
    ExemptionKind,
    Item,
    Officer,
    Publication,
)

PAGE_SIZE = 20
MAX_QUERY_CHARS = 50
INT_LIMIT = 2**63 - 1
FIRST_YEAR, LAST_YEAR = 1949, 2100
DRAW_SCRIPT = Path(__file__).with_name("draw.py")

# ---- parsing what the public sends ------------------------------------------------------------

# C0/C1 controls, DEL, lone surrogates, the byte-order mark and the replacement character.
_UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffd]")


def clean_words(value: object, limit: int = MAX_QUERY_CHARS) -> tuple[str, bool]:
    """A search string safe to hand on (no control characters — NUL among them — or lone
    surrogates, whitespace collapsed, at most `limit` characters) and whether it was cut."""
    text = " ".join(_UNSAFE_CHARS.sub(" ", str(value or "")).split())
    return text[:limit], len(text) > limit


def _int(value: str, low: int = 1, high: int = INT_LIMIT) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _date(value: str) -> date | None:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def _param(params: QueryDict, name: str) -> str:
    return clean_words(params.get(name, ""), 40)[0]


def _search(params: QueryDict, notes: list[str]) -> str:
    q, cut = clean_words(params.get("q", ""))
    if cut:
        notes.append(f"检索词过长，只按前{MAX_QUERY_CHARS}个字检索。")
    return q


def _page(request: HttpRequest, objects) -> tuple:
    """A page of `objects` and the query string of the other parameters (for the pager)."""
    page = Paginator(objects, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    for key in list(params):
        params[key] = clean_words(params.get(key), MAX_QUERY_CHARS)[0]
    return page, params.urlencode()


# ---- what the templates show ------------------------------------------------------------------

# A certificate whose holder has left enforcement work is not valid, whatever its status says.
LEFT = "无效（持证人已离开执法岗位）"

STATE_BADGES = {
    "有效": "text-bg-success",
    "已过期": "text-bg-secondary",
    "尚未生效": "text-bg-info",
    "暂扣": "text-bg-warning",
    "已注销": "text-bg-dark",
    LEFT: "text-bg-dark",
}

# The 双公示 record of a penalty decision, in the order the national standard lists it.
PUBLICATION_FIELDS = (
    ("party_name", "行政相对人名称"),
    ("party_kind", "行政相对人类别"),
    ("party_code", "统一社会信用代码（身份证件号码）"),
    ("decision_number", "行政处罚决定书文号"),
    ("violation_type", "违法行为类型"),
    ("facts", "违法事实"),
    ("basis", "处罚依据"),
    ("penalty_kinds", "处罚类别"),
    ("penalty", "处罚内容"),
    ("fine", "罚款金额（元）"),
    ("confiscation", "没收违法所得、没收非法财物的金额（元）"),
    ("decided_on", "处罚决定日期"),
    ("body", "处罚机关"),
    ("body_code", "处罚机关统一社会信用代码"),
)

# Labels of the yearly statistics' usual figures; other keys are shown as they were published.
STATISTICS_LABELS = {
    "cases": "行政处罚案件数",
    "cases_opened": "立案数",
    "cases_decided": "作出处罚决定数",
    "decisions": "行政处罚决定数",
    "penalties": "给予行政处罚数",
    "no_penalty": "不予行政处罚数",
    "fines": "罚款金额（元）",
    "fine_total": "罚款金额（元）",
    "confiscation_total": "没收金额（元）",
    "simplified": "简易程序案件数",
    "hearings": "举行听证数",
    "reviewed": "法制审核数",
    "discussions": "集体讨论数",
    "exemptions": "不予处罚、首违不罚数",
    "reduced": "减免罚款金额（元）",
    "licences": "行政许可数",
    "coercions": "行政强制数",
    "inspections": "行政检查数",
    "levies": "行政征收数",
    "transfers": "案件移送数",
    "criminal_transfers": "移送司法机关数",
    "reconsiderations": "行政复议数",
    "litigations": "行政诉讼数",
    "revoked": "被撤销、变更或确认违法数",
    "officers": "持证执法人员数",
}


def _show(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(_show(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{STATISTICS_LABELS.get(k, k)}：{_show(v)}" for k, v in value.items())
    return str(value)


def publication_rows(fields: dict) -> list[tuple[str, str]]:
    """The published record, field by field: exactly what `Publication.fields` holds."""
    known = dict(PUBLICATION_FIELDS)
    rows = [(label, _show(fields.get(key))) for key, label in PUBLICATION_FIELDS if key in fields]
    rows += [(key, _show(value)) for key, value in fields.items() if key not in known]
    return rows


def statistics_rows(figures: dict) -> list[tuple[str, str]]:
    if not isinstance(figures, dict):
        return [("统计数据", _show(figures))]
    return [(STATISTICS_LABELS.get(key, key), _show(value)) for key, value in figures.items()]


def certificate_state(certificate: Certificate, officer: Officer, today: date) -> str:
    state = selectors.certificate_state(certificate, today)
    return LEFT if state == "有效" and not officer.active else state


def _decorate_certificates(officers: list[Officer], today: date) -> list[Officer]:
    for officer in officers:
        officer.public_certificates = list(officer.certificates.all())
        for certificate in officer.public_certificates:
            certificate.state = certificate_state(certificate, officer, today)
            certificate.badge = STATE_BADGES[certificate.state]
    return officers


def _benchmark_versions(item: Item, today: date) -> tuple[Benchmark | None, list, list]:
    """The version in force today, the earlier ones (each with `ended_on`: the day its successor
    took effect) and the ones published for a later day, from the item's prefetched benchmarks."""
    current, earlier, later = None, [], []
    successor_from = None
    for version in item.benchmarks.all():  # newest first
        version.ended_on = successor_from
        if version.effective_from > today:
            later.append(version)
        elif current is None:
            current = version
        else:
            earlier.append(version)
        successor_from = version.effective_from
    later.reverse()
    return current, earlier, later


def _exemption_groups(exemptions: list[Exemption]) -> list[tuple[str, str, list[Exemption]]]:
    return [
        (kind.value, kind.label, [e for e in exemptions if e.kind == kind.value])
        for kind in ExemptionKind
    ]


def _bundle_response(make: Callable[[], bytes], filename: str) -> HttpResponse:
    """A draw's data bundle (zip, fazhi-draw/1), read from the evidence store and re-hashed on
    the way; a missing or corrupted stored file is said so, in Chinese, and nothing is sent."""
    try:
        data = make()
    except ValidationError as error:
        return HttpResponse(
            "数据包暂不能提供：" + "；".join(error.messages) + "\n请联系公布机关。",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- the index --------------------------------------------------------------------------------


@login_not_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    counts = {
        "bodies": selectors.public_bodies().count(),
        "officers": selectors.search_public_officers().count(),
        "items": selectors.public_items().count(),
        "benchmarks": selectors.public_items().filter(benchmarks__isnull=False).distinct().count(),
        "review_listed": selectors.public_items().filter(review_listed=True).count(),
        "exemptions": selectors.public_exemptions(today).count(),
        "publications": selectors.public_publications(today).count(),
        "withdrawn": selectors.withdrawn_publications().count(),
        "statistics": selectors.public_statistics().count(),
        "plans": selectors.public_plans().count(),
        "campaigns": selectors.public_campaigns().count(),
    }
    latest = list(selectors.public_publications(today)[:5])
    return render(
        request,
        "enforcement/portal/index.html",
        {"counts": counts, "latest": latest, "today": today},
    )


# ---- bodies -----------------------------------------------------------------------------------


@login_not_required
@require_safe
def bodies(request: HttpRequest) -> HttpResponse:
    found = list(
        selectors.public_bodies().annotate(
            item_count=Count("items", filter=Q(items__active=True), distinct=True),
            officer_count=Count(
                "officers",
                filter=Q(
                    officers__active=True,
                    officers__duty="enforcement",
                    officers__certificates__isnull=False,
                ),
                distinct=True,
            ),
        )
    )
    return render(request, "enforcement/portal/bodies.html", {"bodies": found})


@login_not_required
@require_safe
def body(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_body(pk)
    today = timezone.localdate()
    items = list(
        selectors.public_items()
        .filter(body=found)
        .prefetch_related("benchmarks")
        .annotate(exemption_count=Count("exemptions", distinct=True))
    )
    for item in items:
        item.current_benchmark = _benchmark_versions(item, today)[0]
    officers = _decorate_certificates(
        list(selectors.search_public_officers().filter(body=found)), today
    )
    exemptions = list(selectors.public_exemptions(today).filter(item__body=found))
    return render(
        request,
        "enforcement/portal/body.html",
        {
            "body": found,
            "items": items,
            "review_items": [item for item in items if item.review_listed],
            "benchmark_items": [item for item in items if item.current_benchmark is not None],
            "officers": officers,
            "exemption_groups": _exemption_groups(exemptions),
            "statistics": [
                (stats, statistics_rows(stats.figures))
                for stats in selectors.public_statistics().filter(body=found)
            ],
            "publication_count": selectors.public_publications(today)
            .filter(case__body=found)
            .count(),
        },
    )


@login_not_required
@require_safe
def review_list(request: HttpRequest) -> HttpResponse:
    """The lists of major enforcement decisions that need legal review (118号四（十二））."""
    items = list(selectors.public_items().filter(review_listed=True))
    return render(request, "enforcement/portal/review_list.html", {"items": items})


# ---- officers and certificates ----------------------------------------------------------------


@login_not_required
@require_safe
def officers(request: HttpRequest) -> HttpResponse:
    notes: list[str] = []
    q = _search(request.GET, notes)
    page, query = _page(request, selectors.search_public_officers(q))
    today = timezone.localdate()
    return render(
        request,
        "enforcement/portal/officers.html",
        {
            "q": q,
            "notes": notes,
            "page": page,
            "query": query,
            "officers": _decorate_certificates(list(page.object_list), today),
            "today": today,
        },
    )


def _certificate(token: str) -> Certificate:
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", token or ""):
        raise Http404("未找到该执法证件。")
    return selectors.certificate_by_token(token)


def _verification_url(request: HttpRequest, certificate: Certificate) -> str:
    return request.build_absolute_uri(
        reverse("enforcement_portal:certificate", args=[certificate.token])
    )


@login_not_required
@require_safe
def certificate(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = _certificate(token)
    except Http404:
        return render(request, "enforcement/portal/certificate_unknown.html", status=404)
    today = timezone.localdate()
    state = certificate_state(found, found.officer, today)
    response = render(
        request,
        "enforcement/portal/certificate.html",
        {
            "certificate": found,
            "officer": found.officer,
            "state": state,
            "badge": STATE_BADGES[state],
            "today": today,
            "verification_url": _verification_url(request, found),
        },
    )
    response["Cache-Control"] = "no-cache"  # a status may change at any time
    return response


def qr_svg(url: str) -> bytes:
    """The QR code of `url` as an SVG document (error correction M, a quiet zone of 4)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=4,
        border=4,
        dark="#000",
        light="#fff",
        xmldecl=True,
        svgclass=None,
        lineclass="qrline",
        title="执法证件核验二维码",
        desc=url,
    )
    return out.getvalue()


@login_not_required
@require_safe
def certificate_qr(request: HttpRequest, token: str) -> HttpResponse:
    found = _certificate(token)
    response = HttpResponse(qr_svg(_verification_url(request, found)), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    response["Content-Disposition"] = f'inline; filename="certificate-{found.number}.svg"'
    return response


# ---- items, benchmarks and exemption lists ----------------------------------------------------


@login_not_required
@require_safe
def benchmarks(request: HttpRequest) -> HttpResponse:
    """Every item with a discretion benchmark, and the version in force today."""
    today = timezone.localdate()
    items = list(
        selectors.public_items()
        .filter(benchmarks__isnull=False)
        .distinct()
        .prefetch_related("benchmarks")
    )
    for item in items:
        item.current_benchmark, earlier, later = _benchmark_versions(item, today)
        item.version_count = len(earlier) + len(later) + (item.current_benchmark is not None)
    return render(request, "enforcement/portal/benchmarks.html", {"items": items, "today": today})


@login_not_required
@require_safe
def item(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_item(pk)
    today = timezone.localdate()
    current, earlier, later = _benchmark_versions(found, today)
    exemptions = list(found.exemptions.all())
    for exemption in exemptions:
        exemption.in_force = exemption.effective_from <= today and (
            exemption.effective_to is None or exemption.effective_to > today
        )
    return render(
        request,
        "enforcement/portal/item.html",
        {
            "item": found,
            "current": current,
            "earlier": earlier,
            "later": later,
            "exemption_groups": _exemption_groups(exemptions),
            "today": today,
        },
    )


@login_not_required
@require_safe
def exemptions(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    found = list(selectors.public_exemptions(today))
    return render(
        request,
        "enforcement/portal/exemptions.html",
        {"groups": _exemption_groups(found), "today": today},
    )


# ---- penalty decisions (行政处罚决定公示) --------------------------------------------------------


@login_not_required
@require_safe
def publications(request: HttpRequest) -> HttpResponse:
    notes: list[str] = []
    params = request.GET
    q = _search(params, notes)
    body_id = None
    if value := _param(params, "body"):
        body_id = _int(value)
        if body_id is None:
            notes.append("“执法主体”参数无效，已忽略。")
    days = {}
    for name, label in (("from", "决定日期（起）"), ("to", "决定日期（止）")):
        days[name] = None
        if value := _param(params, name):
            days[name] = _date(value)
            if days[name] is None:
                notes.append(f"“{label}”无效（格式如 2026-01-01），已忽略。")
    today = timezone.localdate()
    found = selectors.search_public_publications(
        on=today, body=body_id, decided_from=days["from"], decided_to=days["to"], q=q
    )
    page, query = _page(request, found)
    filtered = bool(q or body_id or days["from"] or days["to"])
    return render(
        request,
        "enforcement/portal/publications.html",
        {
            "q": q,
            "body_id": body_id,
            "decided_from": days["from"],
            "decided_to": days["to"],
            "notes": notes,
            "page": page,
            "query": query,
            "publications": list(page.object_list),
            "bodies": list(selectors.public_bodies()),
            "filtered": filtered,
            "withdrawn_count": selectors.withdrawn_publications().count(),
        },
    )


@login_not_required
@require_safe
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    found = selectors.public_publications(today).filter(pk=pk).first()
    if found is None:
        # Withdrawn, ended or not yet published: no data, only why (第四十八条第二款; 营商条例
        # 第七十三条).
        gone = Publication.objects.filter(pk=pk, published_on__lte=today).first()
        return render(
            request, "enforcement/portal/publication_gone.html", {"gone": gone}, status=404
        )
    return render(
        request,
        "enforcement/portal/publication.html",
        {
            "publication": found,
            "rows": publication_rows(found.fields),
            "proof_url": proof_path(found.case),
        },
    )


@login_not_required
@require_safe
def withdrawn(request: HttpRequest) -> HttpResponse:
    found = selectors.withdrawn_publications().order_by("-withdrawn_on", "-id")
    page, query = _page(request, found)
    return render(
        request,
        "enforcement/portal/withdrawn.html",
        {"page": page, "query": query, "publications": list(page.object_list)},
    )


# ---- yearly statistics ------------------------------------------------------------------------


@login_not_required
@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    notes: list[str] = []
    found = selectors.public_statistics()
    years = sorted(set(found.values_list("year", flat=True)), reverse=True)
    year = None
    if value := _param(request.GET, "year"):
        year = _int(value, FIRST_YEAR, LAST_YEAR)
        if year is None:
            notes.append("“年度”参数无效，已忽略。")
    body_id = None
    if value := _param(request.GET, "body"):
        body_id = _int(value)
        if body_id is None:
            notes.append("“执法主体”参数无效，已忽略。")
    if year is not None:
        found = found.filter(year=year)
    if body_id is not None:
        found = found.filter(body_id=body_id)
    blocks: list[tuple[AnnualStatistics, list]] = [
        (stats, statistics_rows(stats.figures)) for stats in found
    ]
    return render(
        request,
        "enforcement/portal/statistics.html",
        {
            "blocks": blocks,
            "years": years,
            "year": year,
            "body_id": body_id,
            "bodies": list(selectors.public_bodies()),
            "notes": notes,
        },
    )


# ---- random inspections and case-file evaluation ----------------------------------------------


@login_not_required
@require_safe
def plans(request: HttpRequest) -> HttpResponse:
    found = selectors.public_plans()
    page, query = _page(request, found)
    return render(
        request,
        "enforcement/portal/plans.html",
        {"page": page, "query": query, "plans": list(page.object_list)},
    )


@login_not_required
@require_safe
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_plan(pk)
    inspections = list(found.inspections.all())
    revealed = bool(found.seed and found.drawn_at)
    return render(
        request,
        "enforcement/portal/plan.html",
        {
            "plan": found,
            "joint_bodies": list(found.joint_bodies.all()),
            "items": list(found.items.all()),
            "ratios": sorted((found.ratios or {}).items()),
            "inspections": inspections if revealed else [],
            "published_count": sum(1 for i in inspections if i.published_on),
            "revealed": revealed,
            "proof_url": proof_path(found),
        },
    )


@login_not_required
@require_safe
def plan_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_plan(pk)
    return _bundle_response(
        lambda: inspection_services.plan_bundle(found), f"inspection-plan-{found.pk}.zip"
    )


@login_not_required
@require_safe
def campaigns(request: HttpRequest) -> HttpResponse:
    found = selectors.public_campaigns()
    page, query = _page(request, found)
    return render(
        request,
        "enforcement/portal/campaigns.html",
        {"page": page, "query": query, "campaigns": list(page.object_list)},
    )


@login_not_required
@require_safe
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_campaign(pk)
    revealed = bool(found.seed and found.drawn_at)
    files = list(found.files.all()) if revealed else []
    return render(
        request,
        "enforcement/portal/campaign.html",
        {
            "campaign": found,
            "bodies": list(found.bodies.all()),
            "files": files,
            "evaluated": sum(1 for f in files if f.passed is not None),
            "passed": sum(1 for f in files if f.passed),
            "revealed": revealed,
            "proof_url": proof_path(found),
        },
    )


@login_not_required
@require_safe
def campaign_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_campaign(pk)
    return _bundle_response(
        lambda: evaluation_services.campaign_bundle(found), f"evaluation-campaign-{found.pk}.zip"
    )


@login_not_required
@require_safe
def draw_script(request: HttpRequest) -> FileResponse:
    """The re-run script (draw.py, standard library only), served as fazhi_draw.py."""
    try:
        handle = DRAW_SCRIPT.open("rb")
    except OSError:
        raise Http404("抽取验证脚本不在本站。") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename="fazhi_draw.py",
        content_type="text/x-python; charset=utf-8",
    )
