"""A file that matches a story as a whole, not any one of its versions, is suggested."""

from articles.importing.linking import AnchorIndex, link_documents, node
from articles.importing.splits import story_suggestions

#: Filler stories, so that every anchor is rare enough to count.
OTHERS = [
    node(("db", 100 + i), language, [f"other{i}a", f"other{i}b", f"other{i}c", f"x{i}"],
         article_id=50 + i, new=False)
    for i, language in enumerate(["en", "fr", "es", "id", "en", "fr", "es", "id"])
]  # fmt: skip


def suggestions_for(german_anchors):
    story = [
        node(("db", 1), "fr", ["bethesda", "rowlett", "1953", "plasco"], article_id=7, new=False),
        node(("db", 2), "en", ["bethesda", "mississippi", "2014", "sheffield"],
             article_id=7, new=False),
    ]  # fmt: skip
    german = node(("file", 0), "de", german_anchors)
    index = AnchorIndex([*story, *OTHERS, german])
    result = link_documents(index)
    return result, story_suggestions(index, result)


def test_a_file_sharing_a_few_names_with_each_version_is_suggested_to_join_the_story():
    # Two anchors with the French version, two with the English one: no pair shares the
    # three anchors linking asks for, the story does.
    result, suggestions = suggestions_for(["rowlett", "1953", "mississippi", "2014", "zug"])

    assert result.suggestions == [] and len(result.cluster_of[("file", 0)].members) == 1
    (suggestion,) = suggestions
    assert suggestion.a == ("file", 0) and suggestion.b in {("db", 1), ("db", 2)}
    assert suggestion.link.rule == "suggested"


def test_a_file_sharing_little_with_any_story_is_left_alone():
    _result, suggestions = suggestions_for(["rowlett", "zug", "bahn", "kiel"])

    assert suggestions == []
