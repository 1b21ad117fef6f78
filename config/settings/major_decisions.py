"""Major decisions: settings a jurisdiction decides for itself (PERIODS.md §5: district rules
such as 北京市西城区人民政府重大行政决策程序暂行规定 may add steps)."""

import json

from django.core.exceptions import ImproperlyConfigured

from .env import get_int, get_str

# Public comments from the portal: at most this many per client per hour, each this long at most.
FAZHI_DECISION_COMMENTS_PER_HOUR = get_int("FAZHI_DECISION_COMMENTS_PER_HOUR", 5, minimum=1)
FAZHI_DECISION_COMMENT_MAX_CHARS = get_int("FAZHI_DECISION_COMMENT_MAX_CHARS", 3000, minimum=100)

# Steps the district's own procedure rules add, as JSON: a list of
# {"code": "...", "label": "...", "before": "<step of major_decisions.decision>", "basis": "..."}
# e.g. [{"code": "consult", "label": "征求区人大常委会意见", "before": "adopt",
#        "basis": "某区重大行政决策程序规定第十二条"}]. Each must be recorded as done (in the
# decision's current round) before the step it names can be taken.
_VALID_BEFORE = {"submit_review", "adopt", "publish"}


def _local_steps(raw: str) -> list[dict]:
    try:
        steps = json.loads(raw or "[]")
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"FAZHI_DECISION_LOCAL_STEPS 不是有效的 JSON：{exc}") from None
    if not isinstance(steps, list):
        raise ImproperlyConfigured("FAZHI_DECISION_LOCAL_STEPS 须为列表。")
    codes = set()
    for step in steps:
        if not isinstance(step, dict) or not {"code", "label", "before", "basis"} <= set(step):
            raise ImproperlyConfigured(
                "FAZHI_DECISION_LOCAL_STEPS 的每一项须有 code、label、before 和 basis。"
            )
        if step["before"] not in _VALID_BEFORE:
            raise ImproperlyConfigured(
                f"FAZHI_DECISION_LOCAL_STEPS：before 须为 {sorted(_VALID_BEFORE)} 之一。"
            )
        if step["code"] in codes:
            raise ImproperlyConfigured(f"FAZHI_DECISION_LOCAL_STEPS：code “{step['code']}” 重复。")
        codes.add(step["code"])
    return steps


FAZHI_DECISION_LOCAL_STEPS = _local_steps(get_str("FAZHI_DECISION_LOCAL_STEPS", "[]"))
