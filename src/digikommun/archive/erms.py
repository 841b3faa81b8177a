"""A case as a CITS ERMS document (https://DILCIS.eu/XML/ERMS), the base of Riksarkivet's
FGS Ärendehantering 2.0: one aggregation of type caseFile holding a record per document.

Checked against `ERMS.xsd` in the tests; the schema's file is not shipped with the platform.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lxml import etree

NS = "https://DILCIS.eu/XML/ERMS"
_E = f"{{{NS}}}"


@dataclass(frozen=True)
class ErmsRecord:
    system_id: str
    title: str
    record_type: str  # "decision letter", "attachment"
    created: datetime.datetime
    path: str  # in the package, relative to the representation's data folder


@dataclass(frozen=True)
class ErmsCase:
    diary_number: str
    system_id: str
    title: str
    service_id: str
    organisation: str
    created: datetime.datetime
    closed: datetime.datetime
    decided: datetime.datetime | None
    outcome: str
    applicant_name: str
    applicant_id: str
    retention: str
    records: tuple[ErmsRecord, ...]


def _sub(parent, name: str, text: str | None = None, **attrs: str):
    element = etree.SubElement(parent, _E + name, {k: v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _at(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def erms_document(case: ErmsCase, *, now: datetime.datetime, software: str) -> bytes:
    root = etree.Element(_E + "erms", nsmap={None: NS})
    control = _sub(root, "control")
    _sub(control, "identification", "Digikommun", identificationType="system")
    _sub(control, "identification", case.organisation, identificationType="organisation")
    maintenance = _sub(control, "maintenanceInformation")
    _sub(maintenance, "maintenanceStatus", value="new")
    agency = _sub(maintenance, "maintenanceAgency")
    _sub(agency, "agencyName", case.organisation)
    history = _sub(maintenance, "maintenanceHistory")
    event = _sub(history, "maintenanceEvent")
    _sub(event, "eventType", value="created")
    _sub(event, "eventDateTime", _at(now))
    agent = _sub(event, "agent", agentType="creator")
    _sub(agent, "name", software)

    aggregation = _sub(
        _sub(root, "aggregations"),
        "aggregation",
        systemIdentifier=case.system_id,
        aggregationType="caseFile",
    )
    _sub(aggregation, "objectId", case.diary_number)
    _sub(aggregation, "extraId", case.service_id, extraIdType="service")
    _sub(aggregation, "title", case.title)
    _sub(aggregation, "status", value="closed")
    disposal = _sub(aggregation, "disposal", disposable="false")
    _sub(disposal, "disposalDescription", case.retention)
    _sub(_sub(disposal, "disposalComments"), "disposalComment", "Delivered to the e-archive")
    _sub(
        _sub(disposal, "dates"), "disposalDate", _at(case.closed), dateType="retention_period_start"
    )
    agents = _sub(aggregation, "agents")
    counterpart = _sub(agents, "agent", agentType="counterpart")
    _sub(counterpart, "name", case.applicant_name or "-")
    if case.applicant_id:
        _sub(counterpart, "idNumber", case.applicant_id, idNumberType="personnummer")
    if case.outcome:
        _sub(aggregation, "description", f"Decision: {case.outcome}")
    dates = _sub(aggregation, "dates")
    _sub(dates, "date", _at(case.created), dateType="created")
    if case.decided is not None:
        _sub(dates, "date", _at(case.decided), dateType="decision_date")
    _sub(dates, "date", _at(case.closed), dateType="closed")
    for item in case.records:
        record = _sub(aggregation, "record", systemIdentifier=item.system_id)
        record.set("recordType", item.record_type)
        record.set("recordPhysicalOrDigital", "digitial")  # the schema's spelling
        _sub(record, "objectId", item.path)
        _sub(record, "title", item.title)
        record_dates = _sub(record, "dates")
        _sub(record_dates, "date", _at(item.created), dateType="created")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
