"""The Django admin shows only the slow-changing set-up that support staff need (help-exchange
organisations and villages, analysis codes and personas, registered by those tools).

No model that carries an identity is registered: people, consents, users and their roles are
managed on the staff pages, which check permissions and write the audit log. django-otp's own
admin pages are removed too: they show each device's secret key and QR code, which would let
anyone with admin access copy a staff member's second factor (docs/deployment.md).
"""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
