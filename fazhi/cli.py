"""`fazhi <command>`: the commands people run (demo, imports, reports), over Django's
management commands. `fazhi help` lists them."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fazhi", *sys.argv[1:]])
