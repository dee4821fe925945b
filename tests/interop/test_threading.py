"""Putting streamed comments into a tree: table tests of the pure Threader."""

import pytest

from rejoinder.interop.threading import Threader


def place(comments: list[tuple[str, str]], *, already: set[str] = frozenset()):
    """Feed (id, parent id) pairs in file order; return {id: (parent, repair)} and the order
    in which they were placed."""
    threader: Threader[str] = Threader(is_placed=lambda source_id: source_id in already)
    placed = []
    for source_id, parent_id in comments:
        placed += threader.add(source_id, source_id=source_id, parent_id=parent_id)
    placed += list(threader.finish())
    order = [placement.source_id for placement in placed]
    assert len(order) == len(set(order)) == len(comments), "each comment placed exactly once"
    return {p.source_id: (p.parent_id, p.repair) for p in placed}, order


@pytest.mark.parametrize(
    ("comments", "parents"),
    [
        pytest.param([("a", ""), ("b", "a"), ("c", "b")], {"b": "a", "c": "b"}, id="in order"),
        pytest.param([("c", "b"), ("b", "a"), ("a", "")], {"b": "a", "c": "b"}, id="reversed"),
        pytest.param([("b", "a"), ("c", "a"), ("a", "")], {"b": "a", "c": "a"}, id="siblings"),
    ],
)
def test_children_before_their_parents_wait_and_keep_their_parent(comments, parents):
    placed, order = place(comments)
    assert {child: placed[child][0] for child in parents} == parents
    assert all(repair == "" for _parent, repair in placed.values())
    # A parent is always placed (written) before its children.
    for child, parent in parents.items():
        assert order.index(parent) < order.index(child)


def test_a_missing_parent_makes_a_top_level_comment_and_says_so():
    placed, _order = place([("a", ""), ("b", "ghost"), ("c", "b")])
    assert placed["b"] == ("", "its parent 'ghost' is not in the file; shown as top-level")
    assert placed["c"] == ("b", "")


def test_a_parent_imported_earlier_counts_as_placed():
    placed, _order = place([("b", "a")], already={"a"})
    assert placed["b"] == ("a", "")


@pytest.mark.parametrize(
    ("comments", "broken_at"),
    [
        pytest.param([("a", "b"), ("b", "a")], "a", id="two"),
        pytest.param([("x", ""), ("b", "c"), ("c", "d"), ("d", "b")], "b", id="three"),
        pytest.param([("a", "a")], "a", id="itself"),
        pytest.param([("t", "a"), ("a", "b"), ("b", "a")], "a", id="with a tail"),
    ],
)
def test_a_cycle_is_broken_at_its_first_comment_in_the_file(comments, broken_at):
    placed, _order = place(comments)
    parent, repair = placed[broken_at]
    assert parent == ""
    assert "cycle" in repair or "names itself" in repair
    others = [source_id for source_id, _p in comments if source_id != broken_at]
    assert all(placed[source_id][1] == "" for source_id in others)


def test_a_thousand_deep_chain_in_reverse_order_is_placed_without_recursion():
    chain = [(f"c{n}", f"c{n - 1}" if n else "") for n in range(1000)]
    placed, order = place(list(reversed(chain)))
    assert order[0] == "c0" and order[-1] == "c999"
    assert placed["c999"] == ("c998", "")
