"""Host selection (sites, types, Ansible patterns) and wave planning."""

from __future__ import annotations

import pytest

from provisioner.rollout.errors import RolloutRefused
from provisioner.rollout.hostindex import CENTRAL, from_inventory_json
from provisioner.rollout.plan import over_threshold, plan_waves
from provisioner.rollout.select import match, select

INVENTORY = {
    "_meta": {
        "hostvars": {
            "a1": {"site_id": "alpha"},
            "a2": {"site_id": "alpha"},
            "b1": {"site_id": "beta"},
            "c1": {"site_id": "gym-c"},
            "c2": {"site_id": "gym-c"},
            "lonely": {},
        }
    },
    "all": {"children": ["ungrouped", "site_alpha", "site_beta", "site_gym_c", "type_school", "role_switch"]},
    "ungrouped": {"hosts": ["lonely"]},
    "site_alpha": {"hosts": ["a1", "a2"]},
    "site_beta": {"hosts": ["b1"]},
    "site_gym_c": {"hosts": ["c1", "c2"]},
    "type_school": {"children": ["site_alpha", "site_gym_c"]},
    "role_switch": {"hosts": ["a1", "b1", "c1"]},
}


@pytest.fixture
def index():  # type: ignore[no-untyped-def]
    return from_inventory_json(data=INVENTORY)


def test_the_index_maps_hosts_to_sites_in_inventory_order(index) -> None:  # type: ignore[no-untyped-def]
    # a host in no site (a WLAN controller, say) is central, rolled out after every site
    assert index.site_order == ("alpha", "beta", "gym-c", CENTRAL)
    assert index.site_of == {"a1": "alpha", "a2": "alpha", "b1": "beta", "c1": "gym-c", "c2": "gym-c", "lonely": CENTRAL}
    assert index.groups["type_school"] == frozenset({"a1", "a2", "c1", "c2"})


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("all", {"a1", "a2", "b1", "c1", "c2", "lonely"}),
        ("site_alpha,b1", {"a1", "a2", "b1"}),
        ("type_school:&role_switch", {"a1", "c1"}),
        ("all:!site_gym_c", {"a1", "a2", "b1", "lonely"}),
        ("?1", {"a1", "b1", "c1"}),
        ("~c[12]", {"c1", "c2"}),
        ("site_*:!a2", {"a1", "b1", "c1", "c2"}),
        ("nothing", set()),
    ],
)
def test_patterns_follow_ansible_semantics(index, pattern: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert match(pattern=pattern, index=index) == expected


def test_filters_intersect_and_keep_site_order(index) -> None:  # type: ignore[no-untyped-def]
    chosen = select(index=index, sites=("gym-c", "alpha"), types=("school",), limit="role_switch")
    assert chosen.sites == (("alpha", ("a1",)), ("gym-c", ("c1",)))


def test_an_unknown_site_is_refused_with_the_known_ones(index) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RolloutRefused, match="unknown site.*nope.*known: alpha, beta, gym-c"):
        select(index=index, sites=("nope",))


def test_an_empty_selection_is_refused(index) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RolloutRefused, match="no host matches"):
        select(index=index, types=("kita",))


def test_canary_first_then_waves_of_n_sites(index) -> None:  # type: ignore[no-untyped-def]
    waves = plan_waves(selection=select(index=index), canary="beta", wave_size=1)
    assert [(w.name, w.sites, w.hosts) for w in waves] == [
        ("canary", ("beta",), ("b1",)),
        ("wave 1", ("alpha",), ("a1", "a2")),
        ("wave 2", ("gym-c",), ("c1", "c2")),
        ("wave 3", (CENTRAL,), ("lonely",)),
    ]
    assert dict(waves[2].host_site_pairs())["c2"] == "gym-c"


def test_without_a_wave_size_all_sites_form_one_wave(index) -> None:  # type: ignore[no-untyped-def]
    waves = plan_waves(selection=select(index=index))
    assert len(waves) == 1
    assert waves[0].sites == ("alpha", "beta", "gym-c", CENTRAL)


def test_a_canary_outside_the_selection_is_refused(index) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RolloutRefused, match="--canary beta"):
        plan_waves(selection=select(index=index, sites=("alpha",)), canary="beta")


@pytest.mark.parametrize(
    ("failed", "total", "limit", "stop"), [(1, 10, 10.0, False), (2, 10, 10.0, True), (0, 0, 0.0, False), (5, 5, None, False)]
)
def test_max_fail_percent_means_strictly_more_than(failed: int, total: int, limit: float | None, stop: bool) -> None:
    assert over_threshold(failed=failed, total=total, max_fail_percent=limit) is stop


def test_whole_sites_are_limited_by_group_and_partial_sites_host_by_host(index) -> None:  # type: ignore[no-untyped-def]
    from provisioner.rollout.plan import limit_patterns

    waves = plan_waves(selection=select(index=index, limit="all:!c2"))
    assert limit_patterns(wave=waves[0], site_of=index.site_of) == ["site_alpha", "site_beta", "c1", "lonely"]
    central = plan_waves(selection=select(index=index, limit="lonely"))
    assert limit_patterns(wave=central[0], site_of=index.site_of) == ["lonely"]  # no group: by name
