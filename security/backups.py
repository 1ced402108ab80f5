"""Backups: the database (SQLite's online-backup API, or pg_dump for PostgreSQL) and the uploaded
files under MEDIA_ROOT, in one .tar.gz archive; restore puts both back.

An archive holds every account's password hash and every unit's evidence, so it is written readable
by its owner only (0600, in a folder only its owner opens, 0700). Its manifest lists the SHA-256 of
each member; restore refuses an archive whose members do not match it exactly (missing, added or
changed), and an archive of the earlier format, which it cannot verify.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_DIR = "media"
FORMAT_VERSION = 2


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class BackupManifest:
    format_version: int
    created_at: str
    engine: str
    media_files: int
    last_migrations: dict[str, str]
    checksums: dict[str, str]  # member name → SHA-256 (hex) of its content


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    params = connections[alias].settings_dict
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    # The command is pg_dump/pg_restore with arguments from the settings, never from a request.
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _last_migrations(alias: str) -> dict[str, str]:
    last: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[alias]).migration_qs.order_by("app", "name").values_list("app", "name"):
        last[app] = name
    return last


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(block)
    return digest.hexdigest()


def _sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return _sha256(handle)


def backup_create(*, destination_dir: Path, alias: str = "default") -> Path:
    """Write the database and MEDIA_ROOT to a new archive in ``destination_dir`` (owner-only) and return its path."""
    engine = _engine(alias)
    destination_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    destination_dir.chmod(0o700)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")
    archive = destination_dir / f"cchc-backup-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        connection = connections[alias]
        if engine == "sqlite":
            connection.ensure_connection()
            # The online-backup API copies a consistent snapshot even while others write.
            with sqlite3.connect(work_dir / SQLITE_FILE) as target:
                connection.connection.backup(target)
            target.close()
            db_file = SQLITE_FILE
        else:
            args, env = _pg_args(alias)
            name = connection.settings_dict["NAME"]
            _run(
                ["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges", "--file", str(work_dir / PG_FILE), name],
                env,
            )
            db_file = PG_FILE
        media_files = [path for path in media_root.rglob("*") if path.is_file()] if media_root.is_dir() else []
        members = {db_file: work_dir / db_file}
        members |= {f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}": path for path in media_files}
        manifest = BackupManifest(
            format_version=FORMAT_VERSION,
            created_at=timezone.now().isoformat(),
            engine=engine,
            media_files=len(media_files),
            last_migrations=_last_migrations(alias),
            checksums={name: _sha256_of(path) for name, path in members.items()},
        )
        (work_dir / MANIFEST).write_text(json.dumps(manifest.__dict__, indent=2), encoding="utf-8")
        partial = archive.with_suffix(".partial")
        # Created owner-only before a byte is written, whatever the process's umask.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        partial.chmod(0o600)
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work_dir / MANIFEST, arcname=MANIFEST)
            for name, path in members.items():
                tar.add(path, arcname=name)
        partial.rename(archive)  # a half-written archive never looks like a backup
    return archive


def backup_read_manifest(*, archive: Path) -> BackupManifest:
    """The manifest of an archive written by ``backup_create``, after checking every member against it."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            data = json.load(tar.extractfile(MANIFEST))
            if data.get("format_version") != FORMAT_VERSION or not isinstance(data.get("checksums"), dict):
                raise BackupError(
                    f"{archive} has no checksums of its content (format {data.get('format_version')}); it cannot be verified."
                )
            manifest = BackupManifest(**data)
            found = {}
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if not member.isfile():
                    raise BackupError(f"{archive} holds {member.name!r}, which is not a file; it is not a backup of this app.")
                found[member.name] = _sha256(tar.extractfile(member))
    except (OSError, KeyError, TypeError, tarfile.TarError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive} is not a backup archive: {error}") from error
    if found != manifest.checksums:
        changed = sorted(name for name in found.keys() & manifest.checksums.keys() if found[name] != manifest.checksums[name])
        missing, extra = sorted(manifest.checksums.keys() - found.keys()), sorted(found.keys() - manifest.checksums.keys())
        raise BackupError(f"{archive} does not match its manifest (changed: {changed}, missing: {missing}, added: {extra}).")
    return manifest


def backup_restore(*, archive: Path, alias: str = "default") -> BackupManifest:
    """Replace the database and MEDIA_ROOT with the content of ``archive`` (stop web and workers first)."""
    manifest = backup_read_manifest(archive=archive)
    engine = _engine(alias)
    if manifest.engine != engine:
        raise BackupError(f"This backup holds a {manifest.engine} database; the configured database is {engine}.")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work_dir, filter="data")  # "data" refuses absolute paths and ".."
        connection = connections[alias]
        if engine == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(work_dir / SQLITE_FILE) as source:
                source.backup(connection.connection)
            source.close()
        else:
            connection.close()
            args, env = _pg_args(alias)
            name = connection.settings_dict["NAME"]
            options = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
            _run(["pg_restore", *args, *options, "--dbname", name, str(work_dir / PG_FILE)], env)
        # Swap the uploaded files only once the database is back.
        restored_media = work_dir / MEDIA_DIR
        if media_root.exists():
            shutil.rmtree(media_root)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        if restored_media.is_dir():
            shutil.copytree(restored_media, media_root)
        else:
            media_root.mkdir()
    return manifest
