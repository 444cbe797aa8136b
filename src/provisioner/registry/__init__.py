"""The site registry: load, model and validate the YAML source of truth."""

from provisioner.registry.issues import Issue, RegistryError, errors_of
from provisioner.registry.load import LoadResult, Registry, SiteEntry, find_root, load_registry

__all__ = ["Issue", "LoadResult", "Registry", "RegistryError", "SiteEntry", "errors_of", "find_root", "load_registry"]
