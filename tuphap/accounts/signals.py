"""Sign-ins and failed sign-ins go to the audit trail. These receivers are plumbing for
Django's auth, not business logic."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from tuphap.core import audit


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit.record(actor=user, action="accounts.session.signed_in", obj=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        with transaction.atomic():
            audit.record(actor=user, action="accounts.session.signed_out", obj=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    with transaction.atomic():
        audit.record(
            actor=None,
            action="accounts.session.sign_in_failed",
            data={"username": str(credentials.get("username", ""))[:150]},
        )
