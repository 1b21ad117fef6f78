"""The staff pages of reconsideration: every page renders for those in reach; outside the
person's reach a case is 404 and no action can be posted; a refusal (a form error, a service's
ValidationError, a guard's reason with its article, a PermissionDenied) is shown in Chinese on
the page and nothing is saved; the case page takes a case from 收到申请 to 已送达生效 through
its forms; the respondent's staff see the case against their unit without the applicant's
personal data and submit the reply.

复议法 = 中华人民共和国行政复议法（2023年修订）. Dates on the 2026 calendar (conftest)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.deadlines.models import Deadline
from fazhi.reconsideration import services
from fazhi.reconsideration.models import (
    Activity,
    Hearing,
    Letter,
    NormdocReview,
    ReconsiderationCase,
)

from .conftest import APPLICANT_ID, PNG, at, person_id

pytestmark = pytest.mark.django_db

BASE = "/workspace/reconsideration"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def text(response) -> str:
    return response.content.decode()


def refusal(response) -> str:
    """The refusal shown at the top of a page posted back."""
    page = text(response)
    assert 'data-testid="action-refusal"' in page, page[:2000]
    return page.split('data-testid="action-refusal"')[1].split("</ul>")[0]


def url(name: str, *args) -> str:
    return reverse(f"reconsideration:{name}", args=args)


def act(client, case, key: str, sub=None, **data):
    """Post the case page's form `key` (prefixed as the page renders it)."""
    prefix = f"{key}-{sub}" if sub else key
    fields = {f"{prefix}-{name}": value for name, value in data.items()}
    target = url(key, case.pk, sub) if sub else url(f"case_{key}", case.pk)
    return client.post(target, fields)


def fresh(case) -> ReconsiderationCase:
    return ReconsiderationCase.objects.get(pk=case.pk)


def register_data(world, **overrides) -> dict:
    data = {
        "office": world.east.legal_office.pk,
        "channel": "letter",
        "received_on": "2026-03-02",
        "applicant_kind": "person",
        "applicant_name": "张三丰",
        "applicant_id_number": APPLICANT_ID,
        "applicant_address": "甲区某街道1号",
        "applicant_phone": "13800138000",
        "respondent_unit": world.east.dept_b.pk,
        "act": "甲卫罚〔2026〕7号行政处罚决定",
        "act_made_on": "2026-02-25",
        "act_known_on": "2026-02-26",
        "informed_of_right": "on",
        "subject": "penalty",
        "request_text": "撤销甲卫罚〔2026〕7号行政处罚决定。",
        "reasons": "认定事实不清，证据不足。",
    }
    data.update(overrides)
    return data


def accepted(world, **application):
    """Registered 3-2, accepted 3-3 (decision due 5-6), copy sent and signed for 3-4
    (reply due 3-18)."""
    case = world.accept(world.register(**application))
    with at(date(2026, 3, 4)):
        return services.copy_send(
            actor=world.clerk, case=case, sent_on=date(2026, 3, 4), received_on=date(2026, 3, 4)
        )


def ready_to_decide(world):
    case = accepted(world)
    with at(date(2026, 3, 10)):
        services.reply_submit(actor=world.respondent, case=case, text="事实清楚。")
        services.activity_record(
            actor=world.clerk,
            case=case,
            kind="views",
            on=date(2026, 3, 10),
            summary="电话听取申请人意见。",
            how="phone",
        )
    return fresh(case)


def decided(world):
    case = ready_to_decide(world)
    with at(date(2026, 3, 20)):
        return services.case_decide(
            actor=world.head,
            case=case,
            kind="revoke",
            text="撤销甲卫罚〔2026〕7号行政处罚决定。",
            reasons="被申请人认定事实的证据不足。",
            approval="head",
            approver="区政府王副区长",
        )


# ---- the module's home ------------------------------------------------------------------------


