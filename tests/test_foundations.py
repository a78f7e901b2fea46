"""The rules every app builds on: writes through services that are atomic themselves, roles set up once and left
as the council keeps them, addresses stored one way wherever they are typed, and memberships with a history."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from accounts.roles import roles_drift
from accounts.services import user_sign_up
from applications import services as applying
from applications.models import Application, SavedOpportunity
from notifications.models import Notification
from notifications.services import notification_mark_read, notifications_mark_all_read, notify
from organisations.models import Membership, MembershipChange
from organisations.services import membership_add, membership_change_role, membership_remove
from tests.concurrency import at_once
from tests.factories import PASSWORD, ApplicationFactory, MembershipFactory, OpportunityFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent

# Public functions in services modules that write nothing to the database, or that open one transaction per
# batch or per row on purpose (a long sweep must not hold one transaction for its whole run).
NOT_ONE_TRANSACTION = {
    "accounts.services": {
        "email_confirm_token",
        "email_confirm_token_read",
        "throttle_key",
        "client_ip",
        "password_reset_link",
    },
    "applications.services": {"partner_moves"},
    # `notifications_prepared` writes rows out without saving them (a digest saves them in its background thread).
    "notifications.services": {"enqueue", "mail_connection_forget", "notifications_deliver", "notifications_prepared"},
    # Offers run out one run at a time, and reminders go one person at a time, each in a transaction of its own.
    "courses.services": {"offers_expire", "course_reminders_send"},
    # Reading what a link in an alert email names; a digest (a thousand residents a transaction) and the instant
    # catch-up (a transaction a listing); the receiver that only queues a listing's alerts once its approval commits.
    "matching.services": {
        "alert_described",
        "alerted_listing_of",
        "alerts_digest_send",
        "instant_alerts_catch_up",
        "instant_alerts_queue",
    },
}


def _service_modules():
    # An app's services.py, or each module of its services/ package.
    for path in sorted([*ROOT.glob("*/services.py"), *ROOT.glob("*/services/*.py")]):
        app = path.parent if path.name == "services.py" else path.parent.parent
        if (app / "apps.py").exists() and path.name != "__init__.py":
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts), ast.parse(path.read_text())


def _opens_a_transaction(function: ast.FunctionDef) -> bool:
    decorated = any("transaction.atomic" in ast.unparse(d) for d in function.decorator_list)
    in_body = any(
        isinstance(node, ast.With) and any("transaction.atomic" in ast.unparse(item) for item in node.items)
        for node in ast.walk(function)
    )
    return decorated or in_body


def test_every_public_service_opens_its_own_transaction():
    """A service must not rely on its caller's transaction: a task or a command may call it with none."""
    bare = [
        f"{module}.{node.name}"
        for module, tree in _service_modules()
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and not node.name.startswith("_")
        and node.name not in NOT_ONE_TRANSACTION.get(module, set())
        and not _opens_a_transaction(node)
    ]
    assert not bare, f"Wrap these in transaction.atomic: {bare}"


@pytest.mark.django_db(transaction=True)
def test_write_services_work_outside_any_transaction(private_files):
    """Called with no transaction around them (as a Celery task or a shell would), the services that lock rows
    still work: select_for_update outside a transaction is an error on PostgreSQL."""
    organisation_member = MembershipFactory()
    listing = OpportunityFactory(organisation=organisation_member.organisation)
    resident = UserFactory(role=Role.RESIDENT)
    assert not connection.in_atomic_block

    saved = applying.saved_opportunity_add(user=resident, opportunity=listing)
    assert SavedOpportunity.objects.filter(pk=saved.pk).exists()
    applying.saved_opportunity_remove(user=resident, opportunity=listing)

    application = ApplicationFactory(opportunity=listing, resident=resident, status="submitted")
    applying.application_move(application=application, to="reviewing", by=organisation_member.user)
    assert applying.applications_anonymise(application_ids=[application.pk]) == 1
    assert Application.objects.get(pk=application.pk).resident is None

    message = notify(recipient=resident, kind="application_sent", context=_sent_context(), key="outside-1")
    notification_mark_read(notification=message, user=resident)
    assert Notification.objects.get(pk=message.pk).read_at is not None
    notifications_mark_all_read(user=resident)  # the partner's move told the resident too
    assert not Notification.objects.filter(recipient=resident, read_at__isnull=True).exists()


