"""Exit 0 when a PostgreSQL server answers on 127.0.0.1:5432 (used by `make test`)."""

import os
import sys

import psycopg

try:
    psycopg.connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        user=os.environ.get("PGUSER", "postgres"),
        dbname="postgres",
        connect_timeout=3,
    ).close()
except Exception:
    sys.exit(1)
sys.exit(0)
