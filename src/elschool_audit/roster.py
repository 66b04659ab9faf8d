"""The district's list of schools: who they are and where their records live."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from elschool_audit.errors import ConfigError, Location
from elschool_audit.text import clean, fold
from elschool_audit.yamlfile import Invalid, load_model

Level = Literal["MN", "TH", "THCS"]
LEVELS: tuple[Level, ...] = ("MN", "TH", "THCS")
Profile = Literal["full", "partial"]
PROFILES: tuple[Profile, ...] = ("full", "partial")


class PortalSite(BaseModel):
    """A school's public web site (cổng thông tin điện tử) and the software it runs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(pattern=r"^https?://[^\s/]+")
    """The site's base address, e.g. ``https://thcsvietHung.longbien.edu.vn``."""
    profile: str = "generic"
    """A shipped portal profile's name (``longbien``, ``nukeviet``, ``generic``) or a profile YAML
    file, relative to the roster file."""

    @model_validator(mode="before")
    @classmethod
    def _plain_url(cls, data: object) -> object:
        return {"url": data} if isinstance(data, str) else data


class School(BaseModel):
    """One school. ``pilot`` schools run the full model; the others the partial model (A.5)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    level: Level
    pilot: bool = False
    clc: bool = False
    email: str | None = None
    folder: str | None = None
    """Local folder with the school's files, relative to the roster file."""
    drive_folder: str | None = None
    """Google Drive folder id shared by the district (the ``drive`` source)."""
    portal: PortalSite | None = None
    """The school's portal (the ``portal`` source, and ``--portal`` cross-checks)."""

    @field_validator("name")
    @classmethod
    def _clean_name(cls, v: str) -> str:
        return clean(v)

    @model_validator(mode="after")
    def _clc_is_primary(self) -> School:
        if self.clc and self.level != "TH":
            raise Invalid("roster_clc_needs_th")
        return self

    @property
    def profile(self) -> Profile:
        return "full" if self.pilot else "partial"


class Roster(BaseModel):
    model_config = ConfigDict(extra="forbid")

    district: str = "Phòng GD&ĐT"
    drive_root: str | None = None
    """A Drive folder whose sub-folders are the schools' folders, matched by name."""
    domain: str | None = None
    """The district's Google domain (``pgdlongbien.edu.vn``): ``--sharing`` flags shares with any other."""
    schools: list[School]

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().lower().removeprefix("@")
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", value):
            raise Invalid("roster_not_a_domain", value=repr(value))
        return value

    @model_validator(mode="after")
    def _unique_ids(self) -> Roster:
        seen: set[str] = set()
        for school in self.schools:
            if school.id in seen:
                raise Invalid("roster_duplicate_id", id=repr(school.id))
            seen.add(school.id)
        return self

    def find(self, key: str) -> School:
        """A school by id, or by name typed with or without diacritics."""
        for school in self.schools:
            if school.id == key:
                return school
        folded = fold(key)
        matches = [s for s in self.schools if fold(s.name) == folded or folded in fold(s.name)]
        if len(matches) == 1:
            return matches[0]
        known = ", ".join(s.id for s in self.schools)
        if matches:
            raise ConfigError("school_ambiguous", key=key, matches=", ".join(s.id for s in matches))
        raise ConfigError("school_unknown", key=key, known=known)


ROSTER_NAMES = ("roster.yaml", "roster.yml")


def load_roster(path: Path) -> Roster:
    if not path.exists():
        raise ConfigError(
            "roster_missing",
            Location(file=str(path)),
        )
    if path.is_dir():
        for name in ROSTER_NAMES:
            if (path / name).is_file():
                path = path / name
                break
        else:
            raise ConfigError(
                "roster_not_in_folder",
                Location(file=str(path)),
            )
    return load_model(path, Roster, ConfigError)