def _sent_context():
    return {"title": "Kitchen porter", "organisation": "Lea Bridge Builders", "application_url": "/account/"}


def test_an_address_edited_in_the_staff_admin_with_capitals_still_signs_in(client, db):
    admin = User.objects.create_superuser(email="admin@hackney.example", password=PASSWORD)
    person = UserFactory(email="sam.jones@example.test")
    client.force_login(admin)
    page = client.get(f"/admin/accounts/user/{person.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data |= {"email": "  Sam.Jones@Example.TEST ", "groups": [], "user_permissions": []}
    data |= {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}
    data |= {
        "date_joined_0": person.date_joined.date().isoformat(),
        "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
    }
    response = client.post(f"/admin/accounts/user/{person.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.email == "sam.jones@example.test"
    client.logout()
    assert client.login(username="Sam.Jones@Example.test", password=PASSWORD)


def test_a_permission_staff_removed_from_their_group_stays_removed_after_a_sign_up(db):
    staff_group = Group.objects.get(name=Role.STAFF.value)
    dropped = Permission.objects.get(content_type__app_label="opportunities", codename="add_programme")
    staff_group.permissions.remove(dropped)
    user_sign_up(full_name="Ayo Bello", email="ayo@example.test", password=PASSWORD)
    assert not staff_group.permissions.filter(pk=dropped.pk).exists()
    assert roles_drift() == ({"opportunities.add_programme"}, set())


def test_the_roles_check_tells_staff_when_the_group_has_drifted(db, capsys):
    assert roles_drift() == (set(), set())
    staff_group = Group.objects.get(name=Role.STAFF.value)
    staff_group.permissions.remove(Permission.objects.get(codename="moderate_opportunity"))
    staff_group.permissions.add(Permission.objects.get(codename="delete_user"))
    call_command("check", databases=["default"])
    said = capsys.readouterr()
    output = said.out + said.err
    assert "accounts.W001" in output and "opportunities.moderate_opportunity" in output
    assert "accounts.W002" in output and "accounts.delete_user" in output


def test_sign_up_costs_at_most_15_queries(db, django_capture_on_commit_callbacks):
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=False):
        user = user_sign_up(full_name="Ayo Bello", email="ayo@example.test", password=PASSWORD)
    assert user.groups.filter(name=Role.RESIDENT.value).exists()
    assert len(queries) <= 15, "\n".join(q["sql"] for q in queries.captured_queries)


def test_membership_changes_leave_a_history(organisation_a, partner_a, staff_user):
    newcomer = UserFactory(email="newcomer@example.test")
    membership = membership_add(organisation=organisation_a, user=newcomer, by=partner_a)
    membership_change_role(membership=membership, role=Membership.Role.ADMIN, by=staff_user)
    membership_remove(membership=membership, by=partner_a)
    history = list(
        MembershipChange.objects.filter(user=newcomer).order_by("at", "id").values_list("action", "role", "by")
    )
    assert history == [
        ("added", "member", partner_a.pk),
        ("role_changed", "admin", staff_user.pk),
        ("removed", "admin", partner_a.pk),
    ]
    assert not Membership.objects.filter(user=newcomer).exists()


def test_only_an_organisations_admins_and_staff_change_its_members(organisation_a, organisation_b, partner_b):
    plain_member = MembershipFactory(organisation=organisation_a).user
    with pytest.raises(PermissionDenied):
        membership_add(organisation=organisation_a, user=UserFactory(), by=plain_member)
    with pytest.raises(PermissionDenied):  # an admin elsewhere is nobody here
        membership_add(organisation=organisation_a, user=UserFactory(), by=partner_b)
    assert not MembershipChange.objects.exists()


def test_adding_someone_twice_says_so_and_writes_nothing(organisation_a, partner_a):
    with pytest.raises(ValidationError, match="already a member"):
        membership_add(organisation=organisation_a, user=partner_a, by=partner_a)
    assert not MembershipChange.objects.exists()


def test_members_changed_in_the_staff_admin_go_through_the_services(client, organisation_a, staff_user, db):
    admin = User.objects.create_superuser(email="admin@hackney.example", password=PASSWORD)
    newcomer = UserFactory(email="newcomer@example.test")
    client.force_login(admin)
    url = f"/admin/organisations/organisation/{organisation_a.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": "Newcomer@Example.test",
        "memberships-0-role": "member",
        "membership_changes-TOTAL_FORMS": "0",
        "membership_changes-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = MembershipChange.objects.get(user=newcomer)
    assert (change.action, change.by) == ("added", admin)


def test_an_inactive_account_passes_no_access_rule(organisation_a, partner_a, staff_user):
    """One set of rules: an account switched off can neither post for its organisation nor moderate."""
    from opportunities.services import opportunity_approve, opportunity_archive, opportunity_submit
    from organisations import access

    submitted = OpportunityFactory(organisation=organisation_a, status="submitted")
    for person in (partner_a, staff_user):
        person.is_active = False
        person.save(update_fields=["is_active"])
    assert not access.is_partner(partner_a)
    assert not access.is_member(partner_a, organisation_a.pk)
    assert not access.can_moderate(staff_user)
    assert not access.organisations_of(partner_a).exists()
    assert not access.members_of(organisation_a.pk).filter(pk=partner_a.pk).exists()
    with pytest.raises(PermissionDenied):
        opportunity_submit(opportunity=OpportunityFactory.build(organisation=organisation_a), by=partner_a)
    with pytest.raises(PermissionDenied):
        opportunity_approve(opportunity=submitted, by=staff_user)
    with pytest.raises(PermissionDenied):
        opportunity_archive(opportunity=submitted, by=partner_a)


def test_an_organisations_members_and_their_history_cost_the_same_queries_however_many(
    client, organisation_a, staff_user, db
):
    admin = User.objects.create_superuser(email="admin@hackney.example", password=PASSWORD)
    client.force_login(admin)
    url = f"/admin/organisations/organisation/{organisation_a.pk}/change/"
    client.get(url)  # the first request also fills Django's content-type cache

    def queries_with(changes: int) -> int:
        for _ in range(changes):
            membership = membership_add(organisation=organisation_a, user=UserFactory(), by=staff_user)
            membership_remove(membership=membership, by=staff_user)
            membership_add(organisation=organisation_a, user=UserFactory(), by=staff_user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(5)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_adding_the_same_person_at_the_same_moment_gives_one_membership_and_one_history_row():
    """Two staff add the same person at once: the organisation's row is locked while one adds them, so the others
    are told the person is already a member (never a database error, never two rows of history)."""
    staff = UserFactory(role=Role.STAFF)
    organisation = MembershipFactory().organisation
    newcomer = UserFactory()
    errors = at_once(6, lambda: membership_add(organisation=organisation, user=newcomer, by=staff))
    assert len(errors) == 5 and all(isinstance(error, ValidationError) for error in errors), errors
    assert Membership.objects.filter(organisation=organisation, user=newcomer).count() == 1
    assert MembershipChange.objects.filter(organisation=organisation, user=newcomer).count() == 1


def test_adding_a_member_by_an_address_with_no_account_says_so(client, organisation_a, db):
    admin = User.objects.create_superuser(email="admin@hackney.example", password=PASSWORD)
    client.force_login(admin)
    url = f"/admin/organisations/organisation/{organisation_a.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": "nobody@example.test",
        "memberships-0-role": "member",
        "membership_changes-TOTAL_FORMS": "0",
        "membership_changes-INITIAL_FORMS": "0",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    assert "There is no account with this email address" in page.content.decode()
    assert not MembershipChange.objects.exists()
