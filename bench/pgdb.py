"""A fresh PostgreSQL database for a benchmark run (shared by the bench scripts)."""

import sys
from urllib.parse import urlparse


def recreate_database(url: str) -> None:
    """Drop and create the database named in ``url``; only names starting with cchc_bench may be dropped."""
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not name.startswith("cchc_bench"):
        sys.exit(f"refusing to drop {name!r}: the benchmark database name must start with cchc_bench")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
