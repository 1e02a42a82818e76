"""The review page: every language side by side, findings by their paragraphs, sources."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Finding, LanguageVersion, Status
from tests.admin.helpers import finding, unlinked_document
from tests.factories import make_article, translator

pytestmark = pytest.mark.django_db


def review_url(article):
    return reverse("admin:articles_article_review", args=[article.pk])


@pytest.fixture
def story():
    article = make_article(
        languages=["en", "fr", "de"],
        title_en="Harbour reopens",
        title_fr="Le port rouvre",
        body_en="First paragraph.\n\n## Later\n\nThird paragraph.",
        body_fr="Premier paragraphe.\n\n## Ensuite\n\nTroisième paragraphe.",
        body_de="Erster Absatz.",
        key_points_fr="Point un\nPoint deux",
        source_attribution_en="Wire service",
    )
    article.source_language = "en"
    article.save()
    fr = article.versions.get(language="fr")
    fr.link_score = 0.87
    fr.link_anchors = ["Rotterdam", "42%"]
    fr.save()
    return article


def test_versions_are_columns_with_paragraphs_aligned(editor_client, story):
    response = editor_client.get(review_url(story))
    assert response.status_code == 200
    columns = response.context["columns"]
    assert [c["language"] for c in columns] == ["en", "fr", "de"]  # source first
    rows = response.context["rows"]
    assert [cell.get("text") for cell in rows[2]["cells"]] == [
        "Third paragraph.",
        "Troisième paragraphe.",
        None,
    ]
    assert rows[1]["cells"][1]["heading"] and rows[1]["cells"][1]["text"] == "Ensuite"
    page = response.content.decode()
    for text in ("Le port rouvre", "Point deux", "Wire service", "0.87", "Rotterdam", "42%"):
        assert text in page


def test_findings_sit_next_to_the_paragraph_they_concern(editor_client, story):
    fr = story.versions.get(language="fr")
    finding(fr, paragraph=2, message="Troisième: a figure is missing.")
    finding(fr, paragraph=None, severity=Finding.Severity.ADVISORY, message="Title is long.")
    response = editor_client.get(review_url(story))
    rows = response.context["rows"]
    assert [f.message for f in rows[2]["cells"][1]["findings"]] == [
        "Troisième: a figure is missing."
    ]
    assert rows[0]["cells"][1]["findings"] == []
    assert [f.message for f in response.context["columns"][1]["general_findings"]] == [
        "Title is long."
    ]


def test_source_documents_show_their_provenance(editor_client, story):
    doc = unlinked_document(name="bundle/a.txt")
    doc.article, doc.language = story, "fr"
    doc.raw_text = "Le port rouvre\n\n<b>brut</b>"
    doc.save()
    page = editor_client.get(review_url(story)).content.decode()
    assert "bundle/a.txt" in page
    assert doc.sha256 in page
    assert "0.97" in page
    assert "&lt;b&gt;brut&lt;/b&gt;" in page


def test_imported_text_is_escaped(editor_client):
    article = make_article(languages=["fr"], title_fr="<script>alert(1)</script>")
    page = editor_client.get(review_url(article)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_editor_sees_publish_buttons_and_translator_does_not(editor_client, client, story):
    page = editor_client.get(review_url(story)).content.decode()
    assert 'value="publish"' in page and "Detach into its own article" in page
    client.force_login(translator(username="t2"))
    page = client.get(review_url(story)).content.decode()
    assert 'value="publish"' not in page and 'value="unpublish"' not in page
    assert "Detach into its own article" not in page
    assert 'value="submit"' in page  # translators may submit for review


def test_publish_form_asks_for_a_reason_when_findings_block(editor_client, story):
    finding(story.versions.get(language="fr"))
    page = editor_client.get(review_url(story)).content.decode()
    assert 'name="override_reason"' in page


def test_publishing_from_the_review_page(editor_client, story):
    fr = story.versions.get(language="fr")
    response = editor_client.post(
        reverse("admin:articles_article_workflow", args=[story.pk]),
        {
            "operation": "publish",
            "language": "fr",
            "lock_version": fr.lock_version,
            "confirmed": "1",
        },
        follow=True,
    )
    # Lands where the result shows: the message and its Undo at the top of the view.
    assert response.redirect_chain[-1][0].endswith(review_url(story) + "#nr-result")
    assert 'id="nr-result"' in response.content.decode()
    fr.refresh_from_db()
    assert fr.status == Status.PUBLISHED and fr.is_live
    assert "Published or scheduled: 1 version." in response.content.decode()


def test_a_refused_publish_shows_why(editor_client, story):
    finding(story.versions.get(language="fr"))
    response = editor_client.post(
        reverse("admin:articles_article_workflow", args=[story.pk]),
        {"operation": "publish", "language": "fr", "confirmed": "1"},
        follow=True,
    )
    assert "open blocking finding" in response.content.decode()
    assert story.versions.get(language="fr").status == Status.DRAFT


def test_dismissing_a_finding_needs_a_reason_and_records_it(editor_client, editor_user, story):
    item = finding(story.versions.get(language="fr"), paragraph=0)
    url = reverse("admin:articles_article_finding", args=[story.pk, item.pk])
    response = editor_client.post(url, {"operation": "dismiss", "reason": " "}, follow=True)
    assert "Say why" in response.content.decode()
    item.refresh_from_db()
    assert item.dismissed_at is None
    editor_client.post(url, {"operation": "dismiss", "reason": "A quote, not our figure."})
    item.refresh_from_db()
    assert item.dismissed_by == editor_user and item.dismiss_reason == "A quote, not our figure."
    page = editor_client.get(review_url(story)).content.decode()
    assert "Numbers differ from the source." not in page


def test_translator_may_not_dismiss_findings(translator_client, story):
    item = finding(story.versions.get(language="fr"))
    url = reverse("admin:articles_article_finding", args=[story.pk, item.pk])
    assert "why it does not apply" not in translator_client.get(review_url(story)).content.decode()
    response = translator_client.post(url, {"operation": "dismiss", "reason": "no"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.dismissed_at is None


def test_a_translator_is_offered_no_change_to_a_published_text(translator_client):
    """What the server refuses (403) is not offered: no suggestion to apply on the
    published French version, none "in every version", and no restore of its text."""
    from articles import history
    from articles.editorial_checks import recompute_findings

    article = make_article(
        languages=["en", "fr", "de"],
        body_en="OpenAI said. Then OpenAI left. ChatGPT is a product of OpenAI.",
        body_fr="Openai a dit. Puis OpenAI est parti. Chatgpt est un produit d'Openai.",
        body_de="Openai sagte. Dann ging OpenAI. Chatgpt ist ein Produkt von Openai.",
    )
    LanguageVersion.objects.filter(language="fr").update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    recompute_findings(article)
    fr, de = (
        Finding.objects.get(version__language=code, suggestion__contains="“OpenAI”")
        for code in ("fr", "de")
    )
    page = translator_client.get(review_url(article)).content.decode()
    apply_fr = reverse("admin:articles_article_finding", args=[article.pk, fr.pk])
    apply_de = reverse("admin:articles_article_finding", args=[article.pk, de.pk])
    assert f'action="{apply_de}"' in page  # the draft German text is theirs to fix
    assert f'action="{apply_fr}"' not in page
    assert "in every version" not in page

    history.ensure_baseline(article)
    baseline = history.article_history(article).first()
    url = reverse("admin:articles_article_revisions", args=[article.pk])
    page = translator_client.get(url, {"language": "fr", "version": baseline.pk}).content.decode()
    assert "Restore the French text" not in page
    assert "only an editor may change its text" in page
    page = translator_client.get(url, {"language": "de", "version": baseline.pk}).content.decode()
    assert "Restore the German text" in page


def test_applying_a_name_spelling_suggestion_fixes_the_text(editor_client):
    from articles.editorial_checks import recompute_findings

    article = make_article(
        languages=["en", "fr", "de"],
        body_en="OpenAI said. Then OpenAI left. ChatGPT is a product of OpenAI.",
        body_fr="Openai a dit. Puis OpenAI est parti. Chatgpt est un produit d'Openai.",
        body_de="OpenAI sagte. Dann ging OpenAI. ChatGPT ist ein Produkt von OpenAI.",
    )
    recompute_findings(article)
    item = Finding.objects.get(
        version__language="fr", kind="name_spelling", suggestion__contains="“OpenAI”"
    )
    assert "Apply the fix" in editor_client.get(review_url(article)).content.decode()
    lock_version = item.version.lock_version
    url = reverse("admin:articles_article_finding", args=[article.pk, item.pk])
    response = editor_client.post(url, {"operation": "apply"}, follow=True)
    assert "Suggestion applied to 1 version." in response.content.decode()
    # One edit, one new revision (a page opened before it is stale by exactly one).
    assert LanguageVersion.objects.get(pk=item.version_id).lock_version == lock_version + 1
    article.refresh_from_db()
    assert (
        article.body_fr == "OpenAI a dit. Puis OpenAI est parti. Chatgpt est un produit d'OpenAI."
    )
    assert not Finding.objects.filter(pk=item.pk, dismissed_at__isnull=True).exists()


def test_a_button_from_a_stale_page_is_refused(editor_client, editor_user, story):
    fr = story.versions.get(language="fr")
    seen = fr.lock_version  # the page was opened here
    services.submit_for_review(version=fr, user=editor_user)  # someone else acts meanwhile
    response = editor_client.post(
        reverse("admin:articles_article_workflow", args=[story.pk]),
        {"operation": "archive", "language": "fr", "lock_version": seen},
        follow=True,
    )
    assert "changed by someone else" in response.content.decode()
    assert story.versions.get(language="fr").status == Status.IN_REVIEW


def test_the_findings_list_counts_paragraphs_as_the_review_page_does(editor_client):
    """Paragraph 1 is the first paragraph everywhere an editor reads it."""
    article = make_article(languages=["fr"])
    item = finding(article.versions.get(), paragraph=0, message="Paragraph 1 is in English.")
    listing = editor_client.get(reverse("admin:articles_finding_changelist")).content.decode()
    assert '<td class="field-paragraph_number">1</td>' in listing
    page = editor_client.get(reverse("admin:articles_finding_change", args=[item.pk]))
    assert '<div class="readonly">1</div>' in page.content.decode()
    assert 'name="paragraph"' not in page.content.decode()
