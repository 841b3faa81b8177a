"""Shared services between municipalities (docs/service-packages.md): a service is packaged as
one versioned file with a manifest of SHA-256s and a content hash, byte for byte the same from
the same input; a changed package is refused before anything is written; installing keeps the
municipality's choices in its own overlay, never in the shared files, and runs the shared
example cases against that overlay; the published version keeps where it came from."""

from __future__ import annotations

import datetime
import functools
import io
import json
import os
import shutil
import tarfile
from pathlib import Path

import pytest

from digikommun.catalog.definition import load_definition
from digikommun.catalog.package_install import (
    INSTALLED,
    installed_origin,
    package_install,
    package_plan,
)
from digikommun.catalog.packages import (
    PackageRefused,
    manifest_make,
    package_bytes,
    package_files,
    package_read,
)

ROOT = Path(__file__).resolve().parents[2]
SERVICE = ROOT / "services" / "ekonomiskt-bistand"
# A municipality's own rent limits and buffer (not examples), in the existing overlay format.
KOMMUN = """\
overlay: kommun
description: {sv: Exempelkommunens egna val, en: Exempelkommun's own choices}
example: false
parameters:
  reasonable_housing_cost_max:
    values:
      - from: 2014-01-01
        value: [7600, 9100, 10600, 12100, 13600, 14600, 15600]
        reference: Socialnämnden 2026-10-01 § 7, riktlinjer för skäliga boendekostnader
  asset_buffer:
    values:
      - {from: 2014-01-01, value: 10000, reference: Socialnämnden 2026-10-01 § 7}
"""
NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)


@functools.cache  # a package is made once per input: the tests only read it
def make_package(folder: Path = SERVICE, **changes: str) -> bytes:
    files = package_files(folder)
    meta = {"version": "2026.1", "publisher": "Exempelkommun", "created": "2026-11-01"}
    meta.update(changes)
    manifest = manifest_make(
        service_id=folder.name,
        files=files,
        definition_hash=load_definition(folder).content_hash,
        **meta,
    )
    return package_bytes(manifest, files)


def rewrite(data: bytes, change) -> bytes:
    """The package's entries, one of them changed by `change(name, bytes)`, tarred again."""
    out = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as src:
        with tarfile.open(fileobj=out, mode="w:gz") as dst:
            for member in src:
                content = change(member.name, src.extractfile(member).read())
                member.size = len(content)
                dst.addfile(member, io.BytesIO(content))
    return out.getvalue()


def test_the_same_service_gives_the_same_bytes(tmp_path):
    copy = tmp_path / "ekonomiskt-bistand"
    shutil.copytree(SERVICE, copy)
    for path in copy.rglob("*"):
        os.utime(path, (1_000_000, 1_000_000))  # other file times must not matter
    first, second = make_package(), make_package(copy)
    assert first == second
    package = package_read(first)
    assert package.manifest["service_id"] == "ekonomiskt-bistand"
    assert {"service.yaml", "rules.yaml", "overlays/demo.yaml"} <= set(package.files)
    assert any(p.startswith("tests/") for p in package.files)
    assert all(len(e["sha256"]) == 64 for e in package.manifest["files"])
    # Another version is another package, with another content hash.
    assert package_read(make_package(version="2026.2")).content_hash != package.content_hash


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda n, b: (
                b.replace(b"value: 10000", b"value: 99000") if n.endswith("rules.yaml") else b
            ),
            "rules.yaml: its content does not match its SHA-256 in the manifest",
        ),
        (
            lambda n, b: (
                b.replace(b"Exempelkommun", b"Annan kommun") if n == "manifest.json" else b
            ),
            "the content hash does not match the manifest",
        ),
    ],
    ids=["a rule changed", "the publisher changed"],
)
def test_a_changed_package_is_refused(change, said, tmp_path):
    tampered = rewrite(make_package(), change)
    with pytest.raises(PackageRefused) as exc:
        package_read(tampered)
    assert exc.value.lines[0].startswith("the package has been changed since it was made")
    assert said in "\n".join(exc.value.lines)


