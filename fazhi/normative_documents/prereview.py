"""合法性审核辅助: a clause-by-clause pre-review of a draft 行政规范性文件.

The draft is split into clauses (structural markers, sentence ends), each clause is read in a
normalized copy (OpenCC t2s, full-width punctuation to half-width) and checked against rules
written from the language of the laws: an action pattern (what an unlawful clause does) and
the lawful forms that clear it (citing the upper law, 依法, the document forbidding the act
itself). A flag is an aid for the reviewer, never a finding.

Patterns are written on the normalized text with three shorthands, expanded when compiled:
``~N`` is a gap of at most N characters inside one sentence, ``_N`` the same inside one phrase
(no comma), and ``#`` one numeral character.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import opencc

CATEGORIES = (
    "power",
    "licence",
    "penalty",
    "coercion",
    "fee",
    "certificate",
    "obligation",
    "competition",
    "minutes",
)

CATEGORY_LABELS = {
    "power": "职权",
    "licence": "许可",
    "penalty": "处罚",
    "coercion": "强制",
    "fee": "收费",
    "certificate": "证明",
    "obligation": "义务",
    "competition": "竞争",
    "minutes": "纪要",
}

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "prereview_clauses.jsonl"

# Basis citations: law, version, article.
XUKE = "《中华人民共和国行政许可法》（2019年修正）"
CHUFA = "《中华人民共和国行政处罚法》（2021年修订）"
QIANGZHI = "《中华人民共和国行政强制法》（2011年）"
YINGSHANG = "《优化营商环境条例》（2019年）"
GONGPING = "《公平竞争审查条例》（2024年）"
SHENHE = "《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）"


@dataclass(frozen=True)
class Rule:
    category: str
    # Words every match of `action` contains: one cheap pass over the whole text finds the
    # candidate clauses, and only those are read with the full patterns.
    anchor: str
    action: str
    reason: str
    basis: str
    unless: str = ""
    # False where 依法 or a citation can sit inside the unlawful act (e.g. "依法纳税的企业方可").
    common_lawful: bool = True


# Lawful forms shared by most rules: the clause cites the upper law or acts 依法.
COMMON_LAWFUL = (
    r"《[^》]{1,40}(法|条例|规定|办法|细则|决定)》"
    r"|依法|依照有关|按照有关|依据有关"
    r"|(依照|按照|根据)~12(法律|法规|规章|国家规定|国家有关规定)"
    r"|(法律|法规|规章)(另有)?规定的"
)
# The document itself forbids asking for the certificate, or replaces it by checking or a pledge.
CERTIFICATE_LAWFUL = (
    r"不得~6(要求|索要)|无需|无须|免于|免予|免交|代替|替代|不再(要求|索要)|取消|核验|核查|共享"
    r"|告知承诺"
)
LAW_CITE = r"《[^》]{1,40}(法|条例|规定|办法|细则)》"

RULES: tuple[Rule, ...] = (
    # 职权 — 115号 二（六）: 没有依据增加本单位权力或者减少本单位法定职责.
    Rule(
        "power",
        r"不再|不予|不作|直接办结|无需说明理由|征用",
        r"不再(受理|处理|承担|负责|履行|跟踪|督办|监管|查处|调查|核查|开展)"
        r"|不(予|作)(处理|调查|核查|查处|出警|处置|答复)|直接办结|无需说明理由|征用",
        "没有法律、法规依据减少本机关的法定职责。",
        SHENHE + "二（六）",
    ),
    Rule(
        "power",
        r"不承担|视为|不予受理",
        r"不承担_6(责任|职责)|视为_4(撤回|放弃)|不予受理(其)?_4(举报|投诉|申诉)",
        "以文件免除或者限缩本机关受理、监管的法定职责。",
        SHENHE + "二（六）",
    ),
    Rule(
        "power",
        r"社区|委会|委员会|网格员|物业|合作社|集体经济组织|协会",
        r"(社区|居委会|村委会|居民委员会|村民委员会|网格员|物业|合作社|集体经济组织)~20(责令|查验|查处"
        r"|处罚|扣押|收缴|没收)"
        r"|(查处|执法|处罚|审批)~10由~10(社区|居委会|村委会|居民委员会|村民委员会|物业|协会)",
        "由不具备行政主体资格的组织行使检查、查处、责令等行政权力，没有法律、法规依据。",
        SHENHE + "二（六）",
        unless=r"协助|配合",
    ),
    Rule(
        "power",
        r"委托|交由|授权|移交",
        r"(委托|交由|授权|移交)~20(协会|商会|物业|企业|第三方|公司|社区|居委会|村委会"
        r"|居民委员会|村民委员会)~25(检查|处理决定|执法|处罚|审批|查处)",
        "将行政检查、处理等公权力交由不具备法定资格的组织行使，没有法律、法规依据。",
        SHENHE + "二（六）",
    ),
    Rule(
        "power",
        r"有权|进入|查阅|复制|调阅|调取|诫勉|停职|撤职|辞退|指定|入户|年检|年审|可以要求",
        r"有权~12(进入|查阅|复制|调阅|调取|查验|检查|裁决|收归|审核|责令|调整|处置)"
        r"|可以~12(进入|查阅|复制|调阅|调取)~20(场所|账簿|流水|信息|住宅|记录|资料)"
        r"|对~20(企业|机构|公司|商户|从业人员|员工|职工)~10(诫勉|停职|撤职|辞退)"
        r"|到指定(地点|场所)_4(接受|配合)(调查|询问|审查)|入户(检查|调查|核查)"
        r"|可以要求~20提供~20(名单|明细|信息|资料|数据|账簿|记录)"
        r"|(实行|实施)_10(年检|年审)",
        "没有法律、法规依据为本机关或者其他组织增设检查、调查、处置等权力。",
        SHENHE + "二（六）",
    ),
    # 许可 — 行政许可法 第十四条至第十七条.
    Rule(
        "licence",
        r"批准|审批|核准|同意|预审|证|许可|牌照|准入|手续",
        r"(须|需|必须|应当|应)~8(经|报|取得|获得)~20(批准|审批|核准|同意|预审)"
        r"|(须|需|必须|应当|应)~6持有~20(证(?!明)|许可|牌照)"
        r"|(须|需|必须|应当|应)~20(取得|获得|办理|申领|领取|申办)~20(证(?!明)|许可|牌照|准入"
        r"|审批手续|核准手续|批准文件)",
        "以事前批准、审批、核准等方式设定行政许可；其他规范性文件一律不得设定行政许可。",
        XUKE + "第十七条",
        unless=r"(公布|公开|公示|告知)~10(办理|取得|申请)",
    ),
    Rule(
        "licence",
        r"方可|才能|才可|方能|未经|未取得|未办理|审批|核准|许可|准入|年检|年审",
        r"(批准|审批|许可|核准|同意|准入|备案|登记|合格|认定|通过|证书|证)_6(后)?(方可|才能|才可|方能)"
        r"|未(经|取得|办理)~20(批准|审批|许可|核准|同意|登记|备案|准入|合格证|许可证)"
        r"~15(不得|禁止|一律不|不予)"
        r"|(实行|实施)_10(审批|核准|许可|准入|年检|年审)(制度|制|管理)",
        "将批准、登记、备案作为从事活动的前提，实质是设定行政许可。",
        XUKE + "第十七条",
    ),
    Rule(
        "licence",
        r"还须|还需|还应|还必须|不低于|不少于|具有|具备|达到|自有",
        r"除~20(条件|许可|证明|规定|标准|要求)外~10还(须|需|应当|应|必须)"
        r"|(申请|办理)_20(许可|资质|资格|审批)_10(的)?,~30(应当|须|必须|还应|需)"
        r"~10(不低于|不少于|具有|具备|达到|自有)",
        "对行政许可增设上位法规定以外的条件。",
        XUKE + "第十六条第四款、第十七条",
        unless=LAW_CITE + r"|按照~10(法律|法规)~10规定的条件",
        common_lawful=False,
    ),
    # 处罚 — 行政处罚法 第九条（种类）、第十六条.
    Rule(
        "penalty",
        r"罚",
        r"处(?![理置分])(以)?_25罚款|#+_4元_4处罚"
        r"|罚款_2#+_4元|每[次日辆户间人]_6罚",
        "设定罚款；除法律、法规、规章外，其他规范性文件不得设定行政处罚。",
        CHUFA + "第十六条",
        unless=r"不得(设定|设置)|加处罚款",
    ),
    Rule(
        "penalty",
        r"警告|通报批评|没收|吊销|暂扣|扣缴|注销其|资质等级|停产|停业|关闭|资格|从事|限制从业|行政拘留",
        r"(予以|给予)_4(警告|通报批评)|通报批评|(?<!罚)没收(?!的)|(吊销|暂扣|扣缴)_10(证|照|执照)|注销其_10(证|照|资格)"
        r"|降低_4资质等级|责令_4(停产|停业|关闭)|停业整顿"
        r"|(暂停|取消|吊销)其?_10(经营|营业|从业|执业|投放|运营|营运)(资格|资质)|(禁止|限制)_10从事_6(行业|职业|业务)"
        r"|限制从业|行政拘留",
        "设定警告、没收、吊销、责令停产停业等行政处罚；其他规范性文件不得设定行政处罚。",
        CHUFA + "第九条、第十六条",
        unless=r"不得(设定|设置)|上缴国库",
    ),
    # 强制 — 行政强制法 第九条、第十条（措施）；第十二条、第十三条（执行）.
    Rule(
        "coercion",
        r"查封|扣押|冻结|扣留|锁车|拖|带离|暂扣|封存|封条|查扣|收存|暂存|封闭|中断|收缴|人身自由|离开|账户|资金支付",
        r"查封|扣押|冻结|扣留|锁车|拖移|清拖|拖离|拖至|拖到|拖走|带离现场|暂扣(?!_6(证|照))"
        r"|封存|封条|查扣|收存|暂存|(实施|予以)_4封闭|中断_6(信号|服务)|收缴(?!罚款)|限制_6(人身自由|离开)|(暂停|停止|限制)_8(账户|资金支付)",
        "设定查封、扣押、冻结、扣留等行政强制措施；行政强制措施只能由法律、法规设定。",
        QIANGZHI + "第十条",
        unless=r"不得_6(查封|扣押|冻结|扣留|扣|强制)|申请人民法院",
    ),
    Rule(
        "coercion",
        r"强制|强行|拆除|清除|清理|滞纳金|加处罚款|划拨|划扣|扣除|扣缴|抵扣|代为|代履行",
        r"强制(拆除|清除|搬迁|执行|停产|腾退|清理|拖离|关停)|强行(清除|拆除|清理|拖走|带离)"
        r"|(组织|直接|统一)_4(予以)?(拆除|清除)|予以(拆除|清除|清理|拖离)"
        r"|滞纳金|加处罚款|划拨|划扣|(从|在)_15(押金|保证金|补贴|资金|账户|工资)_6(扣除|扣缴|抵扣)"
        r"|代为(清理|拆除|履行|清除)|代履行",
        "设定强制拆除、加收滞纳金、划拨、代履行等行政强制执行；行政强制执行只能由法律设定。",
        QIANGZHI + "第十三条",
        unless=r"不得_6(强制|扣)|申请人民法院",
    ),
    Rule(
        "coercion",
        r"停止|中断|切断|断开|限制|断电|断水|停水|停电|停气|停机",
        r"(停止|中断|切断|断开|限制)_4(供?水|供?电|供?气|供热)|断电|断水|停水|停电|停气|停机",
        "以停水、停电、停机等方式迫使当事人履行义务，属于没有法律依据的行政强制。",
        QIANGZHI + "第十三条、第四十三条第二款",
        unless=r"不得_10(停止|中断|切断|断电|断水|停水|停电)",
    ),
    # 收费 — 优化营商环境条例 第十四条第三款、第二十五条；行政处罚法 第七十四条.
    Rule(
        "fee",
        r"费|保证金|押金|基金",
        r"(?<![未不欠])(缴纳|交纳|缴交|上交|缴存|交存|预交|预缴|支付)~20(费|保证金|押金|基金)"
        r"|收取~15(费|保证金|押金)|费用由_8(企业|商户|居民|个人|业主|经营者|申请人|当事人)"
        r"_4(承担|负担|支付)",
        "设定收费、保证金或者押金；涉企收费和保证金应当有法律、行政法规依据或者经国务院批准，"
        "目录清单之外一律不得执行。",
        YINGSHANG + "第二十五条",
        unless=r"不得~10(收取|收费|缴纳)|不~8收取|免费|免收|(未|不|欠)_6(缴纳|交纳|缴清|支付)|自愿"
        r"|目录清单|收费目录",
    ),
    Rule(
        "fee",
        r"捐|集资|赞助|认购|摊派|订阅|订购|征订|购买",
        r"(按|按照)~20(捐款|捐赠|集资|赞助|认购|认捐|订阅)|(向|按)~10集资|认捐|摊派|捐款任务"
        r"|(须|需|应当|必须)~10(订阅|订购|征订|购买|赞助)",
        "要求公民、法人提供财力、物力，属于法律、法规规定之外的摊派。",
        YINGSHANG + "第十四条第三款",
        unless=r"不得~12(摊派|集资)|自愿|鼓励|拒绝~6摊派",
    ),
    Rule(
        "fee",
        r"罚没|返还|留成",
        r"罚没~8(任务|指标|分成|返还|比例)|(返还|留成)~10(执法|罚没)",
        "下达罚没指标或者将罚没收入返还执法单位，违反罚没收入与考核、经费脱钩的规定。",
        CHUFA + "第七十四条第三款",
        unless=r"不得~10(返还|挂钩|下达)",
    ),
    # 证明 — 优化营商环境条例 第四十四条；循环证明、重复证明、无谓证明.
    Rule(
        "certificate",
        r"证明",
        r"(无|未|没有|不存在|从未|未曾)_15证明",
        "要求证明“没有某种情形”的无谓证明；证明事项应当有法律、法规或者国务院决定依据，"
        "能够通过核查、承诺办理的不得设定。",
        YINGSHANG + "第四十四条",
        unless=CERTIFICATE_LAWFUL,
    ),
    Rule(
        "certificate",
        r"证明",
        r"(社区|委会|居民委员会|村民委员会|街道|乡镇|乡政府|镇政府|派出所|所在单位|工作单位|物业|邻居|证人)"
        r"~12(出具|开具|盖章|签字)~15证明"
        r"|证明_4由_8(社区|居委会|村委会|街道|派出所|单位|物业)_4(出具|开具)"
        r"|(亲属关系|婚姻状况|健在|生存|品行|无房)证明",
        "要求由无法调查核实的单位开具证明，或者索要可以通过部门核查获得的证明。",
        YINGSHANG + "第四十四条",
        unless=CERTIFICATE_LAWFUL,
    ),
    Rule(
        "certificate",
        r"证明",
        r"(重复|再次|另行|仍须|仍需|仍应|每[年季月]_6)_8(提供|提交|开具|出具)~20证明"
        r"|除_10(证|照|执照)外~6还_4(提交|提供)~15证明",
        "要求重复提交证明或者已有法定证照可以证明的事项。",
        YINGSHANG + "第四十四条第三款",
        unless=CERTIFICATE_LAWFUL,
    ),
    # 义务 — 115号 二（六）；优化营商环境条例 第六十四条第一款.
    Rule(
        "obligation",
        r"不予|不得|暂停|停止|取消|限制|停发",
        r"(拒不|拒绝|逾期|拖欠|欠缴|未|不(参加|配合|签订|签署|服从)|参加_4(上访|信访))"
        r"~30(不予|不得|暂停|停止|取消|限制|停发)_10(办理|享受|入学|就读|落户|报考|申领|参加"
        r"|评优|评先|资格|待遇|发放|履职|停放|进入|低保|补贴|救助)",
        "以不予办理、取消待遇等方式惩戒与本事项无关的权益，没有法律、法规依据减损合法权益。",
        SHENHE + "二（六）",
    ),
    Rule(
        "obligation",
        r"子女|配偶|家属|亲属|家庭成员|连带",
        r"(子女|配偶|家属|亲属|家庭成员)~15(不得|不予|取消|限制|暂停|停止)"
        r"|(限制|取消|暂停)_4(其)?(子女|配偶|家属|亲属|家庭成员)"
        r"|(承担|负)_4连带(责任|赔偿)",
        "株连家庭成员或者要求他人承担连带责任，没有法律依据增加义务。",
        SHENHE + "二（六）",
    ),
    Rule(
        "obligation",
        r"不得|放弃|不实|失实|受理其",
        r"不得(申请行政复议|提起(行政)?诉讼|申诉|信访|上访|提出异议|起诉)"
        r"|不得(向_8)?(反映|投诉|举报|上访|信访|申诉)|(不再|不予)受理其"
        r"|放弃_6(复议|诉讼|起诉)"
        r"|(举报|投诉|信访|反映)_6(不实|失实)~10(承担|赔偿)",
        "限制公民、法人申请复议、提起诉讼、投诉举报等法定权利。",
        SHENHE + "二（六）",
    ),
    Rule(
        "obligation",
        r"上门|承诺书|责任书|保证书|收归|退还|返还|人身自由|离开|出行|收回",
        r"(接受|配合)_8(每[日周月]|定期|随时)?上门(检查|巡查|核查)"
        r"|(签订|签署)~20(承诺书|责任书|保证书)~8(否则|方可|才能|不予)"
        r"|收归_6(财政|国有|集体)|不予(退还|返还)|限制_6(人身自由|离开|出行)"
        r"|收回_4(宅基地|承包地|房屋|住房)",
        "没有法律、法规依据为公民、法人增设报告、登记、承诺等义务或者处分其财产。",
        SHENHE + "二（六）",
    ),
    Rule(
        "obligation",
        r"报告|报送|告知|报备",
        r"(每半?[日月周季年]|定期|逐笔|逐日)~10(报告|报送)|(告知|报告|报备)~10(去向|行踪|收入|家庭成员)",
        "没有法律、法规依据要求公民、经营者定期报告个人或者经营情况。",
        SHENHE + "二（六）",
        # Reports between administrative bodies are internal management, not an obligation imposed
        # on citizens.
        unless=r"^(各|区|市|有关)?_8(部门|机关|委员会|局|政府|街道办事处|乡镇)",
    ),
    # 竞争 — 公平竞争审查条例 第八条至第十一条.
    Rule(
        "competition",
        r"指定|限定|定点|独家|唯一|推荐|统一|全部由|名录|目录|名单|库|配送|供应|承接",
        r"(指定|限定|定点|独家|唯一|推荐(品牌|目录|名录)|统一由|统一在|全部由)"
        r"~20(机构|企业|公司|厂|品牌|经营|供应|收购|采购|购买|使用|选用|维修|编制|服务)"
        r"|统一(购买|采购|配送|供应|选用)_20(中心|公司|企业|厂|集团|机构)"
        r"|由_15(公司|企业|中心|厂|集团)统一(配送|供应|采购|经营|收购)"
        r"|(从|在)~25(名录|目录|名单|库)中?(选择|选用|选取|确定)"
        r"|定点_10(商店|购物|消费)|由_20(公司|企业|集团)(统一)?(配送|供应|承接|独家)",
        "限定经营、购买、使用特定经营者提供的商品或者服务。",
        GONGPING + "第八条第（三）项",
        unless=r"不得~8(限定|指定)|鼓励|自愿|自主选择",
        common_lawful=False,
    ),
    Rule(
        "competition",
        r"优先|只能|仅限|限于|必须|外地|外省|外埠|外市|区外|市外|非本|进口|由本|比例|加分|优惠|免缴|免收",
        r"(优先|只能|仅限|限于|必须)_6(采购|购买|使用|选用|录用|聘用|委托)_10(本地|本区|本市|区内"
        r"|辖区内|当地)"
        r"|(外地|外省|外埠|外市|区外|市外|非本地|非本区|进口)~30(须|需|应当|必须|方可|不得|禁止"
        r"|限制|另行|额外|再次|收取|加收|不予|不享受)"
        r"|(应当|须|必须|只能|限)~6由本(区|市|地)"
        r"|(本地|本区|本市|区内)_10(企业|经营者|供应商)_10(加分|优先|优惠|免缴|免收)"
        r"|本(区|地|市)(企业|产品|品牌)_6比例",
        "对外地经营者、外地商品设置歧视性要求，或者给予本地经营者优待。",
        GONGPING + "第九条",
        unless=r"不得~8(限制|排斥|歧视|设置)|一视同仁|同等(享受|对待)|平等(对待|享受|参与)|鼓励",
        common_lawful=False,
    ),
    Rule(
        "competition",
        r"在本|在区内|在当地|业绩",
        r"在本(区|市|地|县)(注册|设立|登记|纳税|落户|缴纳)~20(企业|经营者|供应商|公司|单位)~10(方可|才能"
        r"|才可|方能|优先|加分|享受)"
        r"|(须|应当|必须|要求)_10(在本|在区内|在当地)_4(设立|注册)"
        r"|在本(区|市|地)_10(业绩|承接|经营|纳税)_10(不少于|不低于|以上)"
        r"|(须|应当|必须)~10本(区|市|地)_12业绩",
        "要求在本地注册、设立分支机构或者具有本地业绩，限制外地经营者进入本地市场。",
        GONGPING + "第九条第（二）项、第（五）项",
        unless=r"不得~8(要求|限制|设置)",
        common_lawful=False,
    ),
    Rule(
        "competition",
        r"奖励|返还|补贴|补助|扶持",
        r"(贡献|地方留存|地方留成|区级留成|地方分成|区级分成|税收返还|先征后返|纳税额)"
        r"~20(奖励|返还|补贴|补助|扶持)"
        r"|(按|按照)~15(缴纳|纳税|税收|增值税|所得税)~15(奖励|返还|补贴)",
        "按纳税额或者财政贡献给予特定经营者奖励、返还，属于选择性、差异化的优惠。",
        GONGPING + "第十条第（一）项、第（二）项",
        unless=r"(依照|按照)~12(税收)?(法律|行政法规)|国务院批准",
        common_lawful=False,
    ),
    Rule(
        "competition",
        r"统一|限价|价|降价|打折|让利|优惠|加入|特许|专营|独家",
        r"统一_4(零售|销售|收购|服务)?(价格|定价|售价|收费标准)|统一核定|最低限价|不得低于_10价"
        r"|不得(自行|擅自)_2(降价|打折|让利|优惠)"
        r"|(均须|均应|必须|须|应当|应)_6加入_10(协会|商会|联盟|联合体)"
        r"|(授予|给予)_10(特许经营|专营|独家)",
        "干预经营者定价、强制入会或者为特定经营者设定专营，影响经营者的生产经营行为。",
        GONGPING + "第十一条",
        unless=r"不得~8(强制|干预)|自愿|鼓励",
        common_lawful=False,
    ),
    Rule(
        "competition",
        r"新增|不超过|总量控制|保持现有数量|同意",
        r"不再新增|暂停新增|不超过#+家|总量控制|保持现有数量|(新设|新增|设立)_10(报|经)_10同意",
        "限制经营者数量或者设置不合理的准入条件，限制市场准入。",
        GONGPING + "第八条第（四）项",
        unless=r"不得~8(限制|设置)",
        common_lawful=False,
    ),
    # 会议纪要 — 115号 二（三）；优化营商环境条例 第六十四条第二款.
    Rule(
        "minutes",
        r"纪要|批示|会议",
        r"(依据|根据|按照|依照|遵照|参照|按|落实)~25(纪要|批示|会议精神|会议决定|议定事项)"
        r"|会议~15(研究确定|确定|议定)~25(依据|执行)"
        r"|以~25(纪要|批示)_10(为依据|为准|作为依据|为执法依据)"
        r"|(纪要|批示)~15(确定|明确|议定)~20(应当|遵照|执行|约束力|必须)"
        r"|纪要_10(视同|作为|具有)_10(规范性文件|约束力|依据)",
        "以会议纪要、领导批示作为执法或者设定义务的依据；会议纪要不是规范性文件，未经公布的不得"
        "作为行政管理依据。",
        SHENHE + "二（三）；" + YINGSHANG + "第六十四条第二款",
        unless=r"不得_8(将|以|把|用)_4(会议纪要|纪要)|纪要不得",
        common_lawful=False,
    ),
)


@dataclass(frozen=True)
class Flag:
    category: str
    clause: str
    start: int
    end: int
    reason: str
    basis: str
    where: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "clause": self.clause,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
            "basis": self.basis,
        }

    def describe(self) -> str:
        excerpt = self.clause if len(self.clause) <= 40 else self.clause[:39] + "…"
        label = CATEGORY_LABELS[self.category]
        return (
            f"{self.where}（{self.start}–{self.end}）[{label}]“{excerpt}” "
            f"{self.reason}（依据：{self.basis}）"
        )


# ---------------------------------------------------------------------------
# Normalization and clause splitting

_FULLWIDTH_PUNCT = "，；：（）！？　"
_PUNCT_PAIRS = tuple((ch, unicodedata.normalize("NFKC", ch)) for ch in _FULLWIDTH_PUNCT)
_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_ALNUM_TABLE = {
    cp: unicodedata.normalize("NFKC", chr(cp))
    for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """Simplified script, half-width punctuation, digits and letters (NFKC for those)."""
    text = _t2s().convert(text)
    for wide, narrow in _PUNCT_PAIRS:
        text = text.replace(wide, narrow)
    if _FULLWIDTH_ALNUM.search(text):
        text = text.translate(_ALNUM_TABLE)
    return text


_MARKER = (
    r"第[一二三四五六七八九十百零〇\d]+[条條]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+[.．、](?!\d)|[①-⑳]"
)
_END = "。；;！？!?"
# A clause: from its first non-space character to its last, up to and including a sentence end;
# line breaks end it too.
_CLAUSE = re.compile(rf"[^\s{_END}](?:[^{_END}\n]*[^\s{_END}])?[{_END}]?")
# Inside a clause, an item marker after a colon starts a new clause ("下列情形：（一）…").
_COLON_MARKER = re.compile(r"[：:][ \t　]*(?=" + _MARKER + ")")
_ARTICLE = re.compile(r"(?m)^[ \t　]*(第[一二三四五六七八九十百零〇\d]+[条條])")


def split_clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of `text`, surrounding white space left out."""
    spans = []
    for match in _CLAUSE.finditer(text):
        start, end = match.span()
        if "：" in match.group() or ":" in match.group():
            for colon in _COLON_MARKER.finditer(text, start, end):
                spans.append((start, colon.start() + 1))
                start = colon.end()
        spans.append((start, end))
    return spans


