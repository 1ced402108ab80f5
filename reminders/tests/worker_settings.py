"""Settings of the real Celery workers started by test_worker_integration: the project's own, with
the test database (DATABASE_URL), the loopback SMTP server (EMAIL_URL) and a queue of their own."""

from tamduong_cchc.settings.base import *  # noqa: F403
from tamduong_cchc.settings.base import env

CELERY_TASK_DEFAULT_QUEUE = env("CCHC_TEST_QUEUE")
CELERY_TASK_ALWAYS_EAGER = False
