"""Service packages: one service shared between municipalities as one versioned file.

A package is a gzip-compressed tar file holding `manifest.json` and the service's files under
`service/` (the definition, rules, example cases, overlays, letter templates, geometry and
docs). The manifest names the service, the package's version, its publisher and when it was
made, lists every file with its SHA-256, and ends in a content hash over all of it: the
SHA-256 of the manifest's canonical JSON without the content hash itself. The same service
and the same manifest values give the same bytes (entries sorted, times and owners zeroed,
gzip without a name or time). `package_read` verifies all of it before anything is
installed, and refuses a package that does not match. The format: docs/service-packages.md.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import json
import re
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .definition import read_files

FORMAT = "digikommun-service-package/1"
MANIFEST = "manifest.json"
PREFIX = "service/"
# Limits on what is read from a package: it comes from outside.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_FILES = 500
# The files a package may carry, by their path in the service's folder.
_PACKAGED = re.compile(
    r"(service\.yaml|rules\.yaml|README\.md|tests/[\w.-]+\.yaml|overlays/[\w.-]+\.yaml"
    r"|letters/[\w.-]+\.html|geo/[\w.-]+\.geojson|docs/[\w.-]+\.md)\Z"
)
_SERVICE_ID = re.compile(r"[a-z][a-z0-9-]*\Z")


class PackageRefused(Exception):
    """A package that cannot be made, read or trusted; `lines` say why."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Package:
    manifest: dict[str, Any]
    files: dict[str, bytes]  # path in the service's folder -> content

    @property
    def service_id(self) -> str:
        return str(self.manifest["service_id"])

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    @property
    def content_hash(self) -> str:
        return str(self.manifest["content_hash"])

    def texts(self) -> dict[str, str]:
        return {path: data.decode("utf-8") for path, data in self.files.items()}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_hash(manifest: dict[str, Any]) -> str:
    """SHA-256 of the manifest's canonical JSON, leaving out the content hash itself."""
    rest = {k: v for k, v in manifest.items() if k != "content_hash"}
    canonical = json.dumps(rest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return sha256(canonical.encode("utf-8"))


def package_files(folder: Path) -> dict[str, bytes]:
    """The files of a service folder a package carries: those its definition is made of
    (catalog.definition.read_files) and its docs (README.md, docs/*.md)."""
    files = {path: text.encode("utf-8") for path, text in read_files(folder).items()}
    docs = [folder / "README.md", *sorted((folder / "docs").glob("*.md"))]
    for path in docs:
        if path.is_file():
            files[path.relative_to(folder).as_posix()] = path.read_text("utf-8").encode("utf-8")
    return dict(sorted(files.items()))


def created_default(environ: dict[str, str]) -> str:
    """Today (UTC), or the day SOURCE_DATE_EPOCH names (reproducible builds' convention)."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    return datetime.datetime.now(datetime.UTC).date().isoformat()


def manifest_make(
    *,
    service_id: str,
    files: dict[str, bytes],
    version: str,
    publisher: str,
    created: str,
    definition_hash: str,
) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "service_id": service_id,
        "name": service_id,
        "version": version,
        "publisher": publisher,
        "created": created,
        "definition_hash": definition_hash,
        "files": [
            {"path": path, "sha256": sha256(data), "size": len(data)}
            for path, data in sorted(files.items())
        ],
    }
    manifest["content_hash"] = content_hash(manifest)
    return manifest


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


def package_bytes(manifest: dict[str, Any], files: dict[str, bytes]) -> bytes:
    """The package file: the same manifest and files give the same bytes."""
    entries = [(MANIFEST, manifest_bytes(manifest))]
    entries += [(PREFIX + path, data) for path, data in sorted(files.items())]
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for name, data in entries:
                info = tarfile.TarInfo(name)
                info.size, info.mode, info.mtime = len(data), 0o644, 0
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    """The regular files of a tar.gz, each checked for a safe name and size."""
    found: dict[str, bytes] = {}
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar:
                if len(found) >= MAX_FILES:
                    raise PackageRefused([f"the package holds more than {MAX_FILES} files"])
                name = member.name.removeprefix("./")
                if member.isdir():
                    continue  # a folder entry, as tar adds when a package is re-made by hand
                if not member.isfile():
                    raise PackageRefused([f"{name}: a package holds only plain files"])
                allowed = name.startswith(PREFIX) and _PACKAGED.match(name.removeprefix(PREFIX))
                if name != MANIFEST and not allowed:
                    raise PackageRefused([f"{name}: not a file a service package may hold"])
                if name in found:
                    raise PackageRefused([f"{name}: the package holds it twice"])
                total += member.size
                if member.size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                    raise PackageRefused([f"{name}: the package is larger than allowed"])
                handle = tar.extractfile(member)
                found[name] = handle.read() if handle else b""
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise PackageRefused(
            [f"not a service package (a .tar.gz made by `digikommun services package`): {exc}"]
        ) from None
    return found


def package_read(data: bytes, *, expect_hash: str | None = None) -> Package:
    """Read and verify a package: every file matches its SHA-256, nothing is missing or added,
    and the content hash matches the manifest (and `expect_hash`, when the publisher gave one).
    Raises PackageRefused with every mismatch found."""
    members = _members(data)
    if MANIFEST not in members:
        raise PackageRefused(["the package has no manifest.json"])
    try:
        manifest = json.loads(members.pop(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageRefused([f"manifest.json is not JSON: {exc}"]) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageRefused([f"manifest.json: the format is not {FORMAT}"])
    missing = [
        key
        for key in ("service_id", "version", "publisher", "created", "files", "content_hash")
        if key not in manifest
    ]
    if missing:
        raise PackageRefused([f"manifest.json lacks {', '.join(missing)}"])
    if not _SERVICE_ID.match(str(manifest["service_id"])):
        raise PackageRefused(
            ["manifest.json: the service id is not lower-case letters, - and digits"]
        )
    problems: list[str] = []
    files: dict[str, bytes] = {}
    listed = manifest["files"] if isinstance(manifest["files"], list) else []
    for entry in listed:
        path = str(entry.get("path", "")) if isinstance(entry, dict) else ""
        data_ = members.pop(PREFIX + path, None)
        if data_ is None:
            problems.append(f"{path}: listed in the manifest but not in the package")
        elif sha256(data_) != entry.get("sha256"):
            problems.append(f"{path}: its content does not match its SHA-256 in the manifest")
        else:
            files[path] = data_
    for name in sorted(members):
        problems.append(f"{name.removeprefix(PREFIX)}: in the package but not in the manifest")
    if content_hash(manifest) != manifest["content_hash"]:
        problems.append("manifest.json: the content hash does not match the manifest")
    if expect_hash and expect_hash != manifest["content_hash"]:
        problems.append(
            f"the content hash is {manifest['content_hash']}, not {expect_hash} as expected"
        )
    for path, data_ in files.items():
        try:
            data_.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{path}: not UTF-8 text")
    if problems:
        raise PackageRefused(
            ["the package has been changed since it was made, or is damaged:", *problems]
        )
    return Package(manifest=manifest, files=files)
