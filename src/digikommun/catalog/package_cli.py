"""`digikommun services package PATH OUT` and `digikommun services import PACKAGE`."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from rich.console import Console

from .algorithm_register import publish_refusals
from .deciding import overlays_chosen
from .definition import DefinitionErrors, load_definition
from .examples import run_examples
from .package_install import package_install, package_plan
from .packages import (
    PackageRefused,
    created_default,
    manifest_make,
    package_bytes,
    package_files,
    package_read,
)
from .services import service_publish


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def package_command(
    folder: Path,
    out: str | None,
    *,
    version: str | None,
    publisher: str | None,
    created: str | None,
) -> int:
    console = _console()
    if not out:
        console.print("package needs where to write it: digikommun services package PATH OUT")
        return 2
    if not (folder / "service.yaml").is_file():
        console.print(f"{folder}: not a service folder (it has no service.yaml)", markup=False)
        return 2
    try:
        definition = load_definition(folder)
    except DefinitionErrors as exc:
        for error in exc.errors:
            console.print(str(error), markup=False)
        console.print("No package was made: fix the errors above first.")
        return 1
    failed = [r for r in run_examples(definition) if not r.passed]
    for result in failed:
        console.print(f"FAIL {definition.id}: {result.name} ({result.where})", markup=False)
    if failed:
        console.print("No package was made: its example cases must pass.")
        return 1
    when = created or created_default(dict(os.environ))
    try:
        datetime.date.fromisoformat(when[:10])
    except ValueError:
        console.print(f"--created {when!r} is not a date like 2026-01-01", markup=False)
        return 2
    files = package_files(folder)
    manifest = manifest_make(
        service_id=definition.id,
        files=files,
        version=version or when.replace("-", ".")[:10],
        publisher=publisher or settings.DIGIKOMMUN.get("MUNICIPALITY_NAME", ""),
        created=when,
        definition_hash=definition.content_hash,
    )
    try:
        Path(out).write_bytes(package_bytes(manifest, files))
    except OSError as exc:
        console.print(f"{out}: cannot be written ({exc.strerror})", markup=False)
        return 1
    console.print(
        f"{definition.id}: package {manifest['version']} by {manifest['publisher']}, "
        f"{len(files)} files, content hash {manifest['content_hash']}",
        markup=False,
    )
    console.print(f"written to {out}", markup=False)
    return 0


def import_command(
    package_path: str | None,
    *,
    overlay: str | None,
    dest: str | None,
    stage: bool,
    expect_hash: str | None,
) -> int:
    console = _console()
    if not package_path or not Path(package_path).is_file():
        console.print(f"{package_path or 'PACKAGE'}: no such package file", markup=False)
        return 2
    try:
        package = package_read(Path(package_path).read_bytes(), expect_hash=expect_hash)
        given = None
        if overlay:
            given = (overlay, Path(overlay).read_text("utf-8"))
        plan = package_plan(
            package=package,
            dest=Path(dest) if dest else Path(settings.SERVICES_DIR),
            overlay=given,
        )
    except PackageRefused as exc:
        console.print(f"refused: {package_path}", markup=False)
        for line in exc.lines:
            console.print(f"  {line}", markup=False)
        console.print("Nothing was installed.")
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        console.print(f"refused: {overlay}: cannot be read as UTF-8 text ({exc})", markup=False)
        console.print("Nothing was installed.")
        return 1
    m = package.manifest
    console.print(
        f"{package.service_id}: package {m['version']} by {m['publisher']} ({m['created']}), "
        f"content hash {package.content_hash} verified",
        markup=False,
    )
    overlays = ", ".join(plan.overlays) or "none"
    passed = len(plan.examples) - len(plan.failed)
    for failure in plan.failed:
        console.print(f"FAIL {package.service_id}: {failure.name} ({failure.where})", markup=False)
        for problem in failure.problems:
            console.print(f"  {problem}", markup=False)
    console.print(
        f"example cases with the local overlays ({overlays}): "
        f"{passed} passed, {len(plan.failed)} failed",
        markup=False,
    )
    refusals = publish_refusals([plan.definition])
    for line in refusals:
        console.print(f"refused: {line}", markup=False)
    if (plan.failed or refusals) and not stage:
        console.print("Nothing was installed: fix the overlay, or install with --stage.")
        return 1
    origin = package_install(plan=plan, now=datetime.datetime.now(datetime.UTC))
    console.print(f"installed in {plan.folder}", markup=False)
    if stage:
        console.print(
            f"staged, not published: digikommun services publish {plan.folder}", markup=False
        )
        return 0
    call_command("migrate", interactive=False, verbosity=0)
    with transaction.atomic():
        definition = load_definition(plan.folder, overlays=overlays_chosen())
        result = service_publish(definition=definition, origin=origin)
    state = "published as" if result.created else "unchanged, current is"
    console.print(
        f"{package.service_id}: {state} version {result.version.number} "
        f"({result.version.content_hash[:12]})",
        markup=False,
    )
    chosen = overlays_chosen()
    for name in plan.overlays:
        if name not in chosen:
            console.print(
                f"note: decisions use the overlay '{name}' once DIGIKOMMUN_RULE_OVERLAYS names it",
                markup=False,
            )
    return 0