def test_index_counts_what_is_due_and_filters_the_cases(world):
    first = world.register()
    second = world.accept(
        world.register(applicant_name="李四", applicant_id_number=person_id("11010519800101002"))
    )
    with at(date(2026, 3, 4)):
        services.copy_send(
            actor=world.clerk, case=second, sent_on=date(2026, 3, 4), received_on=date(2026, 3, 4)
        )
    with at(date(2026, 3, 12)):
        clerk = client_for(world.clerk)
        page = text(clerk.get(f"{BASE}/"))
        assert 'data-testid="count-cases">2<' in page
        # 受理审查 of the first ended 3-9: overdue (the nightly job has not run here).
        review = page.split('data-testid="due-review"')[1].split("</section>")[0]
        assert first.receipt_number in review and "已逾期" in review
        reply = page.split('data-testid="due-reply"')[1].split("</section>")[0]
        assert "2026年3月18日届满" in reply  # 第四十八条: 10 working days from 3-4
        assert 'data-testid="count-decision">0<' in page
        assert "张三丰" in page and "李四" in page
        assert f'href="{url("case_register")}"' in page
        by_state = text(clerk.get(f"{BASE}/", {"state": "accepted"}))
        listed = by_state.split('data-testid="case-list"')[1]
        assert second.number in listed and first.receipt_number not in listed
        overdue = text(clerk.get(f"{BASE}/", {"overdue": "review"})).split('"case-list"')[1]
        assert first.receipt_number in overdue and second.receipt_number not in overdue
        by_year = text(clerk.get(f"{BASE}/", {"year": "2026"})).split('"case-list"')[1]
        assert first.receipt_number in by_year and second.receipt_number in by_year
        assert "没有符合条件的案件" in text(clerk.get(f"{BASE}/", {"subject": "license"}))
        by_respondent = text(clerk.get(f"{BASE}/", {"respondent": "卫健委", "q": "7号"}))
        assert first.receipt_number in by_respondent
        # The respondent sees its cases once sent the copy, the applicant masked; the outsider
        # none.
        respondent = text(client_for(world.respondent).get(f"{BASE}/"))
        assert second.number in respondent and "李四" not in respondent and "李*" in respondent
        assert first.receipt_number not in respondent
        assert f'href="{url("case_register")}"' not in respondent
        outsider = text(client_for(world.outsider).get(f"{BASE}/"))
        assert 'data-testid="count-cases">0<' in outsider and second.number not in outsider


def test_index_lists_opinion_letters_awaiting_a_report(world):
    case = accepted(world)
    with at(date(2026, 3, 5)):
        services.letter_issue(
            actor=world.clerk,
            office=world.east.legal_office,
            kind="opinion",
            number="甲府复意〔2026〕1号",
            recipient_unit=world.east.dept_b,
            recipient_name="",
            issued_on=date(2026, 3, 5),
            received_on=date(2026, 3, 5),
            problems="执法文书未载明救济途径。",
            requests="规范执法文书。",
            case=case,
        )
    # 第七十六条: 60 days from 3-5 → 5-4, in the 劳动节 holiday (5-1…5-5) → 5-6.
    with at(date(2026, 5, 7)):
        page = text(client_for(world.clerk).get(f"{BASE}/"))
    waiting = page.split('data-testid="letters-waiting"')[1].split("</section>")[0]
    assert "1件" in waiting and "甲府复意〔2026〕1号" in waiting and "已逾期" in waiting


# ---- registering --------------------------------------------------------------------------------


def test_the_office_registers_a_letter_application_with_its_attachments(world):
    client = client_for(world.clerk)
    with at(date(2026, 3, 2)):
        assert client.get(url("case_register")).status_code == 200
        data = register_data(
            world,
            uploads=[
                SimpleUploadedFile("申请书.png", PNG, content_type="image/png"),
                SimpleUploadedFile("处罚决定书.png", PNG + b"\x00", content_type="image/png"),
            ],
        )
        response = client.post(url("case_register"), data, follow=True)
    case = ReconsiderationCase.objects.get()
    assert response.redirect_chain[-1][0] == url("case_detail", case.pk)
    page = text(response)
    assert f"收件编号{case.receipt_number}" in page and "查询码：" in page
    assert "messages" not in response.cookies or "查询码" not in str(response.cookies)
    with at(date(2026, 3, 2)):
        assert "查询码：" not in text(client.get(url("case_detail", case.pk)))  # shown once
    assert (case.channel, case.registered_by, case.review_due) == (
        "letter",
        world.clerk,
        date(2026, 3, 9),
    )
    assert case.respondent_name == world.east.dept_b.name
    assert sorted(a.name for a in case.attachments.all()) == ["处罚决定书.png", "申请书.png"]
    assert 'data-testid="attachments"' in page and "/workspace/evidence/" in page


