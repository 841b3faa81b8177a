"""Checks of a written package: eark-validator (the newest, 1.1.3, in its own virtualenv
`.venv-eark/`: structure, the CSIP METS schemas, the CSIP/SIP Schematron rules of the
E-ARK specifications V2.1.0), the ERMS schema and the ERMS Schematron in ../shared/e-archive/.

eark-validator pins lxml 5.1.0, which the project's lxml rules out, so it runs as a
subprocess (`make install` builds `.venv-eark/` from requirements-eark.lock).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lxml import etree, isoschematron

ROOT = Path(__file__).resolve().parents[2]
EARK_PYTHON = ROOT / ".venv-eark" / "bin" / "python"
EARK_RUN = Path(__file__).with_name("eark_validate.py")
SHARED = ROOT / ".." / "shared" / "e-archive"
ERMS_SCH = SHARED / "erms.sch"

# Rules eark-validator 1.1.3 reports on every package of ours, and why they are accepted:
#   CSIP60, CSIP95  no Documentation file group or division: a package carries no
#                   documentation (CSIP 2.1 gives CSIP60 the cardinality 0..n);
#   CSIP113, CSIP99 no Schemas file group or division: the schemas are public and named in
#                   xsi:schemaLocation (CSIP113 is 0..n);
#   CSIP63          its test (`@csip:CONTENTINFORMATIONTYPE != 'OTHER' and
#                   not(@csip:CONTENTINFORMATIONTYPE)`) cannot hold for a file group with a
#                   content information type other than OTHER: a defect in the rule;
#   SIP14           it asks an unqualified @NOTETYPE='IDENTIFICATIONCODE' on every note of
#                   every CREATOR agent, the software agent's one note included, which CSIP16
#                   requires to carry @csip:NOTETYPE='SOFTWARE VERSION' and the METS schema
#                   allows no unqualified attribute on: no schema-valid package passes it.
ACCEPTED = frozenset({"CSIP60", "CSIP95", "CSIP113", "CSIP99", "CSIP63", "SIP14"})


def eark_reports(*packages: Path) -> list[dict]:
    """eark-validator's verdict on each package folder or archive file, one dict each."""
    if not EARK_PYTHON.exists():
        raise AssertionError(f"{EARK_PYTHON} is missing: run `make install` (or `make eark`)")
    run = subprocess.run(
        [str(EARK_PYTHON), str(EARK_RUN), *map(str, packages)],
        capture_output=True,
        text=True,
        timeout=50,
        check=False,
    )
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    if len(lines) != len(packages):
        sys.stderr.write(run.stderr)
        raise AssertionError(f"eark-validator answered {len(lines)} of {len(packages)}")
    return lines


def eark_errors(report: dict) -> list[str]:
    """What the validator finds wrong beyond the accepted rules (none when valid)."""
    problems = [] if report["structure"] == "WellFormed" else [f"structure: {report['structure']}"]
    if report["schema"] != "VALID":
        problems.append(f"schema: {report['schema']}")
    return problems + [e for e in report["errors"] if e.split(":", 1)[0] not in ACCEPTED]


def erms_schematron_errors(path: Path) -> list[str]:
    """The ERMS Schematron rules (erms.sch declares queryBinding xslt2, but its tests are
    XPath 1.0 expressions, so lxml's XSLT 1.0 ISO Schematron runs them unchanged)."""
    sch = etree.parse(str(ERMS_SCH))
    sch.getroot().set("queryBinding", "xslt")
    schematron = isoschematron.Schematron(sch, store_report=True)
    if schematron.validate(etree.parse(str(path))):
        return []
    svrl = "{http://purl.oclc.org/dsdl/svrl}"
    report = schematron.validation_report
    return [
        f"{failed.get('location')}: {' '.join(failed.findtext(svrl + 'text', '').split())}"
        for failed in report.iter(svrl + "failed-assert")
    ]


ERMS_XSD = SHARED / "ERMS.xsd"
M = "{http://www.loc.gov/METS/}"
CSIP = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"
XLINK = "{http://www.w3.org/1999/xlink}"


def erms_errors(path: Path) -> list[str]:
    schema = etree.XMLSchema(file=str(ERMS_XSD))
    if schema.validate(etree.parse(str(path))):
        return []
    return [str(e) for e in schema.error_log]


def csip_rules(mets_path: Path) -> list[str]:
    """CSIP METS rules beyond the schema, as the E-ARK CSIP 2.0 profile states them."""
    root = etree.parse(str(mets_path)).getroot()
    problems = []
    for attr, rule in (("OBJID", "CSIP1"), ("TYPE", "CSIP2"), ("PROFILE", "CSIP6")):
        if not root.get(attr):
            problems.append(f"{rule}: mets/@{attr}")
    if not root.get(CSIP + "CONTENTINFORMATIONTYPE"):
        problems.append("CSIP4: @csip:CONTENTINFORMATIONTYPE")
    header = root.find(M + "metsHdr")
    if header is None or not header.get("CREATEDATE") or not header.get(CSIP + "OAISPACKAGETYPE"):
        problems.append("CSIP7/CSIP9: metsHdr with CREATEDATE and OAISPACKAGETYPE")
    agents = header.findall(M + "agent") if header is not None else []
    if not any(a.get("ROLE") == "CREATOR" and a.get("OTHERTYPE") == "SOFTWARE" for a in agents):
        problems.append("CSIP10-15: a software CREATOR agent")
    for ref in root.iter(M + "mdRef", M + "file"):
        if ref.get("CHECKSUMTYPE") != "SHA-256" or not ref.get("CHECKSUM"):
            problems.append(f"CSIP: checksum on {ref.get('ID') or ref.get(XLINK + 'href')}")
    maps = [s for s in root.iter(M + "structMap") if s.get("LABEL") == "CSIP"]
    if len(maps) != 1 or maps[0].get("TYPE") != "PHYSICAL":
        problems.append("CSIP80-82: one PHYSICAL structMap labelled CSIP")
    return problems