def test_a_package_with_another_content_hash_than_announced_is_refused():
    data = make_package()
    with pytest.raises(PackageRefused, match="not 0123 as expected"):
        package_read(data, expect_hash="0123")
    assert package_read(data, expect_hash=package_read(data).content_hash)


def test_installing_keeps_the_local_choices_in_their_own_overlay(tmp_path):
    package = package_read(make_package())
    plan = package_plan(package=package, dest=tmp_path, overlay=("kommun.yaml", KOMMUN))
    assert plan.overlays == ("kommun",) and plan.examples and not plan.failed
    origin = package_install(plan=plan, now=NOW)
    folder = tmp_path / "ekonomiskt-bistand"
    # The shared files are the package's, byte for byte; the overlay is beside them.
    for path, data in package.files.items():
        assert (folder / path).read_bytes() == data
    assert (folder / "overlays" / "kommun.yaml").read_text() == KOMMUN
    assert json.loads((folder / INSTALLED).read_text())["manifest"] == package.manifest
    assert origin == {
        "package": "ekonomiskt-bistand",
        "version": "2026.1",
        "publisher": "Exempelkommun",
        "created": "2026-11-01",
        "content_hash": package.content_hash,
        "imported_at": "2026-11-27T12:00:00+00:00",
        "overlays": ["kommun"],
    }
    # A newer package replaces the shared files and keeps the overlay.
    newer = package_read(make_package(version="2026.2"))
    package_install(plan=package_plan(package=newer, dest=tmp_path), now=NOW)
    assert (folder / "overlays" / "kommun.yaml").read_text() == KOMMUN
    assert installed_origin(folder)["version"] == "2026.2"
    # Editing a shared file is refused: local choices go in an overlay.
    rules = folder / "rules.yaml"
    rules.write_text(rules.read_text().replace("value: 10000", "value: 12000", 1))
    with pytest.raises(PackageRefused, match="changed after it was installed"):
        installed_origin(folder)
    with pytest.raises(PackageRefused, match="changed after it was installed"):
        package_plan(package=newer, dest=tmp_path)


def test_the_shared_example_cases_run_against_the_overlay(tmp_path):
    # Rent limits far below the riksnorm cases' rents: the shared cases now send them to a
    # caseworker, so some fail, and installing shows which.
    strict = KOMMUN.replace("[7600, 9100, 10600, 12100, 13600, 14600, 15600]", "[100] ")
    plan = package_plan(
        package=package_read(make_package()), dest=tmp_path, overlay=("kommun.yaml", strict)
    )
    assert plan.failed
    assert not (tmp_path / "ekonomiskt-bistand").exists()  # a plan writes nothing


@pytest.mark.parametrize(
    ("overlay", "said"),
    [
        (KOMMUN.replace("overlay: kommun", "overlay: demo"), "carries an overlay of the same name"),
        (KOMMUN.replace("asset_buffer:", "asset_bufer:"), "sets 'asset_bufer', which the rules"),
    ],
    ids=["named like a shared overlay", "a misspelt parameter"],
)
def test_a_wrong_overlay_is_refused_and_nothing_written(overlay, said, tmp_path):
    package = package_read(make_package())
    with pytest.raises(PackageRefused) as exc:
        package_plan(package=package, dest=tmp_path, overlay=("kommun.yaml", overlay))
    assert said in "\n".join(exc.value.lines)
    assert not (tmp_path / "ekonomiskt-bistand").exists()


def test_a_folder_written_here_is_not_overwritten(tmp_path):
    shutil.copytree(SERVICE, tmp_path / "ekonomiskt-bistand")
    with pytest.raises(PackageRefused, match="was not installed from a package"):
        package_plan(package=package_read(make_package()), dest=tmp_path)
