"""Data files of the OCR stage (see README.md here for sources and licences)."""
