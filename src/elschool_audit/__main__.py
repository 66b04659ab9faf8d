"""`python -m elschool_audit`."""

from elschool_audit.cli import main

main()
