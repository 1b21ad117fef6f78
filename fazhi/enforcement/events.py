"""Ledger events of enforcement (range 12000–12999). Numbers are permanent.

A case's acts are recorded against the case, so its full-process record (处罚法第四十七条) is
one record's history; a plan's and a campaign's against the plan or campaign."""

from fazhi.ledger.events import LedgerEvent, register


class EnforcementEvent(LedgerEvent):
    BODY_SAVE = 12001, "enforcement", "登记执法主体"
    OFFICER_SAVE = 12002, "enforcement", "登记执法人员"
    CERTIFICATE_SAVE = 12003, "enforcement", "登记执法证件"
    CERTIFICATE_STATUS = 12004, "enforcement", "变更执法证件状态"
    TRAINING_RECORD = 12005, "enforcement", "登记培训学时"
    EXAM_RECORD = 12006, "enforcement", "登记资格考试"
    ITEM_SAVE = 12011, "enforcement", "登记执法事项"
    ITEMS_IMPORT = 12012, "enforcement", "导入执法事项"
    BENCHMARK_SAVE = 12013, "enforcement", "制定裁量基准"
    EXEMPTION_SAVE = 12014, "enforcement", "制定免罚清单"
    CHECKLIST_SAVE = 12015, "enforcement", "制定检查单"
    CASE_OPEN = 12021, "enforcement", "立案"
    CASE_OFFICERS = 12022, "enforcement", "指派办案人员"
    EVIDENCE_ADD = 12023, "enforcement", "收集证据"
    PRESERVATION_START = 12024, "enforcement", "先行登记保存"
    PRESERVATION_HANDLE = 12025, "enforcement", "先行登记保存处理决定"
    CASE_PROPOSE = 12026, "enforcement", "拟定处罚意见"
    STATEMENT_RECORD = 12027, "enforcement", "陈述申辩及复核"
    HEARING_NOTIFY = 12028, "enforcement", "通知听证"
    DISCUSSION_RECORD = 12029, "enforcement", "集体讨论"
    EXTENSION_APPROVE = 12030, "enforcement", "延长办案期限"
    ARRANGEMENT_APPROVE = 12031, "enforcement", "批准延期（分期）缴纳罚款"
    PAYMENT_RECORD = 12032, "enforcement", "缴纳罚没款"
    CHALLENGE_RECORD = 12033, "enforcement", "复议诉讼"
    COURT_APPLY = 12034, "enforcement", "申请人民法院强制执行"
    TRANSFER_FEEDBACK = 12035, "enforcement", "移送案件受理反馈"
    PUBLISH = 12041, "enforcement", "公示执法决定"
    PUBLICATION_WITHDRAW = 12042, "enforcement", "撤回公示"
    PUBLICATION_END = 12043, "enforcement", "提前停止公示"
    STATISTICS_PUBLISH = 12044, "enforcement", "公布年度执法数据"
    ENTITY_IMPORT = 12051, "enforcement", "导入检查对象"
    CONFLICT_DECLARE = 12052, "enforcement", "申报回避"
    PLAN_SAVE = 12053, "enforcement", "制定抽查计划"
    PLAN_COMMIT = 12054, "enforcement", "公布抽查计划与随机种子承诺"
    PLAN_DRAW = 12055, "enforcement", "随机抽取"
    INSPECTION_RECORD = 12056, "enforcement", "登记检查结果"
    INSPECTION_PUBLISH = 12057, "enforcement", "公示检查结果"
    STANDARD_SAVE = 12061, "enforcement", "制定评查标准"
    CAMPAIGN_SAVE = 12062, "enforcement", "组织案卷评查"
    CAMPAIGN_COMMIT = 12063, "enforcement", "公布评查范围与随机种子承诺"
    CAMPAIGN_DRAW = 12064, "enforcement", "抽取评查案卷"
    FILE_EVALUATE = 12065, "enforcement", "评查案卷"
    RECTIFICATION_REQUIRE = 12066, "enforcement", "下达整改要求"
    RECTIFICATION_REPORT = 12067, "enforcement", "报告整改情况"
    RECTIFICATION_ACCEPT = 12068, "enforcement", "整改验收"


register(EnforcementEvent)