def test_a_refused_registration_is_shown_in_chinese_and_saves_nothing(world):
    client = client_for(world.clerk)
    with at(date(2026, 3, 2)):
        bad_id = client.post(
            url("case_register"), register_data(world, applicant_id_number="110105198001010010")
        )
        no_respondent = client.post(url("case_register"), register_data(world, respondent_unit=""))
        forwarded = client.post(url("case_register"), register_data(world, channel="forwarded"))
    assert bad_id.status_code == 200 and "校验码错误" in refusal(bad_id)
    assert 'value="张三丰"' in text(bad_id)  # the input is kept
    assert "请选择或者填写被申请人" in refusal(no_respondent)
    assert "第三十二条" in refusal(forwarded)
    assert not ReconsiderationCase.objects.exists()


def test_only_the_office_may_register(world):
    for person in (world.respondent, world.outsider):
        client = client_for(person)
        with at(date(2026, 3, 2)):
            assert client.get(url("case_register")).status_code == 403
            response = client.post(url("case_register"), register_data(world))
        assert response.status_code == 403
    assert not ReconsiderationCase.objects.exists()


# ---- reach ----------------------------------------------------------------------------------


def test_outside_reach_a_case_is_404_for_pages_actions_and_documents(world):
    case = decided(world)
    client = client_for(world.outsider)
    with at(date(2026, 3, 21)):
        assert client.get(url("case_detail", case.pk)).status_code == 404
        assert act(client, case, "serve", served_on="2026-03-21").status_code == 404
        assert client.get(url("case_document", case.pk, "decision")).status_code == 404
        assert client.get(url("case_detail", 999999)).status_code == 404
    assert fresh(case).state == "decided"


def test_the_office_sees_the_applicant_the_respondent_does_not(world):
    case = accepted(world)
    with at(date(2026, 3, 5)):
        office = text(client_for(world.clerk).get(url("case_detail", case.pk)))
        respondent_page = client_for(world.respondent).get(url("case_detail", case.pk))
    assert APPLICANT_ID in office and "13800138000" in office and "甲区某街道1号" in office
    page = text(respondent_page)
    assert respondent_page.status_code == 200 and case.number in page
    for secret in (APPLICANT_ID, "13800138000", "甲区某街道1号", "张三丰"):
        assert secret not in page, secret
    assert "张**" in page and "本单位为被申请人" in page
    # The respondent is offered the reply, none of the office's steps.
    assert 'data-action="reply"' in page
    for key in ("activity", "hearing_schedule", "suspend", "decide", "mediate", "terminate"):
        assert f'data-action="{key}"' not in page, key


def test_the_respondent_cannot_take_the_offices_steps(world):
    # Before the copy is sent, the application is not the respondent's to see (第四十八条).
    received = world.register()
    client = client_for(world.respondent)
    with at(date(2026, 3, 3)):
        assert client.get(url("case_detail", received.pk)).status_code == 404
        assert act(client, received, "accept", number="甲府复〔2026〕9号").status_code == 404
    assert fresh(received).state == "received" and fresh(received).number == ""
    case = accepted(world, applicant_id_number=person_id("11010519800101002"))
    with at(date(2026, 3, 10)):
        assert client.get(url("case_detail", case.pk)).status_code == 200
        response = act(client, case, "activity", kind="views", on="2026-03-10", summary="x")
        assert response.status_code == 403
        assert "不能办理" in refusal(response) or "只有" in refusal(response)
        assert not Activity.objects.exists()
        decide = act(
            client,
            case,
            "decide",
            kind="uphold",
            text="维持。",
            reasons="合法。",
            approval="head",
            approver="我",
            decided_on="2026-03-10",
        )
    assert decide.status_code == 403 and fresh(case).state == "accepted"


# ---- acceptance ---------------------------------------------------------------------------------


