"""Benchmark: full-text search over published normative documents (规范性文件统一公开查询).

Corpus: --documents published versions (default 100,000) of about --chars characters each
(default 5,000): articles 第一条, 第二条, … made of sentences drawn (Zipf-weighted, seed
20260315) from a vocabulary of administrative phrases, place names and programmes; 5% of the
documents in Traditional characters. Each document is generated from its own number, so the
build is deterministic and resumable. Until `fazhi demo --documents N` exists the corpus is
written with bulk ORM inserts and `search.index_versions` in batches of 1,000, then
`search.optimize()`, into its own database: DATABASE_URL if set (PostgreSQL allowed),
otherwise var/bench/normdocs_search.sqlite3. A database that already holds the corpus is reused.

Measured: --queries queries (default 200, seed 20260316: 2–6 character terms from the
vocabulary and from the texts, some Traditional, some two-term, some one-character, some with no
hit), each through `search(Version.objects.published(), q)`: the first page of 20 and the
count, timed together; median and p95, also per kind of query.

Baseline in the same run: `Version.objects.published().filter(text__contains=q)` (a LIKE
'%q%' scan), first page + count, for --baseline-queries of the same queries (default 20).
Target: p95 < 50 ms on SQLite.

    .venv/bin/python bench/normdocs_search.py [--documents 100000] [--queries 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_search \\
        .venv/bin/python bench/normdocs_search.py --documents 20000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "var" / "bench" / "normdocs_search.sqlite3"
SEED = 20260315
ISSUER = "检索基准区人民政府"

# --- vocabulary -----------------------------------------------------------------------------

TOPICS = {
    "market": ["食品安全", "价格监督", "特种设备", "广告监测", "知识产权保护", "计量检定"],
    "construction": ["物业管理", "老旧小区改造", "建筑工地扬尘", "城市更新", "住房保障"],
    "environment": ["大气污染防治", "河长制", "垃圾分类", "排污许可", "土壤污染修复"],
    "education": ["校外培训机构", "义务教育招生", "学前教育", "课后服务", "校园安全"],
    "health": ["基层医疗卫生", "家庭医生签约", "医疗废物处置", "托育服务", "传染病防控"],
    "civil": ["最低生活保障", "养老服务补贴", "殡葬管理", "社会组织登记", "困境儿童保障"],
    "finance": ["专项资金", "政府采购", "国有资产", "财政补助", "预算绩效管理"],
    "transport": ["网约车经营", "停车设施", "道路运输", "公共交通补贴", "共享单车"],
    "safety": ["安全生产", "消防安全", "危险化学品", "应急物资储备", "有限空间作业"],
    "agriculture": ["高标准农田", "农村宅基地", "耕地保护", "农产品质量", "乡村振兴"],
    "culture": ["文物保护", "旅游景区", "公共文化服务", "非物质文化遗产", "演出市场"],
    "labour": ["就业创业补贴", "工资支付", "职业技能培训", "劳动争议调解", "社会保险"],
}
ACTORS = [
    "区人民政府", "各街道办事处", "区市场监督管理局", "区生态环境局", "区教育局",
    "区卫生健康委员会", "区住房和城乡建设局", "区财政局", "区交通运输局", "区应急管理局",
    "区农业农村局", "区文化和旅游局", "区人力资源和社会保障局", "区民政局", "有关单位",
    "经营者", "申请人", "行政机关", "社会组织", "村（居）民委员会", "区司法局", "区审计局",
]  # fmt: skip
VERBS = [
    "应当加强", "负责", "依法开展", "统筹推进", "组织实施", "监督检查", "建立健全", "按照规定办理",
    "定期公布", "及时报告", "不得擅自变更", "可以委托", "予以支持", "严格落实", "协调指导",
    "会同有关部门制定", "做好", "配合开展", "逐步完善", "加大",
]  # fmt: skip
OBJECTS = [
    "监督管理工作", "行政许可事项", "政府信息公开", "资金使用情况", "安全生产责任制", "应急预案",
    "信用评价", "投诉举报处理", "档案管理制度", "基本公共服务", "执法检查", "风险评估",
    "培训考核", "数据共享", "服务标准", "日常巡查", "统计分析", "绩效评价", "宣传教育",
    "随机抽查", "行政处罚裁量基准", "容缺受理", "告知承诺制", "首问负责制",
]  # fmt: skip
TAILS = [
    "具体办法由区人民政府另行制定", "并向社会公布", "确保各项措施落到实处",
    "自收到申请之日起二十个工作日内作出决定", "情节严重的，依法追究法律责任",
    "所需经费列入年度财政预算", "接受社会监督", "按照有关法律、法规的规定执行",
    "并将结果书面告知申请人", "每年向区人民政府报告工作情况", "不得收取任何费用",
    "材料不齐全的，应当一次性告知需要补正的全部内容", "对符合条件的予以办理",
]  # fmt: skip
PLACE_HEADS = "东西南北新金银青白朝春秋龙凤桃梨柳松梅荷石河湖山泉溪"
PLACE_TAILS = ["门", "塘", "湾", "桥", "岗", "坪", "园", "堡"]
PLACE_KINDS = ["街道", "社区", "村", "工业园区", "片区"]
PROGRAMS = ["三年行动计划", "示范创建", "专项整治", "试点工作", "提质增效工程", "清单管理"]
KINDS = ["管理办法", "实施细则", "暂行规定", "实施意见", "工作规程", "若干措施", "管理规定"]
ABBRS = ["区府发", "区府办发", "区市监发", "区环发", "区教发", "区卫健发", "区财发", "区民发"]
MISSING = ["量子通信", "火星基地", "元宇宙", "碳纳米管", "深海采矿", "脑机接口", "核聚变"]
NUMERALS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    if n < 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens]) + "十" + (NUMERALS[ones] if ones else "")


def zipf(items: list[str], exponent: float = 0.6) -> tuple[list[str], list[float]]:
    cum, total = [], 0.0
    for rank in range(1, len(items) + 1):
        total += 1 / rank**exponent
        cum.append(total)
    return items, cum


PLACES = [h + t + k for h in PLACE_HEADS for t in PLACE_TAILS for k in PLACE_KINDS]
ALL_TOPICS = [t for topic in TOPICS.values() for t in topic]
W_ACTORS, W_VERBS, W_OBJECTS, W_TAILS = map(zipf, (ACTORS, VERBS, OBJECTS, TAILS))


def pick(rng: random.Random, weighted: tuple[list[str], list[float]]) -> str:
    items, cum = weighted
    return rng.choices(items, cum_weights=cum)[0]


def sentence(rng: random.Random, topic: str, place: str) -> str:
    kind = rng.random()
    if kind < 0.55:
        subject = f"{pick(rng, W_ACTORS)}{pick(rng, W_VERBS)}{topic}{pick(rng, W_OBJECTS)}"
        return f"{subject}，{pick(rng, W_TAILS)}。"
    if kind < 0.7:
        return f"{place}{topic}{rng.choice(PROGRAMS)}由{pick(rng, W_ACTORS)}负责组织实施。"
    if kind < 0.85:
        n, amount = rng.randint(2, 60), rng.choice(["一千", "五千", "一万", "三万", "十万"])
        return (
            f"违反本办法第{cn_number(n)}条规定的，由{pick(rng, W_ACTORS)}责令限期改正；"
            f"逾期不改正的，处{amount}元以下罚款。"
        )
    other = rng.choice(ALL_TOPICS)
    subject = f"{pick(rng, W_ACTORS)}{pick(rng, W_VERBS)}{other}与{topic}的衔接"
    return f"{subject}，{pick(rng, W_TAILS)}。"


def document(i: int, chars: int) -> dict:
    """The i-th document of the corpus (deterministic)."""
    rng = random.Random(SEED * 1_000_003 + i)
    subject = rng.choice(list(TOPICS))
    topic = rng.choice(TOPICS[subject])
    place = rng.choice(PLACES)
    title = rng.choice(
        [
            f"{place}{topic}{rng.choice(KINDS)}",
            f"关于加强{topic}的{rng.choice(KINDS)}",
            f"检索基准区{topic}{rng.choice(PROGRAMS)}{rng.choice(KINDS)}",
        ]
    )
    year = 2010 + i % 16
    parts, length, article = [], 0, 1
    while length < chars:
        body = "".join(sentence(rng, topic, place) for _ in range(rng.randint(2, 4)))
        line = f"第{cn_number(article) if article < 100 else article}条　{body}\n"
        parts.append(line)
        length += len(line)
        article += 1
    return {
        "subject": subject,
        "title": title,
        "text": "".join(parts),
        "doc_number": f"{rng.choice(ABBRS)}〔{year}〕{rng.randint(1, 120)}号",
        "published_on": date(year, 1, 1) + timedelta(days=rng.randrange(365)),
        "traditional": rng.random() < 0.05,
    }


# --- setup and corpus -----------------------------------------------------------------------


def setup_django() -> str:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
    if os.environ["DATABASE_URL"].startswith("sqlite"):
        DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("FAZHI_VAR_DIR", str(DEFAULT_DB.parent))
    os.environ.setdefault("FAZHI_LEDGER_SIGNING_KEY", bytes(range(32)).hex())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def actors():
    from fazhi.core import services as core_services
    from fazhi.core.models import Person, Role, Unit, UnitKind

    unit = Unit.objects.filter(name=ISSUER).first()
    if unit is None:
        unit = core_services.unit_create(
            actor=None, parent=None, kind=UnitKind.DISTRICT, name=ISSUER
        )
    person = Person.objects.filter(username="bench_search").first()
    if person is None:
        person = core_services.person_create(
            actor=None, unit=unit, username="bench_search", name="检索基准", role=Role.HANDLER
        )
    return unit, person


def build(n: int, chars: int, unit, person) -> None:
    """Add documents until the issuer has n published versions (resumes a partial build)."""
    import opencc
    from django.db import transaction

    from fazhi.normative_documents import search
    from fazhi.normative_documents.models import Document, Version

    have = Version.objects.filter(document__issuer=unit).count()
    if have >= n:
        print(f"  corpus: reusing {have:,} documents")
        return
    s2t = opencc.OpenCC("s2t")
    started, batch = time.perf_counter(), 1000
    index_seconds = 0.0
    for first in range(have, n, batch):
        docs = [document(i, chars) for i in range(first, min(first + batch, n))]
        with transaction.atomic():
            documents = Document.objects.bulk_create(
                [Document(issuer=unit, subject=d["subject"]) for d in docs]
            )
            versions = Version.objects.bulk_create(
                [
                    Version(
                        document=doc,
                        unit=unit,
                        title=s2t.convert(d["title"]) if d["traditional"] else d["title"],
                        text=s2t.convert(d["text"]) if d["traditional"] else d["text"],
                        doc_number=d["doc_number"],
                        published_on=d["published_on"],
                        effective_on=d["published_on"],
                        state="published",
                        imported=True,
                        created_by=person,
                    )
                    for doc, d in zip(documents, docs, strict=True)
                ]
            )
            t = time.perf_counter()
            search.index_versions(versions)
            index_seconds += time.perf_counter() - t
        done = first + len(docs)
        if done % 10_000 == 0 or done == n:
            rate = (done - have) / (time.perf_counter() - started)
            print(f"  corpus: {done:,}/{n:,} documents ({rate:.0f}/s)", flush=True)
    print(
        f"  index_versions: {(n - have) / index_seconds:.0f} versions/s "
        f"({index_seconds:.0f} s of {time.perf_counter() - started:.0f} s build)"
    )
    t = time.perf_counter()
    search.optimize()
    print(f"  optimize: {time.perf_counter() - t:.1f} s")


def sizes(vendor: str) -> tuple[int, int]:
    """(bytes of version text, bytes of the search index) in the database."""
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute(
                "SELECT SUM(length(CAST(text AS BLOB))) FROM normative_documents_version"
            )
            text = cursor.fetchone()[0] or 0
            index = 0
            for table, column in [
                ("normdoc_search_head_data", "block"),
                ("normdoc_search_body_data", "block"),
                ("normdoc_search_head_idx", "term"),
                ("normdoc_search_body_idx", "term"),
                ("normdoc_search_head_docsize", "sz"),
                ("normdoc_search_body_docsize", "sz"),
                ("normative_documents_searchentry", "body"),
            ]:
                cursor.execute(f"SELECT SUM(length({column})) FROM {table}")
                index += cursor.fetchone()[0] or 0
        else:
            cursor.execute("SELECT SUM(octet_length(text)) FROM normative_documents_version")
            text = cursor.fetchone()[0] or 0
            cursor.execute(
                "SELECT pg_total_relation_size('normdoc_search_head') "
                "+ pg_total_relation_size('normdoc_search_body') "
                "+ pg_total_relation_size('normative_documents_searchentry')"
            )
            index = cursor.fetchone()[0]
    return text, index


# --- queries --------------------------------------------------------------------------------


def queries(count: int, n: int, chars: int) -> list[tuple[str, str]]:
    """(kind, query) pairs: the mix described in the module docstring."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    rng = random.Random(SEED + 1)
    vocabulary = ALL_TOPICS + OBJECTS + VERBS + ACTORS + PLACES + PROGRAMS

    def vocab_term() -> str:
        word = rng.choice(vocabulary)
        length = min(len(word), rng.randint(2, 6))
        start = rng.randrange(len(word) - length + 1)
        return word[start : start + length]

    def text_term() -> str:
        text = document(rng.randrange(n), chars)["text"]
        while True:
            length = rng.randint(2, 6)
            start = rng.randrange(len(text) - length)
            term = text[start : start + length]
            if all("\u4e00" <= c <= "\u9fff" for c in term):
                return term

    kinds = (
        ["vocabulary"] * 60 + ["text"] * 60 + ["traditional"] * 20
        + ["two terms"] * 30 + ["one char"] * 15 + ["no hit"] * 15
    )  # fmt: skip
    out = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind == "vocabulary":
            q = vocab_term()
        elif kind == "text":
            q = text_term()
        elif kind == "traditional":
            q = s2t.convert(rng.choice([vocab_term, text_term])())
        elif kind == "two terms":
            q = f"{vocab_term()} {text_term()}"
        elif kind == "one char":
            q = rng.choice(document(rng.randrange(n), chars)["title"])
        else:
            q = rng.choice(MISSING) + rng.choice(["", " " + vocab_term()])
        out.append((kind, q))
    rng.shuffle(out)
    return out


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def summary(samples: list[float]) -> str:
    return f"median {statistics.median(samples):7.2f} ms, p95 {p95(samples):7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--chars", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--baseline-queries", type=int, default=20)
    args = parser.parse_args()

    url = setup_django()
    from django.db import connection

    from fazhi.normative_documents.models import Version
    from fazhi.normative_documents.search import search

    vendor = connection.vendor
    print(f"Normative-document search, {vendor}: {url}")
    unit, person = actors()
    build(args.documents, args.chars, unit, person)
    n = Version.objects.published().count()
    text_bytes, index_bytes = sizes(vendor)
    print(
        f"  corpus: {n:,} published versions, text {text_bytes / 2**20:,.0f} MiB, "
        f"index {index_bytes / 2**20:,.0f} MiB ({index_bytes / max(text_bytes, 1):.2f}× text)"
    )

    cases = queries(args.queries, min(n, args.documents), args.chars)
    published = Version.objects.published()

    def run(q: str) -> tuple[float, int]:
        started = time.perf_counter()
        results = search(published, q)
        page = list(results[:20])
        total = results.count()
        elapsed = (time.perf_counter() - started) * 1000
        assert len(page) == min(20, total)
        return elapsed, total

    for _, q in cases[:20]:  # warm the caches and the code paths
        run(q)
    timings: dict[str, list[float]] = {}
    hits: list[int] = []
    every: list[float] = []
    slowest: list[tuple[float, str, int]] = []
    for kind, q in cases:
        elapsed, total = run(q)
        timings.setdefault(kind, []).append(elapsed)
        every.append(elapsed)
        hits.append(total)
        slowest.append((elapsed, q, total))

    def like(q: str) -> float:
        started = time.perf_counter()
        results = published.filter(text__contains=q)
        list(results[:20])
        results.count()
        return (time.perf_counter() - started) * 1000

    single = [q for kind, q in cases if kind in ("vocabulary", "text")][: args.baseline_queries]
    base = [like(q) for q in single]
    mine = [run(q)[0] for q in single]

    print(f"  {len(cases)} queries, first page of 20 + count (hits: median "
          f"{statistics.median(hits):,.0f}, max {max(hits):,}, zero {hits.count(0)})")  # fmt: skip
    for kind, samples in timings.items():
        print(f"    {kind:<12} ({len(samples):3d}): {summary(samples)}")
    for label, keep in [
        ("≤ 1,000 hits", lambda t: t <= 1000),
        ("> 1,000 hits", lambda t: t > 1000),
    ]:
        part = [ms for ms, _, t in slowest if keep(t)]
        if part:
            print(f"    {label} ({len(part):3d}): {summary(part)}")
    print(f"  search, all queries:            {summary(every)}")
    print("  slowest:", ", ".join(f"{q!r} {ms:.0f} ms ({t:,} hits)" for ms, q, t in
                                  sorted(slowest, reverse=True)[:5]))  # fmt: skip
    print(f"  baseline LIKE '%q%' ({len(single)} queries): {summary(base)}")
    print(f"  search, the same {len(single)} queries:   {summary(mine)}")
    ratio = statistics.median(base) / statistics.median(mine)
    print(f"  ratio (median): search is {ratio:,.0f}× faster than the LIKE scan")
    worst = p95(every)
    target = "met" if worst < 50 else "NOT met"
    print(f"RESULT: p95 {worst:.1f} ms over {n:,} documents (target < 50 ms on SQLite: {target})")


if __name__ == "__main__":
    main()
