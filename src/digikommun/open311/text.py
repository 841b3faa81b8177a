"""Text from outside, made safe to keep and to write as XML.

Control characters (U+0000–U+001F but tab and line breaks, U+007F–U+009F) have no place in an
address or a description, and XML 1.0 cannot carry most of them at all: one such character
stored once made `requests.xml` unparseable for every client. They are removed on the way
in, and again on the way out for anything stored before.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters XML 1.0 does not allow (besides the controls): lone surrogates, U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """The text without control characters, with line breaks as \\n."""
    return _CONTROL.sub("", str(text or "").replace("\r\n", "\n").replace("\r", "\n"))


def xml_safe(text: str) -> str:
    """The text with only characters XML 1.0 can carry."""
    return _NOT_XML.sub("", text)
