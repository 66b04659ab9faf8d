"""The portal source against a real HTTP server on loopback (tests/portalsite.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from elschool_audit.audit import audit_school
from elschool_audit.errors import ConfigError, SourceError
from elschool_audit.roster import PortalSite, School, load_roster
from elschool_audit.rubric.loader import LoadedRubric, load_rubric
from elschool_audit.sources.crawler import Crawler, CrawlSettings, HttpCache
from elschool_audit.sources.crosscheck import CrossCheckedSource
from elschool_audit.sources.local import LocalSource
from elschool_audit.sources.portal import PortalSource
from elschool_audit.sources.portal_pages import image_width, parse_when
from elschool_audit.sources.portal_profile import load_profile
from tests.portalsite import Post, Route, Site, longbien_site, png, posts_from_sheet, serve

SAMPLES = Path(__file__).resolve().parents[1] / "sample_sheets"
AS_OF = dt.date(2016, 11, 30)
POST_RULES = (
    "PORTAL-INTRO",
    "PORTAL-WEEKLY-SCHEDULE",
    "PORTAL-TIMETABLE",
    "PORTAL-THREE-DISCLOSURES",
    "PORTAL-RESULT-STATS",
    "NEWS-PROFESSIONAL",
    "NEWS-UNIONS",
    "NEWS-SCHOOL-ACTIVITIES",
    "NEWS-OTHER",
    "NEWS-NOTICES",
    "NEWS-IMAGE-WIDTH",
)


@pytest.fixture(scope="module")
def loaded() -> LoadedRubric:
    return load_rubric(None)


def fast(cache: Path | None = None, timeout: float = 5.0) -> Crawler:
    return Crawler(CrawlSettings(min_interval=0.0, per_host=2, timeout=timeout), HttpCache(cache))


def school_at(port: int, school_id: str = "th-ai-mo-a") -> School:
    school = load_roster(SAMPLES).find(school_id)
    return school.model_copy(update={"portal": PortalSite(url=f"http://127.0.0.1:{port}", profile="longbien")})


def sheet_posts(school_id: str = "th-ai-mo-a") -> list[Post]:
    return posts_from_sheet(SAMPLES / school_id / "Thong ke tin bai.csv")


def statuses(loaded: LoadedRubric, school: School, source: object) -> dict[str, str]:
    result = audit_school(loaded, school, source, AS_OF)  # type: ignore[arg-type]
    return {r.rule_id: r.status for r in result.results if r.rule_id in POST_RULES}


SAMPLE_SCHOOLS = [s.id for s in load_roster(SAMPLES).schools]


@pytest.mark.parametrize("school_id", SAMPLE_SCHOOLS)
def test_a_site_agreeing_with_the_sheet_gives_the_sheets_verdicts(loaded: LoadedRubric, school_id: str) -> None:
    site = Site()
    with serve(site) as port:
        site.routes.update(longbien_site(sheet_posts(school_id), port).routes)
        school = school_at(port, school_id)
        source = CrossCheckedSource(LocalSource(SAMPLES), PortalSource(crawler=fast()))
        from_portal = statuses(loaded, school, PortalSource(crawler=fast()))
        both = audit_school(loaded, school, source, AS_OF)
    from_sheets = statuses(loaded, school, LocalSource(SAMPLES))
    assert len(from_sheets) == len(POST_RULES)
    assert from_portal == from_sheets
    assert not [p for p in both.problems if p.message.key.startswith("portal")]  # nothing to cross-check


def test_the_sample_verdicts_compared_include_failures_and_passes(loaded: LoadedRubric) -> None:
    """The comparison above can fail: the sample district's posts rules have both outcomes."""
    seen = set()
    for school_id in SAMPLE_SCHOOLS:
        school = load_roster(SAMPLES).find(school_id)
        seen |= set(statuses(loaded, school, LocalSource(SAMPLES)).values())
    assert {"pass", "fail"} <= seen


