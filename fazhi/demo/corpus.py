"""A large corpus of long published documents for load tests (`fazhi demo --bulk`).

`document(i, chars)` is the i-th document of the corpus: articles 第一条, 第二条, … made of
sentences drawn (Zipf-weighted, seed 20260315) from a vocabulary of administrative phrases,
place names and programmes, about `chars` characters long; 5% are in Traditional characters.
Each document depends on its number only, so a build is deterministic and resumable.

`bulk_build` writes them for one district with bulk inserts (published, imported, no
procedure history and no ledger entries: a corpus for measuring search and lists, not a
demonstration of the procedures) and indexes them with `search.index_versions`, as an import
would. The import service (`fazhi demo` without `--bulk`) does ≈ 120 documents/s; this path
several hundred.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

SEED = 20260315

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


def bulk_build(
    district,
    person,
    *,
    count: int,
    chars: int = 5_000,
    first: int = 0,
    batch: int = 1_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write documents `first` … `first + count - 1` for `district` (issued and drafted by
    it, created by `person`), in transactions of `batch`; return how many were written."""
    import opencc
    from django.db import transaction

    from fazhi.normative_documents import search
    from fazhi.normative_documents.models import Document, Version

    s2t = opencc.OpenCC("s2t")
    for start in range(first, first + count, batch):
        docs = [document(i, chars) for i in range(start, min(start + batch, first + count))]
        with transaction.atomic():
            documents = Document.objects.bulk_create(
                [Document(issuer=district, subject=d["subject"]) for d in docs]
            )
            versions = Version.objects.bulk_create(
                [
                    Version(
                        document=doc,
                        unit=district,
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
            search.index_versions(versions)
        if progress is not None:
            progress(len(docs))
    return count
