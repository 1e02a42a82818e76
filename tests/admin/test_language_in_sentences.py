"""Inside a sentence a language's name reads as in running text ("le texte allemand",
never "le texte Allemand"): every admin message and service error takes it from
`articles.language_names.name_in_sentence`; labels (tabs, columns, choices) keep the
capitalised name."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from articles import services
from articles.models import Status
from tests.admin.helpers import change_url, finding, form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db

#: A French language name capitalised after the first word of a sentence.
CAPITALISED_INSIDE = re.compile(r"\w[ \u2019'](Allemand|Français|Anglais|Espagnol|Indonésien)\b")


def test_a_service_error_in_french_names_the_language_in_lower_case(editor_user):
    version = make_article(languages=["de"]).versions.get()
    finding(version)
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.publish(version=version, user=editor_user)

    message = refused.value.messages[0]
    assert "allemand" in message and not CAPITALISED_INSIDE.search(message)


def test_the_change_form_refusal_in_french_names_the_language_in_lower_case(translator_client):
    article = make_article(languages=["fr", "de"], status=Status.PUBLISHED)
    data = form_data(translator_client, article)

    response = translator_client.post(
        change_url(article), {**data, "body_fr": "Changé."}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    page = response.content.decode()
    assert "français" in page and not CAPITALISED_INSIDE.search(page)


def test_the_publish_confirmation_in_french_names_the_language_in_lower_case(editor_client):
    article = make_article(languages=["de"])
    response = editor_client.post(
        reverse("admin:articles_article_workflow", args=[article.pk]),
        {"operation": "publish", "language": "de"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    title = response.context_data["title"]
    assert "allemand" in title and not CAPITALISED_INSIDE.search(title)
