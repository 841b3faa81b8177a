"""Registers: look-ups in the municipality's registers that prefill a form (docs/registers.md)."""
