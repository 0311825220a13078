"""``samla demo load``: migrate, load the reference data and the real pilot, create the demo login.

Idempotent: a second run finds everything in place and changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from samla.allocation.services import programme_import_folder
from samla.core.allocation import InputError

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "samla-demo-admin"  # a local demo only; never deploy the demo users
DEMO_LOGIN = "Demo login: {username} / {password} at http://127.0.0.1:8000/accounts/login/ (all demo users below)"


def demo_programme_path() -> Path:
    return Path(settings.BASE_DIR).parent / "examples" / settings.SAMLA_DEMO_PROGRAMME


class Command(BaseCommand):
    help = "Migrate, load reference data and the demo programme, and create the demo superuser (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options.get("verbosity", 1))
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)  # the embedded SQLite database lives here
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))

        from samla.registry.services import registry_load_reference_data
        from samla.schemes.services import schemes_load_reference_data

        registry_load_reference_data()
        schemes_load_reference_data()
        self.stdout.write("Reference data loaded (municipalities, regions, indicators, grant schemes).")

        path = demo_programme_path()
        try:
            programme = programme_import_folder(path=path)
        except InputError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(f"Programme {programme.slug!r} loaded: {programme.name}")

        User = get_user_model()
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            User.objects.create_superuser(username=DEMO_USERNAME, email="", password=DEMO_PASSWORD)
            self.stdout.write(f"Demo superuser {DEMO_USERNAME!r} created.")
        self.stdout.write(self.style.SUCCESS(DEMO_LOGIN.format(username=DEMO_USERNAME, password=DEMO_PASSWORD)))

        from samla.accounts.services import demo_users_ensure

        for username, password, role in demo_users_ensure():
            self.stdout.write(f"Demo user: {username} / {password}  ({role})")

        from samla.demo.calls import demo_load_workflow

        for line in demo_load_workflow():
            self.stdout.write(line)

        from samla.demo.allocation import demo_load_allocation

        for line in demo_load_allocation(programme):  # after the calls, so that the letters carry case numbers
            self.stdout.write(line)

        from samla.demo.evaluation import demo_load_evaluation

        form = demo_load_evaluation()
        self.stdout.write(f"Reflection form {form.name!r} loaded with its illustrative waves and responses.")

        from samla.demo.followup import followup_load_demo

        for line in followup_load_demo():
            self.stdout.write(line)
