"""Writes: starting, pausing, extending, restarting and stopping deadlines; holiday notices;
the sweep that turns approaching and passed deadlines into workspace alerts.

Every function runs in one transaction. Deadlines are recomputed from their rule, trigger date
and clock events whenever any of those or the holiday calendar changes; nothing is edited by
hand. Clock events are never changed or removed (an extension cannot be undone).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from fazhi.core import policies
from fazhi.core import services as core_services
from fazhi.core.models import Person, Post, Role, TodoItem, TodoState, Unit
from fazhi.core.policies import Action
from fazhi.ledger import services as ledger_services
from fazhi.ledger.events import EventType

from . import selectors
from .calendar import NoticeDay, StatutoryCalendar
from .compute import DeadlineError, Extension, Pause, Result, compute
from .models import ClockEvent, ClockEventKind, Deadline, DeadlineState, HolidayNotice
from .rules import DayType, get_rule

logger = logging.getLogger(__name__)

OPEN_STATES = (DeadlineState.RUNNING, DeadlineState.PAUSED)


def _source(deadline: Deadline) -> str:
    return f"deadlines.Deadline:{deadline.pk}"


def end_of_day(day: date) -> datetime:
    """A period ends at 24:00 of its last day (民法典 第二百零三条)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def due_moment(deadline: Deadline) -> datetime:
    return deadline.due_at or end_of_day(deadline.due_date)


def _clock_inputs(deadline: Deadline, today: date):
    pauses, extensions, restart, paused_since = [], [], None, None
    for event in deadline.events.all():
        if event.kind == ClockEventKind.PAUSE:
            paused_since = (event.on, event.reason)
        elif event.kind == ClockEventKind.RESUME and paused_since:
            pauses.append(Pause(paused_since[0], event.on, paused_since[1]))
            paused_since = None
        elif event.kind == ClockEventKind.RESTART:
            restart, pauses = event.on, []
        elif event.kind == ClockEventKind.EXTENSION:
            approver = event.approver.name if event.approver else ""
            extensions.append(Extension(event.length, event.reason, approver, event.on))
    if paused_since:  # still paused: the clock stands still through today
        pauses.append(Pause(paused_since[0], max(paused_since[0], today), paused_since[1]))
    return pauses, extensions, restart


def _recompute(deadline: Deadline, calendar: StatutoryCalendar, today: date) -> Result:
    pauses, extensions, restart = _clock_inputs(deadline, today)
    try:
        return compute(
            get_rule(deadline.rule_id),
            deadline.trigger_at or deadline.trigger_date,
            calendar=calendar,
            trigger_basis=deadline.trigger_basis,
            pauses=pauses,
            restart=restart,
            extensions=extensions,
        )
    except DeadlineError as exc:
        raise ValidationError(str(exc)) from exc


def _apply(deadline: Deadline, result: Result) -> bool:
    """Store a recomputation; True when the due date or the provisional flag changed."""
    if isinstance(result.due, datetime):  # hour periods end at a moment, not a day
        due_at, due_date = result.due, timezone.localdate(result.due)
    else:
        due_at, due_date = None, result.due
    changed = (deadline.due_date, deadline.due_at, deadline.provisional) != (
        due_date,
        due_at,
        result.provisional,
    )
    deadline.due_date, deadline.due_at = due_date, due_at
    deadline.provisional = result.provisional
    deadline.explanation = result.to_json()
    deadline.save(update_fields=["due_date", "due_at", "provisional", "explanation"])
    return changed


def _recompute_now(deadline: Deadline, state: str | None = None) -> Deadline:
    """Set the new clock state (if any) and store the recomputed due date and explanation."""
    if state is not None and deadline.state != state:
        deadline.state = state
        deadline.save(update_fields=["state"])
    _apply(deadline, _recompute(deadline, selectors.current_calendar(), timezone.localdate()))
    return deadline


