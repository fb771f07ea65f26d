"""The `hientai` console command: Django's management commands under one name.

Hyphenated names are accepted (`hientai parse-plan`) and mapped to the
underscored command modules Django expects (`parse_plan`).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. `hientai migrate` or `hientai import-codes FILE`."""
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    from django.core.management import execute_from_command_line

    args[0] = "hientai"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
