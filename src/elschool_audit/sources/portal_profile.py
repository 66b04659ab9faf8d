"""Portal profiles: how to read one kind of school-portal software, as data a district can write.

A profile says where a site lists its categories, which of its category names mean which of the
guideline's categories, where an article's date, title, pictures and attachments sit (CSS
selectors), how listings page, and which feeds and sitemap to read. The shipped profiles live in
``portal_profiles/``; a district adds one for other software as a YAML file, no code.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from selectolax.lexbor import LexborHTMLParser

from elschool_audit.errors import ConfigError, Location
from elschool_audit.text import fold
from elschool_audit.yamlfile import Invalid, load_model

TableName = Literal["posts", "resources", "documents"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_selector(value: str | None) -> str | None:
    """A selector the parser refuses would fail on every page: refuse it when the profile loads."""
    if value is None:
        return value
    try:
        LexborHTMLParser("<p></p>").css(value)
    except Exception as exc:  # selectolax raises a bare ValueError/SelectolaxError with no location
        raise Invalid("portal_not_a_selector", selector=repr(value)) from exc
    return value


class Section(_Strict):
    """One of the site's categories, by the names it shows, and what it is in the guideline."""

    names: list[str] = Field(min_length=1)
    """The category's names as the site shows them (menu, breadcrumb, feed); matched without diacritics."""
    table: TableName = "posts"
    category: str | None = None
    """posts: a post category (``chuyen_mon``…); resources: a resource kind (``bai_giang``…);
    documents: a document kind. Omitted: the name itself is matched against the vocabulary."""


class Listing(_Strict):
    """A category page: the links to its articles, and how to reach the next page."""

    item: str
    """Each article link in the listing (an ``<a>``, or an element holding one)."""
    date: str | None = None
    """The date next to each item, looked up inside the item's ``container``."""
    container: str | None = None
    """The block holding one item and its date (an ancestor matching this selector)."""
    next: str | None = None
    """The link to the next page of the listing."""
    max_pages: int = Field(default=30, ge=1, le=500)

    _item = field_validator("item", "date", "container", "next")(_check_selector)


class Article(_Strict):
    """An article page: where its parts are."""

    title: str = "h1"
    date: str | None = None
    """The element holding the publication date and time: its ``datetime`` or ``content``
    attribute when it has one, else its text (``Thứ hai - 21/11/2016 08:30`` reads as is)."""
    body: str = "body"
    category: str | None = None
    """Where the article names its category (the last breadcrumb link, typically)."""
    author: str | None = None
    caption: str = "figcaption, .image-caption, .caption, em"
    """A picture's caption: an element matching this inside the picture's block, or right after it."""
    picture_block: str = "figure, table, p, div"
    """The block that holds a picture and its caption."""

    _sel = field_validator("title", "date", "body", "category", "author", "caption", "picture_block")(_check_selector)


class PortalProfile(_Strict):
    name: str
    title: str = ""
    """What software this is, for people reading the profile."""
    menu: str | None = None
    """Links to the category pages on the home page; their text is the category's name."""
    listing: Listing | None = None
    article: Article = Article()
    feeds: list[str] = []
    """Feed addresses to read (relative to the site), besides those the home page announces."""
    discover_feeds: bool = True
    """Also read the feeds the home page announces (``<link rel="alternate">``)."""
    sitemap: str | None = "/sitemap.xml"
    article_urls: list[str] = []
    """Sitemap/feed addresses containing one of these are articles (empty: every address is)."""
    sections: list[Section] = []
    upload_hosts: list[str] = []
    """Other hosts the site keeps pictures and attachments on; a leading ``*.`` or trailing ``.*``
    matches any sub-domain or any suffix (``quantri.*``)."""
    lecture_links: list[str] = [".zip", "/html5/", "story.html", "index.html", "story_html5.html"]
    """Link endings or parts that mark an electronic lecture's HTML5 package."""
    max_articles: int = Field(default=2000, ge=1)

    _menu = field_validator("menu")(_check_selector)

    def section(self, name: str) -> Section | None:
        """The section a category name belongs to (names compared without diacritics or case)."""
        key = fold(name)
        for section in self.sections:
            if any(fold(n) == key for n in section.names):
                return section
        return None


SHIPPED = ("longbien", "nukeviet", "generic")


def load_profile(ref: str, base: Path | None = None) -> PortalProfile:
    """A shipped profile by name, or a YAML file (relative to ``base``, the roster's folder)."""
    if ref in SHIPPED:
        package = resources.files("elschool_audit.sources") / "portal_profiles" / f"{ref}.yaml"
        with resources.as_file(package) as path:
            return load_model(path, PortalProfile, ConfigError)
    path = Path(ref)
    if base is not None and not path.is_absolute():
        path = base / path
    if not path.exists():
        raise ConfigError(
            "portal_profile_unknown",
            Location(file=str(path), field="portal.profile"),
            ref=ref,
            known=", ".join(SHIPPED),
        )
    return load_model(path, PortalProfile, ConfigError)
