"""Names vulture reports as unused that something other than our Python calls.

Read by scripts/deadcode.py (`make lint`); keep it short, each with its reason.
"""

# ruff: noqa
_ = object()

# Django's upload handler API (src/digikommun/files/uploads.py).
_.receive_data_chunk
_.file_complete
file_size
# A module-level __getattr__ (src/digikommun/forms/fields.py): Python calls it.
__getattr__
# Named by string in settings: the OIDC backend and callback view, the test provider's
# validator, a template context processor.
EidBackend
EidCallbackView
TestProviderValidator
staff
# Named by string in settings: the API's audit middleware and its scopes backend.
ApiAuditMiddleware
ClientScopes
# Hooks that mozilla-django-oidc and django-oauth-toolkit call.
_.verify_claims
_.describe_user_by_claims
_.filter_users_by_claims
_.update_user
_.login_failure
_.get_additional_claims
# Read by templates (src/digikommun/portal/templates/portal/).
_.described_by
_.map_options
_.can_add
# aiosmtpd calls these handlers (tests/notify/smtp.py).
_.handle_RCPT
_.handle_DATA
rcpt_options
# Renders docs/screenshots/decision-letter.png when the letter's layout changes (by hand).
first_page_png
# Named by string in settings (MIDDLEWARE, FILE_UPLOAD_HANDLERS, AXES_CLIENT_IP_CALLABLE).
UploadGuardMiddleware
PersonalPagesNoStoreMiddleware
_.process_exception
StreamLimitHandler
axes_client_ip
# Read by a template (portal/widgets/month.html).
_.month_choices
# pytest fixtures asked for by name, for their effect.
small_limits
chunk_size
# Named by string in a test's REGISTER_ADAPTERS (tests/registers/test_prefill_flow.py).
DownPopulationRegister
# The standard library's HTTP classes call these by name: urllib's redirect handler
# (src/digikommun/webhooks/sending.py) and http.server's handler (tests/webhooks/receiver.py).
_.redirect_request
_.do_POST
_.log_message
