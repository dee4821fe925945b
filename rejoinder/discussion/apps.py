from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "rejoinder.discussion"
    label = "discussion"
    verbose_name = "Discussion"
