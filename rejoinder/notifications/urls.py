from django.urls import path

from rejoinder.notifications import views
from rejoinder.notifications.feeds import RepliesFeed

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.my_subscriptions, name="mine"),
    path("notifications/follow/<int:thread_id>/", views.follow, name="follow"),
    path("notifications/confirm/<str:token>/", views.confirm, name="confirm"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "notifications/unsubscribe-all/<str:token>/",
        views.unsubscribe_all,
        name="unsubscribe_all",
    ),
    path(
        "notifications/author-notices-off/<str:token>/",
        views.author_notices_off,
        name="author_notices_off",
    ),
    path("notifications/manage/<str:token>/", views.manage, name="manage"),
    path("notifications/replies/<str:token>/atom.xml", RepliesFeed(), name="replies_feed"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:message_id>/", views.outbox_message, name="outbox_message"),
    path("outbox/<int:message_id>/html/", views.outbox_html, name="outbox_html"),
]
