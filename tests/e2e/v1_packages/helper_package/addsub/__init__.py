"""Helpers for the add/sub model: server checks and a small client class."""
