"""Shared test fixtures."""

pytest_plugins = ["tests.fakegoogle.plugin"]
