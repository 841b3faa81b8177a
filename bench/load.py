"""Submissions with automated decisions under an open-loop load, with a bare Django baseline.

    .venv/bin/python bench/load.py                 # --quick: both configurations, ~1 minute
    .venv/bin/python bench/load.py --db sqlite --duration 60 --rate 5
    .venv/bin/python bench/load.py --db postgres --duration 120 --rate 8

Two configurations, each against servers the script starts itself on loopback:

* sqlite: one web process (`digikommun serve --no-worker`) and one `digikommun worker`;
* postgres: a database made for the run on 127.0.0.1:5432 (dropped at the end), two web
  processes and two workers behind HAProxy (Debian's package; the configuration is written
  to a temporary folder). At 40 % of the run one web process and one worker are killed with
  SIGKILL; nothing may be lost.

The load is open-loop: requests leave on a fixed schedule (`--rate` submissions a second and
as many GETs of the bare endpoint `/bench/bare/`, interleaved) whether or not earlier ones
have answered, and each latency is counted from the request's scheduled time. A submission
that fails (connection refused by a dead process, 502/503) is sent again; submitting is
idempotent per draft. After the schedule, the script waits for every case to be decided and
checks: one case per draft, each with exactly one decision and one "decided automatically"
event. Submit-to-decision is the decision's `decided_at` minus the case's `submitted_at`.

Last line: `load: ratio_to_bare=X p99_decision_ms=Y` (of the last configuration run; X is
the p50 of a submission over the p50 of the bare endpoint, both over HTTP in the same run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(BENCH))

CSRF = "b" * 32  # an unmasked CSRF secret, sent as cookie and form field alike
RESIDENT = "198507099805"  # the test resident used across the suite (Skatteverket test number)
PARKING = {
    "zone": "inner_city",
    "registered_in_zone": "yes",
    "registration_number": "ABC 123",
    "vehicle_relation": "owner",
    "vehicle_weight": "1500",
}


def say(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# --- the database, prepared from this process ------------------------------------------------


def prepare(*, env: dict[str, str], drafts: int) -> list[tuple[str, str]]:
    """Migrate, load the demo, and make `drafts` filled parking drafts with a session each."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connections

    from digikommun.catalog.selectors import current_version, definition_for
    from digikommun.demo import demo_load
    from digikommun.identity.models import User
    from digikommun.portal import services

    call_command("migrate", interactive=False, verbosity=0)
    demo_load()
    person, _ = User.objects.get_or_create(
        personnummer=RESIDENT,
        defaults={"username": f"pnr-{RESIDENT}", "first_name": "Anna", "last_name": "Andersson"},
    )
    store = SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store.save()
    version = current_version("boendeparkering")
    definition = definition_for(version)
    jobs = []
    for _ in range(drafts):
        draft = services.draft_start(applicant=person, version=version)
        for index, step in enumerate(definition.steps):
            errors = services.draft_save_step(
                draft=draft,
                definition=definition,
                step_index=index,
                data={f.id: PARKING.get(f.id, "") for f in step.fields},
            )
            assert errors == {}, errors
        jobs.append((store.session_key, str(draft.key)))
    connections.close_all()
    return jobs


def outcome(draft_keys: list[str]) -> dict:
    """What the database holds for the drafts sent: cases, decisions, events, latencies."""
    from django.db import connections
    from django.db.models import Count, Q

    from digikommun.cases.models import Case, CaseEvent

    keys = [uuid.UUID(k) for k in draft_keys]
    cases = Case.objects.filter(submission_key__in=keys)
    rows = list(
        cases.annotate(
            n_auto=Count("events", filter=Q(events__kind=CaseEvent.Kind.DECIDED_AUTOMATICALLY))
        ).values("pk", "status", "submitted_at", "decision__decided_at", "n_auto")
    )
    connections.close_all()
    return {
        "cases": len(rows),
        "decided": sum(1 for r in rows if r["decision__decided_at"] is not None),
        "events_ok": sum(1 for r in rows if r["n_auto"] == 1),
        "events_dup": sum(1 for r in rows if r["n_auto"] > 1),
        "latencies_ms": [
            (r["decision__decided_at"] - r["submitted_at"]).total_seconds() * 1000
            for r in rows
            if r["decision__decided_at"] is not None
        ],
    }


# --- the processes ----------------------------------------------------------------------------


