"""The API against its own OpenAPI schema, with Schemathesis: property-based requests to
every operation, well-formed and malformed, through the WSGI application. No answer may be
a 5xx, and every answer must match the schema (status, headers, body)."""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from wagtail.models import APIToken

from rejoinder.api.schemas import ID_MAX
from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.models import Thread
from rejoinder.moderation.demo import moderators_group
from tests.conftest import a_guest

# Enough to find what breaks on malformed input, few enough for CI: about a minute in all.
EXAMPLES_PER_OPERATION = 20

# Loaded from the application itself, as a client would: the schema it serves.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES_PER_OPERATION,
    # Unknown query parameters are ignored, as the site's pages ignore them (a cache-buster,
    # a campaign tag), so sending one is not a malformed request.
    allow_extra_parameters=False,
)
# Well-formed input may still be refused as 422 for what no schema can say: a passage that
# is not in the article, a cursor this API did not give, a ban by an account the comment's
# guest author does not have, a NUL in a comment (refused by the form, as on the page).
_acceptance = schema.config.checks.positive_data_acceptance
_acceptance.expected_statuses = [*_acceptance.expected_statuses, "422"]


@pytest.fixture
def one_connection():
    """Django closes its database connection when a WSGI request ends; the test's
    transaction lives on that connection, so keep it open, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def contract(db, one_connection):
    """A discussion (under a page of no article, as the embed opens them) with a
    conversation to aim at, and a moderator's API token for every call."""
    thread = Thread.objects.create(key="url:/contract/", title="Contract", url="/contract/")
    first = post_comment(thread=thread, author=a_guest("Mara"), body="A first thought.")
    post_comment(thread=thread, author=a_guest("Tomas"), body="An answer.", parent=first)
    user = get_user_model().objects.create_user(
        username="contract-mod", email="contract-mod@example.org", is_staff=True
    )
    user.groups.add(moderators_group())
    _row, token = APIToken.create_token(user=user, name="contract test")
    return {"thread_id": thread.pk, "comment_id": first.pk, "token": token}


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_matches_the_schema_and_none_is_a_5xx(case, contract):
    # Random ids would almost never name a real thread or comment: aim half of the valid
    # ones at the conversation above, so the happy paths are exercised too (an id the
    # schema forbids stays as generated, to be refused).
    for name in ("thread_id", "comment_id"):
        value = (case.path_parameters or {}).get(name)
        if isinstance(value, int) and 1 <= value <= ID_MAX and value % 2 == 0:
            case.path_parameters[name] = contract[name]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {contract['token']}"},
        # A WSGI server names the client's address; the rate limits count by it.
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