def test_portal_tables_measure_time_pictures_and_captions() -> None:
    posts = [
        Post(dt.datetime(2016, 11, 7, 7, 45), "Lịch công tác tuần 07/11", "Lịch công tác"),
        Post(dt.datetime(2016, 11, 8, 9, 0), "Hội giảng", "Tin chuyên môn", pictures=2, width=500),
        Post(dt.datetime(2016, 11, 9, 9, 0), "Ảnh nhỏ", "Tin chuyên môn", pictures=1, width=320, captions=False),
        Post(dt.datetime(2016, 11, 10, 9, 0), "Không ghi rộng", "Hoạt động chung", pictures=1, width=640,
             width_in_markup=False),
    ]  # fmt: skip
    site = Site()
    with serve(site) as port:
        site.routes.update(longbien_site(posts, port).routes)
        workbook = PortalSource(crawler=fast()).collect(school_at(port))
    frame = workbook.tables["posts"].frame.set_index("title")
    assert frame.loc["Lịch công tác tuần 07/11", "category"] == "lich_cong_tac"  # from the RSS feed
    assert frame.loc["Hội giảng", "picture_width"] == 500
    assert frame.loc["Ảnh nhỏ", "picture_width"] == 320
    assert not frame.loc["Ảnh nhỏ", "captions"] and frame.loc["Hội giảng", "captions"]
    assert frame.loc["Không ghi rộng", "picture_width"] == 640  # read from the PNG header
    assert frame.loc["Hội giảng", "category"] == "chuyen_mon"
    image_requests = [p for p in site.paths() if p.startswith("/Upload/")]
    assert image_requests == ["/Upload/3-0-640.png"]  # only the picture whose markup had no width


def test_documents_and_lectures_from_the_portal() -> None:
    posts = [
        Post(dt.datetime(2016, 9, 6, 8, 0), "Kế hoạch số 01/KH-THAMA về ứng dụng CNTT", "Văn bản",
             attachments=("01-KH-THAMA.pdf",)),
        Post(dt.datetime(2016, 9, 7, 8, 0), "Thông báo 02/TB-THAMA lịch họp", "Văn bản", attachments=("02.docx",)),
    ]  # fmt: skip
    site = Site()
    with serve(site) as port:
        site.routes.update(longbien_site(posts, port).routes)
        site.routes["/Upload/02.docx"] = Route(b"PK", "application/octet-stream")
        workbook = PortalSource(crawler=fast()).collect(school_at(port))
    docs = workbook.tables["documents"].frame.set_index("number")
    assert docs.loc["01/KH-THAMA", "file_format"] == "PDF" and docs.loc["01/KH-THAMA", "kind"] == "ke_hoach"
    assert docs.loc["02/TB-THAMA", "file_format"] == "DOCX" and docs.loc["02/TB-THAMA", "kind"] == "thong_bao"
    assert bool(docs.loc["01/KH-THAMA", "posted_web"])


def test_a_site_disagreeing_with_the_sheet_gives_cross_check_findings(loaded: LoadedRubric) -> None:
    posts = sheet_posts()
    november = [
        p for p in posts if p.category == "Tin chuyên môn" and (p.published.year, p.published.month) == (2016, 11)
    ]
    assert len(november) >= 2
    shown = [p for p in posts if p is not november[0]]
    site = Site()
    with serve(site) as port:
        site.routes.update(longbien_site(shown, port).routes)
        school = school_at(port)
        source = CrossCheckedSource(LocalSource(SAMPLES), PortalSource(crawler=fast()))
        result = audit_school(loaded, school, source, AS_OF)
    found = [p for p in result.problems if p.message.key == "portal_count_differs"]
    assert len(found) == 1, found
    params = found[0].message.params
    assert (params["month"], params["sheet"], params["portal"]) == ("11/2016", len(november), len(november) - 1)
    assert "Chuyên môn" in params["group"] and params["site"].startswith("http://127.0.0.1")
    assert found[0].location.file == "Thong ke tin bai.csv" and found[0].location.row is not None
    assert statuses(loaded, school, LocalSource(SAMPLES)) == {
        r.rule_id: r.status for r in result.results if r.rule_id in POST_RULES
    }  # verdicts stay on the sheets


def test_a_monthly_rerun_of_an_unchanged_site_makes_only_conditional_requests(tmp_path: Path) -> None:
    posts = sheet_posts()[:20]
    posts[3] = dataclasses.replace(posts[3], pictures=1, width=700, width_in_markup=False)
    site = Site()
    with serve(site) as port:
        site.routes.update(longbien_site(posts, port).routes)
        school = school_at(port)
        first = PortalSource(crawler=fast(tmp_path)).collect(school)
        cold = site.counts()
        site.requests.clear()
        crawler = fast(tmp_path)
        second = PortalSource(crawler=crawler).collect(school)
        warm = site.counts()
        uploads = [p for h, p, _ in site.requests if h.startswith("localhost")]
    assert cold["plain"] > 20 and cold["conditional"] == 0
    assert warm["plain"] == 0 and not uploads  # the picture's size is remembered: its host is not asked again
    assert warm["conditional"] == cold["plain"] - 2  # all but the picture and its host's robots.txt
    assert crawler.stats["not_modified"] == warm["conditional"]
    assert first.tables["posts"].frame.drop(columns="_src").equals(second.tables["posts"].frame.drop(columns="_src"))


