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
from tuphap.core import rows as model_rows

_TOKEN_USER = Token._meta.get_field("user")
_SQL: dict[str, str] = {}  # per database alias


def _sql() -> str:
    sql = _SQL.get(connection.alias)
    if sql is None:
        sql = _SQL[connection.alias] = _build_sql()
    return sql


def _build_sql() -> str:
    quote = connection.ops.quote_name
    user, role, token = User._meta, UserRole._meta, Token._meta

    def column(meta: Any, name: str) -> str:
        return quote(meta.get_field(name).column)

    pk = quote(user.pk.column)
    # Only quoted names from the models' meta go into the text; the key is a parameter.
    return (
        f"SELECT {model_rows.columns(User, 'u')}, r.{column(role, 'role')} "  # noqa: S608
        f"FROM {quote(token.db_table)} t JOIN {quote(user.db_table)} u "
        f"ON u.{pk} = t.{column(token, 'user')} "
        f"LEFT JOIN {quote(role.db_table)} r ON r.{column(role, 'user')} = u.{pk} "
        f"WHERE t.{column(token, 'key')} = %s"
    )


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication; the user comes with their roles (``User.role_set``)."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        with connection.cursor() as cursor:
            cursor.execute(_sql(), [key])
            rows = cursor.fetchall()  # one row per role, one if none: the role is the last column
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = model_rows.read(User, rows[0])
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        user._role_cache = frozenset(row[-1] for row in rows if row[-1])
        # The token as DRF returns it; its ``created`` is read only if something asks for it.
        token = Token.from_db(connection.alias, ["key", "user_id"], [key, user.pk])
        _TOKEN_USER.set_cached_value(token, user)
        return user, token
