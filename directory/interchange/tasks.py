"""Background tasks (django-tasks; the database backend's worker runs them).

An import of thousands of rows takes longer than a web request may: the admin hands the
checking and the writing to these tasks and shows their progress.
"""

from django.contrib.auth import get_user_model
from django.utils import translation
from django_tasks import task

from . import staging


def _staged(token: str, user_id: int):
    user = get_user_model().objects.get(pk=user_id)
    return staging.staged_import_get(token, user=user), user


@task(backend="imports")
def staged_import_check_task(*, token: str, user_id: int, language: str) -> str:
    """The preview's dry run; messages in the language of the editor who uploaded."""
    with translation.override(language):
        staged, user = _staged(token, user_id)
        return staging.staged_import_check(staged, user=user).stage


@task(backend="imports")
def staged_import_apply_task(*, token: str, user_id: int, language: str) -> str:
    """The confirmed import: all rows or none."""
    with translation.override(language):
        staged, user = _staged(token, user_id)
        return staging.staged_import_apply(staged, user=user).stage