# ---------------------------------------------------------------------------
# Rule compilation

_GAP_SENTENCE = r"[^。;!?\n]"
_GAP_PHRASE = r"[^。;,!?\n]"
_NUMERAL = r"[\d零〇一二三四五六七八九十百千万两]"


def _expand(pattern: str) -> str:
    pattern = re.sub(r"~(\d+)", lambda m: f"{_GAP_SENTENCE}{{0,{m.group(1)}}}", pattern)
    pattern = re.sub(r"_(\d+)", lambda m: f"{_GAP_PHRASE}{{0,{m.group(1)}}}", pattern)
    return pattern.replace("#", _NUMERAL)


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    action: re.Pattern[str]
    lawful: re.Pattern[str] | None


def _compile_rule(rule: Rule) -> _Compiled:
    lawful = [p for p in (rule.unless, COMMON_LAWFUL if rule.common_lawful else "") if p]
    return _Compiled(
        rule,
        re.compile(_expand(rule.action)),
        re.compile(_expand("|".join(f"(?:{p})" for p in lawful))) if lawful else None,
    )


# Rules compiled, in category order then rule order (the first rule that fires gives the reason).
_RULE_ORDER: tuple[_Compiled, ...] = tuple(
    _compile_rule(rule) for code in CATEGORIES for rule in RULES if rule.category == code
)