def test_acceptance_through_its_form(world):
    case = world.register()
    client = client_for(world.clerk)
    with at(date(2026, 3, 3)):
        page = text(client.get(url("case_detail", case.pk)))
        assert 'data-action="accept"' in page and 'data-action="refuse"' in page
        assert "行政复议受理审查期限" in page and "第三十条第一款" in page
        response = act(client, case, "accept", number="甲府复〔2026〕1号")
    assert response.status_code == 302
    case = fresh(case)
    assert (case.state, case.accepted_on, case.decision_due) == (
        "accepted",
        date(2026, 3, 3),
        date(2026, 5, 6),
    )


def test_acceptance_after_the_review_period_is_refused_with_its_article(world):
    case = world.register()
    with at(date(2026, 3, 10)):
        response = act(client_for(world.clerk), case, "accept", number="甲府复〔2026〕1号")
    shown = refusal(response)
    assert response.status_code == 200
    assert "视为受理" in shown and "第三十条第三款" in shown
    assert 'value="甲府复〔2026〕1号"' in text(response)
    case = fresh(case)
    assert (case.state, case.number, case.accepted_on) == ("received", "", None)


def test_a_simplified_acceptance_without_its_conditions_is_refused(world):
    case = world.register()
    with at(date(2026, 3, 3)):
        response = act(
            client_for(world.clerk), case, "accept", number="甲府复〔2026〕1号", simplified="on"
        )
    assert "第五十三条" in refusal(response) and fresh(case).state == "received"


def test_refusal_names_the_competent_body_and_makes_its_document(world):
    case = world.register()
    client = client_for(world.clerk)
    with at(date(2026, 3, 4)):
        missing = act(client, case, "refuse", reason="not_competent", text="被申请人为区政府")
        assert "有管辖权" in refusal(missing) and fresh(case).state == "received"
        done = act(
            client,
            case,
            "refuse",
            reason="not_competent",
            text="被申请人为区政府",
            competent_body="北京市人民政府",
        )
        assert done.status_code == 302
        page = text(client.get(url("case_detail", case.pk)))
        document = client.get(url("case_document", case.pk, "refusal"))
    assert fresh(case).state == "not_accepted" and "北京市人民政府" in page
    assert document.status_code == 200 and document["Content-Type"] == DOCX


def test_supplement_once_extend_receive_and_the_review_runs_anew(world):
    case = world.register()
    client = client_for(world.clerk)
    with at(date(2026, 3, 3)):
        act(
            client,
            case,
            "supplement_request",
            items="请提交处罚决定书复印件。",
            served_on="2026-03-03",
        )
    assert fresh(case).state == "supplementing"
    assert fresh(case).supplement_due == date(2026, 3, 17)  # 第三十一条第二款: 10 working days
    with at(date(2026, 3, 10)):
        early = act(client, case, "abandon")
        assert "尚未届满" in refusal(early) and fresh(case).state == "supplementing"
        bad = act(client, case, "supplement_extend", until="2026-03-16", reason="住院")
        assert "须晚于原期限" in refusal(bad)
        act(client, case, "supplement_extend", until="2026-03-31", reason="申请人住院治疗")
        response = act(client, case, "supplement_receive", received_on="2026-03-10")
    assert response.status_code == 302
    case = fresh(case)
    assert (case.state, case.supplement_due, case.review_due) == (
        "received",
        date(2026, 3, 31),
        date(2026, 3, 17),
    )
    with at(date(2026, 3, 11)):
        again = act(client, case, "supplement_request", items="再补一项。", served_on="2026-03-11")
    assert "不得再次通知补正" in refusal(again) and fresh(case).state == "received"


def test_not_supplemented_in_time_is_deemed_abandoned(world):
    case = world.register()
    client = client_for(world.clerk)
    with at(date(2026, 3, 3)):
        act(client, case, "supplement_request", items="请提交身份证明。", served_on="2026-03-03")
    with at(date(2026, 3, 18)):
        assert act(client, case, "abandon").status_code == 302
    assert fresh(case).state == "abandoned"


def test_withdrawal_before_acceptance(world):
    case = world.register()
    with at(date(2026, 3, 4)):
        response = act(
            client_for(world.clerk),
            case,
            "withdraw",
            reason="经沟通，申请人书面撤回。",
            resolved="on",
            on="2026-03-04",
        )
    assert response.status_code == 302
    assert (fresh(case).state, fresh(case).outcome) == ("withdrawn", "resolved")


