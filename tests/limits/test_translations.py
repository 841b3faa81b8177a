"""Every text of the limits pages, the draft storage limits and the follow confirmation is
translated in Swedish (its app's own catalogue) and compiled; English is the source text."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "digikommun"


def extracted(tmp_path: Path, folders: dict[str, Path]) -> polib.POFile:
    if not shutil.which("xgettext"):
        pytest.fail("xgettext not found: .ci/run installs Debian's gettext")
    for name, path in folders.items():
        target = tmp_path / name
        if path.is_dir():
            shutil.copytree(path, target, ignore=shutil.ignore_patterns("locale", "static"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    (tmp_path / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "digikommun.conf.settings.test"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "sv"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(tmp_path / "locale" / "sv" / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize(
    "app, folders",
    [
        (
            "limits",
            {"limits": SRC / "limits", "portal/storelimits.py": SRC / "portal" / "storelimits.py"},
        ),
        ("open311", {"open311": SRC / "open311"}),
    ],
)
def test_every_text_is_translated_in_the_apps_catalogue(tmp_path, app, folders):
    texts = extracted(tmp_path, folders)
    catalogue_path = SRC / app / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    catalogue = {
        (e.msgctxt, e.msgid): e for e in polib.pofile(str(catalogue_path)) if not e.obsolete
    }
    project = {
        (e.msgctxt, e.msgid)
        for e in polib.pofile(str(SRC / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
        if e.translated()
    }
    missing = [
        e.msgid
        for e in texts
        if (e.msgctxt, e.msgid) not in project
        and not ((e.msgctxt, e.msgid) in catalogue and catalogue[(e.msgctxt, e.msgid)].translated())
    ]
    assert missing == []
    compiled = {e.msgid for e in polib.mofile(str(catalogue_path.with_suffix(".mo")))}
    assert {msgid for (_ctx, msgid), e in catalogue.items() if e.translated()} <= compiled