@cache
def _rules_by_word() -> dict[str, frozenset[int]]:
    """Anchor word -> numbers (positions in _RULE_ORDER) of the rules it may start."""
    words: dict[str, set[int]] = {}
    for number, compiled in enumerate(_RULE_ORDER):
        for word in compiled.rule.anchor.split("|"):
            words.setdefault(word, set()).add(number)
    # A longer word hides the shorter words inside it from the scan, so it carries their rules.
    return {
        word: frozenset().union(*(rules for inner, rules in words.items() if inner in word))
        for word in words
    }


@cache
def _anchors() -> re.Pattern[str]:
    # Longest first, so that a word is never hidden by a shorter one it starts with.
    words = sorted(_rules_by_word(), key=lambda word: (-len(word), word))
    return re.compile("|".join(map(re.escape, words)))


# ---------------------------------------------------------------------------
# Pre-review


def prereview_text(text: str) -> list[Flag]:
    """Flags for the clauses of `text` that may be unlawful, in text order."""
    spans = split_clauses(text)
    if not spans:
        return []
    normalized = normalize(text)
    if len(normalized) == len(text):
        candidates = _screen(normalized, spans)
        clauses = _Slices(normalized, spans)
    else:  # t2s changed the length: offsets no longer match, so read each clause on its own
        clauses = [normalize(text[start:end]) for start, end in spans]
        candidates = _screen_each(clauses)
    articles = [(m.start(), m.group(1)) for m in _ARTICLE.finditer(text)]
    flags = []
    for index in sorted(candidates):
        clause = clauses[index]
        flagged: set[str] = set()
        for number in sorted(candidates[index]):
            compiled = _RULE_ORDER[number]
            if compiled.rule.category not in flagged and _breaks(compiled, clause):
                flagged.add(compiled.rule.category)
                flags.append(_flag(text, spans, index, compiled.rule, articles))
    return flags


