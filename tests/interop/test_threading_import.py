"""The threading edge cases through a whole import and onto the page: a cycle of parents
and a 1,000-deep chain in reverse order."""

from rejoinder.discussion.models import Comment
from rejoinder.interop.models import ImportedRecord
from rejoinder.interop.service import import_file

HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
    '<thread dsq:id="t"><forum>edge</forum>'
    "<link>https://old.example.org/harbour-road/</link></thread>\n"
)


def post(source_id: str, parent: str = "", minute: int = 0) -> str:
    parent_tag = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (
        f'<post dsq:id="{source_id}"><message><![CDATA[<p>Comment {source_id}</p>]]></message>'
        f"<createdAt>2019-04-02T{9 + minute // 60:02d}:{minute % 60:02d}:00Z</createdAt>"
        f'<author><name>Reader {source_id}</name></author><thread dsq:id="t"/>{parent_tag}'
        "</post>\n"
    )


def write(tmp_path, posts: list[str]):
    path = tmp_path / "edge.xml"
    path.write_text(HEAD + "".join(posts) + "</disqus>\n", encoding="utf-8")
    return path


def comment(source_id: str) -> Comment:
    return ImportedRecord.objects.get(source="disqus:edge", source_id=source_id).comment


def test_a_cycle_of_parents_is_broken_and_reported(harbour_road, tmp_path):
    summary = import_file(
        path=write(tmp_path, [post("a", "c"), post("b", "a", 1), post("c", "b", 2)])
    )
    assert summary.counts["comments"]["created"] == 3
    [repair] = summary.repairs
    assert "cycle (a → c → b → a)" in repair["reason"]
    assert comment("a").parent is None
    assert comment("c").parent == comment("b") and comment("b").parent == comment("a")
    assert comment("c").depth == 2 and comment("c").root == comment("a")


def test_a_thousand_deep_chain_in_reverse_is_placed_and_the_page_still_renders(
    harbour_road, tmp_path, client
):
    chain = [post(f"n{n}", f"n{n - 1}" if n else "", n % 600) for n in range(1000)]
    summary = import_file(path=write(tmp_path, list(reversed(chain))))
    assert summary.counts["comments"]["created"] == 1000
    assert summary.repairs == []
    deepest = comment("n999")
    assert deepest.depth == 999 and deepest.root == comment("n0")
    response = client.get(harbour_road.url)
    assert response.status_code == 200
    assert "Comment n0" in response.content.decode()
