"""Each process keeps the moderation rules in memory (issue 16), yet a change of rules is
obeyed by the very next post: made in the admin, by a service, in another process, and not
at all when it was rolled back."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from rejoinder.discussion.models import CommentState
from rejoinder.moderation import spam
from rejoinder.moderation.linear_text import Analyzer, LinearTextModel
from rejoinder.moderation.models import CategoryPolicy, ModerationSettings, RulesRevision, SpamModel
from rejoinder.moderation.rules import bump_rules_revision

pytestmark = pytest.mark.django_db


def reads_rules(queries) -> bool:
    tables = (ModerationSettings._meta.db_table, CategoryPolicy._meta.db_table)
    return any(table in query["sql"] for query in queries for table in tables)


def test_unchanged_rules_are_not_read_again_for_the_next_post(say, config):
    say("A first comment, which loads the rules.")
    with CaptureQueriesContext(connection) as queries:
        comment = say("A second comment, under the same rules.")
    assert comment.state == CommentState.VISIBLE
    assert not reads_rules(queries.captured_queries)
    # Their revision is read once, and which spam model is the newest not at all.
    sqls = [query["sql"] for query in queries.captured_queries]
    assert sum(RulesRevision._meta.db_table in sql for sql in sqls) == 1
    assert not any(SpamModel._meta.db_table in sql for sql in sqls)


def test_a_spam_model_fitted_in_another_process_scores_the_next_post(say, config, monkeypatch):
    """The worker's fit reaches the web processes through the rules' token, as a rule does."""
    # The model loaded here is not left to a later test whose model gets the same id.
    monkeypatch.setattr(spam, "_loaded", {})
    say("A first comment, scored by the heuristics.")
    words = Analyzer(
        lowercase=True,
        strip_accents=None,
        token_pattern=r"(?u)\b\w\w+\b",
        stop_words=frozenset(),
        ngram_range=(1, 1),
    )
    fitted = LinearTextModel(  # "ferry" is spam, anything else is not
        analyzer=words,
        sublinear_tf=False,
        terms=["ferry"],
        idf=[1.0],
        coef=[[20.0]],
        intercepts=[-10.0],
        sigmoids=[(-1.0, 0.0)],
    )
    SpamModel.objects.create(model=fitted.to_data(), trained_on=20)

    comment = say("The ferry, the ferry, the ferry.")
    assert comment.state == CommentState.SPAM


def test_a_settings_change_in_the_admin_is_obeyed_by_the_next_post(say, moderator_client, config):
    assert say("The harbour tax is fair.").state == CommentState.VISIBLE
    form = moderator_client.get(f"/admin/moderation_settings/edit/{config.pk}/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {key: value for key, value in data.items() if value is not False}
    data["blocked_words"] = "harbour tax\n"
    moderator_client.post(f"/admin/moderation_settings/edit/{config.pk}/", data)

    assert say("The harbour tax is unfair.").state == CommentState.PENDING


def test_a_category_rule_made_then_changed_in_the_admin_is_obeyed_by_the_next_post(
    say, moderator_client, config, opinion
):
    assert say("Before the rule.").state == CommentState.VISIBLE
    moderator_client.post(
        "/admin/category_rules/new/", {"category": opinion.pk, "premoderate": "on"}
    )
    assert say("Under the rule.").state == CommentState.PENDING

    rule = CategoryPolicy.objects.get()
    moderator_client.post(f"/admin/category_rules/edit/{rule.pk}/", {"category": opinion.pk})
    assert say("After the rule was lifted.").state == CommentState.VISIBLE

    # As a service, or the deletion of the category, would.
    rule.premoderate = True
    rule.save()
    assert say("Under the rule again.").state == CommentState.PENDING
    rule.delete()
    assert say("After the rule was deleted.").state == CommentState.VISIBLE


def test_a_change_saved_by_another_process_is_obeyed_by_the_next_post(say, config):
    """Another app server's save reaches this one only through the database: its rows and
    the token its receiver drew. Nothing in this process's memory is told."""
    assert say("Harbour fees again.").state == CommentState.VISIBLE
    with transaction.atomic():  # what the other process's save() commits
        ModerationSettings.objects.filter(pk=config.pk).update(blocked_words="harbour fees")
        bump_rules_revision()

    assert say("Harbour fees, once more.").state == CommentState.PENDING


def test_a_change_rolled_back_is_not_obeyed(say, config):
    say("A comment before anything changes.")
    with pytest.raises(RuntimeError), transaction.atomic():
        config.blocked_words = "ferry"
        config.save()
        # Read (and kept) inside the transaction that then fails.
        assert say("The ferry is late.").state == CommentState.PENDING
        raise RuntimeError("the change is abandoned")

    assert say("The ferry is late again.").state == CommentState.VISIBLE
