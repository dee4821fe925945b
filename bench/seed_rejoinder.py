"""Seed Rejoinder for the benchmark: `generate_thread` once per planned thread, in one process.

    .venv/bin/python bench/seed_rejoinder.py '[{"name": "big", "comments": 1000, "seed": 1}, ...]'

Each entry becomes `generate_thread --article new --comments N --reply-share 0.3 --seed S`
(with --threads and --export when given); the command is the documented bulk path. Running
them in one process rather than one `rejoinder manage` each saves Django's and Wagtail's
start-up per thread, which is most of the time for small threads. Prints, as JSON, each
name's result list as the command prints it with --json.
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
    return results


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(json.dumps(seed(json.loads(sys.argv[1]))))
