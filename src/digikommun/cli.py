"""The `digikommun` command: serve, worker, services, rules, and Django's management commands.

digikommun serve [--port N]      migrate, load demo data into an empty database, serve with a worker
digikommun worker                run a background worker (several may run at once)
digikommun services validate|test|publish|simulate [PATH]
digikommun services package PATH OUT | import PACKAGE   share a service between municipalities
digikommun rules tck PATH        run the DMN conformance kit
digikommun demo load             (re)load the demo services and people
digikommun archive deliver|thin  deliver closed cases to the e-archive, thin by the retention rules
digikommun manage ARGS…          any Django management command
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digikommun.conf.settings.demo")
    import django

    django.setup()


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def demo_site_url(host: str, port: int) -> str:
    """Where the demo is reached: the host it serves on (loopback when it serves on all)."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def cmd_serve(args: argparse.Namespace) -> int:
    # Links in letters and emails use the site's address: for the demo, where it is served
    # (an address set in the environment wins).
    os.environ.setdefault("SITE_URL", demo_site_url(args.host, args.port))
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    console = _console()
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    with console.status("Migrating the database…"):
        call_command("migrate", interactive=False, verbosity=0)
    from digikommun.demo import demo_is_loaded, demo_load

    # Demo services and fictional people (with staff grants) only under demo settings:
    # never in a production database.
    if getattr(settings, "DEMO_DATA", False) and not demo_is_loaded():
        with console.status("Loading demo services and people…"):
            loaded = demo_load()
        console.print(
            f"Loaded {loaded['services']} demo services and {loaded['people']} demo people."
        )
        _demo_history()
    worker = None
    if not args.no_worker:
        worker = subprocess.Popen(
            [sys.executable, "-m", "digikommun.cli", "worker"], env=os.environ.copy()
        )
    console.print(f"Serving http://{args.host}:{args.port}/ (Ctrl+C stops)")

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        from waitress import serve

        from digikommun.conf.wsgi import application

        serve(
            application,
            host=args.host,
            port=args.port,
            threads=args.threads,
            ident="digikommun",
            # waitress buffers a request body (to a temporary file when large) before the
            # application sees it: refuse one larger than the upload limit by its
            # Content-Length. Up to 1 MB past it still reaches the translated 413 page.
            max_request_body_size=settings.UPLOAD_MAX_REQUEST_BYTES + 1024 * 1024,
        )
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command

    call_command("process_worker", interval=args.interval, clock_interval=args.clock_interval)
    return 0


