from django.urls import path

from rejoinder.discussion import views
from rejoinder.discussion.feeds import LatestCommentsFeed, ThreadCommentsFeed

app_name = "discussion"

urlpatterns = [
    path("discussion/counts/", views.counts, name="counts"),
    path("feeds/comments.xml", LatestCommentsFeed(), name="comments_feed"),
    path(
        "discussion/<int:thread_id>/comments/atom.xml",
        ThreadCommentsFeed(),
        name="thread_feed",
    ),
    path("discussion/<int:thread_id>/comments/", views.comments, name="comments"),
    path("discussion/<int:thread_id>/post/", views.post, name="post"),
    path("discussion/<int:thread_id>/preview/", views.preview, name="preview"),
    path("discussion/comment/<int:comment_id>/reply/", views.reply_form, name="reply"),
    path("discussion/comment/<int:comment_id>/replies/", views.replies, name="replies"),
    path("discussion/comment/<int:comment_id>/vote/", views.vote, name="vote"),
    path("discussion/comment/<int:comment_id>/edit/", views.edit, name="edit"),
    path("discussion/comment/<int:comment_id>/delete/", views.delete, name="delete"),
    path("discussion/avatar/<slug:seed>.svg", views.avatar, name="avatar"),
    path("c/<int:comment_id>/", views.permalink, name="permalink"),
]
