"""One anchor index kept across an import's batches links as one built anew each batch."""

import pytest

from articles.importing.linking import MAX_POSTINGS, AnchorIndex, Node, link_documents
from articles.importing.planning import StoredAnchors
from articles.models import Article, SourceDocument
from tests.importing.conftest import SEED, run_import
from tests.importing.test_linking import SEED_LANGUAGES, seed_node


def outcome(index: AnchorIndex):
    result = link_documents(index)
    stories = sorted(sorted(n.key for n in c.members.values()) for c in result.clusters)
    assert len(stories) < len(index.nodes)  # some files linked
    links = {key: (link.score, link.anchors, link.rule) for key, link in result.links.items()}
    return stories, links, sorted(index.candidates(index.nodes["fr"]))


def test_an_index_changed_by_add_and_remove_links_as_one_built_anew():
    # An anchor held by more than MAX_POSTINGS documents, then by fewer once files go:
    # which anchors are walked, and in which languages, must follow.
    seeds = [seed_node(key) for key in SEED_LANGUAGES]
    french = seeds[1].anchors - {a for node in seeds if node.language != "fr" for a in node.anchors}
    shared = min(french)  # an anchor of the French seed alone
    crowd = [  # the 10 kept in French: the anchor is then held in one language only
        Node(f"crowd{i}", "fr" if i < 10 else "en", frozenset({shared, f"x{i}"}))
        for i in range(MAX_POSTINGS + 5)
    ]
    fresh = AnchorIndex([*crowd[:10], *seeds])

    kept = AnchorIndex(crowd)  # an earlier batch's files
    kept.remove(node.key for node in crowd[10:])
    kept.add(seeds)
    kept.refresh()

    assert outcome(kept) == outcome(fresh)
    assert kept.df == fresh.df and kept._telling == fresh._telling


pytestmark_db = pytest.mark.django_db(transaction=True)


@pytestmark_db
def test_a_file_links_to_its_translations_imported_in_earlier_batches(settings, seed_bundle):
    settings.NEWSROOM_IMPORT_BATCH = 1  # every file a batch of its own

    code, _report = run_import(seed_bundle("id", "fr", "es", "other_id", "de"))

    assert code == 0
    by_file = dict(SourceDocument.objects.values_list("name", "article_id"))
    story = {by_file[SEED[key]] for key in ("id", "fr", "es", "de")}
    assert len(story) == 1 and by_file[SEED["other_id"]] not in story


@pytestmark_db
def test_between_batches_the_index_follows_what_an_editor_changed(seed_bundle):
    run_import(seed_bundle("id", "fr"))
    stored = StoredAnchors()
    stored.sync()
    french = SourceDocument.objects.get(name=SEED["fr"])
    assert stored.index.nodes[("db", french.pk)].article_id == french.article_id

    other = Article.objects.create(title_fr="Ailleurs", slug_fr="ailleurs")
    SourceDocument.objects.filter(pk=french.pk).update(article=other)  # moved by an editor
    SourceDocument.objects.filter(name=SEED["id"]).delete()
    stored.sync()

    assert list(stored.index.nodes) == [("db", french.pk)]
    assert stored.index.nodes[("db", french.pk)].article_id == other.pk
