from django.urls import path

from rejoinder.embed import views

app_name = "embed"

urlpatterns = [
    path("embed.js", views.embed_js, name="embed_js"),
    path("counts.js", views.counts_js, name="counts_js"),
    path("embed/frame/", views.frame, name="frame"),
    path("embed/frame/post/", views.first_comment, name="first_comment"),
    path("embed/frame/comments/", views.frame_comments, name="frame_comments"),
    path("embed/frame/preview/", views.first_preview, name="first_preview"),
    path("embed/counts/", views.counts, name="counts"),
    path("embed/example/", views.example, name="example"),
]
