"""Create a curator: a staff account in the Curators group.

Curators edit the knowledge base in the admin and nothing else (see
filmkb/curators.py). Without arguments the command asks for what it needs;
in scripts pass ``--username``, ``--email`` and ``--password-from-env VAR``
so the password never appears on a command line.
"""

import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from filmkb.curators import CURATORS_GROUP, create_curator


class Command(BaseCommand):
    help = "Create a staff user in the Curators group (asks for missing details)."

    def add_arguments(self, parser):
        parser.add_argument("--username", help="Login name of the new curator.")
        parser.add_argument("--email", default=None, help="E-mail address (optional).")
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Read the password from this environment variable instead of asking.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Never prompt; fail when a detail is missing.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, then create nothing."
        )

    def handle(self, *args, username=None, email=None, password_from_env=None, **options):
        interactive = options["interactive"] and sys.stdin.isatty()
        if not username:
            if not interactive:
                raise CommandError("Give --username (no terminal to ask on).")
            username = input("Username: ").strip()
        if email is None:
            email = input("E-mail address (optional): ").strip() if interactive else ""
        password = self.get_password(password_from_env, interactive)
        try:
            with transaction.atomic():
                user = create_curator(username, email, password)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError("Password refused: " + " ".join(exc.messages)) from None
        if options["verbosity"] >= 1:
            action = "Would create" if options["dry_run"] else "Created"
            self.stdout.write(
                self.style.SUCCESS(f"{action} curator {user.username!r} in group {CURATORS_GROUP}.")
            )

    def get_password(self, variable, interactive):
        if variable:
            password = os.environ.get(variable)
            if not password:
                raise CommandError(f"Environment variable {variable} is not set or empty.")
            return password
        if not interactive:
            raise CommandError("Give --password-from-env VAR (no terminal to ask on).")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password
