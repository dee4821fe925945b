from django.urls import path

from rejoinder.interop import views

app_name = "interop"
urlpatterns = [
    path("", views.imports, name="imports"),
    path("<int:run_id>/", views.import_run, name="import"),
    path("<int:run_id>/state/", views.import_state, name="import_state"),
    path("export/", views.export, name="export"),
]
