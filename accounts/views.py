from urllib.parse import urlsplit

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from notifications.selectors import inbox_page

from .forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # `?next=` pointing back at this page would loop (Django raises); go to the account page instead.
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == self.request.path else url

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


@login_required
def account_home(request):
    """Your account: what we have told you (the inbox) and where to change how we tell you."""
    return render(request, "account/home.html", {"inbox": inbox_page(user=request.user, page=1, per_page=10)})
