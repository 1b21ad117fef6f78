"""Benchmark: the cost of unit scoping on the people list, and of the workspace home page.

Builds the demo at --scale N (default 5 districts) in a scratch SQLite database (or the
DATABASE_URL given), then measures, median of repeated runs:

1. people_visible(district leader) fully evaluated, against the baseline of the same rows
   fetched unscoped (Person + active posts, no policy): the ratio is the policy's overhead.
2. GET /workspace/ for a handler, against the baseline GET of the login page (a template
   render with no data): the ratio is what the home page adds to a bare page.

Usage: .venv/bin/python bench/scope.py [--scale N] [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="fazhi-bench-")
    os.environ.setdefault("FAZHI_VAR_DIR", scratch)
    # Test settings: static files from the finders, so no collectstatic run is needed.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["FAZHI_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Prefetch
    from django.test import Client
    from django.utils import timezone

    from fazhi.core import selectors
    from fazhi.core.models import Person, Post, Role, Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("demo", "--scale", str(args.scale), "--no-progress", verbosity=0)

    root = Unit.objects.get_root_nodes().first()
    leader = Person.objects.filter(posts__role=Role.LEADER, posts__unit=root).order_by("pk")[0]
    handler = Person.objects.filter(posts__role=Role.HANDLER).order_by("pk").first()

    def scoped():
        leader.__dict__.pop("_fazhi_unit_ids", None)  # include the reach computation
        return len(list(selectors.people_visible(leader)))

    district_ids = list(selectors.people_visible(leader).values_list("pk", flat=True))
    today = timezone.localdate()

    def unscoped():
        posts = Post.objects.active(today).select_related("unit")
        return len(
            list(
                Person.objects.filter(pk__in=district_ids)
                .prefetch_related(Prefetch("posts", queryset=posts, to_attr="active_posts"))
                .order_by("name", "pk")
            )
        )

    assert scoped() == unscoped()
    people_scoped = median_ms(scoped, args.repeat)
    people_baseline = median_ms(unscoped, args.repeat)

    client = Client()
    client.force_login(handler)
    anonymous = Client()

    def home():
        assert client.get("/workspace/").status_code == 200

    def login_page():
        assert anonymous.get("/accounts/login/").status_code == 200

    home_ms = median_ms(home, args.repeat)
    login_ms = median_ms(login_page, args.repeat)

    units = Unit.objects.count()
    people = Person.objects.count()
    print(f"scale={args.scale} units={units} people={people} district_people={len(district_ids)}")
    print(
        f"people_visible(leader): {people_scoped:.1f} ms; baseline unscoped fetch "
        f"{people_baseline:.1f} ms; ratio {people_scoped / people_baseline:.2f}"
    )
    print(
        f"GET /workspace/ (handler): {home_ms:.1f} ms; baseline GET /accounts/login/ "
        f"{login_ms:.1f} ms; ratio {home_ms / login_ms:.2f}"
    )


if __name__ == "__main__":
    main()
