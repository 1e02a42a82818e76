"""The workflow as one table: which action moves a version from which states to which,
and which permission it takes.

The services refuse a move the table does not allow, the admin offers a button only
where the table allows it, undo asks for the permission of the move it reverses, and
the tests read the same table, so the rules cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles import roles
from articles.models import Status


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]  # the states the action starts from
    target: str  # the state it leaves the version in
    permission: str  # who may take it (`articles.roles`)


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({Status.DRAFT}), Status.IN_REVIEW, roles.CHANGE_VERSION),
    "send_back": Transition(frozenset({Status.IN_REVIEW}), Status.DRAFT, roles.PUBLISH),
    # From any state: publishing again reschedules; an archived version can come back.
    "publish": Transition(frozenset(Status), Status.PUBLISHED, roles.PUBLISH),
    "unpublish": Transition(frozenset({Status.PUBLISHED}), Status.DRAFT, roles.PUBLISH),
    "archive": Transition(
        frozenset({Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED}),
        Status.ARCHIVED,
        roles.PUBLISH,
    ),
}


def allowed(action: str, status: str) -> bool:
    """May `action` start from a version in `status`?"""
    return status in TRANSITIONS[action].sources


def permission_to_reverse(before: str, after: str) -> str | None:
    """The permission an undo needs to move a version back from `after` to `before`.

    The permission of the action that made the move; None when the state did not move
    (a text change: the caller applies the text rules). A move no single action makes
    (an undo of an undo, say) takes the strictest permission any action needs.
    """
    if before == after:
        return None
    for transition in TRANSITIONS.values():
        if before in transition.sources and transition.target == after:
            return transition.permission
    return roles.PUBLISH