def _require_change(actor: Person | None, deadline: Deadline) -> None:
    if actor is not None and not policies.can(actor, Action.CHANGE, deadline.unit_id):
        raise PermissionDenied("您无权变更该期限。")


def _locked_open(deadline: Deadline) -> Deadline:
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if deadline.state not in OPEN_STATES:
        raise ValidationError("该期限已经结束，不能再变更。")
    return deadline


def _clock(deadline: Deadline) -> dict:
    return {"state": deadline.state, "due_date": deadline.due_date, "due_at": deadline.due_at}


def _ledger(
    event: int, deadline: Deadline, actor: Person | None, before: dict, note: str = "", **changes
) -> None:
    """Append the ledger entry of a change to `deadline`: its clock state and due date before
    and after, with `changes` (field=(before, after)) and `note` (the reason given)."""
    after = _clock(deadline)
    ledger_services.record(
        event=event,
        actor=actor,
        unit=deadline.unit,
        record=deadline,
        changes={
            **{k: (before.get(k), v) for k, v in after.items() if before.get(k) != v},
            **changes,
        },
        note=note,
    )


@transaction.atomic
def deadline_start(
    *,
    subject: models.Model,
    rule_id: str,
    trigger: date | datetime,
    trigger_basis: str,
    unit: Unit,
    owner: Person | None = None,
) -> Deadline:
    """Start the period `rule_id` for `subject`, counted from `trigger` (the day of the event
    that starts it, or for hour periods the moment; how it was established goes in
    `trigger_basis`)."""
    rule = get_rule(rule_id)  # unknown ids fail here, with the rule registry's message
    if not trigger_basis.strip():
        raise ValidationError("必须写明起算日如何确定（如送达回证、签收日期）。")
    trigger_at = None
    if rule.day_type == DayType.HOUR:
        if not isinstance(trigger, datetime) or timezone.is_naive(trigger):
            raise ValidationError(f"“{rule.title}”按小时计算，必须给出带时区的起算时刻。")
        trigger_at, trigger = trigger, timezone.localdate(trigger)
    elif isinstance(trigger, datetime):
        trigger = timezone.localdate(trigger)
    deadline = Deadline(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        rule_id=rule_id,
        unit=unit,
        owner=owner,
        trigger_date=trigger,
        trigger_at=trigger_at,
        trigger_basis=trigger_basis.strip(),
        due_date=trigger,
    )
    deadline.full_clean(exclude=["due_date"])
    deadline.save()
    _recompute_now(deadline)
    _ledger(
        EventType.DEADLINE_START,
        deadline,
        None,
        {},
        note=deadline.trigger_basis,
        rule_id=(None, rule_id),
        subject=(
            None,
            f"{deadline.subject_type.app_label}.{deadline.subject_type.model}:{subject.pk}",
        ),
        trigger=(None, trigger_at or trigger),
        owner=(None, owner.name if owner else None),
    )
    return deadline


@transaction.atomic
def deadline_stop(*, subject: models.Model, rule_id: str, on: date, outcome: str = "已办结") -> int:
    """Stop the open period `rule_id` of `subject` (the act was done); returns how many."""
    open_deadlines = Deadline.objects.select_for_update().filter(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        rule_id=rule_id,
        state__in=OPEN_STATES,
    )
    stopped = 0
    for deadline in open_deadlines:
        _stop(deadline, EventType.DEADLINE_STOP, None, on, outcome)
        stopped += 1
    return stopped


def _stop(
    deadline: Deadline, event: int, actor: Person | None, on: date, outcome: str, note: str = ""
) -> None:
    """End an open period on `on`, record it in the ledger and withdraw its alerts."""
    before = _clock(deadline)
    deadline.state, deadline.stopped_on, deadline.outcome = DeadlineState.STOPPED, on, outcome
    deadline.save(update_fields=["state", "stopped_on", "outcome"])
    _ledger(event, deadline, actor, before, note, stopped_on=(None, on), outcome=(None, outcome))
    _close_alerts(deadline)


