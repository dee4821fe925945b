from django.urls import path

from rejoinder.moderation import views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/act/", views.act, name="act"),
    path("moderation/comment/<int:comment_id>/edit/", views.edit, name="edit"),
    path("moderation/log/", views.log, name="log"),
    path("moderation/log/<int:entry_id>/undo/", views.undo, name="undo"),
    path("moderation/dashboard/", views.dashboard, name="dashboard"),
    path("discussion/comment/<int:comment_id>/report/", views.report, name="report"),
]
