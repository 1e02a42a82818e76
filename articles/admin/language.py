"""Each member of staff's own admin language: chosen on their account, not by the browser.

`AdminLanguageMiddleware` activates it for admin pages (after the session and the user are
known); `language_view` is the page where a user chooses it (linked from the desk). Reader
pages keep their own language rules (`LocaleMiddleware`, the edition in the URL).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import AdminLanguage


def chosen_language(user) -> str:
    """The admin language `user` chose, or "" (then the browser's applies)."""
    if user is None or not user.is_authenticated:
        return ""
    choice = AdminLanguage.objects.filter(user=user).values_list("language", flat=True).first()
    return choice or ""


class AdminLanguageMiddleware:
    """Admin pages in the signed-in user's chosen language. After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The admin's address as the URLconf has it, compared with the path below the
        # script prefix the site may be mounted under (SCRIPT_NAME).
        admin = "/" + reverse("admin:index").removeprefix(get_script_prefix())
        if request.path_info.startswith(admin):
            language = chosen_language(getattr(request, "user", None))
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Interface language"),
        choices=[("", gettext_lazy("As my browser asks")), *settings.LANGUAGES],
        required=False,
    )


def language_view(modeladmin, request):
    """Choose one's own admin language (any member of staff, for themselves only)."""
    if request.method == "POST":
        form = LanguageForm(request.POST)
        if form.is_valid():
            language = form.cleaned_data["language"]
            if language:
                AdminLanguage.objects.update_or_create(
                    user=request.user, defaults={"language": language}
                )
                translation.activate(language)
            else:
                AdminLanguage.objects.filter(user=request.user).delete()
            modeladmin.message_user(
                request, _("Your interface language is saved."), messages.SUCCESS
            )
            return redirect(reverse("admin:index"))
    else:
        form = LanguageForm(initial={"language": chosen_language(request.user)})
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": _("Your interface language"),
        "form": form,
    }
    return TemplateResponse(request, "admin/articles/language.html", context)