def _add_event(
    deadline: Deadline,
    *,
    kind: str,
    on: date,
    reason: str,
    actor: Person | None,
    length: int | None = None,
    approver: Person | None = None,
) -> ClockEvent:
    if not reason.strip():
        raise ValidationError("必须写明理由和依据。")
    event = ClockEvent(
        deadline=deadline,
        kind=kind,
        on=on,
        reason=reason.strip(),
        length=length,
        approver=approver,
        recorded_by=actor,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def deadline_pause(*, actor: Person | None, deadline: Deadline, on: date, reason: str) -> Deadline:
    """Stop the clock from `on` (a pause the law excludes: consultation, hearing, 补正…)."""
    _require_change(actor, deadline)
    deadline = _locked_open(deadline)
    if deadline.state == DeadlineState.PAUSED:
        raise ValidationError("该期限已经中止计时。")
    if on < deadline.trigger_date:
        raise ValidationError("中止日期不能早于起算日。")
    _add_event(deadline, kind=ClockEventKind.PAUSE, on=on, reason=reason, actor=actor)
    before = _clock(deadline)
    _recompute_now(deadline, DeadlineState.PAUSED)
    _ledger(EventType.DEADLINE_PAUSE, deadline, actor, before, reason, paused_on=(None, on))
    return deadline


@transaction.atomic
def deadline_resume(*, actor: Person | None, deadline: Deadline, on: date, reason: str) -> Deadline:
    """Run the clock again; the days from the pause through `on` do not count."""
    _require_change(actor, deadline)
    deadline = _locked_open(deadline)
    if deadline.state != DeadlineState.PAUSED:
        raise ValidationError("该期限没有中止计时。")
    pause = deadline.events.filter(kind=ClockEventKind.PAUSE).last()
    if on < pause.on:
        raise ValidationError("恢复日期不能早于中止日期。")
    _add_event(deadline, kind=ClockEventKind.RESUME, on=on, reason=reason, actor=actor)
    before = _clock(deadline)
    _recompute_now(deadline, DeadlineState.RUNNING)
    _ledger(EventType.DEADLINE_RESUME, deadline, actor, before, reason, resumed_on=(None, on))
    return deadline


@transaction.atomic
def deadline_extend(
    *,
    actor: Person | None,
    deadline: Deadline,
    length: int,
    reason: str,
    approver: Person,
    on: date | None = None,
) -> Deadline:
    """Record an approved extension. It may not exceed the rule's legal maximum (counting earlier
    extensions) and, once recorded, is never undone."""
    _require_change(actor, deadline)
    deadline = _locked_open(deadline)
    if length < 1:
        raise ValidationError("延长天数必须为正整数。")
    _add_event(
        deadline,
        kind=ClockEventKind.EXTENSION,
        on=on or timezone.localdate(),
        reason=reason,
        actor=actor,
        length=length,
        approver=approver,
    )
    # compute() refuses an extension over the maximum, naming the article; the transaction
    # then rolls back the event.
    before = _clock(deadline)
    _recompute_now(deadline)
    _ledger(
        EventType.DEADLINE_EXTEND,
        deadline,
        actor,
        before,
        reason,
        extension=(None, length),
        approver=(None, approver.name),
    )
    return deadline


@transaction.atomic
def deadline_restart(
    *, actor: Person | None, deadline: Deadline, on: date, reason: str
) -> Deadline:
    """The period runs anew from `on` (e.g. from receipt of the supplemented application)."""
    _require_change(actor, deadline)
    deadline = _locked_open(deadline)
    if on < deadline.trigger_date:
        raise ValidationError("重新起算日不能早于原起算日。")
    _add_event(deadline, kind=ClockEventKind.RESTART, on=on, reason=reason, actor=actor)
    before = _clock(deadline)
    _recompute_now(deadline, DeadlineState.RUNNING)
    _ledger(EventType.DEADLINE_RESTART, deadline, actor, before, reason, restarted_on=(None, on))
    return deadline


@transaction.atomic
def deadline_deem(
    *, actor: Person | None, deadline: Deadline, outcome: str, on: date, basis: str
) -> Deadline:
    """Record a deemed outcome when the period ends without the act (e.g. 视为受理, 行政复议法
    第三十条第三款) and stop the period on that date."""
    _require_change(actor, deadline)
    deadline = _locked_open(deadline)
    _add_event(
        deadline, kind=ClockEventKind.DEEMED, on=on, reason=f"{outcome}（{basis}）", actor=actor
    )
    _stop(deadline, EventType.DEADLINE_DEEM, actor, on, outcome, basis)
    return deadline


# --- holiday notices -------------------------------------------------------------------------


def may_enter_notices(actor: Person | None) -> bool:
    if actor is None or actor.is_superuser:
        return True
    return Post.objects.active().filter(person=actor, role=Role.SYSTEM_ADMIN).exists()


@transaction.atomic
def holiday_notice_save(
    *,
    actor: Person | None,
    year: int,
    title: str,
    published_on: date,
    days: Iterable[NoticeDay],
    document_number: str = "",
) -> tuple[HolidayNotice, int]:
    """Enter or correct the State Council's holiday notice for `year`. The open deadlines it
    affects are recomputed at once and their owners told; returns the notice and how many
    deadlines changed."""
    if not may_enter_notices(actor):
        raise PermissionDenied("只有系统管理员可以录入节假日安排。")
    days = sorted(days, key=lambda d: d.day)
    _validate_notice_days(year, days)
    old = HolidayNotice.objects.filter(year=year).prefetch_related("days").first()
    notice, _ = HolidayNotice.objects.update_or_create(
        year=year,
        defaults={
            "title": title.strip(),
            "document_number": document_number.strip(),
            "published_on": published_on,
            "entered_by": actor,
        },
    )
    notice.days.all().delete()
    notice.days.bulk_create(
        [
            notice.days.model(notice=notice, day=d.day, is_workday=d.is_workday, name=d.name)
            for d in days
        ]
    )
    selectors.forget_calendar()
    changed = _recompute_affected(year, f"《{notice.title}》已录入或更正")
    ledger_services.record(
        event=EventType.HOLIDAY_NOTICE_SAVE,
        actor=actor,
        record=notice,
        changes={
            **{
                f: (getattr(old, f) if old else None, getattr(notice, f))
                for f in ("title", "document_number", "published_on")
            },
            "days": (
                [str(d) for d in old.days.all()] if old else None,
                [str(d) for d in notice.days.all()],
            ),
        },
        note=f"{year} 年节假日安排；重新计算后届满日改变的期限 {changed} 个",
    )
    return notice, changed


def _validate_notice_days(year: int, days: list[NoticeDay]) -> None:
    if not days:
        raise ValidationError("通知至少应包含一个放假日。")
    first, last = date(year - 1, 12, 1), date(year, 12, 31)
    errors = [
        f"{d.day} 不在 {year} 年通知的适用范围内（{first}—{last}）。"
        for d in days
        if not first <= d.day <= last
    ]
    seen: set[date] = set()
    for d in days:
        if d.day in seen:
            errors.append(f"{d.day} 重复出现。")
        seen.add(d.day)
        if d.is_workday and d.day.weekday() < 5:
            errors.append(
                f"{d.day} 是工作日（星期{'一二三四五'[d.day.weekday()]}），不需要列为调休上班。"
            )
        if not d.name.strip():
            errors.append(f"{d.day} 缺少节日名称。")
    taken = set(
        HolidayNotice.objects.exclude(year=year)
        .filter(days__day__in=[d.day for d in days])
        .values_list("days__day", flat=True)
    )
    errors += [f"{day} 已在另一年度的通知中登记。" for day in sorted(taken)]
    if errors:
        raise ValidationError(errors)


def _recompute_affected(year: int, why: str) -> int:
    calendar, today = selectors.current_calendar(), timezone.localdate()
    affected = (
        Deadline.objects.select_for_update(of=("self",))
        .filter(
            state__in=OPEN_STATES,
            trigger_date__lte=date(year, 12, 31),
            due_date__gte=date(year - 1, 12, 1),
        )
        .select_related("owner", "unit")
        .prefetch_related("events__approver")
    )
    changed = 0
    for deadline in affected:
        before = deadline.due_date
        if _apply(deadline, _recompute(deadline, calendar, today)):
            changed += 1
            _notify_owner(
                deadline,
                f"期限已调整：{get_rule(deadline.rule_id).title}",
                f"{why}，届满日由 {before} 调整为 {deadline.due_date}。",
            )
    return changed


def _notify_owner(deadline: Deadline, title: str, basis: str) -> None:
    if deadline.owner is None:
        return
    source = _source(deadline)
    exists = TodoItem.objects.filter(
        assignee=deadline.owner, source=source, title=title, state=TodoState.OPEN
    ).exists()
    if exists:
        return
    try:
        core_services.todo_create(
            assignee=deadline.owner,
            unit=deadline.unit,
            title=title,
            module="deadlines",
            source=source,
            url=f"/workspace/deadlines/{deadline.pk}/",
            due_at=due_moment(deadline),
            deadline_basis=basis[:300],
        )
    except ValidationError:  # the owner no longer holds a post in that unit
        logger.warning(
            "deadline %s: owner %s has no post in %s",
            deadline.pk,
            deadline.owner_id,
            deadline.unit_id,
        )


# --- the sweep ---------------------------------------------------------------------------------


ALERT_TITLE = "期限提醒：{title}"


def deadlines_sweep(*, today: date | None = None, alert_days: int = 3) -> dict[str, int]:
    """Put an alert on the owner's workspace for every running deadline due within
    `alert_days` or already passed; move alerts whose due date changed; close alerts of
    stopped deadlines. Idempotent: running it twice creates nothing new."""
    today = today or timezone.localdate()
    counts = {"created": 0, "moved": 0, "closed": 0}
    with transaction.atomic():
        due_soon = Deadline.objects.filter(
            state__in=OPEN_STATES,
            owner__isnull=False,
            due_date__lte=today + timedelta(days=alert_days),
        ).select_related("owner", "unit")
        open_alerts = {
            item.source: item
            for item in TodoItem.objects.filter(
                module="deadlines", state=TodoState.OPEN, title__startswith="期限提醒："
            )
        }
        for deadline in due_soon:
            item = open_alerts.pop(_source(deadline), None)
            if item is None:
                _notify_owner(
                    deadline,
                    ALERT_TITLE.format(title=get_rule(deadline.rule_id).title),
                    _basis_line(deadline),
                )
                counts["created"] += 1
            elif item.due_at != due_moment(deadline):
                core_services.todo_reschedule(
                    item=item,
                    due_at=due_moment(deadline),
                    deadline_basis=_basis_line(deadline),
                )
                counts["moved"] += 1
        stopped = Deadline.objects.filter(
            pk__in=[int(s.split(":")[1]) for s in open_alerts], state=DeadlineState.STOPPED
        )
        for deadline in stopped:
            counts["closed"] += _close_alerts(deadline)
    return counts


def _basis_line(deadline: Deadline) -> str:
    rule = get_rule(deadline.rule_id)
    mark = "（暂定）" if deadline.provisional else ""
    return f"{rule.basis}；届满日 {deadline.due_date}{mark}"[:300]


def _close_alerts(deadline: Deadline) -> int:
    items = TodoItem.objects.filter(source=_source(deadline), state=TodoState.OPEN)
    for item in items:
        core_services.todo_withdraw(item=item)
    return len(items)
