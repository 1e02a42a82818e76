"""The fields of Article that have one column per site language."""

from modeltranslation.translator import TranslationOptions, register

from articles.models import CONTENT_FIELDS, Article


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = CONTENT_FIELDS
