"""Day 2: the config archive (backup), drift against the registry, and the status report."""
