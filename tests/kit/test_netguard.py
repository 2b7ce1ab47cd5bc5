"""The address check: what a user-supplied URL may reach, whatever form its host takes."""

from ipaddress import ip_address, ip_network

import pytest

from backend.kit import netguard

INTERNAL = ["127.0.0.1", "127.9.9.9", "::1", "0.0.0.0", "::", "10.1.2.3", "172.16.0.1",
            "192.168.1.1", "169.254.169.254", "fe80::1", "fd00::1", "fc00::1", "fec0::1",
            "100.64.0.1", "224.0.0.1", "239.1.1.1", "ff02::1", "255.255.255.255", "240.0.0.1",
            "192.0.2.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
            "::127.0.0.1", "2002:7f00:1::", "2002:a00:1::", "64:ff9b::a00:1", "2001:db8::1"]
PUBLIC = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", INTERNAL)
def test_internal_addresses_are_not_public(address):
    assert not netguard.is_public(ip_address(address))
    assert not netguard.permitted(ip_address(address), [])


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_permitted(address):
    assert netguard.permitted(ip_address(address), [])


def test_listed_networks_are_permitted_and_nothing_beside_them():
    allowed = [ip_network("10.20.0.0/16"), ip_network("fd12::/64")]
    assert netguard.permitted(ip_address("10.20.3.4"), allowed)
    assert netguard.permitted(ip_address("::ffff:10.20.3.4"), allowed)
    assert netguard.permitted(ip_address("fd12::7"), allowed)
    assert not netguard.permitted(ip_address("10.21.0.1"), allowed)
    assert not netguard.permitted(ip_address("127.0.0.1"), allowed)


def _resolving(*addresses: str) -> netguard.Resolver:
    async def resolve(_host: str) -> list[str]:
        return list(addresses)
    return resolve


async def test_a_name_is_judged_by_every_address_it_resolves_to():
    assert str(await netguard.vet("portal.example.vn", [], _resolving("93.184.216.34"))) \
        == "93.184.216.34"
    with pytest.raises(netguard.Refused):
        await netguard.vet("portal.example.vn", [], _resolving("93.184.216.34", "10.0.0.7"))
    with pytest.raises(netguard.Refused):
        await netguard.vet("rebind.example.vn", [], _resolving("::ffff:127.0.0.1"))


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST.", "portal.localhost"])
async def test_localhost_names_are_refused_without_asking_dns(host):
    with pytest.raises(netguard.Refused):
        await netguard.vet(host, [ip_network("0.0.0.0/0")], _resolving("93.184.216.34"))


@pytest.mark.parametrize("host", ["2130706433", "0177.0.0.1", "0x7f.1", "127.1"])
async def test_numeric_forms_of_loopback_are_refused(host):
    with pytest.raises(netguard.Refused):
        await netguard.vet(host, [], netguard.system_resolver)
