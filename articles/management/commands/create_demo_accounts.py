"""Create the demo editor and translator, for a laptop or a demo site."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import UserLanguage
from articles.roles import EDITORS, TRANSLATORS

ACCOUNTS = [
    ("editor", EDITORS, "NEWSROOM_EDITOR_PASSWORD"),
    ("translator", TRANSLATORS, "NEWSROOM_TRANSLATOR_PASSWORD"),
]
#: The demo accounts' addresses (example.org never delivers): with the console e-mail backend
#: of a laptop, the review e-mails they get are printed where `make run` serves.
EMAIL_DOMAIN = "newsroom.example.org"
#: The demo translator works in two languages (the editor in all: none set).
TRANSLATOR_LANGUAGES = ("fr", "de")


class Command(BaseCommand):
    help = (
        "Create the demo accounts 'editor' (may publish) and 'translator' (may not; "
        "works in French and German). "
        "Passwords come from NEWSROOM_EDITOR_PASSWORD / NEWSROOM_TRANSLATOR_PASSWORD, "
        "or are generated and printed; an existing account keeps its password unless "
        "the variable is set."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        for username, group_name, variable in ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            if not user.email:
                user.email = f"{username}@{EMAIL_DOMAIN}"
                user.save(update_fields=["email"])
            password = os.environ.get(variable)
            if created or password:
                password = password or secrets.token_urlsafe(12)
                user.set_password(password)
                user.is_staff = True
                user.save()
                self.stdout.write(
                    self.style.SUCCESS(f"{username}: password {password}")
                    + f"  ({group_name}{', new' if created else ''})"
                )
            else:
                self.stdout.write(
                    f"{username}: exists, password unchanged (set {variable} to reset it)"
                )
            user.groups.add(Group.objects.get(name=group_name))
            if group_name == TRANSLATORS and not user.working_languages.exists():
                UserLanguage.objects.bulk_create(
                    UserLanguage(user=user, language=code) for code in TRANSLATOR_LANGUAGES
                )
