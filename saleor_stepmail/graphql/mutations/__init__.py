"""Mutations, one module per subject; each returns `errors` and writes nothing when it fails."""