class _Slices:
    """The normalized clauses, cut from the normalized text only when read."""

    def __init__(self, normalized: str, spans: list[tuple[int, int]]):
        self.normalized, self.spans = normalized, spans

    def __getitem__(self, index: int) -> str:
        start, end = self.spans[index]
        return self.normalized[start:end]


def _breaks(rule: _Compiled, clause: str) -> bool:
    return bool(rule.action.search(clause)) and not (rule.lawful and rule.lawful.search(clause))


def _flag(text, spans, index, rule: Rule, articles) -> Flag:
    start, end = spans[index]
    position = bisect.bisect_right(articles, (start, "\uffff")) - 1
    where = articles[position][1] if position >= 0 else f"第{index + 1}句"
    return Flag(rule.category, text[start:end], start, end, rule.reason, rule.basis, where)


def _screen(normalized: str, spans: list[tuple[int, int]]) -> dict[int, set[int]]:
    """Rules whose anchor words occur in each clause: one pass over the whole text."""
    starts = [start for start, _ in spans]
    found: dict[int, set[int]] = {}
    by_word = _rules_by_word()
    for match in _anchors().finditer(normalized):
        index = bisect.bisect_right(starts, match.start()) - 1
        if index >= 0 and match.start() < spans[index][1]:
            found.setdefault(index, set()).update(by_word[match.group()])
    return found


