"""Data files of the Vietnamese-text module (see README.md here for sources and licences)."""
