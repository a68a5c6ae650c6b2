"""The Curators group and curator accounts.

Curators edit the knowledge base through the admin and nothing else: they get
add, change, delete and view permission on every model of the knowledge-base
apps, view-only on the housekeeping tables the reload keeps, and no permission
at all on users, groups, permissions, sessions, content types or the admin log.

``sync_curators_group`` works with any app registry, so the data migration
(historical models) and the ``post_migrate`` hook (models added by later
migrations) share it.
"""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

from filmkb.versioning import HOUSEKEEPING, KB_APPS

CURATORS_GROUP = "Curators"
# Written only by the fixture reload; curators may look but not touch.
VIEW_ONLY_MODELS = HOUSEKEEPING


def _ensure_permissions(apps, using):
    """Create the content types and default permissions of the KB apps now.

    Django creates them after *all* migrations (post_migrate); a data
    migration that runs earlier must create them itself.
    """
    for label in KB_APPS:
        app_config = apps.get_app_config(label)
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True  # historical app configs have none
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = had_module


def curator_permissions(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """The permission rows a curator holds (a queryset)."""
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(using).filter(content_type__app_label__in=KB_APPS)
    for label in VIEW_ONLY_MODELS:
        app_label, model = label.split(".")
        permissions = permissions.exclude(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__regex=r"^(add|change|delete)_",
        )
    return permissions


def sync_curators_group(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the Curators group if needed and set exactly the curator permissions."""
    _ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.using(using).get_or_create(name=CURATORS_GROUP)
    group.permissions.set(curator_permissions(apps, using))
    return group


def sync_after_migrate(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate hook: models added by later migrations join the group too."""
    try:
        apps.get_model("auth", "Group")
        for label in KB_APPS:
            apps.get_app_config(label)
    except LookupError:  # migrated to a state before these apps existed
        return
    sync_curators_group(apps, using)


def create_curator(username, email, password, *, validate=True):
    """Create a staff account in the Curators group; return the user.

    Raises ``ValueError`` naming the problem when the username is taken or
    empty, and Django's ``ValidationError`` when the password is too weak.
    """
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise ValueError("A curator needs a username.")
    if User.objects.filter(username=username).exists():
        raise ValueError(f"A user named {username!r} already exists.")
    candidate = User(username=username, email=email or "", is_staff=True)
    if validate:
        password_validation.validate_password(password, user=candidate)
    candidate.set_password(password)
    candidate.save()
    candidate.groups.add(sync_curators_group())
    return candidate
