"""The organisation the tracker was built for (Tam Đường), as shipped in ``seed/tam_duong.json``."""

import json
from pathlib import Path

SEED_FILE = Path(__file__).resolve().parent / "seed" / "tam_duong.json"


def organisation_seed_values() -> dict[str, str]:
    """The seeded organisation's fields (the migration loads the same file)."""
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}
