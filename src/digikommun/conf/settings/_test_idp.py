"""Configuration of the built-in test identity provider, shared by the demo and test settings.

The platform logs people in as an OpenID Connect client in every environment. In demo and
test the provider is django-oauth-toolkit running in the same site under /idp/, so the
client code that runs is the production code. production.py refuses TEST_IDP_ENABLED.
"""

from __future__ import annotations

from pathlib import Path


def rsa_private_key(path: Path | None) -> str:
    """The provider's signing key: kept in a file for the demo, fresh per process in tests."""
    from jwcrypto import jwk

    if path is not None and path.exists():
        return path.read_text()
    key = jwk.JWK.generate(kty="RSA", size=2048)
    pem = key.export_to_pem(private_key=True, password=None).decode()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(pem)
        path.chmod(0o600)
    return pem


TEST_IDP_CLIENT_ID = "digikommun-portal"
TEST_IDP_CLIENT_SECRET = "demo-client-secret-not-for-production"


def settings_for(key_path: Path | None) -> dict:
    from .base import OAUTH2_PROVIDER  # the API's part of the provider, kept

    return {
        "TEST_IDP_ENABLED": True,
        "OAUTH2_PROVIDER": {
            **OAUTH2_PROVIDER,
            "OIDC_ENABLED": True,
            "OIDC_RSA_PRIVATE_KEY": rsa_private_key(key_path),
            "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
            "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
            "PKCE_REQUIRED": True,
            "OAUTH2_VALIDATOR_CLASS": "digikommun.identity.idp.TestProviderValidator",
            "SCOPES": {
                "openid": "OpenID Connect",
                "profile": "Name",
                "https://id.oidc.se/scope/naturalPersonNumber": "Personal identity number",
            },
            "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
            "ALLOW_LOCALHOST_LOOPBACK": True,
        },
        "OIDC_RP_CLIENT_ID": TEST_IDP_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": TEST_IDP_CLIENT_SECRET,
        # Relative: the browser follows it on whatever host served the page. The back-channel
        # endpoints (token, keys, userinfo) are made absolute per request by EidBackend.
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "/idp/authorize/",
        "OIDC_OP_TOKEN_ENDPOINT": "/idp/token/",
        "OIDC_OP_USER_ENDPOINT": "/idp/userinfo/",
        "OIDC_OP_JWKS_ENDPOINT": "/idp/.well-known/jwks.json",
        "OIDC_OP_LOGOUT_ENDPOINT": "/idp/logout/",
    }
