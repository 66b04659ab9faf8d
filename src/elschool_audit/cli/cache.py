"""`elschool-audit cache clear`: forget every file read from Google Drive.

The cache is keyed by file version, so clearing it is never needed for correctness; it is for
freeing disk space, or for proving a fresh read after a doubt.
"""

from __future__ import annotations

import typer

from elschool_audit.cli.options import Lang, LangOpt, h

app = typer.Typer(rich_markup_mode=None, help=h("cache"), no_args_is_help=True)


@app.command("clear", help=h("cache_clear"))
def clear_cmd(lang: LangOpt = Lang.vi) -> None:
    """Remove every cached Drive file."""
    from elschool_audit.cli import status_line
    from elschool_audit.i18n import current_language, label
    from elschool_audit.sources.cache import clear_cache
    from elschool_audit.sources.google_auth import cache_dir

    root = cache_dir()
    files, size = clear_cache(root)
    text = label("cache_cleared", current_language(), files=files, kb=f"{size / 1024:.0f}", root=root)
    status_line(text)


@app.command("path", help=h("cache_path"))
def path_cmd() -> None:
    """Print where the cache lives."""
    from elschool_audit.sources.google_auth import cache_dir

    typer.echo(str(cache_dir()))
