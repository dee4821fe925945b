"""An editor schedules a new article in Wagtail's admin, step by step as an editor does it
(issue #18: the first try was reported to meet "You saved a new version in another window"
and to leave a draft without a go-live time).

Wagtail 8 autosaves the create form: the first autosave creates the page as a draft and turns
the form into the page's edit form, which then pings its editing session every 10 seconds.
The stories below go through both ways an editor reaches "Schedule to publish" (after the
autosave, and after "Save draft"), and watch what the browser meets on the way: console
errors, Content-Security-Policy refusals and failed requests, and every session ping."""

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, Response, expect
from wagtail.models import GroupPagePermission, PageLogEntry

from rejoinder.publishing.models import ArticlePage, CategoryPage
from tests.builders import make_category, make_home

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "The ferry timetable nobody asked for"
STANDFIRST = "Three crossings a day become two this winter, and the islanders heard it by rumour."
PARAGRAPH = "The notice went up on a Tuesday, taped to the inside of the ticket office window."
CONFLICT = "another window"
PAGE_SCHEDULED = "wagtail.publish.schedule"  # the log entry of "Schedule to publish"


@dataclass
class BrowserLog:
    """What went wrong in the browser while the editor worked, and the session pings."""

    problems: list[str] = field(default_factory=list)
    pings: list[dict] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        # CSP refusals are reported as console errors too ("Refused to connect to …").
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"{response.status} {response.request.method} {response.url}")
        elif is_ping(response):
            # Read at once: the body is gone when the editor moves on to another page.
            self.pings.append(response.json())


def is_ping(response: Response) -> bool:
    return "/admin/editing-sessions/ping/" in response.url


@pytest.fixture
def browser_log(page: Page) -> BrowserLog:
    log = BrowserLog()
    page.on("console", log.console)
    page.on("response", log.response)
    page.on("requestfailed", lambda request: log.problems.append(f"failed {request.url}"))
    return log


@pytest.fixture
def opinion(live_server, settings) -> CategoryPage:
    # Away from UTC, so that a go-live time read in the wrong zone is an hour out.
    settings.TIME_ZONE = "Europe/Berlin"
    return make_category(make_home(), title="Opinion")


@pytest.fixture
def editor(opinion, live_server, page: Page):
    """A member of the desk, who may add, edit and publish pages of the publication, signed
    in to the admin."""
    desk = Group.objects.create(name="Desk")
    desk.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in ("add", "change", "publish"):
        GroupPagePermission.objects.create(
            group=desk, page=opinion.get_parent(), permission_type=permission_type
        )
    user = get_user_model().objects.create_user("desk", is_staff=True)
    user.groups.add(desk)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return user


def a_day_ahead() -> datetime:
    """The go-live time the editor picks: to the minute, as the picker has it, in the site's
    time zone."""
    return (timezone.localtime() + timedelta(days=1)).replace(second=0, microsecond=0)


def open_the_form(page: Page, address: str) -> None:
    """Open an editing form and wait as an editor does before typing: Wagtail takes the
    form's starting state two seconds after it opens, and only changes after that count as
    unsaved (and so are autosaved)."""
    page.add_init_script(
        "addEventListener('w-unsaved:watch-edits', () => { window.editsWatched = true; })"
    )
    page.goto(address)
    page.wait_for_function("() => window.editsWatched === true")


def changes_autosaved(page: Page) -> None:
    """Wait until Wagtail has autosaved every change made on the form.

    Wagtail sends an autosave it has already planned even after a button has submitted the
    form: on the create form it then arrives after (or before) the page the button created.
    That race is Wagtail's own and is not what these stories are about, so an editor's click
    here waits for the autosave, as it would on any but the quickest hand."""
    page.wait_for_function(
        """() => {
            const form = document.querySelector("[data-edit-form]");
            const controller = name => window.wagtail.app
                .getControllerForElementAndIdentifier(form, name);
            const unsaved = controller("w-unsaved"), autosave = controller("w-autosave");
            return unsaved.initialFormData === unsaved.formData && !autosave.submitPromise;
        }"""
    )


def write_the_article(page: Page, category: CategoryPage) -> None:
    open_the_form(page, f"/admin/pages/add/publishing/articlepage/{category.pk}/")
    page.get_by_role("textbox", name="Title*").fill(TITLE)
    page.get_by_role("textbox", name="Standfirst*").fill(STANDFIRST)
    body = page.locator("[data-contentpath='body']")
    body.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph", exact=True).click()
    body.get_by_role("textbox").first.click()
    page.keyboard.type(PARAGRAPH)
    # Draftail copies what was typed into the form a moment after the last key; an editor
    # reaching for the next button takes longer than that, Playwright does not.
    page.wait_for_function(
        """text => [...document.querySelectorAll("[data-contentpath='body'] input")]
                   .some(input => input.value.includes(text))""",
        arg=PARAGRAPH[-20:],
    )
    # The first autosave keeps the article as a draft and makes the form its edit form.
    page.wait_for_url("**/admin/pages/*/edit/")
    changes_autosaved(page)


