"""Scratch environments for the ops and bench scripts: throw-away PostgreSQL databases, a Redis db, child processes."""

# ruff: noqa: S603 — the scripts start this repository's own programs (python, celery, gunicorn).

import asyncio
import email
import os
import signal
import subprocess
import threading
from pathlib import Path

import psycopg2
import redis
from psycopg2 import sql

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
BIN = REPO / ".venv" / "bin"


def _admin(server_url: str, statement: sql.Composable, params: tuple = ()) -> list[tuple]:
    connection = psycopg2.connect(f"{server_url}/postgres")
    connection.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


def pg_fresh_database(*, server_url: str, name: str, env: dict[str, str]) -> None:
    """(Re)create ``name`` from the template ``<name>_seed``, which is migrated and seeded
    (seed_cv345 + seed_demo) the first time only."""
    template = f"{name}_seed"
    if not _admin(server_url, sql.SQL("SELECT 1 FROM pg_database WHERE datname = %s"), (template,)):
        print(f"seeding the template database {template} (once; a minute or two)")
        _admin(server_url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template)))
        seed_env = {**env, "DATABASE_URL": f"{server_url}/{template}"}
        try:
            manage("migrate", "--noinput", env=seed_env)
            manage("seed_cv345", env=seed_env)
            manage("seed_demo", "--force", env=seed_env)
        except BaseException:
            _admin(server_url, sql.SQL("DROP DATABASE {}").format(sql.Identifier(template)))  # never a half-seeded template
            raise
    _admin(server_url, sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    _admin(server_url, sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))
    manage("migrate", "--noinput", env={**env, "DATABASE_URL": f"{server_url}/{name}"})  # the code may be newer


def redis_flush(url: str) -> None:
    redis.Redis.from_url(url).flushdb()


def start(command: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start a child in a session of its own, so that one killpg reaches it and all its children."""
    handle = log.open("w")
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen, *, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout)


class Sink:
    """A real SMTP server (aiosmtpd) that records (recipient, Message-ID) per message and is deliberately slow.

    A message counts as accepted once its data has arrived and the delay has passed, even if the
    client is gone by then; ``ack_delay`` seconds more pass before the "250 OK" reaches the client:
    a sender killed in that window cannot know that its message got through.
    """

    def __init__(self, port: int, delay: float, ack_delay: float = 0):
        from aiosmtpd.controller import Controller

        self.received: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                await asyncio.sleep(delay)
                message_id = email.message_from_bytes(envelope.content).get("Message-ID", "").strip()
                with sink.lock:
                    sink.received.extend((rcpt.lower(), message_id) for rcpt in envelope.rcpt_tos)
                await asyncio.sleep(ack_delay)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=port)

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def snapshot(self) -> list[tuple[str, str]]:
        with self.lock:
            return list(self.received)
