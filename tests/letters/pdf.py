"""Reading PDFs in the letters tests with poppler-utils (pdftotext, pdfinfo)."""

from __future__ import annotations

import datetime
import subprocess
import tempfile
from pathlib import Path

SV_MONTHS = (
    "januari februari mars april maj juni juli augusti september oktober november december"
).split()
EN_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            [tool, *args, handle.name, *(["-"] if tool == "pdftotext" else [])],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def words(text: str) -> str:
    """Whitespace made uniform, so line breaks and non-breaking spaces compare equal."""
    return " ".join(text.split())


def pdf_text(pdf: bytes) -> str:
    return words(_run("pdftotext", pdf))


def pdf_metadata(pdf: bytes) -> str:
    """The document's XMP metadata packet."""
    return _run("pdfinfo", pdf, "-meta")


def pdf_info(pdf: bytes) -> str:
    return _run("pdfinfo", pdf)


def written_date(date: datetime.date, lang: str) -> str:
    months = SV_MONTHS if lang == "sv" else EN_MONTHS
    return f"{date.day} {months[date.month - 1]} {date.year}"


def first_page_png(pdf: bytes, target: Path, dpi: int = 80) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "letter.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                source,
                Path(folder) / "page",
            ],
            check=True,
        )
        target.write_bytes((Path(folder) / "page.png").read_bytes())
