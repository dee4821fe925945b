from django.urls import path

from rejoinder.inline import views

app_name = "inline"

urlpatterns = [
    path("inline/<int:thread_id>/passage/<str:block_id>/", views.passage_form, name="passage_form"),
    path("inline/<int:thread_id>/comments/", views.comments, name="comments"),
]
