"""E-mail backends for tests: one that refuses some addresses like a failing SMTP server."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    """Like locmem, but an address containing "broken" fails with an SMTP error every time."""

    def send_messages(self, messages):
        for message in messages:
            if any("broken" in address for address in message.to):
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
