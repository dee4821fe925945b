"""Seed Rejoinder for the benchmark: `generate_thread` once per planned thread, in one process.

    .venv/bin/python bench/seed_rejoinder.py '[{"name": "big", "comments": 1000, "seed": 1}, ...]'

Each entry becomes `generate_thread --article new --comments N --reply-share 0.3 --seed S`
(with --threads and --export when given); the command is the documented bulk path. Running
them in one process rather than one `rejoinder manage` each saves Django's and Wagtail's
start-up per thread, which is most of the time for small threads. Prints, as JSON, each
name's result list as the command prints it with --json.

An entry with "embed": {"site": KEY, "identifier": ID, "path": PATH, "title": TITLE} becomes
the discussion of a page of that embedding site instead: its thread is opened as a page's
first comment opens it (rejoinder.embed.actions.open_external_thread), at the site's first
allowed origin + PATH, and the comments generated on a new article are moved into it, after
which that article is deleted. So the frame shows a thread of the same size and shape as an
article's (same seed, same comments) and the two can be compared.
"""

import json
import os
import sys
from io import StringIO


def seed(plan: list[dict]) -> dict[str, list[dict]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rejoinder.settings")
    django.setup()
    from django.core.management import call_command

    results = {}
    for entry in plan:
        out = StringIO()
        options = {"threads": entry.get("threads", 1)}
        if entry.get("export"):
            options["export"] = entry["export"]
        call_command(
            "generate_thread",
            article="new",
            comments=entry["comments"],
            reply_share=0.3,
            seed=entry["seed"],
            json=True,
            stdout=out,
            **options,
        )
        results[entry["name"]] = json.loads(out.getvalue())
        if entry.get("embed"):
            results[entry["name"]] = [embed_thread(results[entry["name"]][0], **entry["embed"])]
    return results


def embed_thread(generated: dict, *, site: str, identifier: str, path: str, title: str) -> dict:
    from django.db import transaction
    from django.db.models import F

    from rejoinder.discussion.models import Comment, Thread
    from rejoinder.embed import actions
    from rejoinder.embed.queries import site_by_key
    from rejoinder.publishing.models import ArticlePage

    embedding = site_by_key(site)
    origin = embedding.origins[0]
    url = origin + path
    with transaction.atomic():
        thread = actions.open_external_thread(
            site=embedding, identifier=identifier, url=url, title=title
        )
        moved = Comment.objects.filter(thread_id=generated["thread_id"]).update(thread=thread)
        Thread.objects.filter(pk=thread.pk).update(
            comment_count=Thread.objects.get(pk=generated["thread_id"]).comment_count,
            revision=F("revision") + 1,
        )
        ArticlePage.objects.get(pk=generated["article_id"]).delete()
    return {
        **generated,
        "thread_id": thread.pk,
        "article_id": None,
        "article_url": None,
        "comments": moved,
        "site": site,
        "identifier": identifier,
        "origin": origin,
        "url": url,
        "title": title,
    }


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(json.dumps(seed(json.loads(sys.argv[1]))))
