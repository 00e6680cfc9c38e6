"""Codemods, one rule per module; installed as ``triton_migrate.codemods``."""
