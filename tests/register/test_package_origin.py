"""The register of automated decision models shows where a model came from: a service
installed from a shared package is published with its origin (package, version, publisher,
content hash, when it was imported, the local overlays), and the register's page and JSON show
it; a service written here shows none."""

from __future__ import annotations

import datetime

import pytest

from digikommun.catalog.definition import load_definition
from digikommun.catalog.package_install import package_install, package_plan
from digikommun.catalog.packages import package_read
from digikommun.catalog.services import service_publish

from ..catalog.test_packages import KOMMUN, make_package

SV = {"HTTP_ACCEPT_LANGUAGE": "sv"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.django_db
def test_the_register_shows_the_origin_of_an_imported_model(client, tmp_path):
    package = package_read(make_package())
    plan = package_plan(package=package, dest=tmp_path, overlay=("kommun.yaml", KOMMUN))
    when = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    origin = package_install(plan=plan, now=when)
    result = service_publish(definition=load_definition(plan.folder), origin=origin)
    assert result.version.origin["content_hash"] == package.content_hash

    english = client.get("/register/algorithms/ekonomiskt-bistand/", **EN).content.decode()
    assert (
        "Shared package ekonomiskt-bistand version 2026.1 from Exempelkommun, "
        f"imported {when.date().isoformat()}." in english
    )
    assert "The municipality's own choices: overlay kommun." in english
    assert package.content_hash in english
    swedish = client.get("/register/algorithms/ekonomiskt-bistand/", **SV).content.decode()
    assert "Delad tjänst, paketet ekonomiskt-bistand version 2026.1 från Exempelkommun" in swedish
    assert "Kommunens egna val: överlägget kommun." in swedish

    [model] = client.get("/register/algorithms.json").json()["models"]
    assert model["origin"]["package"] == "ekonomiskt-bistand"
    assert model["origin"]["version"] == "2026.1"
    assert model["origin"]["content_hash"] == package.content_hash
    assert model["origin"]["imported_at"].startswith(when.date().isoformat())


@pytest.mark.django_db
def test_a_model_written_here_has_no_origin(client, demo):
    page = client.get("/register/algorithms/boendeparkering/", **EN).content.decode()
    assert "Shared package" not in page
    models = client.get("/register/algorithms.json").json()["models"]
    assert models and all(m["origin"] is None for m in models)
