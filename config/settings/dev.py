from .base import *  # noqa: F403
from .base import env_flag

DEBUG = env_flag("DEBUG", True)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Serve static files straight from the apps and static/ without collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
