"""Log lines go to standard error: a command's standard output is its own (dumpdata writes JSON only)."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def test_dumpdata_to_a_file_holds_json_only(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tamduong_cchc.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "LOG_LEVEL": "INFO",
    }

    def manage(*args) -> subprocess.CompletedProcess:
        command = [sys.executable, str(BASE_DIR / "manage.py"), *args]
        return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300, check=True)  # noqa: S603

    manage("migrate", "--noinput", "contenttypes")
    dumped = manage("dumpdata", "contenttypes")

    assert json.loads(dumped.stdout)  # parses: no log line slipped into it
    assert "AXES: BEGIN" in dumped.stderr  # the start-up log line is still written, on standard error
