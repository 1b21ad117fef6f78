"""Demo normative documents: several years of published documents (imported as history, in
every status) and this year's drafts at every step of the making procedure, all through the
services. Deterministic for a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from fazhi.core.models import Person, Post, Role, Unit, UnitKind
from fazhi.normative_documents import services
from fazhi.normative_documents.competition import blank_findings
from fazhi.normative_documents.models import Subject, Version

# department name → (subject, doc-number agency code, topics)
DEPARTMENT_TOPICS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "区市场监督管理局": (
        Subject.MARKET,
        "市监",
        (
            "食品经营许可审查",
            "小微企业信用修复",
            "网络交易监督管理",
            "计量器具强制检定",
            "广告监测",
        ),
    ),
    "区教育委员会": (
        Subject.EDUCATION,
        "教",
        ("校外培训机构管理", "义务教育入学", "学前教育资助", "中小学校园安全", "民办学校年检"),
    ),
    "区卫生健康委员会": (
        Subject.HEALTH,
        "卫健",
        ("医疗机构校验", "公共场所卫生许可", "家庭医生签约服务", "院前急救管理"),
    ),
    "区住房和城乡建设委员会": (
        Subject.CONSTRUCTION,
        "建",
        ("老旧小区综合整治", "物业服务企业信用评价", "建设工程扬尘治理", "住房租赁管理"),
    ),
    "区生态环境局": (
        Subject.ENVIRONMENT,
        "环",
        ("重污染天气应急", "排污许可证后管理", "生态环境损害赔偿磋商"),
    ),
    "区民政局": (
        Subject.CIVIL,
        "民",
        ("最低生活保障审核确认", "养老服务驿站运营补贴", "社会组织登记管理"),
    ),
    "区人力资源和社会保障局": (
        Subject.LABOUR,
        "人社",
        ("就业困难人员认定", "根治欠薪", "创业担保贷款贴息"),
    ),
}
PERSONA_DEPARTMENT = "区市场监督管理局"

KINDS = ("管理办法", "实施细则", "若干规定", "实施办法", "工作规范", "暂行办法")
DOCUMENT_KINDS = ("办法", "规范", "规程", "规定", "细则")

LAWS = {
    Subject.MARKET: "《中华人民共和国食品安全法》《优化营商环境条例》",
    Subject.EDUCATION: "《中华人民共和国教育法》《中华人民共和国民办教育促进法》",
    Subject.HEALTH: "《中华人民共和国基本医疗卫生与健康促进法》《医疗机构管理条例》",
    Subject.CONSTRUCTION: "《中华人民共和国建筑法》《物业管理条例》",
    Subject.ENVIRONMENT: "《中华人民共和国环境保护法》《中华人民共和国大气污染防治法》",
    Subject.CIVIL: "《社会救助暂行办法》《中华人民共和国老年人权益保障法》",
    Subject.LABOUR: "《中华人民共和国就业促进法》《保障农民工工资支付条例》",
    Subject.GENERAL: "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》",
}

CLAUSES = (
    "{unit}负责本区{topic}工作的统筹协调和监督管理，其他有关部门按照各自职责做好相关工作。",
    "街道办事处、乡镇人民政府应当配合做好辖区内{topic}的宣传、排查和信息报送工作。",
    "办理{topic}事项，应当公开办理条件、材料、时限和程序，推行一次告知、一网通办。",
    "申请人可以通过政务服务网或者窗口提交申请；材料齐全、符合法定形式的，当场受理。",
    "{unit}应当建立{topic}信息公示制度，依法公开有关事项的办理结果，接受社会监督。",
    "对符合条件的申请，{unit}应当在法定期限内作出决定；不符合条件的，书面说明理由。",
    "{unit}应当加强对{topic}的事中事后监管，推行“双随机、一公开”监管方式。",
    "鼓励行业协会制定自律规范，引导经营主体依法诚信开展活动。",
    "违反本办法规定的，由有关部门依照有关法律、法规的规定处理。",
    "工作人员在{topic}工作中滥用职权、玩忽职守、徇私舞弊的，依法给予处分。",
    "{unit}应当会同有关部门建立{topic}工作的数据共享机制，减少申请材料。",
    "本办法实施中的具体问题由{unit}负责解释。",
)

TRADITIONAL_NOTE = (
    "（本件據原紙質文本錄入，保留原文繁體字形。）第一條 為規範本區{topic}工作，根據有關法律法規，"
    "結合本區實際，制定本辦法。第二條 本區行政區域內的{topic}工作，適用本辦法。"
)


@dataclass
class Cast:
    """Who acts in one district: a drafter and unit admin per department, and the reviewer."""

    district: Unit
    legal_office: Unit
    reviewer: Person
    reviewer_unit: Unit
    drafters: dict[str, tuple[Unit, Person]]


def _cast(district: Unit) -> Cast | None:
    units = {u.name: u for u in Unit.objects.get_tree(district)}
    legal_office = next(u for u in units.values() if u.kind == UnitKind.LEGAL_OFFICE)
    reviewer_post = (
        Post.objects.active()
        .filter(role=Role.LEGAL_REVIEWER, unit__path__startswith=legal_office.path)
        .select_related("person", "unit")
        .order_by("unit__path", "pk")
        .first()
    )
    drafters = {}
    for name in DEPARTMENT_TOPICS:
        unit = units.get(name)
        post = (
            Post.objects.active()
            .filter(unit=unit, role=Role.HANDLER)
            .select_related("person")
            .order_by("pk")
            .first()
            if unit
            else None
        )
        if post is not None:
            drafters[name] = (unit, post.person)
    if reviewer_post is None or not drafters:
        return None
    return Cast(district, legal_office, reviewer_post.person, reviewer_post.unit, drafters)


def _text(rng: random.Random, subject: str, unit: str, topic: str, kind: str, length: int) -> str:
    lines = [
        f"第一条 为规范本区{topic}工作，保障公民、法人和其他组织的合法权益，根据{LAWS[subject]}"
        "等有关法律法规，结合本区实际，制定本办法。",
        f"第二条 本区行政区域内{topic}及其监督管理活动，适用本{kind[-2:]}。",
    ]
    number = 3
    while sum(map(len, lines)) < length:
        clause = rng.choice(CLAUSES).format(unit=unit, topic=topic)
        lines.append(f"第{_numeral(number)}条 {clause}")
        number += 1
    lines.append(f"第{_numeral(number)}条 本{kind[-2:]}自发布之日起施行。")
    return "\n".join(lines)


def _numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else digits[tens] + "十") + (digits[ones] if ones else "")


def build(district: Unit, *, rng: random.Random, documents: int, today: date | None = None) -> int:
    """Create `documents` historical documents for `district` plus this year's drafts; return
    how many versions were created."""
    cast = _cast(district)
    if cast is None:
        return 0
    today = today or timezone.localdate()
    created = _history(cast, rng, documents, today)
    created += _current(cast, rng, today)
    return created


def _prefix(district: Unit) -> str:
    return (district.short_name or district.name)[:1]


def _history(cast: Cast, rng: random.Random, count: int, today: date) -> int:
    """Documents published 2019 to last year, imported, in every status."""
    serials: dict[tuple[str, int], int] = {}
    names = sorted(cast.drafters)
    made: list[Version] = []
    for i in range(count):
        name = names[i % len(names)]
        unit, drafter = cast.drafters[name]
        subject, code, topics = DEPARTMENT_TOPICS[name]
        topic = rng.choice(topics)
        kind = rng.choice(KINDS)
        year = today.year - 1 - (i * 7 // max(count, 1)) % 7
        published = date(year, rng.randint(1, 12), rng.randint(1, 28))
        key = (code, year)
        serials[key] = serials.get(key, 0) + 1
        doc_number = f"{_prefix(cast.district)}{code}发〔{year}〕{serials[key]}号"
        text = _text(
            rng, subject, unit.short_name or unit.name, topic, kind, rng.randint(800, 2400)
        )
        if i % 23 == 5:
            text = TRADITIONAL_NOTE.format(topic=topic) + "\n" + text
        years = 2 if "暂行" in kind else 5
        valid_until = published.replace(year=published.year + years) - timedelta(days=1)
        ended = rng.random() < 0.12 and published.year < today.year - 1
        version = services.document_import(
            actor=drafter,
            unit=unit,
            issuer=unit,
            title=f"{cast.district.name[:-4]}{unit.short_name or unit.name}{topic}{kind}",
            text=text,
            subject=subject,
            doc_number=doc_number,
            written_on=published - timedelta(days=rng.randint(0, 10)),
            published_on=published,
            effective_on=published + timedelta(days=rng.choice((0, 30, 31))),
            valid_until=valid_until,
            ended_on=published.replace(year=published.year + 1) if ended else None,
            end_kind="repealed" if ended else "",
            end_reason="上位法已修改，经清理决定废止。" if ended else "",
        )
        made.append(version)
    _amend_some(cast, rng, made, serials, today)
    _cleanup(cast, made, today)
    return len(made)


def _cleanup(cast: Cast, made: list[Version], today: date) -> None:
    """A published cleanup of a document in force, which it declares invalid."""
    in_force = [
        v for v in made if v.document.ended_on is None and (v.valid_until or today) >= today
    ][:1]
    if not in_force:
        return
    actor_unit = in_force[0].unit
    actor = next(person for u, person in cast.drafters.values() if u == actor_unit)
    cleanup = services.cleanup_create(
        actor=actor,
        unit=actor_unit,
        title=f"{today.year}年度行政规范性文件清理",
        basis="《北京市优化营商环境条例》第七十七条",
        versions=in_force,
    )
    services.cleanup_conclude(
        actor=actor,
        item=cleanup.items.get(),
        conclusion="declare_invalid",
        reason="调整对象已消失，宣布失效。",
    )
    services.cleanup_publish(actor=actor, cleanup=cleanup)


def _amend_some(cast, rng, made: list[Version], serials, today: date) -> None:
    """Give every eighth work still in force a later version (so the earlier one is 已修改)."""
    for version in made[3::8]:
        if version.document.ended_on or version.published_on.year >= today.year - 1:
            continue
        unit, drafter = version.unit, version.created_by
        published = version.published_on.replace(year=version.published_on.year + 1)
        code = version.doc_number.split("发〔")[0][1:]
        key = (code, published.year)
        serials[key] = serials.get(key, 0) + 1
        services.document_import(
            actor=drafter,
            unit=unit,
            issuer=version.document.issuer,
            title=version.title.replace("办法", "办法（修订）"),
            text=version.text + "\n（本办法经修订，自修订发布之日起施行。）",
            subject=version.document.subject,
            doc_number=f"{_prefix(cast.district)}{code}发〔{published.year}〕{serials[key]}号",
            published_on=published,
            valid_until=published.replace(year=published.year + 5) - timedelta(days=1),
            amends=version,
        )


def _current(cast: Cast, rng: random.Random, today: date) -> int:
    """This year's drafts, one at each step the procedure can reach today."""
    lead = _lead_department(cast)
    unit, drafter = cast.drafters[lead]
    subject, code, topics = DEPARTMENT_TOPICS[lead]
    short = unit.short_name or unit.name

    def draft(topic: str, *, rights: bool = True, business: bool = False) -> Version:
        return services.draft_create(
            actor=drafter,
            unit=unit,
            issuer=unit,
            title=f"{short}{topic}"
            if topic.endswith(DOCUMENT_KINDS)
            else f"{short}{topic}实施办法",
            subject=subject,
            text=_text(rng, subject, short, topic, "实施办法", 1500),
            necessity=f"现行{topic}规定已不适应改革要求，需要制定本办法。",
            feasibility="与上位法规定一致，已征求相关部门意见，具备实施条件。",
            impact="对经营主体的影响已评估，总体可控。",
            legal_basis=LAWS[subject],
            drafter_opinion="经起草单位法制机构审查，未发现与上位法相抵触的内容。",
            affects_rights=rights,
            concerns_business=business,
        )

    def do(version: Version, code_: str, actor: Person, acting: Unit, **data) -> None:
        services.step(actor=actor, unit=acting, version=version, step_code=code_, data=data)

    def commenting(version: Version) -> None:
        rule_days = 45 if version.concerns_business else 20
        do(
            version,
            "open_comment",
            drafter,
            unit,
            opens_on=today,
            closes_on=today + timedelta(days=rule_days),
        )

    def urgent_review(version: Version) -> None:
        drafting_unit, drafting_person = version.unit, version.created_by
        do(
            version,
            "skip_comment",
            drafting_person,
            drafting_unit,
            reason="属于内部工作规范，不直接涉及公民权利义务。",
        )
        do(
            version,
            "submit_review",
            drafting_person,
            drafting_unit,
            reviewing_unit_id=cast.legal_office.pk,
            urgent_reason="执行上级紧急部署，需在本周内印发。",
        )
        review = version.legality_reviews.get()
        for flag in review.flags.all():
            services.flag_decide(
                actor=cast.reviewer, flag=flag, decision="dismissed", reason="该条款有上位法依据。"
            )

    made = []
    made.append(draft(topics[0]))  # 起草中
    business = draft(topics[1 % len(topics)], business=True)
    services.competition_review_record(
        actor=drafter,
        version=business,
        findings=blank_findings(),
        conclusion="compliant",
        reviewed_on=today,
        operators_heard="召开企业座谈会，听取12家经营主体意见。",
    )
    commenting(business)
    for n, text in enumerate(("建议明确申请材料清单。", "建议延长过渡期。", "赞成。")):
        comment = services.comment_submit(
            version=business,
            text=text,
            name=f"市民{n + 1}",
            # an address per district and citizen: the hourly limit holds at any --scale
            client=f"10.{cast.district.pk // 256 % 256}.{cast.district.pk % 256}.{n + 1}",
        )
        if n == 0:
            services.comment_reply(actor=drafter, comment=comment, reply="adopted")
    made.append(business)
    general = draft(topics[2 % len(topics)])
    commenting(general)
    made.append(general)

    ready = draft(f"{topics[0]}档案管理规范", rights=False)
    do(ready, "skip_comment", drafter, unit, reason="内部工作规范，不直接涉及公民权利义务。")
    made.append(ready)

    reviewing = draft(f"{topics[3 % len(topics)]}工作规范", rights=False)
    services.draft_update(
        actor=drafter,
        version=reviewing,
        text=reviewing.text
        + "\n申请人应当提供无犯罪记录证明。\n违反本规范的，由区有关部门处以五千元罚款。",
    )
    do(reviewing, "skip_comment", drafter, unit, reason="内部工作规范，不直接涉及公民权利义务。")
    do(reviewing, "submit_review", drafter, unit, reviewing_unit_id=cast.legal_office.pk)
    made.append(reviewing)

    reviewed = draft(f"{topics[4 % len(topics)]}内部办理规程", rights=False)
    urgent_review(reviewed)
    do(
        reviewed,
        "give_opinion",
        cast.reviewer,
        cast.reviewer_unit,
        opinion="amend",
        opinion_text="第三条应当删除“先行收取保证金”的内容。",
        opinion_items=1,
    )
    made.append(reviewed)

    deliberated = draft(f"{topics[1 % len(topics)]}内部督办办法", rights=False)
    urgent_review(deliberated)
    do(
        deliberated,
        "give_opinion",
        cast.reviewer,
        cast.reviewer_unit,
        opinion="lawful",
        opinion_text="经审核，该文件合法。",
        opinion_items=0,
    )
    do(
        deliberated,
        "deliberate",
        drafter,
        unit,
        meeting=f"{short}{today.year}年第{rng.randint(3, 12)}次局务会议",
        held_on=today,
        result="passed",
        attendees="局长、副局长、法制科科长",
    )
    made.append(deliberated)

    published = draft("政务服务事项办理规程", rights=False)
    urgent_review(published)
    do(
        published,
        "give_opinion",
        cast.reviewer,
        cast.reviewer_unit,
        opinion="lawful",
        opinion_text="经审核，该文件合法。",
        opinion_items=0,
    )
    do(
        published,
        "deliberate",
        drafter,
        unit,
        meeting=f"{short}{today.year}年第{rng.randint(3, 12)}次局务会议",
        held_on=today,
        result="passed",
        attendees="局长、副局长、法制科科长、业务科室负责人",
    )
    do(
        published,
        "publish",
        drafter,
        unit,
        doc_number=f"{_prefix(cast.district)}{code}发〔{today.year}〕{rng.randint(20, 40)}号",
        published_on=today,
        effective_on=today + timedelta(days=15),  # 已公布尚未施行
        valid_until=(today + timedelta(days=15)).replace(year=today.year + 2) - timedelta(days=1),
    )
    made.append(published)

    made += _published_elsewhere(cast, rng, today, urgent_review_for=urgent_review)

    withdrawn = draft("政府购买服务管理办法", rights=False)
    do(withdrawn, "withdraw", drafter, unit, reason="上级已统一出台规定，本单位不再另行制定。")
    made.append(withdrawn)
    return len(made)


