"""What the discussion announces, always after the write has committed.

comment_posted(comment)   a new comment or reply was saved
comment_changed(comment)  a comment was edited, deleted or removed
"""

from django.dispatch import Signal

comment_posted = Signal()
comment_changed = Signal()
