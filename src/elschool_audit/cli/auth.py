"""`elschool-audit auth check | login`: can the auditor see every school's Drive folder?

Run before the first district audit (and after a school re-creates its folder): it says which
account Google sees and which schools' folders are readable or missing, without reading any
spreadsheet, so sharing mistakes surface in seconds rather than as failed schools in a report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from elschool_audit.cli.options import Lang, LangOpt, h

app = typer.Typer(
    rich_markup_mode=None,
    help=h("auth"),
    no_args_is_help=True,
)


@app.command("check", help=h("auth_check"))
def check_cmd(
    roster: Annotated[Path, typer.Option("--roster", help=h("opt_auth_roster"))],
    lang: LangOpt = Lang.vi,
) -> None:
    """Who am I, and which school folders are readable or missing."""
    from rich.console import Console
    from rich.markup import escape

    from elschool_audit.i18n import current_language, label
    from elschool_audit.roster import load_roster
    from elschool_audit.sources.drive import DriveSource  # the Google client libraries: only when asked

    ros = load_roster(roster)
    source = DriveSource(roster=ros, use_cache=False)
    console = Console(highlight=False)
    lg = current_language()  # set from --lang by its callback
    console.print(label("auth_account", lg, account=escape(source.whoami())))
    missing = 0
    if source.drive_root:
        match = source.match_root()
        console.print(label("auth_root", lg, name=escape(match.root.name), link=match.root.link))
    for item in source.check(ros):
        school = f"{item.school.id} ({escape(item.school.name)})"
        if item.folder is not None:
            console.print(f"[green]✓[/green] {school}: {escape(item.folder.name)} — {item.folder.link}")
        else:
            missing += 1
            console.print(f"[red]✗[/red] {school}: {escape(item.error or '')}", soft_wrap=True)
    if source.drive_root and source._root_match is not None:
        extra = source._root_match.unmatched_folders
        if extra:
            names = ", ".join(escape(f.name) for f in extra)
            console.print(label("auth_unmatched", lg, names=names))
    total = len(ros.schools)
    console.print(label("auth_readable", lg, ok=total - missing, total=total))
    raise typer.Exit(2 if missing else 0)


@app.command("login", help=h("auth_login"))
def login_cmd(
    no_browser: Annotated[bool, typer.Option("--no-browser", help=h("opt_no_browser"))] = False,
    lang: LangOpt = Lang.vi,
) -> None:
    """Sign in with a Google account in the browser (read-only); the token is kept for later runs."""
    from elschool_audit.cli import status_line
    from elschool_audit.i18n import current_language, label
    from elschool_audit.sources.google_auth import GoogleSettings, oauth_login

    settings = GoogleSettings.from_env()
    oauth_login(
        settings,
        open_browser=not no_browser,
        prompt=label("auth_open_url", current_language()),  # the flow fills in {url}
    )
    status_line(label("auth_token_saved", current_language(), path=str(settings.token_file)))