def cmd_services(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings

    from digikommun.catalog import definition as defs
    from digikommun.common.yamlsrc import SourceError

    if args.action in ("package", "import"):
        from digikommun.catalog import package_cli

        if args.action == "import":
            return package_cli.import_command(
                args.path,
                overlay=args.overlay,
                dest=args.dest,
                stage=args.stage,
                expect_hash=args.expect_hash,
            )
        return package_cli.package_command(
            Path(args.path or settings.SERVICES_DIR),
            args.out,
            version=args.package_version,
            publisher=args.publisher,
            created=args.created,
        )
    path = Path(args.path) if args.path else Path(settings.SERVICES_DIR)
    console = _console()
    if not path.exists():
        console.print(f"{path}: no such folder")
        return 2
    folders = defs.definition_folders(path)
    definitions = []
    failed_to_load = 0
    # The overlays whose definition choices (title, delegation …) are laid on: --overlays, or
    # the settings' (docs/overlays.md).
    chosen = (
        tuple(n for n in args.overlays.split(",") if n)
        if getattr(args, "overlays", None) is not None
        else tuple(getattr(settings, "DIGIKOMMUN_RULE_OVERLAYS", ()))
    )
    for folder in folders:
        try:
            definitions.append(defs.load_definition(folder, overlays=chosen))
        except defs.DefinitionErrors as exc:
            failed_to_load += 1
            for error in exc.errors:
                console.print(str(error), markup=False)
        except SourceError as exc:
            failed_to_load += 1
            console.print(str(exc), markup=False)
    if args.action == "validate":
        import datetime

        from django.utils import timezone

        from digikommun.catalog.deciding import coverage_warnings

        today = datetime.date.fromisoformat(args.today) if args.today else timezone.localdate()
        overlays = chosen
        warnings = 0
        for d in definitions:
            console.print(f"{d.id}: valid ({len(list(d.fields()))} fields, {d.content_hash[:12]})")
            # Parameters that have run out, or run out within 60 days (the riksnorm of next
            # year is due): a warning, an error with --strict.
            for line in coverage_warnings(d, on=today, overlays=overlays):
                warnings += 1
                console.print(f"warning: {line}", markup=False)
        if warnings and args.strict:
            console.print(f"{warnings} warning(s): failing because of --strict", markup=False)
        return 1 if failed_to_load or (warnings and args.strict) else 0
    if args.action == "simulate":
        from digikommun.register.cli import simulate_command

        if failed_to_load or len(definitions) != 1:
            console.print("simulate needs one service folder that loads without errors")
            return 2
        return simulate_command(definitions[0], since=args.since, report=args.report)
    if args.action == "test":
        from digikommun.catalog.examples import run_examples

        passed, failed = 0, failed_to_load
        extra = tuple(n for n in (args.overlays or "").split(",") if n)
        for d in definitions:
            for result in run_examples(d, overlays=extra):
                if result.passed:
                    passed += 1
                    if args.verbose:
                        console.print(f"PASS {d.id}: {result.name}", markup=False)
                else:
                    failed += 1
                    console.print(f"FAIL {d.id}: {result.name} ({result.where})", markup=False)
                    for problem in result.problems:
                        console.print(f"  {problem}", markup=False)
        print(f"{passed} passed, {failed} failed")
        return 1 if failed else 0
    if args.action == "publish":
        if failed_to_load:
            console.print("Nothing was published: fix the errors above first.")
            return 1
        from digikommun.catalog.algorithm_register import publish_refusals

        refusals = publish_refusals(definitions)
        if refusals:
            for line in refusals:
                console.print(f"refused: {line}", markup=False)
            console.print("Nothing was published: fill in the register fields first.")
            return 1
        from django.core.management import call_command

        from digikommun.catalog.package_install import installed_origin
        from digikommun.catalog.packages import PackageRefused
        from digikommun.catalog.services import publish_checks_refusals, service_publish

        try:
            # A service installed from a shared package keeps where it came from, and is
            # refused when its shared files were edited (local choices go in an overlay).
            origins = {d.id: installed_origin(d.folder) for d in definitions}
        except PackageRefused as exc:
            for line in exc.lines:
                console.print(f"refused: {line}", markup=False)
            console.print("Nothing was published.")
            return 1
        call_command("migrate", interactive=False, verbosity=0)
        refusals = publish_checks_refusals(definitions)
        if refusals:
            for line in refusals:
                console.print(f"refused: {line}", markup=False)
            console.print("Nothing was published.")
            return 1
        for d in definitions:
            result = service_publish(definition=d, origin=origins[d.id])
            state = "published as" if result.created else "unchanged, current is"
            console.print(
                f"{d.id}: {state} version {result.version.number} ({result.version.content_hash[:12]})"
            )
        return 0
    return 2


def cmd_rules(args: argparse.Namespace, rest: list[str]) -> int:
    from digikommun.rules import cli as rules_cli

    return rules_cli.main(rest)


def cmd_audit(args: argparse.Namespace, rest: list[str]) -> int:
    _setup()
    from digikommun.audit import cli as audit_cli

    return audit_cli.main(rest)


def cmd_archive(args: argparse.Namespace, rest: list[str]) -> int:
    _setup()
    from digikommun.archive import cli as archive_cli

    return archive_cli.main(rest)


def cmd_open311(args: argparse.Namespace, rest: list[str]) -> int:
    _setup()
    from digikommun.open311 import cli as open311_cli

    return open311_cli.main(rest)


def cmd_api(args: argparse.Namespace, rest: list[str]) -> int:
    _setup()
    from digikommun.api import cli as api_cli

    return api_cli.main(rest)


def cmd_demo(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    from digikommun.demo import DemoRefused, demo_load

    try:
        if not getattr(settings, "DEMO_DATA", False):
            raise DemoRefused("demo data is loaded only under the demo and test settings")
        call_command("migrate", interactive=False, verbosity=0)
        loaded = demo_load()
    except DemoRefused as exc:
        print(f"Refused: {exc}.", file=sys.stderr)
        return 2
    print(f"Loaded {loaded['services']} services and {loaded['people']} demo people.")
    _demo_history()
    return 0


def _demo_history() -> None:
    """A year of made-up cases for the benefit dashboard, with a progress bar."""
    from rich.progress import Progress

    from digikommun.transparency.demo_history import demo_history_ensure

    with Progress() as progress:
        task = progress.add_task("Making a year of demo history…", total=None)
        made = demo_history_ensure(
            progress=lambda done, total: progress.update(task, completed=done, total=total)
        )
    print(f"Made {made} cases of demo history." if made else "The demo history is there.")


def cmd_manage(args: argparse.Namespace, rest: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digikommun.conf.settings.demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["digikommun manage", *rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digikommun", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="migrate, load demo data if empty, serve with a worker")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--no-worker", action="store_true", help="do not start a background worker")
    p = sub.add_parser("worker", help="run a background worker")
    p.add_argument("--interval", type=float, default=0.1, help="seconds between polls when idle")
    p.add_argument("--clock-interval", type=float, default=1.0, help="seconds between timer checks")
    p = sub.add_parser(
        "services", help="validate, test, publish, simulate, package or import service definitions"
    )
    p.add_argument(
        "action", choices=["validate", "test", "publish", "simulate", "package", "import"]
    )
    p.add_argument(
        "path",
        nargs="?",
        help="a service folder or a folder of services (default: services/); "
        "import: the package file",
    )
    p.add_argument("out", nargs="?", help="package: the package file to write (.tar.gz)")
    p.add_argument("-v", "--verbose", action="store_true")
    p.add_argument(
        "--strict", action="store_true", help="validate: warnings (rules running out) fail"
    )
    p.add_argument("--today", help="validate: judge the rules' periods as of this date (ISO)")
    p.add_argument(
        "--overlays",
        help="validate: the overlays to lay on the rules, comma-separated (default: settings); "
        "test: overlays laid on every example case after its own",
    )
    p.add_argument(
        "--version",
        dest="package_version",
        help="package: the package's version (default: the date it is made, 2026.11.27)",
    )
    p.add_argument("--publisher", help="package: who publishes it (default: the municipality)")
    p.add_argument(
        "--created",
        help="package: the date it is made (ISO; default: today, or SOURCE_DATE_EPOCH)",
    )
    p.add_argument(
        "--overlay", help="import: the municipality's own overlay file (docs/overlays.md)"
    )
    p.add_argument("--dest", help="import: the services folder to install into (default: settings)")
    p.add_argument("--stage", action="store_true", help="import: install without publishing")
    p.add_argument(
        "--expect-hash", help="import: the content hash the publisher announced; refuse others"
    )
    p.add_argument("--since", help="simulate: only cases submitted on or after this date (ISO)")
    p.add_argument("--report", help="simulate: where to write the HTML report")
    sub.add_parser("rules", help="the rules engine's tools (tck, …)", add_help=False)
    p = sub.add_parser("demo", help="load the demo services and people")
    p.add_argument("action", choices=["load"])
    sub.add_parser("manage", help="run a Django management command", add_help=False)
    sub.add_parser("audit", help="the audit log's tools (verify, …)", add_help=False)
    sub.add_parser("open311", help="Open311 API keys (key create NAME, …)", add_help=False)
    sub.add_parser(
        "archive", help="e-archive delivery and thinning (deliver, thin)", add_help=False
    )
    sub.add_parser("api", help="JSON API clients (client create NAME --scope …)", add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    passthrough = {
        "rules": cmd_rules,
        "manage": cmd_manage,
        "audit": cmd_audit,
        "open311": cmd_open311,
        "archive": cmd_archive,
        "api": cmd_api,
    }
    if argv and argv[0] in passthrough:
        return passthrough[argv[0]](argparse.Namespace(command=argv[0]), argv[1:]) or 0
    args = build_parser().parse_args(argv)
    handlers = {
        "serve": cmd_serve,
        "worker": cmd_worker,
        "services": cmd_services,
        "demo": cmd_demo,
    }
    return handlers[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())
