"""The admin's sign-in page: a form refusing an over-long user name as a form
error, and a template giving the page its level-one heading.

Django's ``AuthenticationForm`` sets its user name field's ``max_length``
after the field is built, so no validator enforces it: a name of any length
reaches ``authenticate()``, and django-axes then records the failed attempt
with it, in a column of 255 characters. PostgreSQL refuses the longer value
and the sign-in page answered 500.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator


class AdminLoginForm(AdminAuthenticationForm):
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


admin.site.login_form = AdminLoginForm
admin.site.login_template = "admin/claims/login.html"
