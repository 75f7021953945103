from .base import *  # noqa: F403
from .base import env_flag

DEBUG = env_flag("DEBUG", True)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
