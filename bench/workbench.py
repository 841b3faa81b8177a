"""Workbench at scale: p50/p95 of the queue page and the case page over a million cases.

    .venv/bin/python bench/workbench.py [--cases 1000000] [--db sqlite|postgres|both]

Loads N cases (with their timeline events) into a fresh database of its own, then requests
the workbench's queue page (first page, deep keyset pages, filtered) and case page through
Django's test client, as a logged-in caseworker, and prints p50/p95 per page against the
targets (PostgreSQL p95 < 100 ms, SQLite p95 < 200 ms). As a baseline measured in the same
run it also times the same deep page fetched with OFFSET, the design keyset pagination
replaces, and prints the ratio.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TARGET_P95_MS = {"postgres": 100.0, "sqlite": 200.0}
REQUESTS = 200
BATCH = 20_000


def setup_django(db: str, workdir: Path, reuse: bool) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "digikommun.conf.settings.demo"
    os.environ["DIGIKOMMUN_DATA_DIR"] = str(workdir)
    if db == "postgres":
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True
        ) as c:
            exists = c.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'digikommun_bench'"
            ).fetchone()
            if not (reuse and exists):
                c.execute("DROP DATABASE IF EXISTS digikommun_bench")
                c.execute("CREATE DATABASE digikommun_bench")
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/digikommun_bench"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]


def load(n: int, progress) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from digikommun.catalog.models import ServiceVersion
    from digikommun.demo import demo_load
    from digikommun.identity.models import User
    from digikommun.workbench.models import Team

    call_command("migrate", verbosity=0)
    demo_load()
    versions = {v.service_id: v for v in ServiceVersion.objects.filter(is_current=True)}
    teams = {sid: t for t in Team.objects.all() for sid in t.service_ids}
    staff = list(User.objects.filter(role_grants__role="caseworker").distinct())
    residents = list(User.objects.filter(is_demo_person=True, role_grants__isnull=True))
    rng = random.Random(2026)
    statuses = (
        ["closed"] * 70
        + ["decided"] * 12
        + ["in_review"] * 12
        + ["awaiting_completion"] * 4
        + ["awaiting_approval"] * 2
    )
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    span = 3 * 365 * 24 * 3600
    case_cols = (
        "register, year, sequence, service_version_id, service_id, applicant_id, answers, facts, language, "
        "status, submission_key, submitted_at, recommendation, recommended_outcome, team_id, assignee_id, "
        "deadline, version, updated_at"
    )
    q = connection.ops.quote_name
    case_sql = f"INSERT INTO {q('cases_case')} ({case_cols}) VALUES ({', '.join(['%s'] * 19)})"
    event_sql = f"INSERT INTO {q('cases_caseevent')} (case_id, at, kind, actor_id, data) VALUES (%s, %s, %s, %s, %s)"
    seq = {"SN": 0, "TN": 0}
    task = progress.add_task(f"loading {n:,} cases", total=n)
    done = 0
    while done < n:
        rows = []
        for _ in range(min(BATCH, n - done)):
            sid = "ekonomiskt-bistand" if rng.random() < 0.6 else "boendeparkering"
            register = "SN" if sid == "ekonomiskt-bistand" else "TN"
            seq[register] += 1
            at = start + datetime.timedelta(seconds=rng.randrange(span))
            status = rng.choice(statuses)
            rec = rng.choice(["approved", "rejected", "manual"])
            open_ = status not in ("closed", "decided")
            rows.append(
                (
                    register,
                    2024,
                    seq[register],
                    versions[sid].pk,
                    sid,
                    rng.choice(residents).pk,
                    "{}",
                    "{}",
                    "sv",
                    status,
                    str(uuid.uuid4()),
                    at,
                    None,
                    rec,
                    teams[sid].pk,
                    rng.choice(staff).pk if open_ and rng.random() < 0.7 else None,
                    at + datetime.timedelta(days=14) if status == "awaiting_completion" else None,
                    1,
                    at,
                )
            )
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(case_sql, rows)
            cur.execute(
                f"SELECT id, submitted_at FROM {q('cases_case')} ORDER BY id DESC LIMIT %s",
                [len(rows)],
            )
            cur.executemany(
                event_sql, [(pk, at, "submitted", None, "{}") for pk, at in cur.fetchall()]
            )
        done += len(rows)
        progress.update(task, completed=done)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return {"staff": staff}


def timed(client, url: str) -> float:
    t0 = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def measure(db: str, staff, console) -> list[tuple[str, float, float]]:
    from django.test import Client

    from digikommun.cases.models import Case
    from digikommun.workbench.selectors import _cursor

    karin = next(u for u in staff if u.personnummer == "198103129816")
    client = Client()
    client.force_login(karin)
    rng = random.Random(7)
    in_review = list(
        Case.objects.filter(service_id="ekonomiskt-bistand", status="in_review").values_list(
            "pk", flat=True
        )[:5000]
    )
    ordered = Case.objects.filter(service_id="ekonomiskt-bistand", status="in_review").order_by(
        "submitted_at", "pk"
    )
    total = ordered.count()
    deep_cases = [ordered[k] for k in (total // 4, total // 2, 3 * total // 4)]
    urls = {
        "queue, first page": ["/workbench/?status=in_review"] * REQUESTS,
        "queue, deep keyset pages": [
            f"/workbench/?status=in_review&service=ekonomiskt-bistand&after={_cursor(c)}"
            for c in deep_cases
        ]
        * (REQUESTS // 3),
        "queue, filtered (mine, open)": ["/workbench/?status=open&assignee=me"] * REQUESTS,
        "queue, filtered (deadline)": [
            "/workbench/?status=awaiting_completion&deadline_before=2025-06-30"
        ]
        * REQUESTS,
        "case page": [f"/workbench/cases/{rng.choice(in_review)}/" for _ in range(REQUESTS)],
    }
    results = []
    for label, batch in urls.items():
        timed(client, batch[0])  # warm
        samples = [timed(client, url) for url in batch]
        results.append((label, pct(samples, 50), pct(samples, 95)))

    # Baseline in the same run: the deep page fetched with OFFSET instead of a keyset cursor.
    offset_samples = []
    for _ in range(max(10, REQUESTS // 10)):
        t0 = time.perf_counter()
        list(ordered.only("id", "submitted_at")[total // 2 : total // 2 + 50])
        offset_samples.append((time.perf_counter() - t0) * 1000)
    keyset_samples = []
    for _ in range(max(10, REQUESTS // 10)):
        t0 = time.perf_counter()
        c = deep_cases[1]
        list(
            ordered.only("id", "submitted_at")
            .filter(submitted_at__gte=c.submitted_at)
            .exclude(submitted_at=c.submitted_at, pk__lte=c.pk)[:50]
        )
        keyset_samples.append((time.perf_counter() - t0) * 1000)
    results.append(
        ("deep page query, OFFSET (baseline)", pct(offset_samples, 50), pct(offset_samples, 95))
    )
    results.append(("deep page query, keyset", pct(keyset_samples, 50), pct(keyset_samples, 95)))
    return results


def loaded_already(n: int) -> bool:
    from django.core.management import call_command

    from digikommun.cases.models import Case

    call_command("migrate", verbosity=0)
    return Case.objects.count() >= n


def run(db: str, n: int, reuse: bool = False) -> bool:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(width=120, highlight=False)
    workdir = Path(tempfile.mkdtemp(prefix=f"digikommun-bench-{db}-"))
    setup_django(db, workdir, reuse)
    t0 = time.perf_counter()
    if reuse and db == "postgres" and loaded_already(n):
        from digikommun.identity.models import User

        staff = list(User.objects.filter(role_grants__role="caseworker").distinct())
        console.print(f"{db}: reusing the {n:,} cases loaded by an earlier run")
    else:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            staff = load(n, progress)["staff"]
        console.print(f"{db}: loaded {n:,} cases in {time.perf_counter() - t0:.0f} s")
    results = measure(db, staff, console)
    target = TARGET_P95_MS[db]
    ok = True
    for label, p50, p95 in results:
        mark = ""
        if not label.startswith("deep page query"):
            mark = "meets target" if p95 < target else "MISSES target"
            ok &= p95 < target
        console.print(f"  {label:38s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {mark}")
    offset = next(r for r in results if "OFFSET" in r[0])[2]
    keyset = next(r for r in results if r[0].endswith("keyset"))[2]
    page_p95 = max(p95 for label, _p50, p95 in results if not label.startswith("deep page query"))
    console.print(
        f"workbench[{db}]: cases={n} worst_page_p95_ms={page_p95:.1f} target_ms={target:.0f} "
        f"p95/target={page_p95 / target:.2f} offset/keyset={offset / keyset:.1f}",
        markup=False,
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--reuse", action="store_true", help="PostgreSQL: keep a database loaded by an earlier run"
    )
    args = parser.parse_args()
    return 0 if run(args.db, args.cases, args.reuse) else 1


if __name__ == "__main__":
    sys.exit(main())
