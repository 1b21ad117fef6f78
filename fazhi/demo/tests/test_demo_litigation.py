"""The demo district's suits reach every state of the litigation procedure."""

from __future__ import annotations

from collections import Counter

import pytest

from fazhi.demo import generator
from fazhi.litigation.models import LitigationCase, Suggestion


@pytest.mark.django_db
def test_the_demo_builds_every_litigation_state(settings, tmp_path):
    settings.FAZHI_EVIDENCE_ROOT = str(tmp_path / "evidence")
    summary = generator.generate(seed=generator.DEFAULT_SEED, documents=0)
    assert summary.litigations == LitigationCase.objects.count() > 20
    states = Counter(LitigationCase.objects.values_list("state", flat=True))
    assert set(states) == {s.code for s in LitigationCase.procedure().states}
    instances = set(LitigationCase.objects.values_list("instance", flat=True))
    assert instances == {"first", "second"}
    assert LitigationCase.objects.filter(head_required=True, head_appeared=False).exists()
    assert LitigationCase.objects.filter(co_defendant=True).exists()
    replies = Suggestion.objects.values_list("replied_on", flat=True)
    assert None in replies and any(replies)
