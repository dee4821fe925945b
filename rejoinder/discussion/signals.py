"""What the discussion announces, after the write has committed — but for votes_counted.

comment_posted(comment)             a new comment or reply was saved
comment_changed(comment)            a comment was edited, deleted or removed
votes_counted(tally, thread_id)     a vote changed a comment's totals (a VoteTally); sent
                                    inside the vote's transaction, so that what receivers
                                    write (the live event) commits with the vote, in the
                                    same commit, or not at all: a vote is the most frequent
                                    write, and a commit of its own cost its event a tenth of
                                    the vote's CPU (#16). Receivers defer anything outside
                                    the database to transaction.on_commit.
thread_closed_changed(thread)       a discussion was closed or reopened
"""

from django.dispatch import Signal

comment_posted = Signal()
comment_changed = Signal()
votes_counted = Signal()
thread_closed_changed = Signal()
