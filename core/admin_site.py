"""The CMS's admin site: Django's, with two-step sign-in for staff (core/staff_mfa.py).

Installed as the default site (core/admin_apps.py, in INSTALLED_APPS), so `admin.site` and
every `@admin.register` in the apps keep working unchanged.
"""

from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import path, reverse

from core import staff_mfa

# What staff who still have to set up an app may reach: the set-up page and signing out.
REACHABLE_BEFORE_ENROLMENT = frozenset({"staff_mfa_enrol", "logout"})


class CMSAdminSite(admin.AdminSite):
    login_form = staff_mfa.StaffSignInForm
    login_template = "admin/staff_login.html"

    def get_urls(self):
        return [
            path(
                "two-step-sign-in/",
                self.admin_view(self.staff_mfa_enrol),
                name="staff_mfa_enrol",
            ),
            *super().get_urls(),
        ]

    def admin_view(self, view, cacheable=False):
        return super().admin_view(self.two_step_gate(view), cacheable)

    def two_step_gate(self, view):
        def gated(request, *args, **kwargs):
            step = staff_mfa.step_needed(request.user)
            if step == staff_mfa.SIGN_IN_WITH_CODE:
                logout(request)
                messages.info(request, "Your account uses an authenticator app: sign in again.")
                return redirect_to_login(
                    request.get_full_path(), reverse("admin:login", current_app=self.name)
                )
            if step == staff_mfa.ENROL:
                url_name = request.resolver_match.url_name if request.resolver_match else None
                if url_name not in REACHABLE_BEFORE_ENROLMENT:
                    return redirect("admin:staff_mfa_enrol")
            return view(request, *args, **kwargs)

        return update_wrapper(gated, view)

    def staff_mfa_enrol(self, request):
        return staff_mfa.enrol_view(request, self)