def _screen_each(clauses: list[str]) -> dict[int, set[int]]:
    by_word = _rules_by_word()
    found: dict[int, set[int]] = {}
    for index, clause in enumerate(clauses):
        for match in _anchors().finditer(clause):
            found.setdefault(index, set()).update(by_word[match.group()])
    return found


# ---------------------------------------------------------------------------
# Evaluation on the labelled set


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def add(self, gold: bool, predicted: bool) -> None:
        self.tp += gold and predicted
        self.fp += predicted and not gold
        self.fn += gold and not predicted


@dataclass
class Report:
    clauses: int = 0
    by_category: dict[str, Counts] = field(
        default_factory=lambda: {c: Counts() for c in CATEGORIES}
    )
    by_split: dict[str, Counts] = field(default_factory=dict)
    overall: Counts = field(default_factory=Counts)
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    def table(self) -> str:
        lines = [
            f"标注集：{self.clauses} 条；按（条款，类别）计，微平均",
            _pad("类别")
            + "".join(_pad(head, 10, right=True) for head in ("精确率", "召回率", "支持数")),
        ]
        for code, counts in self.by_category.items():
            lines.append(self._row(f"{code} {CATEGORY_LABELS[code]}", counts))
        lines.append(self._row("总体 overall", self.overall))
        for split, counts in sorted(self.by_split.items()):
            lines.append(self._row(f"  其中 {split}", counts))
        return "\n".join(lines)

    @staticmethod
    def _row(name: str, counts: Counts) -> str:
        return f"{_pad(name)}{counts.precision:>10.3f}{counts.recall:>10.3f}{counts.support:>10d}"


