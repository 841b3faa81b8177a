"""Delivery to the e-archive and thinning (gallring): the cases due leave the live database.

Delivery of one case: build the package from the database, write it (every file fsynced,
renamed into place), read it back and check every checksum, and only then, in one
transaction, remove the case's rows and files, write the removal record and the audit
entry. A process killed at any point leaves either the case in the database (delivered
again next time, to the same package name) or the case removed with its package whole.

Thinning removes the case the same way with no package. Neither keeps personal data in
the removal record; the audit log's older entries about the case stay (they name the case's
id, not its content), and the chain grows by one entry per removal, so `audit verify` still
walks it unbroken.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from digikommun.appeals.models import Appeal, Reconsideration
from digikommun.audit.services import audit_log
from digikommun.cases.models import Case, Decision
from digikommun.catalog.selectors import definition_for
from digikommun.files.models import StoredFile
from digikommun.files.services import files_delete_for_case, storage
from digikommun.letters.selectors import letter_pdf, letters_for_case
from digikommun.open311.models import Report
from digikommun.process.models import StepRun, Timer

from .erms import ErmsCase, ErmsRecord, erms_document
from .models import Removal
from .package import PackageFile, Written, package_verify, package_write
from .selectors import Due, cases_due_and_held

Progress = Callable[[int, int], None]


class PackageBroken(Exception):
    """The package read back does not match what was written: the case stays."""


@dataclass
class DeliverySummary:
    packages: int = 0
    bytes: int = 0
    removed: int = 0
    planned: list[Due] = field(default_factory=list)
    held: list[Due] = field(default_factory=list)


@dataclass
class ThinSummary:
    thinned: int = 0
    spared: int = 0
    planned: list[Due] = field(default_factory=list)
    held: list[Due] = field(default_factory=list)


def _case_files(case: Case) -> tuple[list[PackageFile], list[ErmsRecord]]:
    files: list[PackageFile] = []
    records: list[ErmsRecord] = []
    for letter in letters_for_case(case_id=case.pk):
        path = f"letters/letter-{letter.pk}-{letter.language}.pdf"
        files.append(PackageFile(path, letter_pdf(letter), "application/pdf", letter.created_at))
        records.append(
            ErmsRecord(f"letter-{letter.pk}", "Beslut", "decision letter", letter.created_at, path)
        )
    for stored in StoredFile.objects.filter(case_id=case.pk).order_by("uploaded_at", "pk"):
        with storage().open(stored.blob, "rb") as handle:
            data = handle.read()
        path = f"attachments/attachment-{stored.pk}.{stored.kind}"
        files.append(PackageFile(path, data, stored.content_type, stored.uploaded_at))
        records.append(
            ErmsRecord(f"file-{stored.pk}", stored.name, "attachment", stored.uploaded_at, path)
        )
    return files, records


def _erms(case: Case, records: list[ErmsRecord], rule: str, now: datetime.datetime) -> bytes:
    definition = definition_for(case.service_version)
    closed = case.events.filter(kind="closed").order_by("-at").values_list("at", flat=True).first()
    decision = case.decision
    applicant = case.applicant
    return erms_document(
        ErmsCase(
            diary_number=case.diary_number,
            system_id=str(case.pk),
            title=definition.title.get("sv") or definition.id,
            service_id=case.service_id,
            organisation=definition.department.get("sv", "")
            or settings.DIGIKOMMUN["MUNICIPALITY_NAME"],
            created=case.submitted_at,
            closed=closed or case.updated_at,
            decided=decision.decided_at if decision else None,
            outcome=decision.outcome if decision else "",
            applicant_name=applicant.get_full_name() if applicant else "",
            applicant_id=(applicant.personnummer or "") if applicant else "",
            retention=rule,
            records=tuple(records),
        ),
        now=now,
        software="Digikommun",
    )


def case_package_write(*, case_id: int, rule: str, out: Path, now: datetime.datetime) -> Written:
    case = Case.objects.select_related("applicant", "service_version").get(pk=case_id)
    files, records = _case_files(case)
    erms = _erms(case, records, rule, now)
    return package_write(
        out=out,
        diary_number=case.diary_number,
        label=case.diary_number,
        erms=erms,
        files=files,
        now=now,
    )


def _purge(case_id: int) -> None:
    """Every row and file of one case, in an order the PROTECT foreign keys allow."""
    Report.objects.filter(case_id=case_id).delete()
    Appeal.objects.filter(case_id=case_id).delete()
    Reconsideration.objects.filter(case_id=case_id).delete()
    for letter in letters_for_case(case_id=case_id):
        name, store = letter.pdf.name, letter.pdf.storage
        letter.delete()
        if name:
            transaction.on_commit(functools.partial(store.delete, name))
    for decision in Decision.objects.filter(case_id=case_id).order_by("-pk"):
        decision.delete()  # the newest first: a changed decision names the one it replaces
    files_delete_for_case(case_id=case_id)
    Timer.objects.filter(case_id=case_id).delete()
    StepRun.objects.filter(case_id=case_id).delete()
    Case.objects.filter(pk=case_id).delete()


def _remove(due: Due, *, kind: str, now: datetime.datetime, written: Written | None) -> None:
    with transaction.atomic():
        _purge(due.case_id)
        Removal.objects.create(
            kind=kind,
            service_id=due.service_id,
            diary_number=due.diary_number,
            rule=due.rule,
            removed_at=now,
            package_id=written.objid if written else "",
            package_file=written.archive.name if written else "",
            package_sha256=written.archive_sha256 if written else "",
        )
        audit_log(
            actor=None,
            action=f"archive.{kind}",
            case_id=due.case_id,
            detail={"diary_number": due.diary_number, "rule": due.rule, "service": due.service_id},
        )


def archive_deliver(
    *,
    out: Path,
    today: datetime.date | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> DeliverySummary:
    """Deliver every case due for the e-archive, then remove it from the live database."""
    today = today or timezone.localdate()
    due, held = cases_due_and_held(today=today)
    due = [d for d in due if d.action == "deliver"]
    summary = DeliverySummary(planned=due, held=[d for d in held if d.action == "deliver"])
    for done, item in enumerate(due, 1):
        if not dry_run:
            now = timezone.now()
            written = case_package_write(case_id=item.case_id, rule=item.rule, out=out, now=now)
            problems = package_verify(written)
            if problems:
                raise PackageBroken(f"{item.diary_number}: " + "; ".join(problems))
            _remove(item, kind=Removal.Kind.DELIVERED, now=now, written=written)
            summary.packages += 1
            summary.bytes += written.size
            summary.removed += 1
        if progress:
            progress(done, len(due))
    return summary


def archive_thin(
    *, today: datetime.date | None = None, dry_run: bool = False, progress: Progress | None = None
) -> ThinSummary:
    """Destroy every case its rule says to thin today; count those spared for research
    (they are delivered by `archive_deliver`)."""
    today = today or timezone.localdate()
    due, held = cases_due_and_held(today=today)
    to_thin = [d for d in due if d.action == "thin"]
    summary = ThinSummary(
        planned=to_thin,
        spared=sum(1 for d in due if d.spared),
        held=[d for d in held if d.action == "thin"],
    )
    for done, item in enumerate(to_thin, 1):
        if not dry_run:
            _remove(item, kind=Removal.Kind.THINNED, now=timezone.now(), written=None)
            summary.thinned += 1
        if progress:
            progress(done, len(to_thin))
    return summary
