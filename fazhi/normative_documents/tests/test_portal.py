"""The public query platform at /documents/: the query and its filters, status on a date, a
document's page with its public history, the comment and objection forms, hostile queries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from fazhi.normative_documents import services
from fazhi.normative_documents.models import Comment, Filing, Subject, Version
from fazhi.normative_documents.portal_views import clean_words, commenter_label, redact

from .conftest import DRAFT_TEXT, at

# Said in a comment and an objection, never to be seen on a public page.
PERSON_NAME = "张三丰"
PERSON_ORG = "示例科技有限公司"
PERSON_PHONE = "13800138000"
PHONE_IN_TEXT = "13912345678"
OBJECTOR_NAME = "李四光"
OBJECTOR_CONTACT = "lisiguang@example.com"

HOSTILE_QUERIES = [
    '"',
    "'",
    '"校外培训',
    "NEAR(培训",
    "培训*",
    "-x",
    "a:b",
    "^培训",
    "AND OR NOT",
    "(((",
    "%",
    "_",
    "\\",
    "'; DROP TABLE normative_documents_version;--",
    "培" * 2000,
    "🙂👍🏽",
    "培训\x00机构",
    "<script>alert(1)</script>",
    "校外培訓機構",
    "{}[]|&~!@#$",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def imported(world, title, *, number, published_on, text=None, subject=Subject.EDUCATION, **dates):
    """A document published before the platform, registered through the import service."""
    return services.document_import(
        actor=world.drafter,
        unit=world.east.dept_a,
        issuer=world.east.dept_a,
        title=title,
        text=text or f"第一条 为规范{title}相关工作，制定本办法。\n第二条 本办法自发布之日起施行。",
        subject=subject,
        doc_number=number,
        published_on=published_on,
        **dates,
    )


def amend(world, version: Version, *, published_on: date, number: str) -> Version:
    """A second version of a work, published on `published_on`. The amendment is opened by the
    service; its publication is written directly (the procedure is tested in test_making)."""
    second = services.amendment_start(
        actor=world.drafter, document=version.document, unit=world.east.dept_a
    )
    Version.objects.filter(pk=second.pk).update(
        state="published",
        title=f"{version.title}（修订）",
        published_on=published_on,
        effective_on=published_on,
        written_on=published_on,
        doc_number=number,
    )
    return Version.objects.get(pk=second.pk)


@pytest.fixture
def library(world):
    """Documents whose status on 2024-01-01 differ."""
    in_force = imported(
        world,
        "甲区校外培训机构管理办法",
        number="甲教发〔2023〕1号",
        published_on=date(2023, 1, 3),
        valid_until=date(2027, 12, 31),
    )
    repealed = imported(
        world,
        "甲区教育收费管理规定",
        number="甲教发〔2022〕2号",
        published_on=date(2022, 3, 1),
        ended_on=date(2023, 6, 1),
        end_kind="repealed",
        end_reason="上位法已修改。",
    )
    expired = imported(
        world,
        "甲区学生资助暂行办法",
        number="甲教发〔2018〕3号",
        published_on=date(2018, 1, 2),
        valid_until=date(2019, 12, 31),
        subject=Subject.FINANCE,
    )
    old = imported(
        world, "甲区校车安全管理办法", number="甲教发〔2020〕4号", published_on=date(2020, 1, 6)
    )
    new = amend(world, old, published_on=date(2023, 5, 4), number="甲教发〔2023〕5号")
    return {"in_force": in_force, "repealed": repealed, "expired": expired, "old": old, "new": new}


def titles(response) -> list[str]:
    html = response.content.decode()
    block = html.split('data-testid="results"', 1)[1] if 'data-testid="results"' in html else ""
    return re.findall(r'class="fw-semibold" href="/documents/\d+/">([^<]+)<', block)


# ---- the query --------------------------------------------------------------------------------


def test_index_lists_published_documents_without_a_login(client, library, world):
    world.draft(title="尚在起草的文件")
    response = client.get("/documents/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "共公开 <strong>5</strong> 件文件" in html
    assert "尚在起草的文件" not in html
    assert "甲教发〔2023〕1号" in html and "甲区教育局" in html
    assert "现行有效" in html and "已废止" in html and "已失效" in html and "已修改" in html


def test_filters_by_issuer_year_subject_and_status(client, library, world):
    other = services.document_import(
        actor=world.drafter,
        unit=world.east.dept_a,
        issuer=world.east.district,
        title="甲区人民政府关于教育督导的规定",
        text="第一条 为加强教育督导，制定本规定。",
        subject=Subject.EDUCATION,
        doc_number="甲政发〔2023〕7号",
        published_on=date(2023, 2, 1),
    )
    by_issuer = titles(client.get("/documents/", {"issuer": world.east.district.pk}))
    assert by_issuer == [other.title]
    assert set(titles(client.get("/documents/", {"year": 2023}))) == {
        library["in_force"].title,
        library["new"].title,
        other.title,
    }
    assert titles(client.get("/documents/", {"subject": Subject.FINANCE})) == [
        library["expired"].title
    ]
    in_force_today = set(titles(client.get("/documents/", {"status": "in_force"})))
    assert in_force_today == {library["in_force"].title, library["new"].title, other.title}


def test_in_force_on_a_date(client, library):
    """/documents/?status=in_force&on=D: what was in force on D, with the status on D."""
    on_2024 = titles(client.get("/documents/?status=in_force&on=2024-01-01"))
    assert set(on_2024) == {library["in_force"].title, library["new"].title}
    on_2023 = titles(client.get("/documents/?status=in_force&on=2023-01-01"))
    # The school-bus rules were then in their first version; the fee rules not yet repealed;
    # the 2023 documents not yet published.
    assert set(on_2023) == {library["repealed"].title, library["old"].title}
    assert set(titles(client.get("/documents/?status=repealed&on=2024-01-01"))) == {
        library["repealed"].title
    }
    assert set(titles(client.get("/documents/?status=expired&on=2024-01-01"))) == {
        library["expired"].title
    }
    assert set(titles(client.get("/documents/?status=amended&on=2024-01-01"))) == {
        library["old"].title
    }
    response = client.get("/documents/?on=2019-06-01")
    assert "2019年6月1日" in response.content.decode()
    assert set(titles(response)) == {library["expired"].title}


def test_pending_document_is_not_yet_in_force(client, world):
    with at(date(2026, 11, 2)):
        pending = imported(
            world,
            "甲区研学活动管理办法",
            number="甲教发〔2026〕9号",
            published_on=date(2026, 11, 2),
            effective_on=date(2027, 1, 1),
        )
        response = client.get("/documents/", {"status": "pending"})
        assert titles(response) == [pending.title]
        assert "已公布尚未施行" in response.content.decode()
        assert titles(client.get("/documents/?status=in_force&on=2027-01-01")) == [pending.title]


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"issuer": "abc"}, "“制定机关”参数无效"),
        ({"issuer": "9" * 40}, "“制定机关”参数无效"),
        ({"year": "二〇二三"}, "“年份”参数无效"),
        ({"year": "0"}, "“年份”参数无效"),
        ({"status": "drafting"}, "“效力状态”参数无效"),
        ({"subject": "astrology"}, "“主题分类”参数无效"),
        ({"on": "2024-13-45"}, "日期无效"),
        ({"on": "0001-01-01"}, "日期无效"),
        ({"page": "-1"}, None),
        ({"page": "999999"}, None),
        ({"page": "x\x00"}, None),
    ],
)
def test_bad_parameters_are_ignored_with_a_note(client, library, params, note):
    response = client.get("/documents/", params)
    assert response.status_code == 200
    html = response.content.decode()
    if note:
        assert note in html
        assert re.search(r"共(找到|公开) <strong>5</strong> 件文件", html)
    else:
        assert titles(response)


def test_pagination_twenty_a_page(client, world):
    for n in range(1, 23):
        imported(
            world,
            f"甲区第{n}号测试办法",
            number=f"甲教发〔2022〕{n}号",
            published_on=date(2022, 1, 4),
        )
    first = client.get("/documents/", {"year": 2022})
    assert len(titles(first)) == 20
    html = first.content.decode()
    assert "共找到 <strong>22</strong> 件文件" in html and "第 1/2 页" in html
    assert "year=2022&amp;page=2" in html
    second = client.get("/documents/", {"year": 2022, "page": 2})
    assert len(titles(second)) == 2
    assert not set(titles(first)) & set(titles(second))


def test_search_count_is_capped(client, world, monkeypatch):
    from fazhi.normative_documents import search

    monkeypatch.setattr(search, "CAP", 3)
    for n in range(1, 6):
        imported(
            world,
            f"甲区第{n}号封顶办法",
            number=f"甲教发〔2022〕{n}号",
            published_on=date(2022, 1, 4),
        )
    html = client.get("/documents/", {"q": "封顶办法"}).content.decode()
    assert "共找到 <strong>3</strong> 件以上文件" in html
    html = client.get("/documents/", {"q": "第2号封顶"}).content.decode()
    assert "共找到 <strong>1</strong> 件文件" in html
    html = client.get("/documents/", {"year": 2022}).content.decode()
    assert "共找到 <strong>5</strong> 件文件" in html  # no search: not capped


def test_search_finds_across_scripts(client, world):
    simplified = imported(
        world,
        "甲区体育场馆开放管理办法",
        number="甲教发〔2024〕11号",
        published_on=date(2024, 3, 1),
        text="第一条 学校体育场馆应当在节假日向社会公众开放。",
    )
    traditional = imported(
        world,
        "甲區圖書館服務規定",
        number="甲教发〔2024〕12号",
        published_on=date(2024, 3, 2),
        text="第一條 公共圖書館應當免費向讀者提供借閱服務。",
    )
    assert titles(client.get("/documents/", {"q": "體育場館應當在節假日"})) == [simplified.title]
    assert titles(client.get("/documents/", {"q": "图书馆应当免费"})) == [traditional.title]
    assert titles(client.get("/documents/", {"q": "甲教发〔2024〕11号"})) == [simplified.title]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_answer_a_page(client, library, query):
    response = client.get("/documents/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "\x00" not in html


@pytest.mark.parametrize(
    "raw",
    ["q=%ED%A0%80", "q=%FF%FE", "q=%00%00", "q=a&q=b", "q=" + "%E5%9F%B9" * 3000, "issuer=%00"],
)
def test_undecodable_query_strings_answer_a_page(client, library, raw):
    assert client.get(f"/documents/?{raw}").status_code == 200


def test_query_is_cleaned_and_capped():
    assert clean_words("培训\x00机构\ud800\n") == ("培训 机构", False)
    words, cut = clean_words("培" * 2000)
    assert len(words) == 100 and cut


def test_long_query_is_cut_with_a_note(client, library):
    response = client.get("/documents/", {"q": "培" * 2000})
    assert "只按前100个字检索" in response.content.decode()


# ---- one document -----------------------------------------------------------------------------


@pytest.fixture
def published(world):
    """A document made through the whole procedure, with one comment from a person (who typed
    a phone number into it) and one from an enterprise, both answered, and its filing made."""
    with at(date(2026, 3, 2)):
        version = world.draft(title="甲区校外培训机构管理办法", text=DRAFT_TEXT)
        world.step(version, "open_comment", opens_on=date(2026, 3, 2), closes_on=date(2026, 4, 2))
    with at(date(2026, 3, 10)):
        person = services.comment_submit(
            version=version,
            text=f"建议第三条写明监督检查的频次。我的电话是{PHONE_IN_TEXT}。",
            name=PERSON_NAME,
            organization=PERSON_ORG,
            contact=PERSON_PHONE,
            client="198.51.100.7",
        )
        enterprise = services.comment_submit(
            version=version,
            text="建议明确备案材料清单。",
            channel="enterprise",
            name="王经理",
            organization="甲区培训行业协会会员企业",
            contact="010-88886666",
            actor=world.drafter,
        )
        services.comment_reply(
            actor=world.drafter, comment=person, reply="partly", reason="频次由年度计划确定。"
        )
        services.comment_reply(actor=world.drafter, comment=enterprise, reply="adopted")
    with at(date(2026, 4, 3)):
        world.step(version, "close_comment", adoption_summary="收到意见2条，部分采纳。")
        world.step(version, "submit_review", reviewing_unit_id=world.east.legal_office.pk)
        for flag in version.legality_reviews.get().flags.all():
            services.flag_decide(
                actor=world.reviewer, flag=flag, decision="dismissed", reason="依法有据。"
            )
    with at(date(2026, 4, 14)):
        world.step(
            version,
            "give_opinion",
            world.reviewer,
            opinion="lawful",
            opinion_text="经审核，内部意见全文不公开。",
            opinion_items=0,
        )
    with at(date(2026, 4, 20)):
        world.step(
            version,
            "deliberate",
            meeting="甲区教育局2026年第5次局务会议",
            held_on=date(2026, 4, 20),
            result="passed",
            attendees="局长、副局长",
        )
        world.step(
            version,
            "publish",
            doc_number="甲教发〔2026〕3号",
            published_on=date(2026, 4, 20),
            effective_on=date(2026, 4, 20),
            valid_until=date(2031, 4, 19),
        )
    with at(date(2026, 4, 22)):
        filing = version.filings.get()
        services.filing_step(
            actor=world.drafter, unit=world.east.dept_a, filing=filing, step_code="file"
        )
    version.refresh_from_db()
    return version


def test_document_page_shows_metadata_text_and_history(client, published):
    response = client.get(f"/documents/{published.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for expected in (
        "甲区校外培训机构管理办法",
        "甲区教育局",
        "甲教发〔2026〕3号",
        published.registration_number,
        "2026年4月20日",
        "2031年4月19日",
        "现行有效",
        "教育",
        "第二条 本办法适用于本区行政区域内的校外培训机构。<br>第三条",
        '共收到意见 <strong data-testid="comment-count">2</strong> 条',
        "收到意见2条，部分采纳。",
        "部分采纳",
        "频次由年度计划确定。",
        "甲区司法局于2026年4月14日出具审核意见",
        "合法",
        "甲区教育局2026年第5次局务会议（2026年4月20日）：审议通过",
        "已于2026年4月22日报送",
        f'href="/transparency/proof/normative_documents.version/{published.pk}/"',
        "对本文件提出审查建议",
    ):
        assert expected in html, expected
    assert "内部意见全文不公开" not in html  # the opinion's category, not its text


def test_commenters_are_masked_and_contacts_never_shown(client, published):
    html = client.get(f"/documents/{published.pk}/").content.decode()
    assert "公众" in html and "张**" not in html  # a natural person is never named
    assert "甲区培训行业协会会员企业" in html  # an enterprise is named
    for private in (PERSON_NAME, PERSON_ORG, PERSON_PHONE, PHONE_IN_TEXT, "王经理", "88886666"):
        assert private not in html, private
    assert not re.search(r"1[3-9]\d{9}", html)


def test_masking_helpers():
    assert redact("电话13912345678，邮箱a.b@example.cn，身份证11010519491231002X。") == (
        "电话[已隐去]，邮箱[已隐去]，身份证[已隐去]。"
    )
    assert redact("第三十二条 罚款2000元") == "第三十二条 罚款2000元"
    assert commenter_label(Comment(channel="portal", name="")) == "公众"
    assert commenter_label(Comment(channel="portal", name="欧阳修", organization="某局")) == "公众"
    assert commenter_label(Comment(channel="letter", name="Ann")) == "公众"


def test_the_proof_link_answers(client, published):
    response = client.get(f"/transparency/proof/normative_documents.version/{published.pk}/")
    assert response.status_code == 200


def test_amended_and_repealed_documents_say_so(client, library):
    old = client.get(f"/documents/{library['old'].pk}/").content.decode()
    assert "已修改" in old and "本文件已被修改" in old
    assert f'href="/documents/{library["new"].pk}/"' in old
    repealed = client.get(f"/documents/{library['repealed'].pk}/").content.decode()
    assert "本文件已于2023年6月1日废止" in repealed and "上位法已修改。" in repealed
    assert "本平台建立前公布的文件" in repealed


def test_drafts_and_unknown_documents_are_404(client, world):
    draft = world.draft()
    assert client.get(f"/documents/{draft.pk}/").status_code == 404
    assert client.get("/documents/999999/").status_code == 404
    assert client.get("/documents/99999999999999999999999/").status_code == 404


# ---- 审查建议 -----------------------------------------------------------------------------------


def objection(**extra) -> dict:
    return {
        "request_text": "第三条与上位法规定不一致，建议审查。",
        "requester_name": OBJECTOR_NAME,
        "requester_contact": OBJECTOR_CONTACT,
        **extra,
    }


def test_objection_is_received_with_a_receipt(client, library):
    version = library["in_force"]
    response = client.post(f"/documents/{version.pk}/", objection(), follow=True)
    assert response.status_code == 200
    filing = Filing.objects.get(kind="objection")
    assert filing.document_version == version and filing.requester_name == OBJECTOR_NAME
    assert filing.requester_contact == OBJECTOR_CONTACT and filing.state == "registered"
    html = response.content.decode()
    assert f"您的审查建议已收到，登记号：{filing.pk}" in html
    assert OBJECTOR_NAME not in html and OBJECTOR_CONTACT not in html


def test_objection_needs_text_and_name(client, library):
    response = client.post(
        f"/documents/{library['in_force'].pk}/", objection(request_text="", requester_name="")
    )
    assert response.status_code == 200
    assert "该字段是必填项" in response.content.decode()
    assert not Filing.objects.filter(kind="objection").exists()


def test_objection_honeypot_saves_nothing(client, library):
    response = client.post(
        f"/documents/{library['in_force'].pk}/", objection(website="http://spam.example")
    )
    assert response.status_code == 302
    assert not Filing.objects.filter(kind="objection").exists()


def test_objections_are_rate_limited_per_address(client, library):
    url = f"/documents/{library['in_force'].pk}/"
    for _ in range(5):
        assert client.post(url, objection()).status_code == 302
    response = client.post(url, objection())
    assert "提交过于频繁" in response.content.decode()
    assert Filing.objects.filter(kind="objection").count() == 5
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post(url, objection()).status_code == 302


def test_forms_need_the_csrf_token(library):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/documents/{library['in_force'].pk}/", objection()).status_code == 403
    page = strict.get(f"/documents/{library['in_force'].pk}/")
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()


# ---- comments on drafts -----------------------------------------------------------------------


@pytest.fixture
def commenting(world):
    with at(date(2026, 3, 2)):
        version = world.draft(title="甲区托育机构管理办法（征求意见稿）")
        world.step(version, "open_comment", opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 20))
    return version


def comment(**extra) -> dict:
    return {
        "text": "建议第二条明确适用范围。",
        "name": PERSON_NAME,
        "organization": PERSON_ORG,
        "contact": PERSON_PHONE,
        **extra,
    }


def test_open_drafts_are_listed_during_their_period(client, commenting):
    with at(date(2026, 3, 1)):
        assert commenting.title not in client.get("/documents/comments/").content.decode()
        assert client.get(f"/documents/comments/{commenting.pk}/").status_code == 404
    with at(date(2026, 3, 10)):
        html = client.get("/documents/comments/").content.decode()
        assert commenting.title in html and "2026年3月20日" in html
        assert "正在公开征求意见" in client.get("/documents/").content.decode()
        page = client.get(f"/documents/comments/{commenting.pk}/").content.decode()
        assert "第二条 本办法适用于本区行政区域内的校外培训机构。" in page
        assert "提交意见" in page
    with at(date(2026, 3, 21)):
        assert commenting.title not in client.get("/documents/comments/").content.decode()
        page = client.get(f"/documents/comments/{commenting.pk}/").content.decode()
        assert "征求意见已于2026年3月20日截止" in page


def test_comment_is_taken_and_nothing_personal_shown(client, commenting):
    with at(date(2026, 3, 10)):
        response = client.post(
            f"/documents/comments/{commenting.pk}/",
            comment(),
            REMOTE_ADDR="198.51.100.20",
            follow=True,
        )
    taken = Comment.objects.get()
    assert (taken.channel, taken.name, taken.contact) == ("portal", PERSON_NAME, PERSON_PHONE)
    assert taken.client_key and "198.51.100.20" not in taken.client_key
    html = response.content.decode()
    assert f"您的意见已提交，意见编号：{taken.pk}" in html
    for private in (PERSON_NAME, PERSON_ORG, PERSON_PHONE):
        assert private not in html


def test_comment_out_of_period_is_refused(client, commenting):
    with at(date(2026, 3, 21)):
        response = client.post(f"/documents/comments/{commenting.pk}/", comment())
    assert response.status_code == 200
    assert "该文件不在征求意见期内，不能提交意见。" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_are_rate_limited(client, commenting, settings):
    settings.FAZHI_NORMDOC_COMMENTS_PER_HOUR = 2
    with at(date(2026, 3, 10)):
        for _ in range(2):
            assert (
                client.post(f"/documents/comments/{commenting.pk}/", comment()).status_code == 302
            )
        response = client.post(f"/documents/comments/{commenting.pk}/", comment())
    assert "提交过于频繁，请一小时后再试。" in response.content.decode()
    assert Comment.objects.count() == 2


def test_comment_honeypot_saves_nothing(client, commenting):
    with at(date(2026, 3, 10)):
        response = client.post(
            f"/documents/comments/{commenting.pk}/", comment(website="http://spam.example")
        )
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_comment_needs_text(client, commenting):
    with at(date(2026, 3, 10)):
        response = client.post(f"/documents/comments/{commenting.pk}/", comment(text="  "))
    assert "该字段是必填项" in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_with_control_characters_is_refused_or_cleaned(client, commenting):
    with at(date(2026, 3, 10)):
        nul = client.post(f"/documents/comments/{commenting.pk}/", comment(text="意见\x00内容"))
        assert nul.status_code == 200 and not Comment.objects.exists()
        ok = client.post(f"/documents/comments/{commenting.pk}/", comment(text="意见\x07内容"))
    assert ok.status_code == 302
    assert Comment.objects.get().text == "意见内容"


def test_portal_links_to_the_query(client, db):
    assert 'href="/documents/"' in client.get("/").content.decode()
