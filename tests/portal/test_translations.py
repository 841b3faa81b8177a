"""Swedish and English catalogues are complete for the resident's side: every text the
portal, forms, catalog, files and identity pages mark for translation is in both catalogues,
translated in Swedish, and compiled (the .mo files are committed, so `make run` needs no
gettext)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "digikommun"
LOCALE = SRC / "locale"
MINE = ["portal", "forms", "catalog", "files", "templates", "common"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    if not shutil.which("xgettext"):
        pytest.fail("xgettext not found: .ci/run installs Debian's gettext")
    out = tmp_path_factory.mktemp("messages")
    for name in MINE:
        shutil.copytree(
            SRC / name, out / name, ignore=shutil.ignore_patterns("vendor", "__pycache__")
        )
    (out / "identity").mkdir()
    shutil.copytree(SRC / "identity" / "templates", out / "identity" / "templates")
    for name in ("views.py", "idp.py"):
        shutil.copy(SRC / "identity" / name, out / "identity" / name)
    (out / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "digikommun.conf.settings.test"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "sv", "-i", "static/*"],
        cwd=out,
        env=env,
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(out / "locale" / "sv" / "LC_MESSAGES" / "django.po"))


def _owned_elsewhere(extracted) -> set:
    """Texts another app put into these templates and translates in its own catalogue."""
    others = set()
    for path in SRC.glob("*/locale/sv/LC_MESSAGES/django.po"):
        others |= {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.translated()}
    return others


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_text_is_in_the_catalogue(extracted, lang):
    catalogue = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in catalogue if not e.obsolete} | _owned_elsewhere(
        extracted
    )
    missing = [e.msgid for e in extracted if (e.msgctxt, e.msgid) not in known]
    assert missing == []


def test_every_swedish_text_is_translated_and_compiled(extracted):
    po = polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.mo"))
    wanted = {(e.msgctxt, e.msgid) for e in extracted} - _owned_elsewhere(extracted)
    entries = [e for e in po if (e.msgctxt, e.msgid) in wanted]
    untranslated = [e.msgid for e in entries if not e.translated() or "fuzzy" in e.flags]
    missing = wanted - {(e.msgctxt, e.msgid) for e in entries}
    assert untranslated == [] and missing == set()
    compiled = {(e.msgctxt, e.msgid): e for e in mo}
    stale = [
        e.msgid
        for e in entries
        if (e.msgctxt, e.msgid) not in compiled
        or (compiled[(e.msgctxt, e.msgid)].msgstr or compiled[(e.msgctxt, e.msgid)].msgstr_plural)
        != (e.msgstr or e.msgstr_plural)
    ]
    assert stale == [], "run msgfmt (or compilemessages) after editing the .po"
