"""Wrappers around external programs, one module each."""
