"""Delivery to the e-archive (E-ARK SIP with CITS ERMS) and lawful thinning (gallring)."""
