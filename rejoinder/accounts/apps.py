from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rejoinder.accounts"
    label = "accounts"
    verbose_name = "Reader accounts"

    def ready(self) -> None:
        # Every receiver of the accounts app is wired here, in one place.
        from django.conf import settings
        from django.db.models.signals import post_save, pre_save

        from rejoinder.accounts import receivers

        pre_save.connect(
            receivers.note_staff_before_save,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="accounts.note_staff_before_save",
        )
        post_save.connect(
            receivers.renew_pages_of_new_staff,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="accounts.renew_pages_of_new_staff",
        )
