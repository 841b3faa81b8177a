"""Open311 as outside clients read it: the `georeport` client from PyPI (a Python wrapper of
GeoReport v2, used as it is) lists the services, reads each definition and reads requests back
from a live server, in XML and in JSON. FixMyStreet's Open311 client is run by hand (its module
needs FixMyStreet around it); how is in docs/open311.md.
"""

from __future__ import annotations

import pytest

from .conftest import SERGELS_TORG, submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_the_georeport_client_reads_everything(live_server, demo, fmt, settings):
    from georeport import GeoReport

    from digikommun.identity.models import User
    from digikommun.open311.selectors import fault_service
    from digikommun.open311.services import report_describe

    fault = fault_service("felanmalan")
    report = submit(fault, where=SERGELS_TORG, address="Sergels torg 1\x01")
    caseworker = User.objects.get(personnummer="198806149814")
    report_describe(report_id=report.pk, user=caseworker, text="Lampa släckt")
    client = GeoReport(f"{live_server.url}/open311/v2", output_format=fmt)

    services = client.get_service_list()
    codes = {s["service_code"] for s in services}
    assert {"streetlight", "pothole", "graffiti", "litter"} <= codes
    for code in codes:
        definition = client.get_service_definition(code)
        assert definition["service_code"] == code
    one = client.get_service_request(report.public_id)
    assert one["service_request_id"] == report.public_id
    assert one["status"] == "open" and one["description"] == "Lampa släckt"
    assert one["address"] == "Sergels torg 1"
    listed = client.get_service_requests(service_code="streetlight", status="open")
    listed = listed if isinstance(listed, list) else [listed]  # xmltodict: one item, no list
    assert report.public_id in {r["service_request_id"] for r in listed}
