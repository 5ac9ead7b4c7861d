"""Data files that ship with modu (package data)."""
