"""(being written)"""

from articles.checks.base import Story

KIND = "name_spelling"


def check(story: Story):
    return []
