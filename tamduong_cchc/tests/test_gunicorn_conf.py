"""The production server's settings file (ops/gunicorn.conf.py) loads and its worker hook runs."""

import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "ops" / "gunicorn.conf.py"


def test_a_worker_freezes_what_the_loaded_app_holds_out_of_the_collectors_full_passes():
    conf = runpy.run_path(str(CONF))
    assert conf["workers"] >= 1 and conf["worker_class"] in ("sync", "gthread")
    gc.unfreeze()
    try:
        conf["post_worker_init"](None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