# ---- the review -------------------------------------------------------------------------------


def test_copy_send_starts_the_reply_period_and_the_respondent_replies(world):
    case = world.accept(world.register())
    clerk = client_for(world.clerk)
    with at(date(2026, 3, 4)):
        response = act(clerk, case, "copy_send", sent_on="2026-03-04", received_on="2026-03-04")
        assert response.status_code == 302 and fresh(case).reply_due == date(2026, 3, 18)
        page = text(clerk.get(url("case_detail", case.pk)))
        assert "被申请人书面答复期限（普通程序）" in page and "第四十八条" in page
    respondent = client_for(world.respondent)
    with at(date(2026, 3, 9)):
        empty = act(respondent, case, "reply", text="", replied_on="2026-03-09")
        assert "书面答复" in refusal(empty) and fresh(case).replied_on is None
        done = act(respondent, case, "reply", text="原行政行为事实清楚。", replied_on="2026-03-09")
    assert done.status_code == 302
    case = fresh(case)
    assert (case.replied_on, case.reply_text) == (date(2026, 3, 9), "原行政行为事实清楚。")
    with at(date(2026, 3, 10)):
        twice = act(respondent, case, "reply", text="补充。", replied_on="2026-03-10")
    assert "已于2026年3月9日答复" in refusal(twice)


def test_the_office_enters_a_paper_reply_with_its_files(world):
    case = accepted(world)
    with at(date(2026, 3, 9)):
        response = client_for(world.clerk).post(
            url("case_reply", case.pk),
            {
                "reply-text": "答复书（纸质，已扫描）。",
                "reply-replied_on": "2026-03-09",
                "reply-uploads": [SimpleUploadedFile("答复书.png", PNG, content_type="image/png")],
            },
        )
    assert response.status_code == 302
    assert [a.kind for a in fresh(case).attachments.all()] == ["reply"]


def test_the_respondent_replies_with_its_evidence_files(world):
    case = accepted(world)
    with at(date(2026, 3, 9)):
        response = client_for(world.respondent).post(
            url("case_reply", case.pk),
            {
                "reply-text": "答复。",
                "reply-replied_on": "2026-03-09",
                "reply-uploads": [SimpleUploadedFile("证据.png", PNG, content_type="image/png")],
            },
        )
    assert response.status_code == 302
    assert fresh(case).attachments.filter(kind="reply").count() == 1


def test_the_decision_is_refused_until_the_parties_are_heard(world):
    case = accepted(world)
    with at(date(2026, 3, 10)):
        services.reply_submit(actor=world.respondent, case=case, text="事实清楚。")
    head = client_for(world.head)
    data = {
        "kind": "uphold",
        "text": "维持。",
        "reasons": "事实清楚。",
        "approval": "head",
        "approver": "区政府王副区长",
        "decided_on": "2026-03-11",
    }
    with at(date(2026, 3, 11)):
        page = text(head.get(url("case_detail", case.pk)))
        assert 'data-action="decide"' in page and 'data-action="accept"' not in page
        response = act(head, case, "decide", **data)
    shown = refusal(response)
    assert "听取当事人的意见" in shown and "第四十九条" in shown
    case = fresh(case)
    assert (case.state, case.decision_kind, case.decided_on) == ("accepted", "", None)
    # The office's clerk is not the head: the decision is not theirs.
    with at(date(2026, 3, 11)):
        clerk = client_for(world.clerk)
        assert 'data-action="decide"' not in text(clerk.get(url("case_detail", case.pk)))
        assert act(clerk, case, "decide", **data).status_code == 403


