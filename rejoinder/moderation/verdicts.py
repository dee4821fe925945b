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
    """REJECT carries the message the reader sees; HOLD and SPAM the moderator's reason."""

    outcome: Outcome
    reason: str
    error: type[DiscussionError] = Rejected

    @classmethod
    def reject(cls, message: str, *, error: type[DiscussionError] = Rejected) -> "Verdict":
        return cls(Outcome.REJECT, message, error)

    @classmethod
    def hold(cls, reason: str) -> "Verdict":
        return cls(Outcome.HOLD, reason)

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

    def reasons(self) -> list[dict]:
        return [
            {"check": name, "verdict": str(v.outcome), "reason": str(v.reason)}
            for name, v in self.verdicts
        ]
