"""What every check reads: a comment about to be written, and who and where it comes from."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from rejoinder.discussion.models import Thread
from rejoinder.moderation.models import CategoryPolicy, ModerationSettings
from rejoinder.moderation.text import text_hash


@dataclass
class Submission:
    text: str
    thread: Thread
    config: ModerationSettings
    now: datetime
    reader_key: str
    user_id: int | None = None
    email: str = ""  # a guest's address, lower-cased; empty for a signed-in reader
    network: str = ""  # keyed hash of the writer's network, when the request gave one
    is_edit: bool = False
    comment_id: int | None = None  # the comment being edited
    article_age: timedelta | None = None  # since publication, for threads under articles
    category_policy: CategoryPolicy | None = None  # the category rules the thread follows
    # How old the discussion is by those rules' clock (moderation.placement): since the
    # article's publication, or since an external page's first comment.
    policy_age: timedelta | None = None
    seconds_to_write: float | None = None  # from showing the form to posting it, if known
    spam_model_id: int | None = None  # the newest fitted spam model, as the rules name it

    @cached_property
    def bans(self) -> list:
        """Every ban naming the author, read once for the ban check and for trust."""
        from rejoinder.moderation.checks.author_banned import bans_naming

        return bans_naming(self)

    # The scores are computed when a check first asks, and then recorded with the decision.
    @cached_property
    def spam(self):
        from rejoinder.moderation import spam

        return spam.score(self)

    @cached_property
    def text_hash(self) -> str:
        """Hashed once, for the repeated-post check and for the screening recorded."""
        return text_hash(self.text)

    @cached_property
    def offensive_score(self) -> float:
        from rejoinder.moderation import offensive

        return offensive.score(self.text)
