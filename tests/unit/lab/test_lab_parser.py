from __future__ import annotations

import pytest

from provisioner.lab.models import Fault, LabError
from provisioner.lab.parser import Failure, Parsed, compress_numbers, expand_ports, parse, rule, tokenize
from provisioner.platforms import compress_ports

RULES = [
    rule("show running-config", "run"),
    rule("show startup-config", "start"),
    rule("switchport access vlan <id:vlan>", "access"),
    rule("description <text:line>", "desc"),
]


def test_abbreviations_match_unambiguous_prefixes() -> None:
    parsed = parse(RULES, tokenize("sh run", quotes=False))
    assert isinstance(parsed, Parsed)
    assert parsed.rule.action == "run"


def test_ambiguous_prefix_is_reported_at_its_token() -> None:
    parsed = parse(RULES, tokenize("show s", quotes=False))
    assert isinstance(parsed, Parsed)
    assert parsed.rule.action == "start"
    failure = parse([*RULES, rule("show ssh", "ssh")], tokenize("show s", quotes=False))
    assert isinstance(failure, Failure)
    assert (failure.kind, failure.index) == ("ambiguous", 1)


@pytest.mark.parametrize(
    ("line", "kind", "index"),
    [
        ("switchport access vlan 5000", "invalid", 3),
        ("switchport access", "incomplete", 2),
        ("bogus", "invalid", 0),
    ],
)
def test_failures(line: str, kind: str, index: int) -> None:
    failure = parse(RULES, tokenize(line, quotes=False))
    assert isinstance(failure, Failure)
    assert (failure.kind, failure.index) == (kind, index)


def test_rest_of_line_keeps_spaces() -> None:
    parsed = parse(RULES, tokenize("description  uplink  to core", quotes=False))
    assert isinstance(parsed, Parsed)
    assert parsed.args["text"] == len("description  ")


def test_quoted_tokens() -> None:
    assert [t.text for t in tokenize('name "paed zone" x', quotes=True)] == ["name", "paed zone", "x"]


def test_compress_and_expand() -> None:
    assert compress_numbers([100, 10, 40, 99]) == "10,40,99-100"
    order = [str(n) for n in range(1, 29)]
    assert compress_ports(["1", "2", "3", "26", "5"], order=order) == "1-3,5,26"
    assert expand_ports("1-3,26", order=order) == ["1", "2", "3", "26"]
    assert expand_ports("1-30", order=order) is None


@pytest.mark.parametrize("fault", [Fault(drop_after_lines=0), Fault(latency_ms=-1), Fault(reject_pattern="(")])
def test_bad_faults_are_refused(fault: Fault) -> None:
    with pytest.raises(LabError, match="invalid fault"):
        fault.check()
