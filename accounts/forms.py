from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError

from . import services
from .models import User

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
    "max_length": "Email address must be 254 characters or fewer",
}
NEW_PASSWORD_HINT = "Use 10 characters or more. Three random words are strong and easy to remember."  # noqa: S105 - words, not a secret

# Django's password validators, in GOV.UK words (by the error's code; any other validator keeps its own).
_PASSWORD_MESSAGES = {
    "password_too_short": "Password must be 10 characters or more",
    "password_too_common": "Password is too easy to guess. Choose one that is not a common password",
    "password_entirely_numeric": "Password must include letters or symbols, not only numbers",
    "password_too_similar": "Password must not be like your email address",
}


def _email_field(**kwargs):
    return forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages=EMAIL_ERRORS,
        **kwargs,
    )


def _new_password_fields(label1, label2):
    first = forms.CharField(
        label=label1,
        strip=False,
        help_text=NEW_PASSWORD_HINT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a password"},
    )
    second = forms.CharField(
        label=label2,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )
    return first, second


def _check_new_password(form, user, first: str, second: str) -> None:
    """The validators' problems on the first field (in GOV.UK words), a mismatch on the second."""
    password, again = form.cleaned_data.get(first), form.cleaned_data.get(second)
    if password:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            for problem in error.error_list:
                form.add_error(first, _PASSWORD_MESSAGES.get(problem.code) or problem.messages[0])
    if password and again and password != again:
        form.add_error(second, ValidationError("The passwords do not match", code="password_mismatch"))


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account is not active. Contact us if you think this is wrong.",
        "unconfirmed": "Confirm your email address before you sign in. Use the link we emailed you, or get a new one",
    }

    @property
    def refusal(self) -> "services.Refusal | None":
        """Set when the address or IP has failed too often: the attempt was refused unchecked."""
        return getattr(self.request, "sign_in_refusal", None)

    @property
    def unconfirmed(self) -> bool:
        return any(error.code == "unconfirmed" for error in self.errors.as_data().get("__all__", []))

    def get_invalid_login_error(self):
        if self.refusal is not None:
            return ValidationError(self.refusal.message, code="throttled")
        return super().get_invalid_login_error()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_confirmed:
            raise ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")


class SignUpForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": "Enter your full name", "max_length": "Full name must be 150 characters or fewer"},
    )
    email = _email_field(help_text="We will send you an email to confirm it.")
    password1, password2 = _new_password_fields("Create a password", "Confirm your password")

    def clean_email(self):
        return services.email_normalise(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        user = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
        _check_new_password(self, user, "password1", "password2")
        return cleaned


class EmailForm(forms.Form):
    """Just an email address: asking for a new confirmation link."""

    email = _email_field()


class ConfirmPasswordForm(forms.Form):
    """Confirming an address from another browser than the one that signed up: the account's password too."""

    password = forms.CharField(
        label="Your password",
        help_text="The password you chose when you created the account.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )


class PasswordResetRequestForm(PasswordResetForm):
    email = _email_field(help_text="The address you signed up with.")

    def save(self, **kwargs):
        """Django's view passes mail settings; the outbox writes and sends the email instead."""
        services.password_reset_request(email=self.cleaned_data["email"])


class NewPasswordForm(SetPasswordForm):
    new_password1, new_password2 = _new_password_fields("New password", "Confirm your new password")

    def clean(self):
        _check_new_password(self, self.user, "new_password1", "new_password2")
        return self.cleaned_data

    def save(self, commit=True):
        return services.password_reset_finish(user=self.user, password=self.cleaned_data["new_password1"])
