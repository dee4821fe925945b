from django.core.management.base import BaseCommand

from rejoinder.embed.demo import load_embed_demo


class Command(BaseCommand):
    help = "Register the demo blog that embeds discussions (kept as it is if it exists)."

    def handle(self, *args, **options) -> None:
        site = load_embed_demo()
        self.stdout.write(f"Demo embedding site: {site.name}, allowed origins {site.origins}")