def test_activities_hearings_and_their_notice(world):
    case = accepted(world)
    client = client_for(world.clerk)
    with at(date(2026, 3, 10)):
        act(client, case, "activity", kind="investigation", on="2026-03-10", summary="现场勘验。")
        late = act(
            client,
            case,
            "hearing_schedule",
            scheduled_on="2026-03-13",
            place="司法局听证室",
            issues="处罚依据是否充分",
            notified_on="2026-03-10",
        )
        # 第五十一条第一款: 5 working days before 3-13 → notified by 3-6.
        assert "2026年3月6日" in refusal(late) and "第五十一条第一款" in refusal(late)
        assert not Hearing.objects.exists()
        act(
            client,
            case,
            "hearing_schedule",
            scheduled_on="2026-03-20",
            place="司法局听证室",
            issues="处罚依据是否充分",
            notified_on="2026-03-10",
        )
    hearing = Hearing.objects.get()
    with at(date(2026, 3, 20)):
        page = text(client.get(url("case_detail", case.pk)))
        assert f'data-action="hearing_hold-{hearing.pk}"' in page
        no_reason = act(client, case, "hearing_hold", hearing.pk, attendee="科长", record="笔录")
        assert "负责人不能参加的理由" in refusal(no_reason)
        act(
            client,
            case,
            "hearing_hold",
            hearing.pk,
            attendee="卫健委主任",
            head_attended="on",
            record="双方陈述意见。",
        )
        document = client.get(url("hearing_document", case.pk, hearing.pk))
    assert Hearing.objects.get().held and Activity.objects.get().kind == "investigation"
    assert document.status_code == 200 and document["Content-Type"] == DOCX


def test_suspension_and_resumption(world):
    case = accepted(world)
    client = client_for(world.clerk)
    with at(date(2026, 3, 10)):
        act(client, case, "suspend", ground="mediation", reason="双方同意调解。", on="2026-03-10")
        assert fresh(case).state == "suspended"
        page = text(client.get(url("case_detail", case.pk)))
        assert 'data-action="resume"' in page and 'data-action="suspend"' not in page
    with at(date(2026, 3, 16)):
        act(client, case, "resume", reason="调解未达成协议。", on="2026-03-16")
    assert fresh(case).state == "accepted" and fresh(case).suspensions.get().resumed_on


def test_an_incidental_review_of_a_normative_document(world):
    case = accepted(world)
    client = client_for(world.clerk)
    with at(date(2026, 3, 10)):
        act(
            client,
            case,
            "normdoc_start",
            document_title="甲区卫生监督管理办法",
            enacting_body="甲区卫健委",
            competent="on",
            on_request="on",
            started_on="2026-03-10",
        )
    review = NormdocReview.objects.get()
    assert fresh(case).state == "suspended"
    with at(date(2026, 3, 11)):
        resume = act(client, case, "resume", reason="审查完毕", on="2026-03-11")
        assert "尚未处理完毕" in refusal(resume) and "第五十六条" in refusal(resume)
        act(client, case, "normdoc_notify", review.pk, notified_on="2026-03-11")
        act(client, case, "normdoc_reply", review.pk, replied_on="2026-03-11")
        act(client, case, "normdoc_conclude", review.pk, conclusion="合法。", on="2026-03-11")
        assert act(client, case, "resume", reason="审查完毕", on="2026-03-11").status_code == 302
    review.refresh_from_db()
    assert review.enactor_replied_on and review.handled_on and fresh(case).state == "accepted"


def test_the_head_converts_and_extends(world):
    case = world.accept(world.register(amount="200"), simplified=True)
    head = client_for(world.head)
    with at(date(2026, 3, 5)):
        page = text(head.get(url("case_detail", case.pk)))
        assert 'data-action="convert"' in page and 'data-action="extend"' not in page
        clerk = act(client_for(world.clerk), case, "convert", reason="案情复杂")
        assert clerk.status_code == 403 and fresh(case).simplified
        act(head, case, "convert", reason="案情复杂，不宜适用简易程序。")
        assert not fresh(case).simplified
        too_long = act(head, case, "extend", days="31", reason="复杂", notified_on="2026-03-05")
        assert "30" in refusal(too_long) and fresh(case).extended_days == 0
        act(head, case, "extend", days="30", reason="需调取外地证据。", notified_on="2026-03-05")
    case = fresh(case)
    deadline = Deadline.objects.get(subject_id=case.pk, rule_id="reconsideration.decision")
    assert case.extended_days == 30 and case.decision_due == deadline.due_date
    assert case.decision_due > date(2026, 5, 6)
    with at(date(2026, 3, 6)):
        again = act(head, case, "extend", days="5", reason="仍复杂", notified_on="2026-03-06")
    assert "已延长30日" in refusal(again)


