"""Run eark-validator on information packages and print one JSON line per package.

Run by the validator's own virtualenv (`make eark`, `.venv-eark/`), not the project's:
eark-validator pins an lxml the project cannot share. Usage:

    .venv-eark/bin/python tests/archive/eark_validate.py [-s V2.1.0] PACKAGE...

eark-validator reads four CSIP vocabularies from earkcsip.dilcis.eu when it is imported; the
same vocabularies ship inside the package (ipxml/resources/vocabs), so they are read from
there and the check runs offline.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from pathlib import Path

from importlib_resources import files

VOCABULARIES = "https://earkcsip.dilcis.eu/schema/"
_urlopen = urllib.request.urlopen


def _offline(url, *args, **kwargs):
    if isinstance(url, str) and url.startswith(VOCABULARIES):
        from eark_validator.ipxml.resources import vocabs

        return open(files(vocabs).joinpath(url.removeprefix(VOCABULARIES)), "rb")
    return _urlopen(url, *args, **kwargs)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-s", "--specification-version", default="V2.1.0")
    parser.add_argument("packages", nargs="+")
    args = parser.parse_args()
    urllib.request.urlopen = _offline  # before eark_validator is imported
    from eark_validator.packages import PackageValidator
    from eark_validator.specifications.specification import SpecificationVersion

    version = SpecificationVersion(args.specification_version)
    worst = 0
    for name in args.packages:
        report = PackageValidator(Path(name), version).validation_report
        errors = []
        for message in report.structure.messages:
            if message.severity.value.lower() == "error":
                errors.append(f"{message.rule_id}: {message.message}")
        schema = schematron = None
        if report.metadata is not None:
            schema = report.metadata.schema_results.status.value
            schematron = report.metadata.schematron_results.status.value
            for results in (report.metadata.schema_results, report.metadata.schematron_results):
                for message in results.messages:
                    if message.severity.value.lower() == "error":
                        errors.append(f"{message.rule_id}: {message.message} @ {message.location}")
        if Path(name).is_dir():
            errors += _representation_schema_errors(name)
        valid = (
            report.structure.status.value.lower() == "wellformed"
            and schema == "VALID"
            and schematron == "VALID"
            and not errors
        )
        worst = worst if valid else 1
        line = {
            "package": name,
            "version": version.value,
            "validator": _version(),
            "structure": report.structure.status.value,
            "schema": schema,
            "schematron": schematron,
            "valid": valid,
            "rules": sorted({e.split(":", 1)[0] for e in errors}),
            "errors": errors,
        }
        print(json.dumps(line), flush=True)
    return worst


def _representation_schema_errors(package: str) -> list[str]:
    """The representations' METS files against the CSIP METS schema (PackageValidator checks
    the root METS file only)."""
    from eark_validator.mets import MetsValidator

    root = MetsValidator(package)
    root.validate_mets("METS.xml")
    errors = []
    for rep in list(root.representation_mets):
        validator = MetsValidator(package)
        if not validator.validate_mets(rep):
            errors += [f"{e.rule_id}: {e.message} @ {rep}" for e in validator.validation_errors]
    return errors


def _version() -> str:
    from importlib.metadata import version

    return version("eark-validator")


if __name__ == "__main__":
    sys.exit(main())
