"""Forms generated from service definitions: field types, parsing and validation.

Not a Django app (no models). The web layer renders fields; this package decides what
an answer means and what is wrong with it, with messages through gettext.
"""