def test_robots_errors_slow_pages_and_loops_are_located_and_the_rest_is_read() -> None:
    posts = [Post(dt.datetime(2016, 11, 8, 9, 0), f"Tin {i}", "Tin chuyên môn") for i in range(3)]
    site = Site()
    with serve(site) as port:
        site.routes.update(
            longbien_site(posts, port, extra_menu='<li><a href="/private/noi-bo-c9.aspx">Tin khác</a></li>').routes
        )
        listing = site.routes["/tin-chuyen-mon-c5130.aspx"].body.decode()
        extra = "".join(
            f'<div class="abctitle"><div class="title"><a href="{path}">x</a></div></div>'
            for path in ("/cham-tndetail1-1.aspx", "/loi-tndetail1-2.aspx", "/vong-a-tndetail1-3.aspx")
        )
        site.page("/tin-chuyen-mon-c5130.aspx", listing.replace("<div class='list'>", "<div class='list'>" + extra))
        site.page("/cham-tndetail1-1.aspx", "<h1>slow</h1>", delay=1.5)
        site.routes["/loi-tndetail1-2.aspx"] = Route(b"boom", status=500)
        site.routes["/vong-a-tndetail1-3.aspx"] = Route(b"", status=302, location="/vong-b-tndetail1-4.aspx")
        site.routes["/vong-b-tndetail1-4.aspx"] = Route(b"", status=302, location="/vong-a-tndetail1-3.aspx")
        site.page("/private/noi-bo-c9.aspx", "<html></html>")
        workbook = PortalSource(crawler=fast(timeout=0.5)).collect(school_at(port))
        paths = site.paths()
    assert not any(p.startswith("/private/") for p in paths)  # robots.txt obeyed
    reasons = {p.params["reason"] for p in workbook.problems if p.code == "portal_page_unreadable"}
    assert reasons >= {"robots", "timeout", "status", "redirect_loop"}
    assert len(workbook.tables["posts"].frame) == 3
    assert all(
        p.location.file and p.location.file.startswith("http") for p in workbook.problems if p.code.startswith("portal")
    )


def test_an_unreachable_portal_is_that_schools_located_error(loaded: LoadedRubric) -> None:
    with serve(Site()) as port:
        pass  # the port is closed again: nothing listens there
    school = school_at(port)
    with pytest.raises(SourceError) as info:
        PortalSource(crawler=fast(timeout=1)).collect(school)
    assert info.value.location.file == f"http://127.0.0.1:{port}/"
    result = audit_school(loaded, school, CrossCheckedSource(LocalSource(SAMPLES), PortalSource(crawler=fast())), AS_OF)
    assert result.error is None and result.results  # the sheets are still audited
    assert [p.message.key for p in result.problems if p.message.key == "portal_unreachable"] == ["portal_unreachable"]


