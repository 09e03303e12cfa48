"""Ingest stage: accept a dossier and its files, validate them at the edge, store originals, enqueue."""
