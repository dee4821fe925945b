"""An editor schedules a new article in Wagtail's admin, step by step as an editor does it
(issue #18: the first try was reported to meet "You saved a new version in another window"
and to leave a draft without a go-live time).

That came from Wagtail's autosave: on the create form it still sent the autosave it had
queued after the editor pressed a button, and when the autosave reached a slow server first
it created the page and the editor's own save was refused or failed. Autosave is off in our
settings (WAGTAIL_AUTOSAVE_INTERVAL); the stories below go through both ways an editor reaches
"Schedule to publish" (from the create form, and after "Save draft"), and watch what the
browser meets on the way: console errors, Content-Security-Policy refusals, failed requests,
every session ping, and any autosave request."""

import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, Request, Response, expect
from wagtail.models import GroupPagePermission, PageLogEntry

from rejoinder.publishing.models import ArticlePage, CategoryPage
from tests.builders import make_category, make_home

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "The ferry timetable nobody asked for"
STANDFIRST = "Three crossings a day become two this winter, and the islanders heard it by rumour."
PARAGRAPH = "The notice went up on a Tuesday, taped to the inside of the ticket office window."
CONFLICT = "another window"
EDIT_FORM = re.compile(r"/admin/pages/\d+/edit/$")
PAGE_SCHEDULED = "wagtail.publish.schedule"  # the log entry of "Schedule to publish"


@dataclass
class BrowserLog:
    """What went wrong in the browser while the editor worked, the session pings, and the
    autosaves sent."""

    problems: list[str] = field(default_factory=list)
    pings: list[dict] = field(default_factory=list)
    autosaves: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        # CSP refusals are reported as console errors too ("Refused to connect to …").
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def request(self, request: Request) -> None:
        if is_autosave(request):
            self.autosaves.append(request.url)

    def response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"{response.status} {response.request.method} {response.url}")
        elif is_ping(response):
            # Read at once: the body is gone when the editor moves on to another page.
            self.pings.append(response.json())


def is_ping(response: Response) -> bool:
    return "/admin/editing-sessions/ping/" in response.url


def is_autosave(request: Request) -> bool:
    """Wagtail's autosave posts the form to the create or edit view asking for JSON back; a
    button posts it asking for a page."""
    return (
        request.method == "POST"
        and "json" in request.headers.get("accept", "")
        and ("/admin/pages/add/" in request.url or request.url.endswith("/edit/"))
    )


@pytest.fixture
def browser_log(page: Page) -> BrowserLog:
    log = BrowserLog()
    page.on("console", log.console)
    page.on("request", log.request)
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
    unsaved (and so are what it warns about on leaving the form)."""
    page.add_init_script(
        "addEventListener('w-unsaved:watch-edits', () => { window.editsWatched = true; })"
    )
    page.goto(address)
    page.wait_for_function("() => window.editsWatched === true")


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


def set_the_schedule(page: Page, go_live_at: datetime) -> None:
    """Status panel, "Set schedule", the go-live time typed into the picker's field, and
    "Save schedule": a submit button of the form, so it saves a draft (on the create form it
    creates the page) and opens the page's edit form again."""
    if not page.get_by_role("button", name="Set schedule").is_visible():
        page.get_by_role("button", name="Status").click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.get_by_label("Go live date/time").press_sequentially(
        go_live_at.strftime("%Y-%m-%d %H:%M")
    )
    # The date picker opens over the dialog's button (a moment after the field takes focus,
    # so on a busy machine after the typing): once it is open, a click beside it closes it.
    open_pickers = page.locator(".xdsoft_datetimepicker:visible")
    expect(open_pickers).to_have_count(1)
    dialog.get_by_role("heading", name="Set publishing schedule").click()
    expect(open_pickers).to_have_count(0)
    with page.expect_navigation():
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


def test_an_editor_schedules_a_new_article_from_the_create_form(page, opinion, editor, browser_log):
    go_live_at = a_day_ahead()
    write_the_article(page, opinion)
    expect(page).to_have_url(re.compile(rf"/admin/pages/add/publishing/articlepage/{opinion.pk}/$"))
    set_the_schedule(page, go_live_at)
    # "Save schedule" created the page as a draft carrying the go-live time, and opened its
    # edit form; nothing is scheduled until "Schedule to publish".
    expect(page).to_have_url(EDIT_FORM)
    expect(page.get_by_text(f"Page '{TITLE}' created.")).to_be_visible()
    [draft] = ArticlePage.objects.all()
    assert draft.go_live_at == go_live_at
    assert draft.scheduled_revision is None
    schedule_to_publish(page)
    assert_scheduled(page, go_live_at, browser_log)
    assert not browser_log.autosaves, browser_log.autosaves


def test_an_editor_saves_a_draft_then_schedules_it_from_the_edit_form(
    page, opinion, editor, browser_log
):
    go_live_at = a_day_ahead()
    write_the_article(page, opinion)
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(f"Page '{TITLE}' created.")).to_be_visible()
    expect(page).to_have_url(EDIT_FORM)
    set_the_schedule(page, go_live_at)
    expect(page.get_by_text(f"Page '{TITLE}' has been updated.")).to_be_visible()
    pings_answered_without_conflict(page, browser_log)
    schedule_to_publish(page)
    assert_scheduled(page, go_live_at, browser_log)
    assert not browser_log.autosaves, browser_log.autosaves


def test_a_slow_save_draft_on_the_create_form_creates_the_article_once(
    page, opinion, editor, browser_log
):
    """The editor saves a moment after typing, and the server is slow to take the button's
    POST (held 2.5 s here). With autosave on, Wagtail's queued autosave overtook it, created
    the page, and the editor's save was refused or failed (issue #18). What the editor gets
    is their article, saved once, with no error."""

    def hold_the_form_post(route) -> None:
        if route.request.method == "POST" and not is_autosave(route.request):
            time.sleep(2.5)  # the route's own thread: an autosave would be sent meanwhile
        route.continue_()

    page.route("**/admin/pages/add/**", hold_the_form_post)
    open_the_form(page, f"/admin/pages/add/publishing/articlepage/{opinion.pk}/")
    page.get_by_role("textbox", name="Title*").fill(TITLE)
    page.get_by_role("textbox", name="Standfirst*").fill(STANDFIRST)
    # Wagtail makes the slug (on the Promote tab) from the title a moment after the title
    # loses focus; an editor's hand is slower than that, Playwright's is not.
    expect(page.locator("input[name='slug']")).not_to_have_value("")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(f"Page '{TITLE}' created.")).to_be_visible()
    [article] = ArticlePage.objects.all()
    assert article.standfirst == STANDFIRST
    assert not browser_log.problems, browser_log.problems
    assert not browser_log.autosaves, browser_log.autosaves


def test_leaving_the_create_form_with_unsaved_changes_asks_first(page, opinion, editor):
    """With autosave off, what stands between an editor and lost work is Wagtail's warning
    on leaving a form with changes not saved."""
    write_the_article(page, opinion)
    with page.expect_event("dialog") as leaving:
        page.close(run_before_unload=True)
    assert leaving.value.type == "beforeunload"
    leaving.value.dismiss()
    assert not ArticlePage.objects.exists()
