"""Pause the cyclic garbage collector while building large, long-lived object graphs.

Loading a city-sized registry creates millions of objects that all stay alive; the collector's
full passes rescan them again and again and make loading superlinear. Reference counting still
frees everything short-lived while the pause lasts.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block, restoring its previous state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
