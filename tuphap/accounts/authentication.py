"""API token authentication in one statement.

DRF's ``TokenAuthentication`` reads the token with its user through the ORM, and the first
permission check then reads the user's roles in a second query. This one reads the token's user
and the roles together, in a statement written out once (every API request runs it), and keeps
everything else of DRF's: the ``Authorization: Token <key>`` header, the same errors for a
missing, malformed or unknown token and an inactive user, and ``(user, token)`` as the result.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from tuphap.accounts.models import User, UserRole

_TOKEN_USER = Token._meta.get_field("user")


def _sql() -> str:
    quote = connection.ops.quote_name
    user, role, token = User._meta, UserRole._meta, Token._meta

    def column(meta: Any, name: str) -> str:
        return quote(meta.get_field(name).column)

    pk = quote(user.pk.column)
    # Only quoted names from the models' meta go into the text; the key is a parameter.
    return (
        f"SELECT u.*, r.{column(role, 'role')} AS token_role "  # noqa: S608
        f"FROM {quote(token.db_table)} t JOIN {quote(user.db_table)} u "
        f"ON u.{pk} = t.{column(token, 'user')} "
        f"LEFT JOIN {quote(role.db_table)} r ON r.{column(role, 'user')} = u.{pk} "
        f"WHERE t.{column(token, 'key')} = %s"
    )


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication; the user comes with their roles (``User.role_set``)."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        rows = list(User.objects.raw(_sql(), [key]))  # one row per role, one if none
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = rows[0]
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        roles = (getattr(row, "token_role", None) for row in rows)  # the statement's column
        user._role_cache = frozenset(role for role in roles if role)
        # The token as DRF returns it; its ``created`` is read only if something asks for it.
        token = Token.from_db(connection.alias, ["key", "user_id"], [key, user.pk])
        _TOKEN_USER.set_cached_value(token, user)
        return user, token
