"""What an import did, per kind of record: created, updated, unchanged, skipped; every
skip with its reason and position, every repaired thread link with its reason."""

from collections import Counter
from dataclasses import dataclass, field

OUTCOMES = ("created", "updated", "unchanged", "skipped")
# Details kept beyond this are counted, not listed: a file of 50,000 pingbacks must not
# make a summary of 50,000 lines.
MAX_LISTED = 1000


@dataclass
class Summary:
    source: str = ""
    format: str = ""
    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=dict)
    skips: list[dict] = field(default_factory=list)
    repairs: list[dict] = field(default_factory=list)
    not_listed: int = 0

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def skip(self, kind: str, *, reason: str, position: str) -> None:
        self.count(kind, "skipped")
        self._note(self.skips, {"kind": kind, "reason": reason, "position": position})

    def repair(self, kind: str, *, reason: str, position: str) -> None:
        self._note(self.repairs, {"kind": kind, "reason": reason, "position": position})

    def _note(self, into: list[dict], entry: dict) -> None:
        if len(self.skips) + len(self.repairs) < MAX_LISTED:
            into.append(entry)
        else:
            self.not_listed += 1

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "format": self.format,
            "dry_run": self.dry_run,
            "counts": {
                kind: {outcome: counter[outcome] for outcome in OUTCOMES}
                for kind, counter in self.counts.items()
            },
            "skips": self.skips,
            "repairs": self.repairs,
            "not_listed": self.not_listed,
        }

    def lines(self) -> list[str]:
        """The summary as plain text lines, for the command line and logs."""
        width = max([len(kind) for kind in self.counts] + [8])
        lines = [f"{'':{width}}  " + "  ".join(f"{outcome:>9}" for outcome in OUTCOMES)]
        for kind, counter in self.counts.items():
            cells = "  ".join(f"{counter[outcome]:>9,}" for outcome in OUTCOMES)
            lines.append(f"{kind:{width}}  {cells}")
        if self.skips:
            lines.append("Skipped:")
            lines += [f"  {s['kind']} at {s['position']}: {s['reason']}" for s in self.skips]
        if self.repairs:
            lines.append("Placed differently from the file:")
            lines += [f"  {r['kind']} at {r['position']}: {r['reason']}" for r in self.repairs]
        if self.not_listed:
            lines.append(f"… and {self.not_listed:,} more skipped or placed differently.")
        return lines
