"""How an API request says who it is: ``Authorization: Bearer <token>``, or (reads only) the session."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from .permissions import IntegrationClient
from .selectors import token_for_secret
from .services import token_mark_used

KEYWORD = b"bearer"


class ApiTokenAuthentication(BaseAuthentication):
    """A personal or integration token in the Authorization header; a bad one is refused (401)."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as “Authorization: Bearer <token>”."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This access token is not valid.")) from None
        token = token_for_secret(secret=secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This access token is not valid, has expired or has been revoked."))
        token_mark_used(token=token)
        return (token.user if token.user_id else IntegrationClient(token)), token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (with this challenge) rather than 403 to a request without credentials.
        return 'Bearer realm="api"'


class SessionReadAuthentication(SessionAuthentication):
    """A signed-in person may read the API from the browser (the documentation's "Try it out").

    Writes never ride on the session: each write must carry a token so that the audit trail names it.
    """

    def authenticate(self, request):
        if request.method not in SAFE_METHODS:
            return None
        return super().authenticate(request)
