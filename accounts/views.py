from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import services
from .forms import ConfirmPasswordForm, EmailForm, NewPasswordForm, PasswordResetRequestForm, SignInForm, SignUpForm
from .next_page import next_path

# The address the last "check your email" page was about, so it can say where it sent the email.
PENDING_EMAIL = "accounts_pending_email"
# Where someone was going when they chose to sign up (`?next=`), to go on there once they have confirmed.
NEXT_AFTER_CONFIRM = "accounts_next"
BACKEND = "accounts.backends.EmailBackend"
SIGNED_UP_USER = "accounts_signed_up_user"


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # `?next=` pointing back at this page would loop (Django raises); go to the account page instead.
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == self.request.path else url

    def form_invalid(self, form):
        if form.refusal is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(form.refusal.wait_seconds)
        return response


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def sign_up(request):
    """Create an account; whether or not the address already had one, the next page is "check your email"."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    next_url = next_path(request)
    form = SignUpForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "next": next_url}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            user = services.user_sign_up(full_name=data["full_name"], email=data["email"], password=data["password1"])
            request.session[PENDING_EMAIL] = data["email"]
            # Only the browser that made the account may confirm it without its password (see confirm_email).
            request.session[SIGNED_UP_USER] = user.pk if user is not None else None
            if next_url:
                request.session[NEXT_AFTER_CONFIRM] = next_url
            return redirect("accounts:check_email")
        return render(request, "accounts/signup.html", context, status=400)
    return render(request, "accounts/signup.html", context)


def check_email(request):
    """The GOV.UK "check your email" page, with a way to have the email sent again."""
    email = request.session.get(PENDING_EMAIL, "")
    return render(request, "accounts/check_email.html", {"email": email, "form": EmailForm(initial={"email": email})})


@require_http_methods(["GET", "POST"])
def confirm_resend(request):
    """Ask for a new confirmation link (rate-limited per person in the service); says the same for any address."""
    form = EmailForm(
        request.POST if request.method == "POST" else None, initial={"email": request.session.get(PENDING_EMAIL, "")}
    )
    if request.method == "POST":
        if form.is_valid():
            services.email_confirmation_resend(email=form.cleaned_data["email"])
            request.session[PENDING_EMAIL] = services.email_normalise(form.cleaned_data["email"])
            messages.success(request, "If that address has an account waiting to be confirmed, we have sent a new link")
            return redirect("accounts:check_email")
        return render(request, "accounts/confirm_resend.html", {"form": form}, status=400)
    return render(request, "accounts/confirm_resend.html", {"form": form})


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    """A link from the confirmation email. GET shows a button; POST confirms and signs the person in.

    Not done on GET: mail scanners open links in emails, and would use up the link (and get a session). In any
    browser but the one that made the account, the account's password is asked for too: otherwise someone
    could make an account on another person's address, and that person, by confirming it, would hand them a
    confirmed account whose password they know.
    """
    try:
        data = services.email_confirm_token_read(token)
    except ValidationError as error:
        return _confirm_link_broken(request, error)
    same_browser = request.session.get(SIGNED_UP_USER) == data["user_id"]
    form = None if same_browser else ConfirmPasswordForm(request.POST if request.method == "POST" else None)
    context = {"email": data["email"], "form": form}
    if request.method == "GET":
        return render(request, "accounts/confirm_email.html", context)
    if form is not None:
        if not form.is_valid():
            return render(request, "accounts/confirm_email.html", context, status=400)
        if authenticate(request, username=data["email"], password=form.cleaned_data["password"]) is None:
            refusal = getattr(request, "sign_in_refusal", None)
            form.add_error("password", refusal.message if refusal else "Enter the password you chose for this account")
            return render(request, "accounts/confirm_email.html", context, status=429 if refusal else 400)
    try:
        user, confirmed_now = services.email_confirm(token=token)
    except ValidationError as error:
        return _confirm_link_broken(request, error)
    if confirmed_now:
        next_url = request.session.pop(NEXT_AFTER_CONFIRM, "")  # login() keeps the session's data
        login(request, user, backend=BACKEND)
        request.session.pop(PENDING_EMAIL, None)
        request.session.pop(SIGNED_UP_USER, None)
        messages.success(request, "Your email address is confirmed and your account is ready")
        return redirect(next_url or "accounts:home")
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("accounts:home")
    messages.info(request, "Your email address is already confirmed. Sign in to continue")
    return redirect("accounts:login")


def _confirm_link_broken(request, error: ValidationError):
    email = (error.params or {}).get("email", "") if error.code == "expired" else ""
    context = {"expired": error.code == "expired", "form": EmailForm(initial={"email": email})}
    return render(request, "accounts/confirm_invalid.html", context, status=400)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        self.request.session[PENDING_EMAIL] = services.email_normalise(form.cleaned_data["email"])
        return super().form_valid(form)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(email=self.request.session.get(PENDING_EMAIL, ""), **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def render_to_response(self, context, **kwargs):
        if not self.validlink:
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
