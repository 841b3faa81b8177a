"""Swedish personal identity numbers (personnummer): validation, normal form, age.

Validation is done by the `personnummer` package (checksum, date, coordination numbers);
this module gives the platform one normal form: twelve digits without separator.
"""

from __future__ import annotations

import datetime

from personnummer import personnummer as _pnr


class InvalidPersonnummer(ValueError):
    pass


def normalise(value: str) -> str:
    """Return YYYYMMDDNNNC or raise InvalidPersonnummer."""
    try:
        parsed = _pnr.parse(value.strip())
    except (_pnr.PersonnummerException, ValueError, TypeError) as exc:
        raise InvalidPersonnummer(str(value)) from exc
    return parsed.format(True).replace("-", "").replace("+", "")


def birth_date(pnr: str) -> datetime.date:
    day = int(pnr[6:8])
    if day > 60:  # samordningsnummer: the day is increased by 60
        day -= 60
    return datetime.date(int(pnr[0:4]), int(pnr[4:6]), day)


def age_on(pnr: str, on: datetime.date) -> int:
    born = birth_date(pnr)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def display(pnr: str) -> str:
    """The written form people recognise: YYYYMMDD-NNNC."""
    return f"{pnr[:8]}-{pnr[8:]}"
