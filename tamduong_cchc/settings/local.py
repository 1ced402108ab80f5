"""Development settings: what ``make run`` uses (SQLite, filesystem broker, e-mails as files)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
