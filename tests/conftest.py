import pytest

from accounts.models import Role
from organisations.models import Membership

from .factories import MembershipFactory, OrganisationFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` are skipped on the SQLite fallback (never under CI, which requires PostgreSQL)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (running on the SQLite fallback)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _roles_after_flush(sender, **kwargs):
    """A transactional test ends by emptying every table; Django then makes the permissions again (post_migrate,
    app by app). Once the last app's are back, the role groups the data migration made come back too."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    from accounts.models import Role
    from accounts.roles import STAFF_PERMISSIONS

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    staff_permissions = Q(pk__in=[])
    for app_label, codenames in STAFF_PERMISSIONS.items():
        staff_permissions |= Q(content_type__app_label=app_label, codename__in=codenames)
    Group.objects.get(name=Role.STAFF.value).permissions.set(Permission.objects.filter(staff_permissions))


@pytest.fixture(scope="session", autouse=True)
def role_groups_survive_flushes():
    from django.db.models.signals import post_migrate

    post_migrate.connect(_roles_after_flush, dispatch_uid="tests.roles_after_flush")
    yield
    post_migrate.disconnect(dispatch_uid="tests.roles_after_flush")


@pytest.fixture(autouse=True)
def cheaper_argon2(monkeypatch):
    """Argon2 still, with less memory and time: the suite makes and signs in hundreds of people. Production keeps
    Django's defaults (the hash records its own cost, so hashes made here still verify anywhere)."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    monkeypatch.setattr(Argon2PasswordHasher, "memory_cost", 1024)
    monkeypatch.setattr(Argon2PasswordHasher, "time_cost", 1)
    monkeypatch.setattr(Argon2PasswordHasher, "parallelism", 1)


@pytest.fixture
def organisation_a(db):
    return OrganisationFactory(name="Lea Bridge Builders", slug="lea-bridge-builders")


@pytest.fixture
def organisation_b(db):
    return OrganisationFactory(name="Shoreditch Skills Trust", slug="shoreditch-skills-trust")


@pytest.fixture
def partner_a(organisation_a):
    return MembershipFactory(organisation=organisation_a, role=Membership.Role.ADMIN).user


@pytest.fixture
def partner_b(organisation_b):
    return MembershipFactory(organisation=organisation_b).user


@pytest.fixture
def staff_user(db):
    return UserFactory(email="moderator@hackney.example", role=Role.STAFF)


@pytest.fixture
def resident(db):
    return UserFactory(email="resident@example.test", role=Role.RESIDENT)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a test's rolled-back transaction puts the catalogue's version back, so a
    value cached in one test could otherwise be read in the next."""
    from django.core.cache import cache

    from opportunities import caching

    cache.clear()
    caching._resting_until = 0.0
    yield


@pytest.fixture
def eager_tasks():
    """Celery tasks run in the test process when queued (delivery itself is the real service)."""
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path, monkeypatch):
    """CVs and other private uploads go to a fresh folder for each test, never under media/.

    The CV field built its storage when the model was imported, so the field itself is pointed there too.
    """
    from django.core.files.storage import FileSystemStorage

    from applications.models import Application

    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(location)}},
    }
    monkeypatch.setattr(Application._meta.get_field("cv"), "storage", FileSystemStorage(location=str(location)))
    return location
