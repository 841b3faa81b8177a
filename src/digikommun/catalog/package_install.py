"""Installing a shared service package into a municipality's service directory.

The package's files are written as they are into `<dest>/<service id>/`, with the verified
manifest beside them (`package.json`, with the time of installing). The municipality's own
choices go in its own overlay file (`overlays/<name>.yaml`, docs/overlays.md), never into the
shared files: installing refuses an overlay named like one the package carries, and refuses
to go on when a shared file was changed after it was installed. A newer package replaces the
shared files and keeps the local ones. Before anything is written the whole definition, local
overlays included, is checked as `digikommun services validate` does, and the package's
example cases are run with the local overlays laid on.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digikommun.rules import ModelError, load_overlay_text

from .definition import DefinitionErrors, ServiceDefinition, parse_definition
from .examples import ExampleResult, run_examples
from .packages import Package, PackageRefused, sha256

INSTALLED = "package.json"


@dataclass(frozen=True)
class InstallPlan:
    package: Package
    folder: Path
    definition: ServiceDefinition  # the package's files with the local overlays
    overlays: tuple[str, ...]  # the local overlays' names
    new_overlay: tuple[str, str] | None  # (path, text) of the overlay given now
    replaces: tuple[str, ...]  # shared files of an earlier installed package
    examples: list[ExampleResult]

    @property
    def failed(self) -> list[ExampleResult]:
        return [r for r in self.examples if not r.passed]


def _record(folder: Path) -> dict[str, Any] | None:
    path = folder / INSTALLED
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text("utf-8"))
        record["manifest"]["files"]  # noqa: B018 - the shape is checked by reading it
    except (ValueError, KeyError, TypeError):
        raise PackageRefused([f"{path}: not the record of an installed package"]) from None
    return record


def _shared_unchanged(folder: Path, record: dict[str, Any]) -> list[str]:
    """Problems with the shared files on disk: each must still be what the package held."""
    problems = []
    for entry in record["manifest"]["files"]:
        path = folder / entry["path"]
        if not path.is_file():
            problems.append(f"{path}: a shared file of the package is missing")
        elif sha256(path.read_bytes()) != entry["sha256"]:
            problems.append(
                f"{path}: changed after it was installed from the package; keep the "
                "municipality's own choices in an overlay file (docs/overlays.md)"
            )
    return problems


def _local_files(folder: Path, record: dict[str, Any] | None) -> dict[str, str]:
    """The overlays in an installed service's folder that are not the package's: the
    municipality's own."""
    shared = {e["path"] for e in record["manifest"]["files"]} if record else set()
    local = {}
    for path in sorted((folder / "overlays").glob("*.yaml")):
        name = path.relative_to(folder).as_posix()
        if name not in shared:
            local[name] = path.read_text("utf-8")
    return local


def overlay_name(text: str, source: str) -> str:
    try:
        return load_overlay_text(text, source).name
    except ModelError as exc:
        raise PackageRefused(
            [f"{exc.source}:{exc.line or 1}:{exc.column or 1}: {exc.message}"]
        ) from None


def package_plan(
    *, package: Package, dest: Path, overlay: tuple[str, str] | None = None
) -> InstallPlan:
    """Check an install without writing anything. `overlay` is (source name, text) of the
    municipality's overlay file, if one is given now."""
    folder = Path(dest) / package.service_id
    record = _record(folder)
    if record is None and folder.exists() and any(folder.iterdir()):
        raise PackageRefused(
            [f"{folder} exists and was not installed from a package; choose another --dest"]
        )
    problems = _shared_unchanged(folder, record) if record else []
    if problems:
        raise PackageRefused(problems)
    local = _local_files(folder, record)
    new_overlay = None
    if overlay is not None:
        source, text = overlay
        path = f"overlays/{overlay_name(text, source)}.yaml"
        if path in package.files:
            raise PackageRefused(
                [
                    f"{source}: the package carries an overlay of the same name ({path}); "
                    "give the municipality's overlay its own name (the `overlay:` line)"
                ]
            )
        local[path] = text
        new_overlay = (path, text)
    clashes = sorted(set(local) & set(package.files))
    if clashes:
        raise PackageRefused(
            [f"{folder / p}: a local file has the name of one in the package" for p in clashes]
        )
    overlays = local
    names = tuple(sorted(p.removeprefix("overlays/").removesuffix(".yaml") for p in overlays))
    try:
        # The local overlays' choices (title, delegation, contact …) laid on the shared files.
        definition = parse_definition(
            package.texts() | overlays,
            folder_name=package.service_id,
            folder=folder,
            overlays=names,
        )
    except DefinitionErrors as exc:
        raise PackageRefused([str(e) for e in exc.errors]) from None
    return InstallPlan(
        package=package,
        folder=folder,
        definition=definition,
        overlays=names,
        new_overlay=new_overlay,
        replaces=tuple(e["path"] for e in record["manifest"]["files"]) if record else (),
        examples=run_examples(definition, overlays=names),
    )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def package_install(*, plan: InstallPlan, now: datetime.datetime) -> dict[str, Any]:
    """Write the plan's files; returns the origin to publish the service with."""
    for name in plan.replaces:
        if name not in plan.package.files:
            (plan.folder / name).unlink(missing_ok=True)
    for name, data in sorted(plan.package.files.items()):
        _write(plan.folder / name, data)
    if plan.new_overlay is not None:
        _write(plan.folder / plan.new_overlay[0], plan.new_overlay[1].encode("utf-8"))
    record = {"manifest": plan.package.manifest, "installed_at": now.isoformat(timespec="seconds")}
    _write(
        plan.folder / INSTALLED,
        (json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(),
    )
    origin = installed_origin(plan.folder)
    assert origin is not None
    return origin


def installed_origin(folder: Path) -> dict[str, Any] | None:
    """Where an installed service came from, for the published version and the register; None
    for a service written here. Refuses (PackageRefused) when a shared file was edited."""
    record = _record(Path(folder))
    if record is None:
        return None
    problems = _shared_unchanged(Path(folder), record)
    if problems:
        raise PackageRefused(problems)
    manifest = record["manifest"]
    local = _local_files(Path(folder), record)
    return {
        "package": manifest.get("name", manifest.get("service_id")),
        "version": manifest.get("version"),
        "publisher": manifest.get("publisher"),
        "created": manifest.get("created"),
        "content_hash": manifest.get("content_hash"),
        "imported_at": record.get("installed_at"),
        "overlays": sorted(p.removeprefix("overlays/").removesuffix(".yaml") for p in local),
    }
