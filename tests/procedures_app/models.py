"""Records of a test-only kind, for exercising the procedures engine."""

from django.db import models

from fazhi.core.models import Unit
from fazhi.procedures.models import ProcedureRecord


class Application(ProcedureRecord):
    """An application handled under `procedures_app.application` (受理 → 审查 → 决定)."""

    procedure_id = "procedures_app.application"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="承办单位")
    title = models.CharField("事项", max_length=100)
    applicant = models.CharField("申请人", max_length=60, blank=True)
    opinions_heard = models.BooleanField("已听取当事人意见", default=False)

    class Meta(ProcedureRecord.Meta):
        verbose_name = "测试申请"
        verbose_name_plural = "测试申请"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/workspace/test-applications/{self.pk}/"


class TimedApplication(ProcedureRecord):
    """An application whose steps start and stop statutory deadlines (`procedures_app.timed`)."""

    procedure_id = "procedures_app.timed"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="承办单位")
    title = models.CharField("事项", max_length=100)

    class Meta(ProcedureRecord.Meta):
        verbose_name = "测试计时申请"
        verbose_name_plural = "测试计时申请"

    def __str__(self) -> str:
        return self.title
