"""(being written)"""

from articles.checks.base import Story


def check(story: Story):
    return []
