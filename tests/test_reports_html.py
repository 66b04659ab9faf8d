"""HTML reports parsed with html.parser: escaping, standalone (no network), content of both pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from elschool_audit.reports.formats import html
from tests.report_fixtures import DRIVE_LINK, SCRIPT_NAME, district_report, school_report

URL_ATTRS = {"href", "src", "xlink:href", "action", "formaction", "poster", "data", "srcset", "background"}
FORBIDDEN_TAGS = {"script", "link", "img", "iframe", "object", "embed", "base", "form", "meta-refresh"}


class Page(HTMLParser):
    """Everything the tests look at: tags, URL-bearing attributes, text, and the CSS."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []
        self.css: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            self.attrs.append((name, value or ""))
            if name in URL_ATTRS and value is not None:
                self.urls.append(value)
            if name == "style" and value:
                self.css.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)
        else:
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def _page(report: dict[str, Any]) -> tuple[str, Page]:
    text = html.dumps(report, report["lang"])
    return text, Page(text)


def assert_standalone(raw: str, page: Page) -> None:
    assert not FORBIDDEN_TAGS & set(page.tags), FORBIDDEN_TAGS & set(page.tags)
    for url in page.urls:
        assert url.startswith("#") or url == DRIVE_LINK, url
    css = " ".join(page.css)
    assert "@import" not in css and "url(" not in css
    assert "@font-face" not in css
    assert not any(name.startswith("on") for name, _ in page.attrs), "event handler attribute"
    # any URL at all in the file is the Drive link or escaped text of the hostile cell value
    assert set(re.findall(r"https?://[^\s\"'<>&]+", raw)) <= {DRIVE_LINK, "http://evil.example/x"}


@pytest.mark.parametrize("build", [school_report, district_report], ids=["school", "district"])
def test_script_school_name_is_escaped(build: Any) -> None:
    report = build("vi", SCRIPT_NAME)
    raw, page = _page(report)
    assert "script" not in page.tags
    assert "<script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert SCRIPT_NAME in page.all_text  # shown to the reader as typed


@pytest.mark.parametrize("build", [school_report, district_report], ids=["school", "district"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_is_standalone(build: Any, lang: str) -> None:
    raw, page = _page(build(lang))
    assert raw.startswith("<!DOCTYPE html>")
    assert_standalone(raw, page)


def test_school_page_content() -> None:
    raw, page = _page(school_report("vi"))
    text = page.all_text
    assert page.tags.count("svg") == 2  # gauge + section bars, inline
    assert "<?xml" not in raw and "<!DOCTYPE svg" not in raw and "<metadata" not in raw
    assert "Trường Tiểu học Thử Nghiệm" in text
    assert "Chưa đạt chuẩn" in text
    assert "42.9%" in text
    assert "Tiêu chí chưa đạt (2)" in text
    assert "Cách khắc phục: Sửa máy hỏng rồi cập nhật cột Tình trạng." in text
    assert "Danh muc thiet bi.xlsx › Thiết bị › dòng 7 › E (Tình trạng)" in text
    assert "… và 1 phát hiện khác" in text
    assert DRIVE_LINK in page.urls
    assert "Vấn đề về dữ liệu (1)" in text


def test_school_page_in_english() -> None:
    raw, page = _page(school_report("en"))
    assert '<html lang="en">' in raw
    text = page.all_text
    assert "Rules not met (2)" in text
    assert "How to fix: Repair broken computers" in text
    assert "Below the standard" in text


def test_only_https_finding_links_are_links() -> None:
    report = school_report("vi")
    report["rules"][0]["findings"][0]["link"] = "javascript:alert(1)"
    raw, page = _page(report)
    assert page.urls == [u for u in page.urls if u.startswith("#")]
    assert "javascript:" not in raw


def test_district_page_content() -> None:
    raw, page = _page(district_report("vi"))
    text = page.all_text
    assert page.tags.count("svg") == 3  # ranking, per-level comparison, section heat-map
    for heading in ["Xếp hạng", "So sánh theo cấp học", "Điểm theo từng phần", "Chi tiết từng trường"]:
        assert heading in text
    # ranking table: best first, unaudited last without a rank
    assert text.index("Trường THCS Mẫu") < text.index("Trường Tiểu học Thử Nghiệm")
    assert "Could not read" not in text and "Không đọc được hồ sơ của trường: không có thư mục" in text
    assert "Tiểu học" in text and "Mầm non" in text
    assert_standalone(raw, page)


def test_chart_text_is_drawn_not_embedded() -> None:
    """Chart labels are outlines: no font is needed, and a school name cannot inject SVG markup."""
    raw, _ = _page(district_report("vi", SCRIPT_NAME))
    svgs = re.findall(r"<svg.*?</svg>", raw, re.S)
    assert svgs
    for svg in svgs:
        assert "<text" not in svg and "alert" not in svg and "<!--" not in svg