def set_the_schedule(page: Page, go_live_at: datetime) -> None:
    """Status panel, "Set schedule", the go-live time typed into the picker's field, and
    "Save schedule" (which saves a draft and opens the page's edit form)."""
    if not page.get_by_role("button", name="Set schedule").is_visible():
        page.get_by_role("button", name="Status").click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.get_by_label("Go live date/time").press_sequentially(
        go_live_at.strftime("%Y-%m-%d %H:%M")
    )
    # The date picker opened over the dialog's button: a click beside it closes it.
    dialog.get_by_role("heading", name="Set publishing schedule").click()
    changes_autosaved(page)
    dialog.get_by_role("button", name="Save schedule").click()
    expect(page.get_by_text("Once scheduled:")).to_be_visible()


def schedule_to_publish(page: Page) -> None:
    page.get_by_role("navigation", name="Actions (footer)").get_by_role(
        "button", name="More actions"
    ).click()
    page.get_by_role("button", name="Schedule to publish").click()


def assert_scheduled(page: Page, go_live_at: datetime, log: BrowserLog) -> None:
    expect(page.get_by_text("scheduled for publishing")).to_be_visible()
    expect(page.get_by_text(CONFLICT)).to_have_count(0)
    [article] = ArticlePage.objects.all()
    assert not article.live
    assert article.go_live_at == go_live_at
    assert article.scheduled_revision is not None
    assert article.scheduled_revision.approved_go_live_at == go_live_at
    assert PAGE_SCHEDULED in PageLogEntry.objects.filter(page=article).values_list(
        "action", flat=True
    )
    assert PARAGRAPH in article.scheduled_revision.as_object().body[0].value.source
    for ping in log.pings:
        assert not [other for other in ping["other_sessions"] if other["revision_id"]], ping
    # And the admin says so when the editor opens the article again.
    page.goto(f"/admin/pages/{article.pk}/edit/")
    expect(page.get_by_text("has been scheduled to go live at")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel scheduled publish")).to_be_visible()
    assert not log.problems, log.problems


def pings_answered_without_conflict(page: Page, log: BrowserLog) -> None:
    """The edit form's session ping (on opening it, then every 10 s) answers 200, with no
    newer version of the page from anyone: what would raise the "another window" dialog."""
    with page.expect_response(is_ping, timeout=15_000):
        pass
    assert len(log.pings) >= 2
    assert not log.problems, log.problems


def test_an_editor_schedules_a_new_article_once_autosave_has_kept_the_draft(
    page, opinion, editor, browser_log
):
    go_live_at = a_day_ahead()
    write_the_article(page, opinion)
    set_the_schedule(page, go_live_at)
    schedule_to_publish(page)
    assert_scheduled(page, go_live_at, browser_log)


def test_an_editor_saves_a_draft_then_schedules_it_from_the_edit_form(
    page, opinion, editor, browser_log
):
    go_live_at = a_day_ahead()
    write_the_article(page, opinion)
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(f"Page '{TITLE}' has been updated.")).to_be_visible()
    set_the_schedule(page, go_live_at)
    pings_answered_without_conflict(page, browser_log)
    schedule_to_publish(page)
    assert_scheduled(page, go_live_at, browser_log)


@pytest.mark.xfail(
    strict=True,
    reason="Wagtail 8.0.1 (not our code): the first autosave, sent after the button was "
    "pressed, creates the page first; the button's POST is then refused ('could not be "
    "created': its slug is taken, on the Promote tab) or, when the two meet in add_child, "
    "fails with a 500 (ValidationError). The editor's save is lost; the autosave's draft stays",
)
def test_a_slow_save_draft_on_the_create_form_loses_to_the_first_autosave(
    page, opinion, editor, browser_log
):
    """The editor saves before the first autosave has been sent, and the server is slow to
    take the button's POST (held 2.5 s here): the autosave, sent a moment later, overtakes
    it. What the editor should get is their article, saved once, with no error."""

    def hold_the_form_post(route) -> None:
        if route.request.method == "POST" and "json" not in route.request.headers["accept"]:
            time.sleep(2.5)  # the route's own thread: the autosave is sent meanwhile
        route.continue_()

    page.route("**/admin/pages/add/**", hold_the_form_post)
    open_the_form(page, f"/admin/pages/add/publishing/articlepage/{opinion.pk}/")
    page.get_by_role("textbox", name="Title*").fill(TITLE)
    page.get_by_role("textbox", name="Standfirst*").fill(STANDFIRST)
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(f"Page '{TITLE}' created.")).to_be_visible()
    [article] = ArticlePage.objects.all()
    assert article.standfirst == STANDFIRST
    assert not browser_log.problems, browser_log.problems
