"""Preview of a version in any state: for signed-in staff, on the public template, never public."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def preview_url(article, language):
    return reverse("admin:articles_article_preview", args=[article.pk, language])


def public_url(article, language):
    with translation.override(language):
        return reverse("articles:detail", kwargs={"slug": article.text("slug", language)})


@pytest.fixture
def story():
    """English is live; French is a draft; German is a draft too."""
    article = make_article(
        languages=["en", "fr", "de"], title_fr="Le port rouvre", body_fr="Premier paragraphe."
    )
    article.versions.filter(language="en").update(
        status=Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1)
    )
    return article


def test_a_draft_previews_for_an_editor_as_the_public_page_would_show_it(
    editor_client, client, story
):
    response = editor_client.get(preview_url(story, "fr"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Le port rouvre</h1>" in page
    assert "Premier paragraphe." in page
    assert "Preview — not published" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<html lang="fr"' in page
    # The switcher offers what readers could reach: live English, not the German draft.
    switcher = page.split('class="switcher"')[1].split("</nav>")[0]
    assert public_url(story, "en") in switcher
    assert public_url(story, "de") not in switcher
    assert f'hreflang="fr" href="http://testserver{public_url(story, "fr")}"' in page
    client.logout()
    assert client.get(public_url(story, "fr")).status_code == 404


def test_a_scheduled_version_previews_with_its_time_and_stays_404_in_public(
    editor_client, client, story
):
    later = timezone.now() + timedelta(days=2)
    story.versions.filter(language="fr").update(status=Status.PUBLISHED, published_at=later)
    response = editor_client.get(preview_url(story, "fr"))
    assert response.status_code == 200
    assert "Scheduled" in response.content.decode()
    assert later.date().isoformat() in response.content.decode()
    assert editor_client.get(public_url(story, "fr")).status_code == 404


def test_an_anonymous_user_gets_the_login_page(client, story):
    response = client.get(preview_url(story, "fr"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_translator_may_preview(translator_client, story):
    assert translator_client.get(preview_url(story, "fr")).status_code == 200


def test_view_on_site_goes_to_the_preview_of_unpublished_text(editor_client, story):
    story.source_language = "fr"
    story.save()
    page = editor_client.get(
        reverse("admin:articles_article_change", args=[story.pk])
    ).content.decode()
    assert preview_url(story, "fr") in page


def test_a_language_without_a_version_is_404(editor_client, story):
    assert editor_client.get(preview_url(story, "es")).status_code == 404


def test_each_versions_view_on_site_in_the_form_is_its_page_or_its_preview(editor_client, story):
    page = editor_client.get(
        reverse("admin:articles_article_change", args=[story.pk])
    ).content.decode()
    assert f'<a href="{public_url(story, "en")}">View on site</a>' in page
    assert f'<a href="{preview_url(story, "de")}">View on site</a>' in page


def test_each_preview_shows_its_own_text(editor_client, story):
    other = make_article(languages=["fr"], title_fr="La pluie tombe", body_fr="Il pleut.")
    first = editor_client.get(preview_url(story, "fr")).content.decode()
    second = editor_client.get(preview_url(other, "fr")).content.decode()
    assert "Premier paragraphe." in first
    assert "<h1>La pluie tombe</h1>" in second and "Il pleut." in second
    assert "Premier paragraphe." not in second
    # and an edited draft previews with its new text
    story.body_fr = "Paragraphe corrigé."
    story.save()
    assert "Paragraphe corrigé." in editor_client.get(preview_url(story, "fr")).content.decode()


def test_the_preview_of_a_draft_does_not_say_published(editor_client):
    article = make_article(languages=["fr"], title_fr="Brouillon")
    page = editor_client.get(preview_url(article, "fr")).content.decode()
    assert "Publié" not in page and "Not published (Draft)" in page  # the page is French
    article.versions.update(status=Status.PUBLISHED, published_at=timezone.now())
    assert "Publié" in editor_client.get(preview_url(article, "fr")).content.decode()
