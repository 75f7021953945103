"""The UI languages besides German, and per-language fields for translatable texts."""

from django.conf import settings
from django.utils.text import format_lazy

# Texts other than offers (pages, the help strip, providers, topics and districts) keep
# their translations in fields of the same object: `intro_en`, `intro_tr`, … next to the
# German `intro`. One object, one revision, one approval – the way offers are edited.
TARGET_LANGUAGES = tuple(
    code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
)


def per_language(field_class, verbose_name, **options) -> tuple:
    """One field per target language, to unpack in a model body in TARGET_LANGUAGES order:
    `intro_en, intro_tr, intro_ar, intro_uk = per_language(models.TextField, _("intro"))`."""
    return tuple(
        field_class(format_lazy("{} ({})", verbose_name, code.upper()), **options)
        for code in TARGET_LANGUAGES
    )