def _pad(text: str, width: int = 16, right: bool = False) -> str:
    """Pad to a display width, counting a CJK character as two columns."""
    spaces = " " * max(width - sum(2 if ord(ch) > 0x2E80 else 1 for ch in text), 0)
    return spaces + text if right else text + spaces


def evaluate(path: str | Path | None = None) -> Report:
    """Precision and recall per category over the labelled clauses (JSON lines)."""
    report = Report()
    for record in _load(Path(path) if path else DEFAULT_DATA):
        gold = set(record["categories"])
        predicted = {flag.category for flag in prereview_text(record["text"])}
        split = report.by_split.setdefault(record.get("split", "dev"), Counts())
        report.clauses += 1
        for code in CATEGORIES:
            for counts in (report.by_category[code], report.overall, split):
                counts.add(code in gold, code in predicted)
        if gold != predicted:
            report.errors.append(
                (record["id"], ",".join(sorted(gold)), ",".join(sorted(predicted)))
            )
    return report


def _load(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


# ---------------------------------------------------------------------------
# 政出多门: the same matter regulated differently in documents in force


@dataclass(frozen=True)
class Conflict:
    clause: str
    start: int
    end: int
    other_key: Any
    other_title: str
    other_clause: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "start": self.start,
            "end": self.end,
            "other_key": self.other_key,
            "other_title": self.other_title,
            "other_clause": self.other_clause,
            "reason": self.reason,
        }


