"""The webhook tests post to receivers on 127.0.0.1, an address QCDC refuses unless an operator
lists it: they list it, as an operator lists a portal inside the province's network."""

from ipaddress import ip_network

import pytest

from backend.config import get_settings

LOCAL_RECEIVERS = [ip_network("127.0.0.1/32")]


@pytest.fixture(autouse=True)
def local_receivers_allowed(monkeypatch):
    monkeypatch.setattr(get_settings(), "webhook_allowed_networks", LOCAL_RECEIVERS)
