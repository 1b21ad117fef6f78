"""Start-up checks of the registered procedures and of the models that run them.

- procedures.E001: a step starts or stops a deadline rule that fazhi.deadlines.rules.RULES lacks;
- procedures.W001: the deadline rules cannot be loaded, so E001 was not checked;
- procedures.E002: a guard has neither a citation nor a reason why it needs none;
- procedures.E003: a step names a role that is not a core.Role;
- procedures.E004: a ProcedureRecord model names no registered procedure;
- procedures.E005: a ProcedureRecord model has no `unit` foreign key to core.Unit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.core.checks import CheckMessage, Error, Warning, register

from .definitions import Procedure, all_procedures, get_procedure


@register("procedures")
def check_registered(app_configs=None, **kwargs) -> list[CheckMessage]:
    return check_procedures(all_procedures()) + check_record_models()


def _deadline_rules() -> object | None:
    try:
        from fazhi.deadlines.rules import RULES
    except ImportError:
        return None
    return RULES


def check_procedures(procedures: Iterable[Procedure]) -> list[CheckMessage]:
    """The messages for `procedures` (a function of its argument, so that tests can pass a
    definition they do not register)."""
    from fazhi.core.models import Role

    procedures = list(procedures)
    messages: list[CheckMessage] = []
    rules = _deadline_rules()
    if rules is None and any(p.deadline_rules() for p in procedures):
        messages.append(
            Warning(
                "无法加载期限规则（fazhi.deadlines.rules.RULES），未核对各程序引用的期限规则。",
                id="procedures.W001",
            )
        )
    for procedure in procedures:
        for step in procedure.steps:
            where = f"程序“{procedure.title}”（{procedure.id}）的步骤“{step.label}”"
            if rules is not None:
                for rule_id in (*step.starts, *step.stops):
                    if rule_id not in rules:
                        messages.append(
                            Error(
                                f"{where}引用了不存在的期限规则“{rule_id}”。",
                                hint="在 fazhi/deadlines/rules.py 中定义该规则，或改正规则编号。",
                                obj=procedure.id,
                                id="procedures.E001",
                            )
                        )
            for guard in step.guards:
                if guard.citation is None and not guard.no_citation_reason.strip():
                    messages.append(
                        Error(
                            f"{where}的条件“{guard.name}”既没有法律依据，也没有说明无需依据的理由。",
                            hint="为该条件写明 citation，或在 no_citation_reason 中说明理由。",
                            obj=procedure.id,
                            id="procedures.E002",
                        )
                    )
            for role in step.roles:
                if role not in Role.values:
                    messages.append(
                        Error(
                            f"{where}的办理角色“{role}”不是系统中的角色。",
                            hint="可用角色：" + "、".join(Role.values),
                            obj=procedure.id,
                            id="procedures.E003",
                        )
                    )
    return messages


def check_record_models(models: Iterable[type] | None = None) -> list[CheckMessage]:
    from fazhi.core.models import Unit

    from .models import ProcedureRecord

    messages: list[CheckMessage] = []
    for model in apps.get_models() if models is None else models:
        if not issubclass(model, ProcedureRecord) or model._meta.proxy:
            continue
        label = model._meta.label
        try:
            get_procedure(model.procedure_id)
        except LookupError:
            messages.append(
                Error(
                    f"模型 {label} 的 procedure_id“{model.procedure_id}”不是已登记的程序。",
                    obj=model,
                    id="procedures.E004",
                )
            )
        field = next((f for f in model._meta.concrete_fields if f.name == "unit"), None)
        if field is None or not field.is_relation or field.related_model is not Unit:
            messages.append(
                Error(
                    f"模型 {label} 须有指向 core.Unit 的外键 unit"
                    "（记录所属单位，据以判断办理权限）。",
                    obj=model,
                    id="procedures.E005",
                )
            )
    return messages
