"""Template filters for the admin's own templates (``templates/admin/``)."""

from django import template

from filmkb.admin_utils import group_app_list

register = template.Library()


@register.filter
def kb_groups(app_list):
    """The admin's app list regrouped by topic with readable names (ADMIN_GROUPS)."""
    return group_app_list(app_list or [])
