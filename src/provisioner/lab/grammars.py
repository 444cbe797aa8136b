"""Which grammar simulates which platform; a new platform adds one line here."""

from __future__ import annotations

from provisioner.lab.c9800 import C9800Grammar
from provisioner.lab.engine import Grammar
from provisioner.lab.ios_exec import IosGrammar
from provisioner.lab.models import LabError
from provisioner.lab.procurve import ProcurveGrammar

GRAMMARS: dict[str, Grammar] = {
    "cisco_ios": IosGrammar(),
    "aruba_osswitch": ProcurveGrammar(),
    "cisco_c9800": C9800Grammar(),
}


def grammar_for(*, platform: str) -> Grammar:
    """The grammar of a platform, or a LabError naming the ones the lab simulates."""
    try:
        return GRAMMARS[platform]
    except KeyError:
        known = ", ".join(sorted(GRAMMARS))
        raise LabError(f"platform '{platform}' cannot be simulated by the lab (simulated: {known})") from None
