"""The test app's procedures, modelled on 行政复议 (受理 → 审查 → 决定), citing the
行政复议法 (2023)."""

from fazhi.procedures.definitions import (
    Citation,
    Guard,
    Procedure,
    State,
    Step,
    StepContext,
    register,
    required_field,
)

LAW = "中华人民共和国行政复议法"
VERSION = "2023年修订"


def article(text: str) -> Citation:
    return Citation(law=LAW, version=VERSION, article=text)


def has_applicant(context: StepContext) -> bool:
    return bool(context.record.applicant.strip())


def opinions_heard(context: StepContext) -> bool:
    return context.record.opinions_heard


APPLICATION = register(
    Procedure(
        id="procedures_app.application",
        title="行政复议申请（测试）",
        initial="submitted",
        states=(
            State("submitted", "已收到申请"),
            State("awaiting_supplement", "待补正"),
            State("accepted", "已受理"),
            State("reviewed", "已审查"),
            State("decided", "已作出决定", terminal=True),
            State("rejected", "不予受理", terminal=True),
        ),
        steps=(
            Step(
                code="accept",
                label="受理",
                source="submitted",
                target="accepted",
                roles="handler",
                guards=(
                    Guard(
                        name="有明确的申请人",
                        check=has_applicant,
                        reason="申请书未写明申请人，不符合受理条件。",
                        citation=article("第三十条第一款第一项"),
                    ),
                ),
                fields=("opinion",),
                citation=article("第三十条第一款"),
            ),
            Step(
                code="reject",
                label="不予受理",
                source="submitted",
                target="rejected",
                roles="handler",
                guards=(
                    required_field("reason", "不予受理的理由", citation=article("第三十条第二款")),
                ),
                fields=("reason",),
                citation=article("第三十条第二款"),
            ),
            Step(
                code="request_supplement",
                label="通知补正",
                source="submitted",
                target="awaiting_supplement",
                roles="handler",
                guards=(
                    required_field("items", "需要补正的事项", citation=article("第三十一条第一款")),
                ),
                fields=("items",),
                citation=article("第三十一条第一款"),
            ),
            Step(
                code="deem_accept",
                label="视为受理",
                source="submitted",
                target="accepted",
                roles=(),
                by_law=True,
                citation=article("第三十条第三款"),
            ),
            Step(
                code="supplement",
                label="收到补正材料",
                source="awaiting_supplement",
                target="submitted",
                roles="handler",
                citation=article("第三十一条第三款"),
            ),
            Step(
                code="review",
                label="审查",
                source="accepted",
                target="reviewed",
                roles="legal_reviewer",
                guards=(
                    Guard(
                        name="已听取当事人意见",
                        check=opinions_heard,
                        reason="适用普通程序审理，应当听取当事人的意见并记录在案。",
                        citation=article("第四十九条"),
                    ),
                ),
                fields=("opinion",),
                citation=article("第六十一条第一款"),
            ),
            Step(
                code="decide",
                label="作出决定",
                source="reviewed",
                target="decided",
                roles=("leader",),
                guards=(
                    required_field("decision", "决定内容", citation=article("第六十一条第一款")),
                ),
                fields=("decision",),
                citation=article("第六十一条第一款"),
            ),
        ),
    )
)


# Starts and stops rules of fazhi.deadlines.rules (checked at start-up).
TIMED = register(
    Procedure(
        id="procedures_app.timed",
        title="行政复议期限（测试）",
        initial="new",
        states=(
            State("new", "新登记"),
            State("received", "已收到申请"),
            State("accepted", "已受理"),
            State("decided", "已作出决定", terminal=True),
        ),
        steps=(
            Step(
                code="register",
                label="登记收件",
                source="new",
                target="received",
                roles="handler",
                starts="reconsideration.acceptance_review",
                citation=article("第三十条第一款"),
            ),
            Step(
                code="accept",
                label="受理",
                source="received",
                target="accepted",
                roles="handler",
                stops="reconsideration.acceptance_review",
                starts="reconsideration.decision",
                citation=article("第三十条第一款"),
            ),
            Step(
                code="decide",
                label="作出决定",
                source="accepted",
                target="decided",
                roles="leader",
                stops="reconsideration.decision",
                citation=article("第六十二条第一款"),
            ),
        ),
    )
)
