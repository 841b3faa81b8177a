"""Checks of a written package: eark-validator (structure, the CSIP METS schema, the
checksums the METS files give) and the ERMS schema in ../shared/e-archive/.

eark-validator 1.1.1 is the version that installs beside lxml ≥ 5.3 (1.1.2 and later pin
lxml 5.1.0). It carries the structural checks (CSIPSTR*), the METS schemas with the CSIP
extension and the manifest check, but no Schematron rules; the CSIP METS rules that need
more than the schema are checked here by hand (`csip_rules`).
"""

from __future__ import annotations

from pathlib import Path

from eark_validator.mets import MetsValidator
from eark_validator.structure import StructureStatus, validate_package_structure
from lxml import etree

ERMS_XSD = Path(__file__).resolve().parents[2] / ".." / "shared" / "e-archive" / "ERMS.xsd"
M = "{http://www.loc.gov/METS/}"
CSIP = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"
XLINK = "{http://www.w3.org/1999/xlink}"


def erms_errors(path: Path) -> list[str]:
    schema = etree.XMLSchema(file=str(ERMS_XSD))
    if schema.validate(etree.parse(str(path))):
        return []
    return [str(e) for e in schema.error_log]


def eark_errors(package: Path) -> list[str]:
    """What eark-validator finds wrong with a package folder or archive file."""
    problems: list[str] = []
    report = validate_package_structure(str(package))
    problems += [str(e.to_json()) for e in report.errors if e.is_error]
    if report.status != StructureStatus.WellFormed:
        problems.append(f"structure: {report.status}")
    if package.is_dir():
        validator = MetsValidator(str(package))
        if not validator.validate_mets("METS.xml"):
            problems += [str(e) for e in validator.validation_errors]
        for rep in list(validator.representation_mets):
            rep_validator = MetsValidator(str(package))
            if not rep_validator.validate_mets(rep):
                problems += [str(e) for e in rep_validator.validation_errors]
            ok, errors = rep_validator.get_manifest().check_integrity()
            problems += [] if ok else list(errors)
        ok, errors = validator.get_manifest().check_integrity()
        problems += [] if ok else list(errors)
    return problems


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
