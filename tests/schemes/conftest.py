from tests.registry.conftest import reference_data, write  # noqa: F401  (shared fixtures)
