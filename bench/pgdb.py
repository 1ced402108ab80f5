"""A fresh PostgreSQL database for a benchmark run (shared by the bench scripts)."""

import sys
from urllib.parse import urlparse


def recreate_database(url: str) -> None:
    """Drop and create the database named in ``url``; only names that start with cchc_bench or end with _bench
    (a developer's own, e.g. cchc_<name>_bench) may be dropped."""
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not (name.startswith("cchc_bench") or (name.startswith("cchc_") and name.endswith("_bench"))):
        sys.exit(f"refusing to drop {name!r}: a benchmark database's name starts with cchc_bench or ends with _bench")
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
