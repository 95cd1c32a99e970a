"""One change of the registry for the many writes of one transaction (an import)."""

import pytest
from django.db import transaction

from arrimage.core.versions import one_change, registry_changed, registry_version

pytestmark = pytest.mark.django_db


def test_the_writes_inside_raise_the_version_once():
    before = registry_version()
    with transaction.atomic(), one_change():
        assert registry_version() == before + 1  # raised at once, inside the transaction
        for _ in range(5):
            registry_changed()
        assert registry_version() == before + 1
    registry_changed()  # outside, every write counts again
    assert registry_version() == before + 2


def test_a_rolled_back_group_leaves_the_version_as_it_was():
    before = registry_version()
    with pytest.raises(RuntimeError, match="boom"), transaction.atomic(), one_change():
        registry_changed()
        raise RuntimeError("boom")
    assert registry_version() == before
    registry_changed()
    assert registry_version() == before + 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_is_refused():
    with pytest.raises(RuntimeError, match=r"transaction\.atomic"), one_change():
        pass
