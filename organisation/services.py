"""Change the organisation that runs the tracker."""

from django.db import transaction

from .models import Organisation
from .selectors import organisation_remember


def organisation_save(*, organisation: Organisation) -> Organisation:
    """Validate and save the organisation; this process uses it from now on, the others within a minute."""
    organisation.full_clean()
    organisation.save()
    organisation_remember(None)
    # Again once committed: a request in between may have read the row as it was.
    transaction.on_commit(lambda: organisation_remember(None))
    return organisation
