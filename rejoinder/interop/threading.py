"""Putting comments into a tree while they stream past, whatever order the file has them in.
Pure: no Django, tested with tables (tests/interop/test_threading.py).

`Threader.add` takes each comment as it comes and hands back those that can be written
now: a comment is ready once its parent has been placed (or it has none). A comment whose
parent has not come yet waits, and so do its own replies. `finish` deals with whatever is
still waiting at the end of the file, each case reported:

- its parent never came: it becomes a top-level comment;
- it waits on a cycle of parents (a → b → a): the cycle is broken at the comment that came
  first in the file, which becomes top-level, and the rest hang under it as the file says.

A chain of any depth is placed without recursion."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

Item = TypeVar("Item")


@dataclass(frozen=True)
class Placement(Generic[Item]):
    item: Item
    source_id: str
    parent_id: str  # "" when it is written as a top-level comment
    repair: str = ""  # why its parent is not the one the file names, if it is not


class Threader(Generic[Item]):
    def __init__(self, *, is_placed: Callable[[str], bool]) -> None:
        # `is_placed` also answers for comments placed by an earlier import of this source.
        self._is_placed = is_placed
        self._placed_now: set[str] = set()
        self._waiting: dict[str, list[tuple[int, str, Item]]] = defaultdict(list)
        self._order = 0

    def _placed(self, source_id: str) -> bool:
        return source_id in self._placed_now or self._is_placed(source_id)

    def add(self, item: Item, *, source_id: str, parent_id: str) -> list[Placement[Item]]:
        self._order += 1
        if parent_id == source_id:
            return self._place(Placement(item, source_id, "", "it names itself as its parent"))
        if not parent_id or self._placed(parent_id):
            return self._place(Placement(item, source_id, parent_id))
        self._waiting[parent_id].append((self._order, source_id, item))
        return []

    def _place(self, placement: Placement[Item]) -> list[Placement[Item]]:
        """This comment, then every comment that was waiting on it, and theirs, in order."""
        ready, queue = [], [placement]
        while queue:
            current = queue.pop()
            self._placed_now.add(current.source_id)
            ready.append(current)
            children = self._waiting.pop(current.source_id, [])
            queue.extend(
                Placement(item, child_id, current.source_id)
                for _order, child_id, item in reversed(children)
            )
        return ready

    @property
    def waiting(self) -> int:
        return sum(len(children) for children in self._waiting.values())

    def finish(self) -> Iterable[Placement[Item]]:
        """Place what is still waiting: orphans first (by file order), then cycles."""
        waiting_ids = {child_id for kids in self._waiting.values() for _o, child_id, _i in kids}
        for parent_id in [p for p in self._waiting if p not in waiting_ids]:
            for _order, child_id, item in self._waiting.pop(parent_id, []):
                reason = f"its parent {parent_id!r} is not in the file; shown as top-level"
                yield from self._place(Placement(item, child_id, "", reason))
        # Everything left waits on a comment that itself waits: each group is a cycle with,
        # perhaps, chains hanging off it. Break each at its earliest comment.
        while self._waiting:
            parent_of = {
                child_id: (order, parent_id, item)
                for parent_id, kids in self._waiting.items()
                for order, child_id, item in kids
            }
            start = min(parent_of, key=lambda child_id: parent_of[child_id][0])
            cycle, node = [], start
            while node not in cycle:
                cycle.append(node)
                node = parent_of[node][1]
            members = cycle[cycle.index(node) :]
            first = min(members, key=lambda child_id: parent_of[child_id][0])
            _order, parent_id, item = parent_of[first]
            self._waiting[parent_id] = [k for k in self._waiting[parent_id] if k[1] != first]
            if not self._waiting[parent_id]:
                del self._waiting[parent_id]
            chain = " → ".join([*members[members.index(first) :], *members[: members.index(first)]])
            reason = f"its parents form a cycle ({chain} → {first}); shown as top-level"
            yield from self._place(Placement(item, first, "", reason))
