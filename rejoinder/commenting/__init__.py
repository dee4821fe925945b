"""Use cases that span the discussion and the apps built on it (inline, moderation,
notifications). Every adapter — the form view, the JSON API, the embed, importers — calls
these rather than stringing the apps' actions together itself.

A plain package, not a Django app: it owns no tables, templates or URLs. It sits one tier
above inline and notifications, and below the adapters (api, embed, accounts, interop)."""
