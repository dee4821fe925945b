"""Receivers that start a new publication revision (see `publishing.cache`) whenever what
readers can see across pages may have changed. Wired in `PublishingConfig.ready`.

The revision is bumped inside the transaction of the change, not after it: the number and
the change commit together, so no reader can see the new number with the old pages and
cache old pages under it. A rolled-back change leaves the number as it was."""

from rejoinder.publishing.cache import bump_revision


def start_new_revision(sender, **kwargs) -> None:
    bump_revision()


def start_new_revision_on_change(sender, *, created: bool = False, **kwargs) -> None:
    """For settings Wagtail makes on first use (`for_request` gets or creates them, with the
    defaults pages showed already): only a change to them is a change readers see."""
    if not created:
        bump_revision()
