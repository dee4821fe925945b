"""What the discussion announces, always after the write has committed.

comment_posted(comment)             a new comment or reply was saved
comment_changed(comment)            a comment was edited, deleted or removed
votes_changed(tally, thread_id)     a vote changed a comment's totals (a VoteTally)
thread_closed_changed(thread)       a discussion was closed or reopened
"""

from django.dispatch import Signal

comment_posted = Signal()
comment_changed = Signal()
votes_changed = Signal()
thread_closed_changed = Signal()
