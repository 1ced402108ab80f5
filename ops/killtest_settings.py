"""Settings of the processes ops/reminders_kill_worker.py starts: the local ones, with a lease on
"sending" of a few seconds (REMINDERS_SENDING_LEASE_SECONDS) so that the recovery of the message a
killed worker was sending happens within the run, not ten minutes later."""

from tamduong_cchc.settings.local import *  # noqa: F403
from tamduong_cchc.settings.local import env

REMINDERS_SENDING_LEASE_SECONDS = env.int("REMINDERS_SENDING_LEASE_SECONDS", default=5)
