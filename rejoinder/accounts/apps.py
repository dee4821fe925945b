from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rejoinder.accounts"
    label = "accounts"
    verbose_name = "Reader accounts"