_QUANTITY = re.compile(
    r"百分之([\d零〇一二三四五六七八九十百两]+)"
    r"|([\d.]+|[零〇一二三四五六七八九十百千万两]+)(个工作日|工作日|日|天|个月|月|年|周|小时|万元|元|%|倍)"
)
_UNIT_KIND = {
    "个工作日": "工作日",
    "工作日": "工作日",
    "日": "日",
    "天": "日",
    "个月": "月",
    "月": "月",
    "年": "年",
    "周": "周",
    "小时": "小时",
    "万元": "元",
    "元": "元",
    "%": "%",
    "倍": "倍",
}
_NUMBERS = re.compile(
    r"[\d.]+|[零〇一二三四五六七八九十百千万两]+(?=个|工作|日|天|月|年|周|小时|万|元|%|倍)"
)
_POSITIVE = re.compile(r"应当|必须|须|可以")
_NEGATIVE = re.compile(r"不得|禁止|严禁|不准")
_NOT_TEXT = re.compile(r"[^\u4e00-\u9fff#]")
MIN_CONFLICT_CHARS = 10
SIMILARITY = 0.6


def conflicts(text: str, others: Iterable[tuple[Any, str, str]]) -> list[Conflict]:
    """Clauses of the draft that regulate the same matter as a clause of a document in force,
    with a different number, period or amount, or with the opposite modality."""
    index = _OtherIndex(others)
    found = []
    normalized = normalize(text)
    for start, end in split_clauses(text):
        clause = _Clause(
            normalized[start:end] if len(normalized) == len(text) else normalize(text[start:end])
        )
        if len(clause.bigrams) < MIN_CONFLICT_CHARS:
            continue
        for other in index.similar(clause):
            reason = _difference(clause, other)
            if reason:
                found.append(
                    Conflict(
                        text[start:end], start, end, other.key, other.title, other.original, reason
                    )
                )
    return found


