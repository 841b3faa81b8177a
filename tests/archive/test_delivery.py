"""Delivery to the e-archive: packages of demo cases pass eark-validator 1.1.3 (in its own
virtualenv, as a subprocess), the ERMS schema and the ERMS Schematron; checksums (SHA-256) are in the METS; a delivered case is removed only after its
package was written, fsynced and read back, and a failure on the way removes nothing."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from digikommun.archive import services
from digikommun.archive.models import Removal
from digikommun.archive.services import archive_deliver
from digikommun.audit.services import audit_verify
from digikommun.cases.models import Case
from digikommun.files.models import StoredFile
from digikommun.files.services import UploadRules, files_receive
from tests.letters.pdf import pdf_metadata

from .conftest import ERIK, closed_case, years_on
from .validation import (
    ACCEPTED,
    csip_rules,
    eark_errors,
    eark_reports,
    erms_errors,
    erms_schematron_errors,
)

pytestmark = pytest.mark.usefixtures("retention_checked")  # the rule as an archivist moved it on


ATTACHMENT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_packages_of_demo_cases_pass_eark_validator_and_erms(demo, out):
    parking = closed_case("boendeparkering", letter=True)
    spared = closed_case("ekonomiskt-bistand", person=ERIK, letter=True)
    pdf = SimpleUploadedFile("hyresavtal.pdf", ATTACHMENT)
    got = files_receive(
        owner=spared.applicant, uploads=[pdf], rules=UploadRules(), case_id=spared.pk
    )
    assert got.refused == []
    summary = archive_deliver(out=out, today=years_on(6))
    assert (summary.packages, summary.removed) == (2, 2)
    assert not Case.objects.filter(pk__in=[parking.pk, spared.pk]).exists()
    records = list(Removal.objects.all())
    targets = [out / r.package_id for r in records] + [out / r.package_file for r in records]
    for report in eark_reports(*targets):
        assert (report["validator"], report["version"]) == ("1.1.3", "V2.1.0")
        assert (report["structure"], report["schema"]) == ("WellFormed", "VALID")
        assert eark_errors(report) == [], report["package"]
        assert set(report["rules"]) <= ACCEPTED
    for record in records:
        folder = out / record.package_id
        assert csip_rules(folder / "METS.xml") == []
        assert csip_rules(folder / "representations/rep1/METS.xml") == []
        assert erms_errors(folder / "metadata/descriptive/erms.xml") == []
        assert erms_schematron_errors(folder / "metadata/descriptive/erms.xml") == []
        pdfs = list((folder / "representations/rep1/data/letters").glob("*.pdf"))
        assert pdfs and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
        xmp = pdf_metadata(pdfs[0].read_bytes())  # the letters app's PDF/A-3b, as it was
        assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
        with zipfile.ZipFile(out / record.package_file) as zf:
            assert f"{record.package_id}/METS.xml" in zf.namelist()
    attachments = list(out.glob("*/representations/rep1/data/attachments/*.pdf"))
    assert [a.read_bytes() for a in attachments] == [ATTACHMENT]  # as it was sent
    assert not StoredFile.objects.exists()
    assert audit_verify().ok


def test_a_broken_package_is_caught(demo, out):
    """The validators say no: eark-validator to a METS without OBJID and to a representation
    METS that breaks the schema, the checksums to a changed file, the ERMS Schematron to an
    own aggregation type left unnamed."""
    closed_case("boendeparkering", letter=True)
    written = services.case_package_write(
        case_id=Case.objects.get().pk, rule="r", out=out, now=timezone.now()
    )
    no_objid, bad_rep = out / "no-objid", out / "bad-rep"
    for copy in (no_objid, bad_rep):
        shutil.copytree(written.folder, copy)
    mets = no_objid / "METS.xml"
    mets.write_text(mets.read_text().replace(f'OBJID="{written.objid}"', "", 1))
    rep = bad_rep / "representations/rep1/METS.xml"
    rep.write_text(rep.read_text().replace('MIMETYPE="application/pdf"', 'MIMETYP="pdf"'))
    whole, objid_report, rep_report = eark_reports(written.folder, no_objid, bad_rep)
    assert eark_errors(whole) == []
    assert "CSIP1" in objid_report["rules"] and eark_errors(objid_report)
    assert rep_report["rules"] and eark_errors(rep_report)
    pdf = next((written.folder / "representations/rep1/data/letters").glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"x")
    assert services.package_verify(written)
    erms = written.folder / "metadata/descriptive/erms.xml"
    erms.write_text(erms.read_text().replace('"caseFile"', '"own_aggregation_definition"'))
    assert erms_errors(erms) == []  # the schema allows it; the Schematron does not
    assert erms_schematron_errors(erms)


def test_a_kill_before_the_removal_leaves_the_case_and_a_whole_package(demo, out, monkeypatch):
    case = closed_case("boendeparkering", letter=True)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the process dies after the package is written

    monkeypatch.setattr(services, "_purge", killed)
    with pytest.raises(KeyboardInterrupt):
        archive_deliver(out=out, today=years_on(2))
    assert Case.objects.filter(pk=case.pk).exists() and not Removal.objects.exists()
    monkeypatch.undo()
    # Run again: the same package name, now delivered and the case removed.
    assert archive_deliver(out=out, today=years_on(2)).removed == 1
    assert not Case.objects.filter(pk=case.pk).exists()
    assert len([p for p in out.iterdir() if p.is_dir()]) == 1


def test_a_kill_while_writing_leaves_the_case(demo, out, monkeypatch):
    case = closed_case("boendeparkering", letter=True)
    real = services.package_write

    def dies_midway(**kwargs):
        monkeypatch.setattr("digikommun.archive.package.os.replace", _raise)
        return real(**kwargs)

    monkeypatch.setattr(services, "package_write", dies_midway)
    with pytest.raises(KeyboardInterrupt):
        archive_deliver(out=out, today=years_on(2))
    assert Case.objects.filter(pk=case.pk).exists() and not Removal.objects.exists()
    assert not [p for p in out.iterdir() if not p.name.startswith(".")]  # no package in place


def _raise(*args):
    raise KeyboardInterrupt


def test_dry_run_writes_nothing(demo, out):
    closed_case("boendeparkering")
    summary = archive_deliver(out=out, today=years_on(2), dry_run=True)
    assert summary.packages == 0 and len(summary.planned) == 1
    assert not out.exists() and Case.objects.count() == 1
