"""What a check can say about a submission, and what the whole policy decided."""

from dataclasses import dataclass, field
from enum import StrEnum

from rejoinder.discussion.errors import DiscussionError, Rejected


class Outcome(StrEnum):
    ACCEPT = "accept"
    HOLD = "hold"
    SPAM = "spam"
    REJECT = "reject"


@dataclass(frozen=True)
class Verdict:
    """REJECT carries the message the reader sees; HOLD and SPAM the moderator's reason.
    A quiet HOLD keeps the comment out of sight without telling its author (a shadow ban)."""

    outcome: Outcome
    reason: str
    error: type[DiscussionError] = Rejected
    quiet: bool = False

    @classmethod
    def reject(cls, message: str, *, error: type[DiscussionError] = Rejected) -> "Verdict":
        return cls(Outcome.REJECT, message, error)

    @classmethod
    def hold(cls, reason: str, *, quiet: bool = False) -> "Verdict":
        return cls(Outcome.HOLD, reason, quiet=quiet)

    @classmethod
    def spam(cls, reason: str) -> "Verdict":
        return cls(Outcome.SPAM, reason)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    # (check name, verdict) for every check that said something, in the order they ran.
    verdicts: list[tuple[str, Verdict]] = field(default_factory=list)
    spam_score: float | None = None
    spam_features: list[str] = field(default_factory=list)
    offensive_score: float | None = None

    @property
    def rejection(self) -> Verdict | None:
        return next((v for _, v in self.verdicts if v.outcome is Outcome.REJECT), None)

    @property
    def quiet(self) -> bool:
        """Whether the author is kept from knowing the comment is out of sight: spam always
        (a spammer learns nothing), a hold when any of its reasons is quiet (a shadow ban
        must not show through a second reason to hold)."""
        if self.outcome is Outcome.SPAM:
            return True
        return self.outcome is Outcome.HOLD and any(v.quiet for _, v in self.verdicts)

    def reasons(self) -> list[dict]:
        return [
            {"check": name, "verdict": str(v.outcome), "reason": str(v.reason)}
            for name, v in self.verdicts
        ]
