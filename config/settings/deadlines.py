"""Statutory periods that a lawyer must confirm or that a jurisdiction sets for itself.

Each setting overrides the length of one rule in ``fazhi.deadlines.rules`` (named by its
``setting`` field); the default is the value documented in shared/laws/PERIODS.md. Each can be
set from the environment variable of the same name; a value that is not a positive integer stops
start-up, naming the variable.
"""

from .env import get_bool, get_int

# Not verified against a primary text (PERIODS.md: UNVERIFIED or SEC). Confirm before go-live.
# 国办发〔2018〕37号（五）: public comment on normative documents, "一般不少于7个工作日".
FAZHI_PERIOD_NORMDOC_PUBLIC_COMMENT_WORKDAYS = get_int(
    "FAZHI_PERIOD_NORMDOC_PUBLIC_COMMENT_WORKDAYS", 7, minimum=1
)
# 北京市行政规范性文件备案规定 (2016) 第六条: filing with the government legal office, 30 days.
FAZHI_PERIOD_NORMDOC_FILING_GOVERNMENT_DAYS = get_int(
    "FAZHI_PERIOD_NORMDOC_FILING_GOVERNMENT_DAYS", 30, minimum=1
)
# 北京市接诉即办工作条例 第十三条 leaves the limits to the 市政务服务部门; these defaults come from
# the 2021 draft 12345 service standard (SEC) and apply only where a work order states none.
FAZHI_PERIOD_HOTLINE_URGENT_HOURS = get_int("FAZHI_PERIOD_HOTLINE_URGENT_HOURS", 2, minimum=1)
FAZHI_PERIOD_HOTLINE_UTILITY_HOURS = get_int("FAZHI_PERIOD_HOTLINE_UTILITY_HOURS", 24, minimum=1)
FAZHI_PERIOD_HOTLINE_GENERAL_DAYS = get_int("FAZHI_PERIOD_HOTLINE_GENERAL_DAYS", 7, minimum=1)
FAZHI_PERIOD_HOTLINE_COMPLEX_DAYS = get_int("FAZHI_PERIOD_HOTLINE_COMPLEX_DAYS", 15, minimum=1)

# Verified, but a sector rule or a local rule may set another period.
# 行政处罚法 第六十条: 90 days, "法律、法规、规章另有规定的，从其规定".
FAZHI_PERIOD_PENALTY_DECISION_DAYS = get_int("FAZHI_PERIOD_PENALTY_DECISION_DAYS", 90, minimum=1)
# 北京市各级人民代表大会常务委员会规范性文件备案审查条例 第十一条第一款 (a Beijing regulation).
FAZHI_PERIOD_NORMDOC_FILING_CONGRESS_DAYS = get_int(
    "FAZHI_PERIOD_NORMDOC_FILING_CONGRESS_DAYS", 30, minimum=1
)
# 北京市优化营商环境条例 (2024) 第七十四条: adaptation period before business rules take effect.
FAZHI_PERIOD_NORMDOC_ADAPTATION_DAYS = get_int(
    "FAZHI_PERIOD_NORMDOC_ADAPTATION_DAYS", 30, minimum=1
)
# 重大行政决策程序暂行条例: district rules may set their own (PERIODS.md §5).
FAZHI_PERIOD_DECISION_PUBLIC_COMMENT_DAYS = get_int(
    "FAZHI_PERIOD_DECISION_PUBLIC_COMMENT_DAYS", 30, minimum=30
)
FAZHI_PERIOD_DECISION_HEARING_MATERIALS_DAYS = get_int(
    "FAZHI_PERIOD_DECISION_HEARING_MATERIALS_DAYS", 7, minimum=7
)
FAZHI_PERIOD_DECISION_LEGALITY_REVIEW_WORKDAYS = get_int(
    "FAZHI_PERIOD_DECISION_LEGALITY_REVIEW_WORKDAYS", 7, minimum=7
)

# Counting practice (PERIODS.md §0, last row; UNVERIFIED against primary text): an ordinary
# Saturday or Sunday counts as a 法定休假日 for the roll-forward of 民事诉讼法 第八十五条 and
# 民法典 第二百零三条. Set to false to roll only over statutory holidays.
FAZHI_DEADLINE_ROLL_OVER_WEEKENDS = get_bool("FAZHI_DEADLINE_ROLL_OVER_WEEKENDS", True)

# 行政复议法第七十九条第一款: decisions are published "按照国家有关规定" with no period in the law;
# the default follows 国办发〔2018〕118号's 20 working days for enforcement decisions (UNVERIFIED).
FAZHI_PERIOD_RECONSIDERATION_PUBLICATION_DAYS = get_int(
    "FAZHI_PERIOD_RECONSIDERATION_PUBLICATION_DAYS", 20, minimum=1
)
