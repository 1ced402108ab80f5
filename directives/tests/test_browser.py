"""The whole workflow in a real Chromium: a unit head drafts, attaches a PDF and submits; the office
returns it; the head resubmits; the office accepts; the unit's state turns green. Run with -s to
see how many clicks it takes from sign-in to a submitted report."""

import pytest
from django.conf import settings

from directives.models import EvidenceFile, ProgressReport, ReportStatus, ReportVersion
from directives.selectors import TaskState

from .conftest import PDF_BYTES


class Clicks:
    """Counts the taps a person makes (links, buttons, the file picker); typing is not a click."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector: str) -> None:
        self.count += 1
        self.page.click(selector)

    def attach(self, selector: str, path) -> None:
        self.count += 1  # opening the file picker
        self.page.set_input_files(selector, str(path))


def _watch_csp(page) -> list[str]:
    """Collect Content-Security-Policy violations reported by the browser on this page."""
    violations: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return violations


def _no_horizontal_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _sign_in_and_submit(page_factory, world, live_server, tmp_path, artefacts_dir, *, width, height, tag):
    pdf = tmp_path / "Biên bản kiểm tra một cửa.pdf"
    pdf.write_bytes(PDF_BYTES)
    page = page_factory(width=width, height=height, username="head-a")
    clicks = Clicks(page)
    clicks.count = 1  # the sign-in button pressed by page_factory
    violations = _watch_csp(page)
    page.screenshot(path=artefacts_dir / f"{tag}-1-unit-home.png", full_page=True)
    _no_horizontal_scroll(page, width)

    clicks.click(f"a[data-report='{world.report.pk}']")
    a, b = world.indicators
    page.fill("#id_results", "Đã tiếp nhận 120 hồ sơ, giải quyết đúng hạn 118 hồ sơ.")
    page.fill("#id_shortcomings", "Còn 2 hồ sơ chậm do đường sá khó khăn.")
    page.fill("#id_solutions", "Tăng cường đôn đốc, niêm yết công khai.")
    page.fill(f"#id_indicator_{a.pk}", "120")
    page.fill(f"#id_indicator_{b.pk}", "118")
    clicks.attach("input[name=evidence]", pdf)
    clicks.click("button[name=action][value=save]")
    page.wait_for_selector("#evidence-list")
    _no_horizontal_scroll(page, width)
    page.screenshot(path=artefacts_dir / f"{tag}-2-draft-saved.png", full_page=True)
    clicks.click("#submit-report")
    page.wait_for_selector("#report-status[data-status=submitted]")
    page.screenshot(path=artefacts_dir / f"{tag}-3-submitted.png", full_page=True)
    _no_horizontal_scroll(page, width)
    print(f"\n[{tag}] sign-in to submitted report: {clicks.count} clicks ({width}px wide)")
    assert violations == []
    return page, clicks.count


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_draft_submit_return_resubmit_accept_turns_the_unit_green(page_factory, world, live_server, tmp_path, artefacts_dir):
    head_page, clicks = _sign_in_and_submit(
        page_factory, world, live_server, tmp_path, artefacts_dir, width=1280, height=900, tag="desktop"
    )
    assert EvidenceFile.objects.get().original_name == "Biên bản kiểm tra một cửa.pdf"
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.SUBMITTED

    office = page_factory(username="office")
    office_violations = _watch_csp(office)
    office.goto(f"{live_server.url}/directives/review/")
    office.click(f"#review-queue a[href='/directives/review/{world.report.pk}/']")
    assert "Đã tiếp nhận 120 hồ sơ" in office.inner_text(".review-column")
    office.fill("#id_comment", "Đề nghị bổ sung số hồ sơ quá hạn và phiếu xin lỗi.")
    office.screenshot(path=artefacts_dir / "desktop-4-office-review.png", full_page=True)
    office.click("#return-report")
    office.wait_for_url(f"{live_server.url}/directives/review/")
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.RETURNED

    head_page.goto(f"{live_server.url}/")
    head_page.click(f"a[data-report='{world.report.pk}']")
    assert "phiếu xin lỗi" in head_page.inner_text("#office-comment")
    head_page.fill("#id_results", "Đã tiếp nhận 120 hồ sơ; 118 đúng hạn; 2 quá hạn đã gửi phiếu xin lỗi.")
    head_page.click("#submit-report")
    head_page.wait_for_selector("#report-status[data-status=resubmitted]")
    head_page.screenshot(path=artefacts_dir / "desktop-5-resubmitted.png", full_page=True)

    office.goto(f"{live_server.url}/directives/review/{world.report.pk}/")
    office.click("#accept-report")
    office.wait_for_url(f"{live_server.url}/directives/review/")
    assert ReportVersion.objects.filter(report=world.report).count() == 2

    head_page.goto(f"{live_server.url}/")
    cell = head_page.locator(f"a[data-report='{world.report.pk}'] .state-cell")
    assert cell.get_attribute("data-state") == TaskState.DONE_ON_TIME
    assert "text-bg-success" in cell.locator(".badge").get_attribute("class")
    assert cell.inner_text() == "Hoàn thành đúng hạn"
    head_page.screenshot(path=artefacts_dir / "desktop-6-unit-home-green.png", full_page=True)

    head_page.goto(f"{live_server.url}/directives/reports/{world.report.pk}/history/")
    assert head_page.locator("ins.diff-added").count() >= 1
    head_page.screenshot(path=artefacts_dir / "desktop-7-history.png", full_page=True)
    assert office_violations == []
    assert clicks <= 6


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_submit_at_phone_width(page_factory, world, live_server, tmp_path, artefacts_dir):
    page, clicks = _sign_in_and_submit(
        page_factory, world, live_server, tmp_path, artefacts_dir, width=375, height=740, tag="phone"
    )
    assert clicks == 5
    assert ProgressReport.objects.get(pk=world.report.pk).status == ReportStatus.SUBMITTED
    page.goto(f"{live_server.url}/directives/reports/{world.report.pk}/history/")
    _no_horizontal_scroll(page, 375)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typed_text_survives_an_expired_session(page_factory, world, live_server, artefacts_dir):
    page = page_factory(width=375, height=740, username="staff-a")
    page.goto(f"{live_server.url}/directives/reports/{world.report.pk}/")
    # The action buttons are full width and at least 44 px tall: easy to hit with a thumb.
    box = page.locator("button[name=action][value=save]").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300
    page.fill("#id_results", "Nội dung dài đã gõ trên điện thoại")
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)  # the session expires while the person is typing

    page.click("button[name=action][value=save]")
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=username]", "staff-a")
    page.fill("input[name=password]", "test-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/directives/reports/{world.report.pk}/")

    assert page.input_value("#id_results") == "Nội dung dài đã gõ trên điện thoại"
    assert page.locator("#draft-restored").is_visible()
    page.screenshot(path=artefacts_dir / "phone-restored-after-sign-in.png", full_page=True)
    page.click("button[name=action][value=save]")
    page.wait_for_selector("text=Đã lưu nháp.")
    assert ProgressReport.objects.get(pk=world.report.pk).results == "Nội dung dài đã gõ trên điện thoại"
