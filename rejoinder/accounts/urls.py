from django.urls import path

from rejoinder.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/comments/", views.my_comments, name="comments"),
    path("accounts/comments/claim/", views.claim, name="claim"),
    path("accounts/data/", views.my_data, name="data"),
    path("accounts/data/download/", views.download, name="download"),
    path("accounts/delete/", views.delete_account, name="delete"),
    path("accounts/readers/<int:user_id>/", views.public_profile, name="public_profile"),
    path("comments/manage/", views.guest_request, name="guest_request"),
    path("comments/manage/<str:token>/", views.guest_manage, name="guest_manage"),
    path("comments/manage/<str:token>/download/", views.guest_download, name="guest_download"),
]
