"""Full-text search (`fazhi.normative_documents.search`): substring matching across word
boundaries and scripts, the one-character path, AND of terms, ranking, hostile input, and
keeping the index current. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from itertools import count

import pytest

from fazhi.core.tests.factories import PersonFactory, district_tree
from fazhi.normative_documents import search
from fazhi.normative_documents.models import Document, Subject, Version
from fazhi.normative_documents.search_models import SearchEntry

pytestmark = pytest.mark.django_db

_days = count(1)


@pytest.fixture(autouse=True, params=["walk", "tiny chunks"])
def chunk(request, monkeypatch):
    """Run every test with the page walk's usual first chunk and with a chunk of one key (many
    rounds of the walk)."""
    if request.param == "tiny chunks":
        monkeypatch.setattr(search, "CHUNK", 1)


@pytest.fixture
def make(db):
    """make(title, text, doc_number="") → a published, indexed version (each one day newer)."""
    tree = district_tree("检索区")
    person = PersonFactory(unit=tree.dept_a, name="检索测试员")

    def make(title: str, text: str = "", doc_number: str = "", *, index: bool = True) -> Version:
        document = Document.objects.create(issuer=tree.dept_a, subject=Subject.GENERAL)
        version = Version.objects.create(
            document=document,
            unit=tree.dept_a,
            title=title,
            text=text,
            doc_number=doc_number,
            created_by=person,
            state="published",
            published_on=date.fromordinal(date(2024, 1, 1).toordinal() + next(_days)),
        )
        if index:
            search.index_versions([version])
        return version

    return make


def found(query: str) -> list[Version]:
    return list(search.search(Version.objects.published(), query))


def test_normalize_width_script_and_case():
    assert search.normalize("行政復議 ＡＢＣ１２３") == "行政复议 abc123"
    assert search.normalize("") == ""


def test_substring_across_word_boundaries(make):
    version = make("某区物业管理办法", "第三十二条　业主大会应当依法履行职责。")
    make("无关文件", "第三十一条　本办法自发布之日起施行。")
    assert found("十二条") == [version]
    assert found("大会应当依") == [version]
    assert found("三十") != []


def test_punctuation_is_not_bridged(make):
    make("某办法", "第二条。规定如下")
    assert found("二条规定") == []
    assert found("二条") != []


def test_simplified_query_finds_traditional_text(make):
    version = make("行政復議工作規則", "申請人對行政機關的具體行政行為不服的，可以申請行政復議。")
    assert found("行政复议") == [version]
    assert found("具体行政行为") == [version]


def test_traditional_query_finds_simplified_text(make):
    version = make("规范性文件管理办法", "制定机关应当对规范性文件进行合法性审核。")
    assert found("規範性文件") == [version]
    assert found("合法性審核") == [version]


def test_full_width_and_case(make):
    version = make("关于ＡＢＣ试点的通知", "", "京政发〔２０２４〕１２号")
    assert found("abc试点") == [version]
    assert found("2024") == [version]
    assert found("１２号") == [version]


def test_one_character_query_searches_title_and_number(make):
    in_title = make("税收征管工作规程", "本规程适用于本区。")
    in_number = make("某通知", "", "区财发〔2024〕5号")
    make("别的办法", "关于税收的规定。")  # only in the text: not found by one character
    assert found("税") == [in_title]
    assert found("財") == [in_number]  # Traditional 財 → 财
    assert found("5") == [in_number]


def test_terms_are_anded(make):
    both = make("食品安全监督管理办法", "加强食品经营环节监管。")
    make("食品经营许可办法", "许可条件。")
    make("安全生产办法", "生产经营单位。")
    assert found("食品 安全") == [both]
    assert found("食品　监督") == [both]  # ideographic space
    assert len(found("食品")) == 2
    assert found("食品 不存在的词") == []


def test_mixed_one_character_and_longer_terms(make):
    version = make("税收征管工作规程", "纳税人应当按期申报。")
    make("其他规程", "纳税人应当按期申报。")
    assert found("税 按期申报") == [version]


def test_title_hit_ranks_before_text_only_hit(make):
    in_title = make("城市绿化管理办法", "本办法适用于本市。")
    make("园林工作规定", "城市绿化应当统筹规划。")  # newer, text only
    results = found("城市绿化")
    assert len(results) == 2
    assert results[0] == in_title


def test_result_is_a_queryset_for_further_filters(make):
    first = make("行政处罚裁量基准", "行政处罚应当公正。")
    second = make("行政处罚程序规定", "行政处罚程序。")
    results = search.search(Version.objects.published(), "行政处罚")
    assert results.count() == 2
    assert results.filter(pk=first.pk).count() == 1
    assert list(results.order_by("pk").values_list("pk", flat=True)) == [first.pk, second.pk]
    assert len(results[:1]) == 1
    assert results.filter(document__issuer__isnull=True).count() == 0


def test_pages_are_slices_of_the_full_order(make):
    in_title = [make(f"河道保洁管理办法{i}", "正文。") for i in range(3)]
    in_text = [make(f"其他文件{i}", "加强河道保洁。") for i in range(22)]
    results = search.search(
        Version.objects.published().select_related("document"), "河道保洁"
    ).prefetch_related("co_drafters")
    everything = list(results.all())
    assert everything[:3] == in_title[::-1]  # title hits first, newest first within
    assert set(everything[3:]) == set(in_text)
    pages = list(results[:20]) + list(results[20:40])
    assert pages == everything
    assert results.count() == 25
    assert pages[0].document.issuer_id is not None
    assert list(results.values_list("pk", flat=True)[:2]) == [v.pk for v in everything[:2]]


def test_only_the_given_queryset_is_searched(make):
    version = make("征收补偿办法", "依法给予补偿。")
    draft = make("征收补偿实施细则", "依法给予补偿。")
    Version.objects.filter(pk=draft.pk).update(state="drafting")
    assert found("征收补偿") == [version]


def test_reindex_after_text_change(make):
    version = make("养犬管理规定", "养犬人应当办理登记。")
    assert found("办理登记") == [version]
    version.text = "养犬人应当为犬只接种疫苗。"
    version.title = "养犬管理條例"
    version.doc_number = "区政发〔2025〕1号"
    search.index_versions([version])
    search.index_versions([version])  # twice: still one entry, nothing stale
    assert found("办理登记") == []
    assert found("接种疫苗") == [version]
    assert found("管理规定") == []
    assert found("管理条例") == [version]
    assert found("条") == [version]
    assert found("2025") == [version]
    assert SearchEntry.objects.filter(pk=version.pk).count() == 1


def test_unindex(make):
    version = make("停车管理办法", "机动车停放。")
    other = make("停车收费办法", "收费标准。")
    search.unindex([version.pk, version.pk])
    assert found("停车") == [other]
    search.unindex([version.pk])  # not in the index any more: ignored
    search.unindex([])
    assert not SearchEntry.objects.filter(pk=version.pk).exists()
    search.index_versions([version])
    assert {v.pk for v in found("停车")} == {version.pk, other.pk}


def test_index_many_in_batches(make, monkeypatch):
    monkeypatch.setattr(search, "BATCH", 3)
    versions = [
        make(f"批量文件{i}", f"第{i}条 批量导入的正文内容。", index=False) for i in range(7)
    ]
    search.index_versions(iter(versions))
    assert len(found("批量导入")) == 7
    search.rebuild()
    assert len(found("批量导入")) == 7


def test_long_text_and_chunk_boundaries(make):
    filler = "本" * 3997
    text = filler + "跨越分块边界" + "文" * 20_000 + "位于末尾的条款"
    version = make("长文件", text)
    assert found("跨越分块边界") == [version]
    assert found("位于末尾的条款") == [version]


def test_blank_query_returns_the_queryset_unchanged(make):
    make("某办法", "正文。")
    queryset = Version.objects.published()
    for blank in ("", "   ", "\u3000", "\n\t"):
        assert search.search(queryset, blank) is queryset


def test_query_without_letters_or_digits_matches_nothing(make):
    make("某办法", "正文。")
    assert found("！？。、") == []
    assert found("😀") == []


HOSTILE = [
    '"',
    '"复议"',
    "'",
    "复议 AND 申请",
    "复议 OR 申请",
    "NOT 复议",
    "NEAR(复议 申请, 5)",
    "复议*",
    "^复议",
    "head : 复议",
    "{head chars}: 复议",
    "-复议 +申请",
    "((复议)",
    "'; DROP TABLE normative_documents_version; --",
    "1' OR '1'='1",
    "%_\\%",
    "\x00",
    "复\x00议",
    "\x01\x02\x1f\x7f",
    "\ud800复议",
    "😀",
    "复议😀申请",
    "👨‍👩‍👧 复议",
    "\u202e复议",
    "a" * 2000,
    "复议" * 1000,
    "复 " * 1000,
    "<script>alert(1)</script>",
    "复议 & 申请 | !复议 <-> 申请",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_a_result(make, query):
    version = make("行政复议申请办理规定", "申请人申请行政复议。")
    results = search.search(Version.objects.published(), query)
    page = list(results[:20])
    assert results.count() == len(page)
    assert set(page) <= {version}


def test_operators_are_plain_text(make):
    version = make("行政复议申请办理规定", "申请人申请行政复议。")
    assert found("复议*") == [version]
    assert found('"复议"') == [version]
    assert found("NEAR(复议 申请)") == []  # "near" is an ordinary term here
    assert found("复议 AND 申请") == []  # so is "and"


# --- capped count and the two ways a page is read ------------------------------------------


def test_count_is_capped(make, monkeypatch):
    monkeypatch.setattr(search, "CAP", 3)
    for i in range(5):
        make(f"封顶计数文件{i}", "封顶计数的正文。")
    make("其他文件", "无关。")
    results = search.search(Version.objects.published(), "封顶计数")
    assert results.count() == 4  # CAP + 1: "more than CAP"
    assert search.search_count(results) == (3, True)
    assert len(list(results)) == 5  # the rows themselves are not capped
    assert search.search_count(results.filter(title__endswith="0")) == (1, False)
    for i in range(5, 8):
        make(f"封顶计数文件{i}", "封顶计数的正文。")
    results = search.search(Version.objects.published(), "封顶计数")
    even = results.filter(title__regex="[0246]$")
    assert even.count() == 4  # read in more than one round of CAP + 1 ids
    assert even.exclude(title__endswith="6").count() == 3
    assert search.search_count(even.exclude(title__endswith="6")) == (3, False)
    assert search.search_count(search.search(Version.objects.published(), "不存在的词")) == (
        0,
        False,
    )


@pytest.mark.parametrize("rank_limit", [1000, 0])
def test_pages_in_order_with_and_without_title_ranking(make, monkeypatch, rank_limit):
    """Every slice equals the same slice of the full ordering, whether the title hits rank
    first (few of them) or the term is too common in titles to rank (newest first)."""
    monkeypatch.setattr(search, "RANK_LIMIT", rank_limit)
    made = []
    for i in range(13):
        title = f"排序文件{i}" + ("林地保护" if i % 4 == 0 else "")
        made.append(make(title, "本区林地保护工作。" if i % 3 else "无关正文。"))
    make("别的文件", "无关。")
    results = search.search(Version.objects.published(), "林地保护")
    everything = list(results.all())
    matching = [v for v in made if "林地保护" in v.title or "林地保护" in v.text]
    newest_first = matching[::-1]
    if rank_limit:
        in_title = [v for v in newest_first if "林地保护" in v.title]
        assert everything == in_title + [v for v in newest_first if v not in in_title]
    else:
        assert everything == newest_first
    for low, high in [(0, 5), (2, 4), (3, 9), (5, 20), (0, 1), (len(everything), 30)]:
        assert list(results[low:high]) == everything[low:high], (low, high)
    assert [v.pk for v in results.filter(title__contains="1")[:3]] == [
        v.pk for v in everything if "1" in v.title
    ][:3]


# --- the index in display order --------------------------------------------------------------


def test_a_phrase_does_not_bridge_runs_that_share_a_character(make):
    make("某办法", "本条所称行政。政府应当依法行政，政府信息公开")
    assert found("行政府") == []
    assert found("政府") != []
    assert found("行政政府") == []


def test_title_hits_are_checked_against_the_other_terms(make):
    in_title_only = make("城市绿化管理办法", "本办法适用于本市。")
    both = make("其他规定", "城市绿化应当保护古树名木。")
    best = make("城市绿化古树名木保护办法", "无关正文。")
    assert found("城市绿化 古树名木") == [best, both]
    assert found("城市绿化 树") == [best]  # one character: titles only
    assert found("古树名木 城 护") == [best]
    assert in_title_only in found("城市绿化")


def test_order_is_by_publication_date_not_by_id(make):
    older = make("较早发布的林木采伐规定", "林木采伐。")
    newer = make("较晚发布的林木采伐规定", "林木采伐。")
    Version.objects.filter(pk=older.pk).update(published_on=date(2030, 1, 1))
    older.refresh_from_db()
    search.index_versions([older])  # published later now: a new key
    assert found("林木采伐") == [older, newer]
    assert [v.pk for v in search.search(Version.objects.published(), "林木采伐")[:1]] == [older.pk]


def test_filters_on_the_result_apply_to_the_walk(make):
    made = [make(f"文件{i}", "共同的检索词语。") for i in range(12)]
    results = search.search(Version.objects.published(), "检索词语")
    odd = results.filter(pk__in=[v.pk for v in made[1::2]])
    assert odd.count() == 6
    assert list(odd[:4]) == made[1::2][::-1][:4]
    assert list(odd[4:10]) == made[1::2][::-1][4:]
    assert results.exclude(pk__in=[v.pk for v in made]).count() == 0
