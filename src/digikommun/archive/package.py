"""An E-ARK information package (CSIP 2.0 / SIP 2.0) on disk, and its archive file.

    <OBJID>/
      METS.xml                               the root METS: header, dmdSec (ERMS), amdSec
                                             (PREMIS), fileSec, the CSIP structMap
      metadata/descriptive/erms.xml          the case in CITS ERMS
      metadata/preservation/premis.xml       PREMIS 3: the files, their fixity, the creation
      schemas/                               (CSIPSTR15: empty; the schemas are public)
      representations/rep1/METS.xml          the representation's METS
      representations/rep1/metadata/         (CSIPSTR13)
      representations/rep1/data/…            the decision letters (PDF/A-3b) and attachments

Each file is referenced with its size and SHA-256 checksum. The package is written in a
temporary folder, every file fsynced, then renamed into place, so a package folder that
exists is whole; the archive file (zip) is written the same way.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS = "http://www.loc.gov/premis/v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_M = f"{{{METS}}}"
_X = f"{{{XLINK}}}"
_C = f"{{{CSIP}}}"
SOFTWARE = "Digikommun"


@dataclass(frozen=True)
class PackageFile:
    path: str  # relative to representations/rep1/data
    data: bytes
    mime: str
    created: datetime.datetime


@dataclass(frozen=True)
class Written:
    objid: str
    folder: Path
    archive: Path
    archive_sha256: str
    size: int  # bytes of the archive file


def package_id(diary_number: str) -> str:
    """The same package id for the same case, so a delivery run again overwrites its package."""
    return f"uuid-{uuid.uuid5(uuid.NAMESPACE_URL, 'digikommun:case:' + diary_number)}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _at(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _el(parent, tag: str, attrs: dict[str, str] | None = None, text: str | None = None):
    element = etree.SubElement(parent, tag, attrs or {})
    if text is not None:
        element.text = text
    return element


def _mets_root(objid: str, label: str, profile: str, now: datetime.datetime, *, sip: bool):
    nsmap = {"mets": METS, "xlink": XLINK, "csip": CSIP, "xsi": XSI}
    if sip:
        nsmap["sip"] = SIP
    root = etree.Element(
        _M + "mets",
        {
            "OBJID": objid,
            "LABEL": label,
            "TYPE": "Mixed",
            "PROFILE": profile,
            _C + "CONTENTINFORMATIONTYPE": "ERMS",
        },
        nsmap=nsmap,
    )
    root.set(
        f"{{{XSI}}}schemaLocation",
        "http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/mets.xsd "
        "http://www.w3.org/1999/xlink http://www.loc.gov/standards/mets/xlink.xsd "
        "https://DILCIS.eu/XML/METS/CSIPExtensionMETS "
        "https://earkcsip.dilcis.eu/schema/DILCISExtensionMETS.xsd",
    )
    header = _el(
        root,
        _M + "metsHdr",
        {"CREATEDATE": _at(now), "RECORDSTATUS": "NEW", _C + "OAISPACKAGETYPE": "SIP"},
    )
    agent = _el(header, _M + "agent", {"ROLE": "CREATOR", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"})
    _el(agent, _M + "name", text=SOFTWARE)
    _el(agent, _M + "note", {_C + "NOTETYPE": "SOFTWARE VERSION"}, text="1")
    return root


def _file(parent, fid: str, href: str, data: bytes, mime: str, created: datetime.datetime):
    element = _el(
        parent,
        _M + "file",
        {
            "ID": fid,
            "MIMETYPE": mime,
            "SIZE": str(len(data)),
            "CREATED": _at(created),
            "CHECKSUM": _sha256(data),
            "CHECKSUMTYPE": "SHA-256",
        },
    )
    _el(element, _M + "FLocat", {"LOCTYPE": "URL", _X + "type": "simple", _X + "href": href})
    return element


def _md_ref(parent, tag: str, mid: str, href: str, data: bytes, mdtype: str, now, other: str = ""):
    section = _el(parent, _M + tag, {"ID": mid, "STATUS": "CURRENT", "CREATED": _at(now)})
    attrs = {
        "LOCTYPE": "URL",
        _X + "type": "simple",
        _X + "href": href,
        "MDTYPE": mdtype,
        "MIMETYPE": "text/xml",
        "SIZE": str(len(data)),
        "CREATED": _at(now),
        "CHECKSUM": _sha256(data),
        "CHECKSUMTYPE": "SHA-256",
    }
    if other:
        attrs["OTHERMDTYPE"] = other
    _el(section, _M + "mdRef", attrs)


def premis_document(files: list[PackageFile], *, objid: str, now: datetime.datetime) -> bytes:
    """PREMIS 3 for the representation's files: identity, size, fixity, format, and the
    event that made the package."""
    p = f"{{{PREMIS}}}"
    root = etree.Element(p + "premis", {"version": "3.0"}, nsmap={"premis": PREMIS})
    for item in files:
        obj = _el(root, p + "object", {f"{{{XSI}}}type": "premis:file"})
        ident = _el(obj, p + "objectIdentifier")
        _el(ident, p + "objectIdentifierType", text="local")
        _el(ident, p + "objectIdentifierValue", text=f"representations/rep1/data/{item.path}")
        chars = _el(obj, p + "objectCharacteristics")
        fixity = _el(chars, p + "fixity")
        _el(fixity, p + "messageDigestAlgorithm", text="SHA-256")
        _el(fixity, p + "messageDigest", text=_sha256(item.data))
        _el(chars, p + "size", text=str(len(item.data)))
        fmt = _el(_el(chars, p + "format"), p + "formatDesignation")
        _el(fmt, p + "formatName", text=item.mime)
    event = _el(root, p + "event")
    eid = _el(event, p + "eventIdentifier")
    _el(eid, p + "eventIdentifierType", text="local")
    _el(eid, p + "eventIdentifierValue", text=f"{objid}-creation")
    _el(event, p + "eventType", text="creation")
    _el(event, p + "eventDateTime", text=_at(now))
    link = _el(event, p + "linkingAgentIdentifier")
    _el(link, p + "linkingAgentIdentifierType", text="local")
    _el(link, p + "linkingAgentIdentifierValue", text=SOFTWARE)
    agent = _el(root, p + "agent")
    aid = _el(agent, p + "agentIdentifier")
    _el(aid, p + "agentIdentifierType", text="local")
    _el(aid, p + "agentIdentifierValue", text=SOFTWARE)
    _el(agent, p + "agentName", text=SOFTWARE)
    _el(agent, p + "agentType", text="software")
    return _xml(root)


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _rep_mets(objid: str, files: list[PackageFile], now: datetime.datetime) -> bytes:
    root = _mets_root(
        f"{objid}-rep1", "rep1", "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml", now, sip=False
    )
    file_sec = _el(root, _M + "fileSec", {"ID": "rep1-fileSec"})
    group = _el(file_sec, _M + "fileGrp", {"ID": "rep1-data", "USE": "Data"})
    for n, item in enumerate(files, 1):
        _file(group, f"rep1-file-{n}", f"data/{item.path}", item.data, item.mime, item.created)
    struct = _el(
        root, _M + "structMap", {"ID": "rep1-structMap", "TYPE": "PHYSICAL", "LABEL": "CSIP"}
    )
    top = _el(struct, _M + "div", {"ID": "rep1-root", "LABEL": f"{objid}-rep1"})
    data = _el(top, _M + "div", {"ID": "rep1-div-data", "LABEL": "Data"})
    for n in range(1, len(files) + 1):
        _el(data, _M + "fptr", {"FILEID": f"rep1-file-{n}"})
    return _xml(root)


def _root_mets(objid: str, label: str, erms: bytes, premis: bytes, rep_mets: bytes, now) -> bytes:
    root = _mets_root(
        objid, label, "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml", now, sip=True
    )
    _md_ref(root, "dmdSec", "dmd-erms", "metadata/descriptive/erms.xml", erms, "OTHER", now, "ERMS")
    amd = _el(root, _M + "amdSec", {"ID": "amd"})
    _md_ref(
        amd,
        "digiprovMD",
        "digiprov-premis",
        "metadata/preservation/premis.xml",
        premis,
        "PREMIS",
        now,
    )
    file_sec = _el(root, _M + "fileSec", {"ID": "fileSec"})
    group = _el(
        file_sec,
        _M + "fileGrp",
        {
            "ID": "fileGrp-rep1",
            "USE": "Representations/rep1",
            _C + "CONTENTINFORMATIONTYPE": "ERMS",
        },
    )
    _file(group, "file-rep1-mets", "representations/rep1/METS.xml", rep_mets, "text/xml", now)
    struct = _el(root, _M + "structMap", {"ID": "structMap", "TYPE": "PHYSICAL", "LABEL": "CSIP"})
    top = _el(struct, _M + "div", {"ID": "div-root", "LABEL": objid})
    _el(
        top,
        _M + "div",
        {
            "ID": "div-metadata",
            "LABEL": "Metadata",
            "DMDID": "dmd-erms",
            "ADMID": "digiprov-premis",
        },
    )
    reps = _el(top, _M + "div", {"ID": "div-representations", "LABEL": "Representations"})
    _el(reps, _M + "fptr", {"FILEID": "fileGrp-rep1"})
    rep = _el(reps, _M + "div", {"ID": "div-rep1", "LABEL": "Representations/rep1"})
    _el(
        rep,
        _M + "mptr",
        {
            "LOCTYPE": "URL",
            _X + "type": "simple",
            _X + "href": "representations/rep1/METS.xml",
            _X + "title": "fileGrp-rep1",
        },
    )
    return _xml(root)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def package_write(
    *,
    out: Path,
    diary_number: str,
    label: str,
    erms: bytes,
    files: list[PackageFile],
    now: datetime.datetime,
) -> Written:
    """Write the package folder and its zip under `out`, durably; replace an earlier one."""
    objid = package_id(diary_number)
    premis = premis_document(files, objid=objid, now=now)
    rep_mets = _rep_mets(objid, files, now)
    contents: dict[str, bytes] = {
        "METS.xml": _root_mets(objid, label, erms, premis, rep_mets, now),
        "metadata/descriptive/erms.xml": erms,
        "metadata/preservation/premis.xml": premis,
        "representations/rep1/METS.xml": rep_mets,
    }
    for item in files:
        contents[f"representations/rep1/data/{item.path}"] = item.data
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".{objid}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    for name, data in contents.items():
        _write(tmp / name, data)
    for empty in ("schemas", "representations/rep1/metadata"):
        (tmp / empty).mkdir(parents=True, exist_ok=True)
    for folder in sorted({p.parent for p in tmp.rglob("*")} | {tmp}):
        _sync_dir(folder)
    final = out / objid
    if final.exists():
        shutil.rmtree(final)
    os.replace(tmp, final)
    archive = out / f"{objid}.zip"
    tmp_zip = out / f".{objid}.zip.partial"
    with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(contents):
            zf.writestr(f"{objid}/{name}", contents[name])
        for empty in ("schemas/", "representations/rep1/metadata/"):
            zf.writestr(f"{objid}/{empty}", b"")
    with open(tmp_zip, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp_zip, archive)
    _sync_dir(out)
    data = archive.read_bytes()
    return Written(objid, final, archive, _sha256(data), len(data))


def package_verify(written: Written) -> list[str]:
    """Read the package back: every file the METS files name, with its size and checksum,
    and the archive file against its checksum. Returns the problems (none when whole)."""
    problems: list[str] = []
    for mets_path in (
        written.folder / "METS.xml",
        written.folder / "representations/rep1/METS.xml",
    ):
        if not mets_path.exists():
            problems.append(f"missing {mets_path.name}")
            continue
        base = mets_path.parent
        tree = etree.parse(str(mets_path))
        for element in tree.iter(_M + "file", _M + "mdRef"):
            href = element.get(_X + "href") or element.find(_M + "FLocat").get(_X + "href")
            target = base / href
            if not target.is_file():
                problems.append(f"missing {href}")
                continue
            data = target.read_bytes()
            if _sha256(data) != element.get("CHECKSUM") or str(len(data)) != element.get("SIZE"):
                problems.append(f"checksum or size differs: {href}")
    if _sha256(written.archive.read_bytes()) != written.archive_sha256:
        problems.append("the archive file's checksum differs")
    return problems
