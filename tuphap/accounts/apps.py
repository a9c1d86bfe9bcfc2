from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tuphap.accounts"
    label = "accounts"
    verbose_name = _("Agencies and users")

    def ready(self) -> None:
        from tuphap.accounts import signals  # noqa: F401  (connects the receivers)
        from tuphap.core import navigation

        navigation.add_link(
            "audit",
            navigation.Link(
                _("Audit trail"), "accounts:audit", frozenset({"auditor", "administrator"})
            ),
        )