def test_nukeviet_markup_and_feeds() -> None:
    site = Site()
    with serve(site) as port:
        base = f"http://127.0.0.1:{port}"
        site.page(
            "/",
            '<nav><a href="/news/tin-chuyen-mon/">Tin chuyên môn</a>'
            '<a href="/news/bai-giang/">Bài giảng điện tử</a></nav>',
        )
        site.page(
            "/news/tin-chuyen-mon/",
            '<div class="news_column"><div class="panel panel-default"><div class="panel-body">'
            '<h3><a href="/news/tin-chuyen-mon/hoi-giang-12.html">Hội giảng</a></h3>'
            '<div class="text-muted"><ul><li><em class="fa fa-clock-o">&nbsp;</em> 21/11/2016 08:30</li></ul></div>'
            "</div></div></div>",
        )
        site.page(
            "/news/tin-chuyen-mon/hoi-giang-12.html",
            '<div class="breadcrumbs"><a href="/">Trang chủ</a><a href="/news/tin-chuyen-mon/">Tin chuyên môn</a></div>'
            '<h1 class="title">Hội giảng</h1><span class="h5">Thứ hai - 21/11/2016 08:30</span>'
            '<div id="news-bodyhtml" class="bodytext"><figure class="image"><img src="/uploads/a.png" width="500">'
            "<figcaption>Giờ dạy mẫu</figcaption></figure></div>",
        )
        site.page(
            "/news/bai-giang/toan-3-15.html",
            '<h1 class="title">Bài giảng Toán lớp 3: Phép chia</h1><span class="h5">Thứ ba - 22/11/2016 10:00</span>'
            '<div class="bodytext"><a href="/uploads/toan3/html5/index.html">Mở bài giảng</a></div>',
        )
        site.page(
            "/news/rss/",
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tin tức</title><item><title>Toán 3</title>'
            f"<link>{base}/news/bai-giang/toan-3-15.html</link><category>Bài giảng điện tử</category>"
            "<pubDate>Tue, 22 Nov 2016 03:00:00 GMT</pubDate></item></channel></rss>",
            content_type="application/rss+xml",
        )
        school = School(id="x", name="X", level="TH", portal=PortalSite(url=base, profile="nukeviet"))
        workbook = PortalSource(crawler=fast()).collect(school)
    posts = workbook.tables["posts"].frame
    assert list(posts["category"]) == ["chuyen_mon"] and bool(posts["captions"].iloc[0])
    lectures = workbook.tables["resources"].frame
    assert lectures.iloc[0]["format"] == "HTML5" and lectures.iloc[0]["grade"] == 3
    assert lectures.iloc[0]["subject"] == "toan" and lectures.iloc[0]["kind"] == "bai_giang"


def test_dates_as_portals_print_them() -> None:
    assert parse_when("Thứ hai - 21/11/2016 08:30").at == dt.datetime(2016, 11, 21, 8, 30)  # type: ignore[union-attr]
    when = parse_when("12/10/2015")
    assert when is not None and not when.has_time
    iso = parse_when("2016-11-21T01:30:00Z")
    assert iso is not None and iso.at == dt.datetime(2016, 11, 21, 8, 30) and iso.has_time
    assert parse_when("không có ngày") is None
    assert parse_when("31/02/2016") is None


def test_image_width_from_the_first_bytes_only() -> None:
    data = png(812, 600)
    assert image_width(data[:64]) == 812
    assert image_width(b"not an image") is None


def test_profiles_ship_and_a_broken_one_names_its_line(tmp_path: Path) -> None:
    for name in ("longbien", "nukeviet", "generic"):
        assert load_profile(name).name == name
    (tmp_path / "mine.yaml").write_text(
        "name: mine\nlisting:\n  item: '.abc a[['\nsections:\n  - {names: [Tin], table: posts}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_profile("mine.yaml", tmp_path)
    assert info.value.location.line == 3 and "CSS" in str(info.value)
    (tmp_path / "typo.yaml").write_text("name: typo\nsectoins: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_profile("typo.yaml", tmp_path)
    assert info.value.location.line == 2
    with pytest.raises(ConfigError):
        load_profile("missing.yaml", tmp_path)


def test_cli_portal_flag_reports_the_cross_check_in_the_schools_report(
    run_cli: Any, district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ELSCHOOL_AUDIT_PORTAL_INTERVAL", "0")
    monkeypatch.setenv("ELSCHOOL_AUDIT_CACHE_DIR", str(tmp_path / "cache"))
    posts = sheet_posts()
    dropped = next(p for p in posts if p.category == "Hoạt động chung" and p.published.strftime("%m/%Y") == "10/2016")
    site = Site()
    with serve(site) as port:
        site.routes.update(longbien_site([p for p in posts if p is not dropped], port).routes)
        roster = yaml.safe_load((district / "roster.yaml").read_text(encoding="utf-8"))
        for school in roster["schools"]:
            if school["id"] == "th-ai-mo-a":
                school["portal"] = {"url": f"http://127.0.0.1:{port}/", "profile": "longbien"}
        (district / "roster.yaml").write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
        out = tmp_path / "r.json"
        with_portal = run_cli("audit", "school", "th-ai-mo-a", "--source", str(district), "--portal",
                              "--month", "2016-11", "--output", str(out))  # fmt: skip
        report = json.loads(out.read_text(encoding="utf-8"))
    without = run_cli("audit", "school", "th-ai-mo-a", "--source", str(district), "--month", "2016-11")
    assert with_portal.code == without.code
    text = json.dumps(report, ensure_ascii=False)
    assert "cổng TTĐT" in text and "10/2016" in text and "Hoạt động của trường" in text
