"""Migrations run the code they were written with: none imports the project's live code.

The only references to app modules a migration keeps are the ones ``makemigrations`` writes for a
field's callables (``upload_to``, validators), which Django requires to stay importable.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

FIELD_CALLABLE_MODULES = {"models", "validators"}


def test_no_migration_imports_live_code():
    root = Path(settings.BASE_DIR).resolve()
    configs = [config for config in apps.get_app_configs() if Path(config.path).resolve().parent == root]
    project = {config.name for config in configs}
    offending = []
    for config in configs:
        for path in sorted((Path(config.path) / "migrations").glob("0*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.module:
                    modules = [node.module]
                for module in modules:
                    top, _, rest = module.partition(".")
                    if top in project and rest not in FIELD_CALLABLE_MODULES:
                        offending.append(f"{path.name}: {module}")
    assert not offending, offending