class _Clause:
    def __init__(self, normalized: str, original: str = "", key: Any = None, title: str = ""):
        self.text = normalized
        self.original = original or normalized
        self.key, self.title = key, title
        skeleton = _NOT_TEXT.sub("", _NUMBERS.sub("#", normalized))
        self.bigrams = {skeleton[i : i + 2] for i in range(len(skeleton) - 1)}
        self.quantities = _quantities(normalized)
        self.positive = bool(_POSITIVE.search(normalized))
        self.negative = bool(_NEGATIVE.search(normalized))


class _OtherIndex:
    def __init__(self, others: Iterable[tuple[Any, str, str]]):
        self.clauses: list[_Clause] = []
        self.postings: dict[str, list[int]] = {}
        for key, title, body in others:
            normalized = normalize(body)
            same = len(normalized) == len(body)
            for start, end in split_clauses(body):
                piece = normalized[start:end] if same else normalize(body[start:end])
                clause = _Clause(piece, body[start:end], key, title)
                if len(clause.bigrams) >= MIN_CONFLICT_CHARS:
                    self._add(clause)

    def _add(self, clause: _Clause) -> None:
        number = len(self.clauses)
        self.clauses.append(clause)
        for gram in clause.bigrams:
            self.postings.setdefault(gram, []).append(number)

    def similar(self, clause: _Clause) -> list[_Clause]:
        shared = Counter(n for gram in clause.bigrams for n in self.postings.get(gram, ()))
        best: dict[Any, tuple[float, _Clause]] = {}
        for number, count in shared.items():
            other = self.clauses[number]
            score = 2 * count / (len(clause.bigrams) + len(other.bigrams))
            if score >= SIMILARITY and score > best.get(other.key, (0.0, None))[0]:
                best[other.key] = (score, other)
        return [other for _, other in best.values()]


def _difference(draft: _Clause, other: _Clause) -> str:
    for kind in set(draft.quantities) & set(other.quantities):
        if draft.quantities[kind] != other.quantities[kind]:
            mine = "、".join(_show(v, kind) for v in draft.quantities[kind])
            theirs = "、".join(_show(v, kind) for v in other.quantities[kind])
            return f"同一事项规定不一致：草案为{mine}，《{other.title}》为{theirs}。"
    if (draft.positive and not draft.negative and other.negative and not other.positive) or (
        draft.negative and not draft.positive and other.positive and not other.negative
    ):
        mine = "禁止性规定" if draft.negative else "义务性或者授权性规定"
        theirs = "禁止性规定" if other.negative else "义务性或者授权性规定"
        return f"同一事项规定相反：草案为{mine}，《{other.title}》为{theirs}。"
    return ""


def _quantities(text: str) -> dict[str, tuple[float, ...]]:
    values: dict[str, list[float]] = {}
    for match in _QUANTITY.finditer(text):
        if match.group(1):
            kind, number = "%", _number(match.group(1))
        else:
            kind, number = _UNIT_KIND[match.group(3)], _number(match.group(2))
            if match.group(3) == "万元" and number is not None:
                number *= 10000
        if number is not None:
            values.setdefault(kind, []).append(number)
    return {kind: tuple(sorted(v)) for kind, v in values.items()}


_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def _number(token: str) -> float | None:
    try:
        return float(token)
    except ValueError:
        pass
    total, section, digit = 0, 0, 0
    for ch in token:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch == "万":
            total += (section + digit) * 10000
            section, digit = 0, 0
        elif ch in _SCALES:
            section += (digit or 1) * _SCALES[ch]
            digit = 0
        else:
            return None
    return float(total + section + digit)


def _show(value: float, kind: str) -> str:
    number = f"{value:g}"
    return {"%": f"{number}%", "元": f"{number}元"}.get(kind, f"{number}{kind}")