# ---- the end, and after -------------------------------------------------------------------------


def test_a_case_through_its_forms_to_effect_publication_and_performance(world):
    case = accepted(world)
    respondent = client_for(world.respondent)
    clerk = client_for(world.clerk)
    head = client_for(world.head)
    with at(date(2026, 3, 10)):
        act(respondent, case, "reply", text="事实清楚，证据确凿。", replied_on="2026-03-10")
        act(clerk, case, "activity", kind="views", on="2026-03-10", summary="听取意见。")
    with at(date(2026, 3, 20)):
        response = act(
            head,
            case,
            "decide",
            kind="revoke",
            text="撤销甲卫罚〔2026〕7号行政处罚决定。",
            reasons="证据不足。",
            approval="head",
            approver="区政府王副区长",
            decided_on="2026-03-20",
        )
        assert response.status_code == 302 and fresh(case).state == "decided"
        early = act(clerk, case, "serve", served_on="2026-03-19")
        assert "送达日期须在决定日期之后" in refusal(early) and fresh(case).state == "decided"
        act(clerk, case, "serve", served_on="2026-03-20")
    assert fresh(case).state == "effective"
    with at(date(2026, 3, 23)):
        page = text(clerk.get(url("case_detail", case.pk)))
        assert 'data-testid="case-state">已送达生效<' in page
        for key in ("publish", "withhold", "copy", "performance", "urge"):
            assert f'data-action="{key}"' in page, key
        act(clerk, case, "publish", public_text="", on="2026-03-23")
        act(clerk, case, "copy", to="北京市卫生健康委员会", on="2026-03-23")
        act(clerk, case, "urge", measure="责令十日内履行", on="2026-03-23")
        act(respondent, case, "performance", performed_on="2026-03-23", note="已撤销处罚。")
    case = fresh(case)
    assert case.published_on == date(2026, 3, 23) and "张**" in case.public_text
    assert APPLICANT_ID not in case.public_text
    assert (case.copied_on, case.urged_on, case.performed_on) == (date(2026, 3, 23),) * 3


def test_withholding_publication_records_the_reason(world):
    case = decided(world)
    with at(date(2026, 3, 21)):
        services.case_serve(actor=world.clerk, case=case, served_on=date(2026, 3, 21))
        act(client_for(world.clerk), case, "withhold", withhold_reason="原行政行为未公开。")
    assert fresh(case).not_published_reason == "原行政行为未公开。"
    assert fresh(case).published_on is None


def test_mediation_and_its_document(world):
    case = ready_to_decide(world)
    client = client_for(world.clerk)
    with at(date(2026, 3, 12)):
        act(client, case, "mediate", agreement="被申请人将罚款降为500元。", signed_on="2026-03-12")
        document = client.get(url("case_document", case.pk, "mediation"))
    assert fresh(case).state == "mediated" and document.status_code == 200


def test_termination_for_a_lapse_is_refused_without_a_long_suspension(world):
    case = accepted(world)
    client = client_for(world.clerk)
    with at(date(2026, 3, 12)):
        lapse = act(client, case, "terminate", ground="lapsed", reason="满六十日", on="2026-03-12")
        assert "第四十一条第五项" in refusal(lapse) and fresh(case).state == "accepted"
        act(
            client,
            case,
            "terminate",
            ground="criminal",
            reason="申请人被刑事拘留。",
            on="2026-03-12",
        )
    assert (fresh(case).state, fresh(case).outcome) == ("terminated", "terminated")


# ---- documents -------------------------------------------------------------------------------


