"""A mail backend for the tests: the locmem outbox, except that addresses at
refused.example.org are refused as a mail server refuses them (while
``REFUSING`` holds)."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as Outbox

REFUSING = {"on": True}


class RefusingBackend(Outbox):
    def send_messages(self, messages):
        for message in messages:
            refused = [a for a in message.to if a.endswith("@refused.example.org")]
            if refused and REFUSING["on"]:
                raise smtplib.SMTPRecipientsRefused(
                    {address: (550, b"5.1.1 mailbox unavailable") for address in refused}
                )
        return super().send_messages(messages)
