"""Staff accounts with their working languages: Django's user admin plus one inline."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from articles.models import UserLanguage


class UserLanguageInline(admin.TabularInline):
    """A translator edits only these languages; an editor is told of submissions in them."""

    model = UserLanguage
    extra = 1


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(UserAdmin):
    inlines = [UserLanguageInline]