def _lead_department(cast: Cast) -> str:
    """The department whose drafts are in progress: the demo accounts' (scj_chengban)."""
    return PERSONA_DEPARTMENT if PERSONA_DEPARTMENT in cast.drafters else sorted(cast.drafters)[0]


def _published_elsewhere(cast: Cast, rng: random.Random, today: date, urgent_review_for) -> list:
    """One document published today by each of three other departments, filed at once, one of
    the filings reviewed to closure (for the year's figures)."""
    made = []
    lead = _lead_department(cast)
    for name in [name for name in sorted(cast.drafters) if name != lead][:3]:
        unit, drafter = cast.drafters[name]
        subject, code, topics = DEPARTMENT_TOPICS[name]
        short = unit.short_name or unit.name
        prefix = _prefix(cast.district)
        version = services.draft_create(
            actor=drafter,
            unit=unit,
            issuer=unit,
            title=f"{short}{topics[0]}工作规程",
            subject=subject,
            text=_text(rng, subject, short, topics[0], "工作规程", 1200),
            necessity="统一内部办理标准的需要。",
            feasibility="已在部分科室试行。",
            impact="不增加公民、法人和其他组织的义务。",
            legal_basis=LAWS[subject],
            drafter_opinion="未发现与上位法相抵触的内容。",
            affects_rights=False,
        )
        urgent_review_for(version)
        for code_, actor, acting, data in (
            (
                "give_opinion",
                cast.reviewer,
                cast.reviewer_unit,
                {
                    "opinion": "lawful",
                    "opinion_text": "经审核，该文件合法。",
                    "opinion_items": 1,
                },
            ),
            (
                "deliberate",
                drafter,
                unit,
                {
                    "meeting": f"{short}{today.year}年第{rng.randint(3, 12)}次局务会议",
                    "held_on": today,
                    "result": "passed",
                    "attendees": "局长、副局长、法制科科长",
                },
            ),
            (
                "publish",
                drafter,
                unit,
                {
                    "doc_number": f"{prefix}{code}发〔{today.year}〕{rng.randint(5, 19)}号",
                    "published_on": today,
                    "effective_on": today,
                    "valid_until": today.replace(year=today.year + 3) - timedelta(days=1),
                },
            ),
        ):
            services.step(actor=actor, unit=acting, version=version, step_code=code_, data=data)
        filing = version.filings.get()
        services.filing_step(actor=drafter, unit=unit, filing=filing, step_code="file")
        made.append(version)
    first = made[0].filings.get() if made else None
    if first is not None:
        for code_, data in (
            ("start_review", {}),
            ("close", {"risk_rating": "low", "outcome": "no_issue", "checks": {"权限": True}}),
        ):
            services.filing_step(
                actor=cast.reviewer,
                unit=cast.reviewer_unit,
                filing=first,
                step_code=code_,
                data=data,
            )
    return made
