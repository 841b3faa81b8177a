from tests.open311.conftest import caseworker, fault  # noqa: F401  (the fault service fixtures)
