"""The `hientai` console command: Django's management commands under one name.

Hyphenated names are accepted (`hientai parse-plan`) and mapped to the
underscored command modules Django expects (`parse_plan`).
"""

import os
import secrets
import sys
from pathlib import Path


def prepare_var_dir() -> None:
    """Make var/ (the SQLite file, job files) and, on a local install without SECRET_KEY,
    keep one generated key in var/secret_key so sessions survive restarts and every server
    process signs alike. Done here, when a command runs: importing the settings writes nothing."""
    var_dir = Path(
        os.environ.get("HIENTAI_VAR_DIR", Path(__file__).resolve().parent.parent / "var")
    )
    var_dir.mkdir(parents=True, exist_ok=True)
    if os.environ.get("SECRET_KEY") or os.environ.get("HIENTAI_PROFILE", "local") != "local":
        return
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another `hientai` process wrote it a moment ago
        return
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(64))


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. `hientai migrate` or `hientai import-codes FILE`."""
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    prepare_var_dir()
    from django.core.management import execute_from_command_line

    args[0] = "hientai"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
