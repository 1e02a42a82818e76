"""The article's own admin pages share one breadcrumb trail (base_article_page.html)."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def breadcrumbs(response) -> list[tuple[str, str]]:
    """(href, text) of each link in the page's breadcrumbs, then ("", the page's own name)."""
    html = response.content.decode()
    trail = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.S).group(1)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', trail)
    last = trail.rsplit("&rsaquo;", 1)[1].strip()
    return [*links, ("", last)]


@pytest.mark.parametrize(
    ("page", "name", "article_page"),
    [
        ("review", "Review", "change"),
        ("link", "Link a version", "review"),
        ("revisions", "Revisions", "review"),
    ],
)
def test_each_article_page_leads_back_through_the_list_to_the_article(
    editor_client, page, name, article_page
):
    article = make_article(languages=("fr",), title_fr="Le titre")
    response = editor_client.get(reverse(f"admin:articles_article_{page}", args=[article.pk]))

    assert response.status_code == 200
    assert breadcrumbs(response) == [
        (reverse("admin:index"), "Home"),
        (reverse("admin:app_list", kwargs={"app_label": "articles"}), "Newsroom"),
        (reverse("admin:articles_article_changelist"), "Articles"),
        (reverse(f"admin:articles_article_{article_page}", args=[article.pk]), str(article)),
        ("", name),
    ]