def test_documents_appear_as_the_case_reaches_them_and_the_respondent_gets_its_own(world):
    case = decided(world)
    clerk = client_for(world.clerk)
    respondent = client_for(world.respondent)
    with at(date(2026, 3, 21)):
        office_page = text(clerk.get(url("case_detail", case.pk)))
        respondent_page = text(respondent.get(url("case_detail", case.pk)))
        for kind in ("acceptance", "reply_notice", "decision"):
            assert url("case_document", case.pk, kind) in office_page, kind
            response = clerk.get(url("case_document", case.pk, kind))
            assert response.status_code == 200 and response["Content-Type"] == DOCX
            assert "attachment" in response["Content-Disposition"]
        assert url("case_document", case.pk, "acceptance") not in respondent_page
        assert url("case_document", case.pk, "decision") in respondent_page
        assert respondent.get(url("case_document", case.pk, "acceptance")).status_code == 403
        assert respondent.get(url("case_document", case.pk, "decision")).status_code == 200
        not_yet = clerk.get(url("case_document", case.pk, "mediation"), follow=True)
        assert "本案没有调解结案" in text(not_yet)
        assert clerk.get(url("case_document", case.pk, "nonsense")).status_code == 404


def test_the_evidence_app_serves_the_attachments_to_the_office(world):
    with at(date(2026, 3, 2)):
        case, _ = services.application_register(
            actor=world.clerk,
            office=world.east.legal_office,
            channel="window",
            received_on=date(2026, 3, 2),
            uploads=[SimpleUploadedFile("申请书.png", PNG, content_type="image/png")],
            **world.application(),
        )
    attachment = case.attachments.get()
    download = f"/workspace/evidence/{attachment.sha256}/"
    with at(date(2026, 3, 3)):
        page = text(client_for(world.clerk).get(url("case_detail", case.pk)))
        assert f'href="{download}"' in page
        assert client_for(world.clerk).get(download).status_code == 200
        respondent_page = text(client_for(world.respondent).get(url("case_detail", case.pk)))
    assert "申请书.png" not in respondent_page


# ---- letters ---------------------------------------------------------------------------------


def test_letters_issue_read_and_reply(world):
    case = accepted(world)
    clerk = client_for(world.clerk)
    data = {
        "office": world.east.legal_office.pk,
        "kind": "opinion",
        "number": "甲府复意〔2026〕1号",
        "recipient_unit": world.east.dept_b.pk,
        "case": case.pk,
        "issued_on": "2026-03-05",
        "received_on": "2026-03-06",
        "problems": "处罚决定书未载明救济途径。",
        "requests": "规范执法文书。",
    }
    with at(date(2026, 3, 6)):
        assert clerk.get(url("letter_issue"), {"case": case.pk}).status_code == 200
        bad = clerk.post(url("letter_issue"), {**data, "received_on": "2026-03-04"})
        assert "不能早于制发日期" in refusal(bad) and not Letter.objects.exists()
        assert clerk.post(url("letter_issue"), data).status_code == 302
        letter = Letter.objects.get()
        # 第七十六条: 60 days from 3-6 → 5-5, in the 劳动节 holiday → 5-6.
        assert letter.reply_due == date(2026, 5, 6)
        duplicate = clerk.post(url("letter_issue"), data)
        assert "已经使用" in refusal(duplicate) and Letter.objects.count() == 1
    respondent = client_for(world.respondent)
    with at(date(2026, 3, 20)):
        assert "甲府复意〔2026〕1号" in text(respondent.get(url("letter_list")))
        page = text(respondent.get(url("letter_detail", letter.pk)))
        assert 'data-action="reply"' in page
        assert respondent.get(url("letter_issue")).status_code == 403
        assert client_for(world.outsider).get(url("letter_detail", letter.pk)).status_code == 404
        outsider = client_for(world.outsider).post(
            url("letter_reply", letter.pk), {"reply-text": "x"}
        )
        assert outsider.status_code == 404
        done = respondent.post(
            url("letter_reply", letter.pk),
            {"reply-text": "已修订文书格式。", "reply-replied_on": "2026-03-20"},
        )
        assert done.status_code == 302
        again = respondent.post(
            url("letter_reply", letter.pk),
            {"reply-text": "补充。", "reply-replied_on": "2026-03-20"},
        )
    assert again.status_code == 200 and "已于2026年3月20日报送办理情况" in refusal(again)
    letter.refresh_from_db()
    assert (letter.replied_on, letter.reply_text) == (date(2026, 3, 20), "已修订文书格式。")
    filtered = text(clerk.get(url("letter_list"), {"state": "open"}))
    assert "甲府复意〔2026〕1号" not in filtered.split('data-testid="letter-list"')[1]
