"""The translation editor shows what changed in the source since the translation, per paragraph."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article
from tests.factories import editor, make_article

pytestmark = pytest.mark.django_db


def test_the_translator_sees_which_source_words_changed_since_translating(editor_client):
    article = make_article(
        languages=["en", "fr"],
        body_en="The port reopens on Monday.\n\nShips wait outside.",
        body_fr="Le port rouvre lundi.\n\nLes navires attendent.",
    )
    services.mark_source(article=article, language="en", user=None)
    article = Article.objects.get(pk=article.pk)
    opened = services.edit_checksums(article)["en"]
    services.save_text(
        article=article,
        language="en",
        texts={
            "title": article.title_en,
            "slug": article.slug_en,
            "lede": article.lede_en,
            "body": "The port reopens on Tuesday.\n\nShips wait outside.",
        },
        user=editor(username="ed"),
        opened_checksum=opened,
    )
    assert article.versions.get(language="fr").source_changed
    page = editor_client.get(
        reverse("admin:articles_article_translate", args=[article.pk, "fr"])
    ).content.decode()
    assert page.count('class="nr-source-diff"') == 1  # the first paragraph only
    diff = page.split('class="nr-source-diff"')[1].split("</div>")[0]
    assert "<del>Monday.</del>" in diff and "<ins>Tuesday.</ins>" in diff
