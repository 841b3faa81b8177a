"""Open311 API keys are made and revoked on the command line (the key is printed once, on
the last line; only its hash is kept), and a service definition's fault_reporting section is
checked at load with every problem's place in the file.
"""

from __future__ import annotations

import hashlib

import pytest

from digikommun.catalog.definition import DefinitionErrors, parse_definition


@pytest.mark.django_db
def test_key_create_prints_the_key_on_its_last_line_and_revoke_ends_it(capsys):
    from digikommun.open311.cli import main
    from digikommun.open311.keys import api_key_find
    from digikommun.open311.models import ApiKey

    assert main(["key", "create", "stadens-app", "--per-minute", "30"]) == 0
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    key = ApiKey.objects.get(name="stadens-app")
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiKey.objects.values_list())  # the key itself is not stored
    assert api_key_find(raw) == key and key.per_minute == 30
    assert main(["key", "create", "stadens-app"]) == 1
    assert main(["key", "list"]) == 0
    assert "stadens-app" in capsys.readouterr().out
    assert main(["key", "revoke", "stadens-app"]) == 0
    assert api_key_find(raw) is None
    assert main(["key", "revoke", "stadens-app"]) == 1


def test_the_digikommun_command_passes_open311_to_the_app(monkeypatch):
    from digikommun import cli
    from digikommun.open311 import cli as open311_cli

    seen = []
    monkeypatch.setattr(cli, "_setup", lambda: None)
    monkeypatch.setattr(open311_cli, "main", lambda argv: seen.append(argv) or 0)
    assert cli.main(["open311", "key", "list"]) == 0
    assert seen == [["key", "list"]]


BOUNDARY = (
    '{"type": "Polygon", "coordinates": [[[18.0, 59.3], [18.1, 59.3], [18.1, 59.4], '
    "[18.0, 59.4], [18.0, 59.3]]]}"
)
SERVICE = """\
id: fel
register: FR
title: {sv: Fel, en: Fault}
summary: {sv: s, en: s}
description: {sv: d, en: d}
department: {sv: d, en: d}
decision_body: {sv: d, en: d}
legal_basis: [{sv: l, en: l}]
appeal: {sv: a, en: a}
retention: {years: 1, reference: r}
process: [manual_review, notify, close]
fault_reporting:
  boundary: geo/boundary.geojson
  categories:
"""


def test_a_fault_service_needs_no_rules_and_builds_its_form_from_categories():
    files = {
        "service.yaml": SERVICE
        + "    - code: bin\n      name: {sv: Korg, en: Bin}\n      photo: required\n"
        '      questions:\n        - {id: full, type: boolean, label: {sv: "Full?", en: "Full?"}}\n',
        "geo/boundary.geojson": BOUNDARY,
    }
    d = parse_definition(files, folder_name="fel")
    assert d.rules is None
    assert [s.id for s in d.steps] == ["report", "category_bin"]
    config = d.fault_reporting
    assert config.category("bin").photo == "required"
    assert config.boundary.contains(59.35, 18.05) and not config.boundary.contains(59.5, 18.05)
    assert config.duplicate_distance_m == 50 and config.duplicate_days == 30


def test_fault_reporting_errors_name_their_place():
    files = {
        "service.yaml": SERVICE
        + "    - code: Bad Code\n      name: {sv: K, en: K}\n      photo: maybe\n"
        "      district_teams: {nowhere: t}\n"
        "      questions:\n        - {id: category, type: text, label: {sv: x, en: x}}\n"
        "        - {id: pic, type: file, label: {sv: x, en: x}}\n",
        "geo/boundary.geojson": '{"type": "Point", "coordinates": [1, 2]}',
    }
    with pytest.raises(DefinitionErrors) as caught:
        parse_definition(files, folder_name="fel")
    text = str(caught.value)
    for phrase in (
        "category code",
        "'photo' is one of",
        "unknown district 'nowhere'",
        "field id 'category' is used twice",
        "cannot be a file field",
        "expected a Polygon or MultiPolygon",
    ):
        assert phrase in text, phrase
    assert "fel/service.yaml:" in text and "fel/geo/boundary.geojson" in text


def test_a_service_with_an_automated_decision_still_needs_rules():
    files = {
        "service.yaml": SERVICE.replace("[manual_review", "[automated_decision, manual_review")
    }
    with pytest.raises(DefinitionErrors) as caught:
        parse_definition(files, folder_name="fel")
    assert "rules.yaml is missing" in str(caught.value)
