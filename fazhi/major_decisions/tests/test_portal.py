"""The public pages of major decisions at /decisions/: catalogs and their adjustments, the
comment form and its refusals, the published feedback, hearings and published decisions, for
anonymous visitors; what is not published is 404 or absent, and what a commenter said about
themselves never appears."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.major_decisions import services
from fazhi.major_decisions.models import Catalog, Comment, CommentPeriod, Decision, Hearing

from .conftest import World, at

# Said about themselves by commenters, never to be seen on a public page ("张三" is the
# commenter of the world's comment round).
PERSON_NAME = "张三丰"
PERSON_ORG = "示例科技有限公司"
PERSON_PHONE = "13800138000"
PHONE_IN_TEXT = "13912345678"
PRIVATE = (PERSON_NAME, PERSON_ORG, PERSON_PHONE, PHONE_IN_TEXT, "张三")

DRAFT = "一、到2028年，全区公办幼儿园在园幼儿占比达到55%。\n二、新建小区配套幼儿园与住宅同步交付。"
EXPLANATION = "为扩大普惠性学前教育资源，起草本计划。"
SECRET = "甲区应急物资储备布局方案"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Portal:
    world: World
    catalog: Catalog
    draft_catalog: Catalog
    decision: Decision  # in the catalog, out for comment from 2026-03-02 to 04-02
    period: CommentPeriod
    secret: Decision  # not public (第三十二条)


def comment(**fields) -> dict:
    values = {
        "text": f"建议增加托育服务内容。如有疑问请致电{PHONE_IN_TEXT}。",
        "name": PERSON_NAME,
        "organization": PERSON_ORG,
        "contact": PERSON_PHONE,
        "website": "",
    }
    values.update(fields)
    return values


@pytest.fixture
def portal(world) -> Portal:
    east, clerk = world.east, world.clerk
    with at(date(2026, 1, 10)):
        catalog = services.catalog_create(
            actor=clerk,
            unit=east.district,
            year=2026,
            title="甲区人民政府2026年度重大行政决策事项目录",
        )
        items = [
            services.item_propose(
                actor=world.drafter,
                catalog=catalog,
                proposed_by=east.dept_a,
                title=title,
                category="plan",
                reason="涉及社会公众切身利益。",
                lead_unit=east.dept_a,
                planned=planned,
            )
            for title, planned in (
                ("甲区学前教育三年行动计划", "2026年6月"),
                ("甲区中小学校布局规划", "2026年10月"),
            )
        ]
        for item in items:
            services.item_decide(actor=clerk, item=item, include=True)
        for code, data in (
            ("submit", None),
            ("agree", {"agreed_on": date(2026, 1, 10), "party_agreement": "区委常委会第2次会议"}),
            ("publish", {"published_on": date(2026, 1, 10)}),
        ):
            catalog = services.catalog_step(
                actor=clerk, unit=east.district, catalog=catalog, step_code=code, data=data
            )
        draft_catalog = services.catalog_create(actor=clerk, unit=east.district, year=2027)
    with at(date(2026, 2, 2)):
        decision = world.start(
            title="甲区学前教育三年行动计划", catalog_item=items[0], started_on=date(2026, 2, 2)
        )
        world.fill(decision, draft=DRAFT, explanation=EXPLANATION)
        period = services.comment_period_open(
            actor=world.drafter,
            decision=decision,
            opens_on=date(2026, 3, 2),
            closes_on=date(2026, 4, 2),
            how_to_comment="在本页提交意见，或信函寄至甲区教育局法规科。",
        )
        secret = world.start(title=SECRET, started_on=date(2026, 2, 2))
        world.fill(secret, not_public_reason="涉及国家秘密。")
    return Portal(world, catalog, draft_catalog, decision, period, secret)


@pytest.fixture
def answered(portal, client) -> Portal:
    """One comment from the portal, replied to and the feedback published after the period."""
    with at(date(2026, 3, 10)):
        client.post(
            f"/decisions/solicitations/{portal.period.pk}/", comment(), REMOTE_ADDR="198.51.100.7"
        )
    taken = Comment.objects.get()
    with at(date(2026, 4, 3)):
        services.comment_reply(
            actor=portal.world.drafter, comment=taken, reply="partly", reason="已增加托育服务内容。"
        )
        services.feedback_publish(
            actor=portal.world.drafter,
            period=portal.period,
            feedback="共收到意见1条，部分采纳1条。",
        )
    return portal


@pytest.fixture
def published(world) -> Decision:
    """A decision taken through the whole procedure and published on 2026-03-20, with a public
    and an internal file."""
    decision = world.start()
    world.to_executing(decision)
    with at(date(2026, 3, 21)):
        for title, public in (("决策公布稿", True), ("集体讨论会议纪要", False)):
            services.attachment_add(
                actor=world.drafter,
                decision=decision,
                kind="publication" if public else "minutes",
                title=title,
                upload=SimpleUploadedFile(f"{title}.txt", f"{title}全文。".encode()),
                public=public,
            )
    decision.refresh_from_db()
    return decision


# ---- catalogs -------------------------------------------------------------------------------


def test_the_index_shows_this_years_catalog_and_open_solicitations(client, portal):
    with at(date(2026, 3, 10)):
        html = client.get("/decisions/").content.decode()
    assert "甲区人民政府2026年度重大行政决策事项目录" in html
    assert "甲区中小学校布局规划" in html and "2026年10月" in html and "甲区教育局" in html
    assert "经同级党委同意：2026年1月10日（区委常委会第2次会议）" in html
    assert f"/decisions/solicitations/{portal.period.pk}/" in html
    assert "2027年度" not in html  # a catalog not yet published


def test_past_catalogs_are_listed_and_each_year_has_a_page(client, portal):
    with at(date(2027, 2, 1)):
        html = client.get("/decisions/").content.decode()
        assert "2027年度决策事项目录尚未公布" in html
        assert 'data-testid="past-catalog"' in html and "甲区中小学校布局规划" in html
        page = client.get("/decisions/catalogs/2026/")
        assert client.get("/decisions/catalogs/2027/").status_code == 404  # not published
        assert client.get("/decisions/catalogs/2025/").status_code == 404
    html = page.content.decode()
    assert page.status_code == 200 and "甲区学前教育三年行动计划" in html
    assert f"/transparency/proof/major_decisions.catalog/{portal.catalog.pk}/" in html


def test_next_years_catalog_is_shown_once_published(client, portal):
    world, east = portal.world, portal.world.east
    with at(date(2026, 12, 28)):
        item = services.item_propose(
            actor=world.drafter,
            catalog=portal.draft_catalog,
            proposed_by=east.dept_a,
            title="甲区义务教育阶段课后服务实施方案",
            category="policy",
            reason="涉及学生和家长切身利益。",
            lead_unit=east.dept_a,
            planned="2027年8月",
        )
        services.item_decide(actor=world.clerk, item=item, include=True)
        for code, data in (
            ("submit", None),
            ("agree", {"agreed_on": date(2026, 12, 28), "party_agreement": "区委常委会第30次会议"}),
            ("publish", {"published_on": date(2026, 12, 28)}),
        ):
            services.catalog_step(
                actor=world.clerk,
                unit=east.district,
                catalog=portal.draft_catalog,
                step_code=code,
                data=data,
            )
        html = client.get("/decisions/").content.decode()
    current = html[: html.index("往年目录")] if "往年目录" in html else html
    assert "甲区义务教育阶段课后服务实施方案" in current
    assert "甲区学前教育三年行动计划" in current  # this year's, still current


def test_an_adjustment_shows_its_reason_dates_and_changes(client, portal):
    world = portal.world
    with at(date(2026, 5, 6)):
        added = services.item_propose(
            actor=world.drafter,
            catalog=portal.catalog,
            proposed_by=world.east.dept_a,
            title="甲区校园周边交通整治方案",
            category="policy",
            reason="涉及学生安全。",
            lead_unit=world.east.dept_a,
            planned="2026年12月",
        )
        html = client.get("/decisions/catalogs/2026/").content.decode()
        assert "甲区校园周边交通整治方案" not in html  # proposed, not yet added
        removed = portal.catalog.items.get(title="甲区中小学校布局规划")
        services.catalog_adjust(
            actor=world.clerk,
            catalog=portal.catalog,
            reason="校园周边交通问题突出，布局规划并入下一年度。",
            published_on=date(2026, 5, 6),
            add=[added.pk],
            remove=[removed.pk],
            party_agreed_on=date(2026, 5, 5),
            party_agreement="区委常委会第9次会议",
        )
        html = client.get("/decisions/catalogs/2026/").content.decode()
    assert "第1次调整" in html and "校园周边交通问题突出，布局规划并入下一年度。" in html
    assert (
        "2026年5月6日公布" in html and "2026年5月5日经同级党委同意（区委常委会第9次会议）" in html
    )
    assert "甲区校园周边交通整治方案" in html and "第1次调整增列" in html
    assert "<s>甲区中小学校布局规划</s>" in html and "第1次调整调出目录" in html


# ---- public comment ---------------------------------------------------------------------------


def test_a_solicitation_shows_the_draft_and_the_form_while_open(client, portal):
    with at(date(2026, 3, 10)):
        html = client.get(f"/decisions/solicitations/{portal.period.pk}/").content.decode()
    assert "到2028年，全区公办幼儿园在园幼儿占比达到55%" in html and EXPLANATION in html
    assert "2026年3月2日至2026年4月2日" in html
    assert "信函寄至甲区教育局法规科" in html
    assert "提交意见</button>" in html and "任何情况下都不会公开" in html
    assert 'name="website"' in html  # the honeypot


def test_a_solicitation_is_not_shown_before_it_opens(client, portal):
    with at(date(2026, 3, 1)):
        assert client.get(f"/decisions/solicitations/{portal.period.pk}/").status_code == 404
        assert (
            client.post(f"/decisions/solicitations/{portal.period.pk}/", comment()).status_code
            == 404
        )
        assert (
            f"/decisions/solicitations/{portal.period.pk}/"
            not in client.get("/decisions/").content.decode()
        )
    assert not Comment.objects.exists()


def test_a_shortened_period_says_why(client, world):
    decision = world.start(title="甲区防汛应急避险转移办法")
    world.fill(decision)
    with at(date(2026, 6, 1)):
        period = services.comment_period_open(
            actor=world.drafter,
            decision=decision,
            opens_on=date(2026, 6, 1),
            closes_on=date(2026, 6, 10),
            shortened_reason="汛期临近，情况紧急。",
        )
        html = client.get(f"/decisions/solicitations/{period.pk}/").content.decode()
    assert "期限少于30日的理由" in html and "汛期临近，情况紧急。" in html


def test_a_comment_is_taken_and_nothing_personal_shown(client, portal):
    with at(date(2026, 3, 10)):
        response = client.post(
            f"/decisions/solicitations/{portal.period.pk}/",
            comment(),
            REMOTE_ADDR="198.51.100.20",
            follow=True,
        )
    taken = Comment.objects.get()
    assert (taken.channel, taken.name, taken.organization, taken.contact) == (
        "portal",
        PERSON_NAME,
        PERSON_ORG,
        PERSON_PHONE,
    )
    assert taken.client_key and "198.51.100.20" not in taken.client_key
    assert response.redirect_chain[-1][0] == f"/decisions/solicitations/{portal.period.pk}/sent/"
    html = response.content.decode()
    assert f"您的意见已提交，意见编号：{taken.pk}" in html
    for private in PRIVATE:
        assert private not in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "请填写意见内容。"),
        ("\x00\x01 ", "请填写意见内容。"),
    ],
)
def test_an_empty_comment_is_refused(client, portal, text, message):
    with at(date(2026, 3, 10)):
        response = client.post(f"/decisions/solicitations/{portal.period.pk}/", comment(text=text))
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert PERSON_ORG in html  # what was typed is kept in the form (for its author only)
    assert not Comment.objects.exists()


def test_an_over_long_comment_is_refused_and_the_text_kept(client, portal, settings):
    settings.FAZHI_DECISION_COMMENT_MAX_CHARS = 100
    text = "建议" * 60
    with at(date(2026, 3, 10)):
        response = client.post(f"/decisions/solicitations/{portal.period.pk}/", comment(text=text))
    html = response.content.decode()
    assert response.status_code == 200
    assert "意见内容不能超过100字（现为120字）。" in html
    assert f">{text}</textarea>" in html
    assert not Comment.objects.exists()


def test_a_comment_after_the_period_is_refused_and_the_text_kept(client, portal):
    with at(date(2026, 4, 3)):
        response = client.post(f"/decisions/solicitations/{portal.period.pk}/", comment())
    html = response.content.decode()
    assert response.status_code == 200
    assert "该决策草案的征求意见期为2026年3月2日至2026年4月2日，现在不能提交意见。" in html
    assert "建议增加托育服务内容" in html
    assert not Comment.objects.exists()


def test_comments_are_rate_limited_per_address(client, portal, settings):
    settings.FAZHI_DECISION_COMMENTS_PER_HOUR = 2
    url = f"/decisions/solicitations/{portal.period.pk}/"
    with at(date(2026, 3, 10)):
        for _ in range(2):
            assert client.post(url, comment(), REMOTE_ADDR="203.0.113.5").status_code == 302
        response = client.post(url, comment(text="第三条意见"), REMOTE_ADDR="203.0.113.5")
        html = response.content.decode()
        assert response.status_code == 200 and "提交过于频繁，请一小时后再试。" in html
        assert ">第三条意见</textarea>" in html
        # A forwarded-for header does not make another sender.
        response = client.post(
            url, comment(), REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.1"
        )
        assert response.status_code == 200
        assert client.post(url, comment(), REMOTE_ADDR="203.0.113.6").status_code == 302
    assert Comment.objects.count() == 3


def test_the_honeypot_saves_nothing(client, portal):
    with at(date(2026, 3, 10)):
        response = client.post(
            f"/decisions/solicitations/{portal.period.pk}/",
            comment(website="http://spam.example"),
            follow=True,
        )
    assert "您的意见已提交" in response.content.decode()
    assert not Comment.objects.exists()


def test_before_the_feedback_only_the_count_is_shown(client, portal):
    with at(date(2026, 3, 10)):
        client.post(f"/decisions/solicitations/{portal.period.pk}/", comment())
    with at(date(2026, 4, 3)):
        html = client.get(f"/decisions/solicitations/{portal.period.pk}/").content.decode()
    assert "征求意见已于2026年4月2日截止" in html
    assert "共收到意见 1 条，意见采纳情况将在研究后公布" in html
    assert "建议增加托育服务内容" not in html
    assert "提交意见</button>" not in html


def test_after_the_period_the_feedback_and_replies_are_published(client, answered):
    with at(date(2026, 4, 5)):
        html = client.get(f"/decisions/solicitations/{answered.period.pk}/").content.decode()
        index = client.get("/decisions/").content.decode()
    assert "共收到意见1条，部分采纳1条。" in html
    assert "建议增加托育服务内容" in html and "部分采纳" in html and "已增加托育服务内容。" in html
    assert "[已隐去]" in html  # the phone number typed into the text
    assert "提交意见</button>" not in html
    for private in PRIVATE:
        assert private not in html
    assert "已公布意见采纳情况" in index


# ---- decisions and hearings -------------------------------------------------------------------


def test_a_published_decision_has_its_page(client, published):
    with at(date(2026, 3, 21)):
        index = client.get("/decisions/").content.decode()
        response = client.get(f"/decisions/{published.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and f"/decisions/{published.pk}/" in index
    assert "甲区停车设施建设三年行动方案（全文）" in html
    assert "征求意见期间收到意见1条，已采纳。" in html and "2026年3月20日" in html
    assert f"/transparency/proof/major_decisions.decision/{published.pk}/" in html
    period = published.comment_periods.get()
    assert f"/decisions/solicitations/{period.pk}/" in html
    assert "经审查，决策事项符合法定权限" not in html and "同意，注意资金保障。" not in html
    assert "决策公布稿" in html and "集体讨论会议纪要" not in html
    proof = client.get(f"/transparency/proof/major_decisions.decision/{published.pk}/")
    assert proof.status_code == 200


def test_public_files_are_served_and_internal_ones_are_not(client, published):
    public = published.attachments.get(public=True)
    internal = published.attachments.get(public=False)
    response = client.get(f"/decisions/{published.pk}/files/{public.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "决策公布稿全文。".encode()
    assert client.get(f"/decisions/{published.pk}/files/{internal.pk}/").status_code == 404


def test_unpublished_and_not_public_decisions_are_not_shown(client, portal):
    with at(date(2026, 3, 10)):
        assert client.get(f"/decisions/{portal.decision.pk}/").status_code == 404
        assert client.get(f"/decisions/{portal.secret.pk}/").status_code == 404
        # Even with a publication date, a decision withheld by law stays hidden.
        Decision.objects.filter(pk=portal.secret.pk).update(published_on=date(2026, 3, 1))
        assert client.get(f"/decisions/{portal.secret.pk}/").status_code == 404
        assert SECRET not in client.get("/decisions/").content.decode()


def test_a_not_public_decisions_solicitation_and_hearing_are_hidden(client, portal):
    """Were a decision made not public after its draft went out, its pages go too."""
    world = portal.world
    with at(date(2026, 3, 2)):
        hearing = services.hearing_announce(
            actor=world.drafter,
            decision=portal.decision,
            held_on=date(2026, 3, 20),
            time="14:30",
            place="甲区政务服务中心",
            selection_method="随机抽取。",
        )
        Decision.objects.filter(pk=portal.decision.pk).update(not_public_reason="涉及国家秘密。")
        assert client.get(f"/decisions/solicitations/{portal.period.pk}/").status_code == 404
        assert client.get(f"/decisions/hearings/{hearing.pk}/").status_code == 404
        html = client.get("/decisions/").content.decode()
    assert "甲区学前教育三年行动计划（征求意见稿）" not in html


def test_a_hearing_is_announced_its_participants_published_then_held(client, portal):
    world = portal.world
    with at(date(2026, 3, 2)):
        hearing = services.hearing_announce(
            actor=world.drafter,
            decision=portal.decision,
            held_on=date(2026, 3, 20),
            time="14:30",
            place="甲区政务服务中心三楼会议室",
            selection_method="在报名人员中随机抽取，兼顾家长、幼儿园举办者和教师代表。",
        )
        html = client.get(f"/decisions/hearings/{hearing.pk}/").content.decode()
        assert "甲区政务服务中心三楼会议室" in html and "2026年3月20日 14:30" in html
        assert "随机抽取" in html and "听证参加人名单将在遴选后公布" in html
        assert "全区公办幼儿园在园幼儿占比" in html
        assert f"/decisions/hearings/{hearing.pk}/" in client.get("/decisions/").content.decode()
    with at(date(2026, 3, 10)):
        services.hearing_participants_publish(
            actor=world.drafter,
            hearing=hearing,
            participants=[{"name": "王五", "side": "家长代表"}],
        )
        services.hearing_materials_deliver(
            actor=world.drafter, hearing=hearing, delivered_on=date(2026, 3, 10)
        )
        html = client.get(f"/decisions/hearings/{hearing.pk}/").content.decode()
        assert "王五（家长代表）" in html and "本次听证会已于" not in html
    with at(date(2026, 3, 20)):
        services.hearing_hold(
            actor=world.drafter, hearing=hearing, record="听证会记录全文。", record_signed=True
        )
        html = client.get(f"/decisions/hearings/{hearing.pk}/").content.decode()
    assert "本次听证会已于2026年3月20日举行" in html
    assert "听证会记录全文。" not in html


def test_a_cancelled_hearing_is_not_shown(client, portal):
    with at(date(2026, 3, 2)):
        hearing = services.hearing_announce(
            actor=portal.world.drafter,
            decision=portal.decision,
            held_on=date(2026, 3, 20),
            time="14:30",
            place="甲区政务服务中心",
            selection_method="随机抽取。",
        )
        services.hearing_cancel(actor=portal.world.drafter, hearing=hearing, reason="改为座谈会。")
        assert client.get(f"/decisions/hearings/{hearing.pk}/").status_code == 404
    assert Hearing.objects.count() == 1


# ---- personal data, access, queries -----------------------------------------------------------


def test_no_page_shows_personal_data(client, answered, published):
    with at(date(2026, 4, 5)):
        urls = [
            "/",
            "/decisions/",
            "/decisions/catalogs/2026/",
            f"/decisions/solicitations/{answered.period.pk}/",
            f"/decisions/solicitations/{answered.period.pk}/sent/",
            f"/decisions/{published.pk}/",
            *(
                f"/decisions/solicitations/{period.pk}/"
                for period in published.comment_periods.all()
            ),
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            for private in PRIVATE:
                assert private not in html, (url, private)


def test_the_pages_are_public_and_the_portal_links_here(client, db):
    assert client.get("/decisions/").status_code == 200
    assert client.get("/decisions/catalogs/2026/").status_code == 404
    assert client.get("/decisions/999/").status_code == 404
    assert client.get("/decisions/solicitations/999/").status_code == 404
    assert client.get("/decisions/hearings/999/").status_code == 404
    huge = "9" * 30
    for url in (
        f"/decisions/{huge}/",
        f"/decisions/1/files/{huge}/",
        f"/decisions/solicitations/{huge}/",
        f"/decisions/solicitations/{huge}/sent/",
        f"/decisions/hearings/{huge}/",
        f"/decisions/catalogs/{huge}/",
    ):
        assert client.get(url).status_code == 404, url
    home = client.get("/").content.decode()
    assert 'href="/decisions/"' in home


def test_the_index_reads_in_a_fixed_number_of_queries(
    client, answered, published, django_assert_max_num_queries
):
    with at(date(2026, 4, 5)), django_assert_max_num_queries(10):
        assert client.get("/decisions/").status_code == 200