class Processes:
    def __init__(self, env: dict[str, str], logdir: Path):
        self.env = env
        self.logdir = logdir
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str], **env: str) -> subprocess.Popen:
        log = open(self.logdir / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(args, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT)
        self.procs[name] = proc
        return proc

    def web(self, name: str, port: int) -> None:
        digikommun = str(Path(sys.executable).parent / "digikommun")
        self.start(name, [digikommun, "serve", "--no-worker", "--port", str(port)])

    def worker(self, name: str, **env: str) -> None:
        digikommun = str(Path(sys.executable).parent / "digikommun")
        self.start(name, [digikommun, "worker"], **env)

    def kill9(self, name: str) -> None:
        self.procs[name].send_signal(signal.SIGKILL)
        self.procs[name].wait(timeout=10)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def wait_until_up(url: str, deadline_s: float = 90) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {deadline_s:.0f} s")


def haproxy_config(port: int, backends: list[int]) -> str:
    servers = "\n".join(
        f"    server web{i} 127.0.0.1:{p} check inter 500ms fall 2 rise 2"
        for i, p in enumerate(backends, 1)
    )
    return f"""global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 3
    option redispatch
frontend web
    bind 127.0.0.1:{port}
    default_backend digikommun
backend digikommun
    balance roundrobin
    option httpchk
    http-check send meth GET uri /bench/bare/ ver HTTP/1.1 hdr Host 127.0.0.1
{servers}
"""


# --- the load ---------------------------------------------------------------------------------


def run_load(
    *, base: str, jobs: list[tuple[str, str]], rate: float, duration: float, on_progress
) -> dict:
    """Send submissions and bare GETs on a fixed schedule; return their latencies."""
    session = threading.local()

    def http() -> requests.Session:
        if not hasattr(session, "s"):
            session.s = requests.Session()
        return session.s

    submit_ms: list[float] = []
    bare_ms: list[float] = []
    failures = {"submit_retries": 0, "bare_errors": 0}
    lock = threading.Lock()

    def submit(scheduled: float, session_key: str, draft_key: str) -> None:
        url = f"{base}/applications/{draft_key}/review/"
        last = "no answer"
        give_up = time.monotonic() + 30
        while time.monotonic() < give_up:
            try:
                response = http().post(
                    url,
                    data={"csrfmiddlewaretoken": CSRF},
                    cookies={"sessionid": session_key, "csrftoken": CSRF},
                    headers={"Referer": url},
                    allow_redirects=False,
                    timeout=60,
                )
                if response.status_code == 302:
                    with lock:
                        submit_ms.append((time.monotonic() - scheduled) * 1000)
                    return
                last = f"HTTP {response.status_code}"
            except requests.RequestException as exc:
                last = type(exc).__name__
            with lock:
                failures["submit_retries"] += 1
            time.sleep(0.2)
        raise RuntimeError(f"draft {draft_key} was never accepted (last: {last})")

    def bare(scheduled: float) -> None:
        try:
            response = http().get(f"{base}/bench/bare/", timeout=60)
            ok = response.status_code == 200
        except requests.RequestException:
            ok = False
        with lock:
            if ok:
                bare_ms.append((time.monotonic() - scheduled) * 1000)
            else:
                failures["bare_errors"] += 1

    interval = 1.0 / rate
    count = min(len(jobs), int(rate * duration))
    start = time.monotonic()
    futures = []
    with ThreadPoolExecutor(max_workers=64) as pool:
        for i in range(count):
            at = start + i * interval
            while (delay := at - time.monotonic()) > 0:
                time.sleep(min(delay, 0.05))
            futures.append(pool.submit(submit, at, *jobs[i]))
            half = at + interval / 2
            while (delay := half - time.monotonic()) > 0:
                time.sleep(min(delay, 0.05))
            futures.append(pool.submit(bare, half))
            on_progress(i + 1, count, time.monotonic() - start)
        for f in futures:
            f.result()
    return {"submit_ms": submit_ms, "bare_ms": bare_ms, "sent": count, **failures}


def run_config(
    db: str, *, rate: float, duration: float, drain_s: float, stuck_after: int, hold_s: float = 1.0
) -> tuple[float, float]:
    workdir = Path(tempfile.mkdtemp(prefix="digikommun-load-"))
    dbname = f"digikommun_bench_load_{os.getpid()}"
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "loadsite.settings",
            "DIGIKOMMUN_DATA_DIR": str(workdir),
            "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT / "src")]),
            "PROCESS_STUCK_AFTER_SECONDS": str(stuck_after),
        }
    )
    if db == "postgres":
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True
        ) as c:
            c.execute(f"CREATE DATABASE {dbname}")
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{dbname}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'load.sqlite3'}"
    procs = Processes(env, workdir)
    try:
        count = int(rate * duration)
        say(f"[{db}] preparing {count} drafts …")
        jobs = prepare(env=env, drafts=count)
        keys = [k for _, k in jobs]
        if db == "sqlite":
            port = free_port()
            procs.web("web1", port)
            procs.worker("worker1")
            base = f"http://127.0.0.1:{port}"
            wait_until_up(f"{base}/bench/bare/")
            kill_at = None
        else:
            if not shutil.which("haproxy"):
                raise SystemExit("haproxy is not installed (apt-get install haproxy)")
            ports = [free_port(), free_port()]
            for i, p in enumerate(ports, 1):
                procs.web(f"web{i}", p)
            for p in ports:
                wait_until_up(f"http://127.0.0.1:{p}/bench/bare/")
            procs.worker("worker1")
            # The worker to be killed holds each decision open a moment (the process engine's
            # fault point "decide", bench/loadsite/hold.py), so that the kill lands in a step.
            procs.worker("worker2", BENCH_HOLD_DECISION=str(hold_s))
            front = free_port()
            cfg = workdir / "haproxy.cfg"
            cfg.write_text(haproxy_config(front, ports))
            procs.start("haproxy", ["haproxy", "-f", str(cfg), "-db"])
            base = f"http://127.0.0.1:{front}"
            wait_until_up(f"{base}/bench/bare/")
            kill_at = int(0.4 * count)
        say(f"[{db}] up at {base}; sending {rate:g} submissions/s and {rate:g} bare GETs/s")
        killed = threading.Event()
        last = [0.0]

        def progress(i: int, n: int, elapsed: float) -> None:
            if kill_at is not None and i >= kill_at and not killed.is_set():
                killed.set()
                procs.kill9("web2")
                procs.kill9("worker2")
                say(f"[{db}] kill -9 web2 and worker2 after {i} submissions")
            if elapsed - last[0] >= 5 or i == n:
                last[0] = elapsed
                say(f"[{db}] {i}/{n} sent, {elapsed:.0f} s")

        load = run_load(base=base, jobs=jobs, rate=rate, duration=duration, on_progress=progress)
        say(f"[{db}] all {load['sent']} accepted; waiting for every decision …")
        end = time.monotonic() + drain_s
        while True:
            result = outcome(keys)
            if result["decided"] == len(keys) or time.monotonic() > end:
                break
            time.sleep(0.5)
        lost = len(keys) - result["decided"]
        ratio = statistics.median(load["submit_ms"]) / statistics.median(load["bare_ms"])
        swept = sum(1 for ms in result["latencies_ms"] if ms >= stuck_after * 1000)
        p50 = percentile(result["latencies_ms"], 0.50)
        p99 = percentile(result["latencies_ms"], 0.99)
        say(
            f"[{db}] submit over HTTP p50 {percentile(load['submit_ms'], 0.5):.1f} ms "
            f"p99 {percentile(load['submit_ms'], 0.99):.1f} ms; "
            f"bare p50 {percentile(load['bare_ms'], 0.5):.1f} ms "
            f"p99 {percentile(load['bare_ms'], 0.99):.1f} ms; ratio {ratio:.1f}"
        )
        say(
            f"[{db}] submit→decision p50 {p50:.0f} ms p99 {p99:.0f} ms; "
            f"cases {result['cases']}/{len(keys)}, decided {result['decided']}, "
            f"one decision event {result['events_ok']}, duplicates {result['events_dup']}, "
            f"lost {lost}; decided by the sweep (>= {stuck_after} s) {swept}; "
            f"submission retries {load['submit_retries']}, "
            f"bare errors {load['bare_errors']}"
        )
        if lost or result["events_dup"] or result["cases"] != len(keys):
            raise SystemExit(f"[{db}] FAILED: not every submitted case was decided exactly once")
        return ratio, p99
    finally:
        procs.stop_all()
        from django.db import connections

        connections.close_all()
        if db == "postgres":
            import psycopg

            with psycopg.connect(
                host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True
            ) as c:
                c.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="the default: ~25 s per config")
    parser.add_argument("--duration", type=float, default=25.0, help="seconds of load")
    parser.add_argument("--rate", type=float, default=2.0, help="submissions per second")
    parser.add_argument("--drain", type=float, default=60.0, help="seconds to wait for decisions")
    parser.add_argument(
        "--stuck-after",
        type=int,
        default=10,
        help="PROCESS_STUCK_AFTER_SECONDS of the servers (the sweep's delay; default 30 there)",
    )
    args = parser.parse_args()
    configs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if len(configs) == 2:
        # Django is set up once per process; the second configuration runs in a child.
        child = [sys.executable, __file__, "--db", "postgres"]
        child += ["--duration", str(args.duration), "--rate", str(args.rate)]
        child += ["--drain", str(args.drain), "--stuck-after", str(args.stuck_after)]
        ratio, p99 = run_config(
            "sqlite",
            rate=args.rate,
            duration=args.duration,
            drain_s=args.drain,
            stuck_after=args.stuck_after,
        )
        say(f"load[sqlite]: ratio_to_bare={ratio:.1f} p99_decision_ms={p99:.0f}")
        return subprocess.call(child, timeout=args.duration + args.drain + 300)
    ratio, p99 = run_config(
        configs[0],
        rate=args.rate,
        duration=args.duration,
        drain_s=args.drain,
        stuck_after=args.stuck_after,
    )
    say(f"load: ratio_to_bare={ratio:.1f} p99_decision_ms={p99:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
