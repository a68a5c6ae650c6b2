"""Admin pieces shared by the people, films and awards apps.

* ``KBAdmin``: the base of every knowledge-base admin. Change history with
  django-reversion (history, field-level diff, revert, recover), "View on
  site", and a column and filter showing rows edited since the last fixture
  reload.
* ``FactAdmin``: adds what every cited fact has: its citations as an inline,
  the verification stamp (read-only) and the "Mark selected as verified
  today" action.
* ``citation_inline(fact_model)``: the tabular inline for a fact's citations.
* ``ReadOnlyAdmin``: for housekeeping tables only the reload writes.
"""

from filmkb.admin_utils.autocomplete import (
    KBAutocompleteJsonView,
    KBAutocompleteMixin,
    KBAutocompleteSelect,
    KBAutocompleteSelectMultiple,
    LabelledAutocompleteMixin,
)
from filmkb.admin_utils.base import (
    CitedAdmin,
    ConstraintCheckingFormSet,
    EntityAdmin,
    FactAdmin,
    KBAdmin,
    KBTabularInline,
    ReadOnlyAdmin,
    citation_admin,
    citation_inline,
    mark_verified_action,
)
from filmkb.admin_utils.index import ADMIN_GROUPS, ADMIN_NAMES, HiddenFromIndex, group_app_list
from filmkb.admin_utils.tracking import (
    OWNED_ROWS,
    VERIFICATION_FIELDS,
    ChangedSinceReloadFilter,
    VerifiedFilter,
    changed_since_reload_q,
    cited_fact,
    forget_verification,
    forget_verification_saved,
    has_field,
    register_history,
)

__all__ = [
    "ADMIN_GROUPS",
    "ADMIN_NAMES",
    "OWNED_ROWS",
    "VERIFICATION_FIELDS",
    "ChangedSinceReloadFilter",
    "CitedAdmin",
    "ConstraintCheckingFormSet",
    "EntityAdmin",
    "FactAdmin",
    "HiddenFromIndex",
    "KBAdmin",
    "KBAutocompleteJsonView",
    "KBAutocompleteMixin",
    "KBAutocompleteSelect",
    "KBAutocompleteSelectMultiple",
    "KBTabularInline",
    "LabelledAutocompleteMixin",
    "ReadOnlyAdmin",
    "VerifiedFilter",
    "changed_since_reload_q",
    "citation_admin",
    "citation_inline",
    "cited_fact",
    "forget_verification",
    "forget_verification_saved",
    "group_app_list",
    "has_field",
    "mark_verified_action",
    "register_history",
]
