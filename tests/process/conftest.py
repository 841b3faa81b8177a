"""Each process test writes its letters to a folder of its own, so files of earlier tests
(whose databases reused the same ids and diary numbers) are never taken for its own."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
