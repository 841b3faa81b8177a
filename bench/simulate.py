"""Impact simulation at scale: `digikommun services simulate` over N past cases.

    .venv/bin/python bench/simulate.py [--cases 1000000]

Loads N resident-parking cases with generated facts (fixed seed) into a SQLite database of
its own, then times `register.simulation.simulate` with a draft that raises the inner-city
fee and lowers the weight limit (reading the cases, both sides in batch, the traced
re-evaluation of the changed ones), and, in the same run on the same facts already in
memory, the engine's plain `Model.evaluate_batch` of the draft alone. Last line:
`simulate: cases_per_s=X ratio_to_batch=Y` (Y = simulate's cases/s ÷ plain batch's).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BATCH = 20_000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-simulate-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "digikommun.conf.settings.demo"
    os.environ["DIGIKOMMUN_DATA_DIR"] = str(work)
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from digikommun.cases.models import Case
    from digikommun.catalog.definition import load_definition
    from digikommun.catalog.selectors import current_version
    from digikommun.demo import demo_load
    from digikommun.register.simulation import simulate, typed

    try:
        call_command("migrate", interactive=False, verbosity=0)
        demo_load()
        version = current_version("boendeparkering")
        rng = random.Random(2026)
        at = timezone.make_aware(datetime.datetime(2026, 3, 2, 10))
        start = time.perf_counter()
        for first in range(0, args.cases, BATCH):
            Case.objects.bulk_create(
                [
                    Case(
                        register="TN",
                        year=2026,
                        sequence=first + i + 1,
                        service_version=version,
                        service_id="boendeparkering",
                        answers={},
                        facts={
                            "registered_in_zone": rng.random() > 0.1,
                            "zone": rng.choice(["inner_city", "outer_city"]),
                            "vehicle_relation": rng.choice(["owner", "owner", "leasing", "other"]),
                            "vehicle_weight": rng.randint(900, 3400),
                            "applicant_age": rng.randint(18, 90),
                        },
                        submission_key=uuid.uuid4(),
                        submitted_at=at,
                    )
                    for i in range(min(BATCH, args.cases - first))
                ]
            )
        print(f"loaded {args.cases:,} cases in {time.perf_counter() - start:.1f} s")
        draft_dir = work / "boendeparkering"
        shutil.copytree(ROOT / "services" / "boendeparkering", draft_dir)
        rules = draft_dir / "rules.yaml"
        text = rules.read_text().replace("value: 1100", "value: 1250", 1)
        rules.write_text(text.replace("value: 3500", "value: 2500", 1))
        draft = load_definition(draft_dir)

        start = time.perf_counter()
        sim = simulate(draft=draft)
        simulate_s = time.perf_counter() - start
        print(sim.summary)

        facts = [typed(draft.rules, f) for f in Case.objects.values_list("facts", flat=True)]
        start = time.perf_counter()
        draft.rules.evaluate_batch(facts, as_of=datetime.date(2026, 3, 2))
        batch_s = time.perf_counter() - start
        simulate_rate = sim.cases / simulate_s
        batch_rate = len(facts) / batch_s
        print(f"simulate {simulate_s:.1f} s, plain batch {batch_s:.1f} s")
        print(
            f"simulate: cases_per_s={simulate_rate:,.0f} "
            f"ratio_to_batch={simulate_rate / batch_rate:.3f}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
