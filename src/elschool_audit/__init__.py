"""elschool-audit: checks Vietnamese schools' spreadsheets against YAML rubrics."""

__version__ = "0.1.0"
