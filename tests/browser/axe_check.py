"""axe-core's WCAG 2.2 A/AA check, shared by the browser tests that run it.

axe-core comes from axe-playwright-python, which injects it with `evaluate`. The site's
Content-Security-Policy allows scripts from 'self' only, so `add_script_tag` (an inline
<script> the page itself would run) is refused by the browser; `evaluate` runs through the
DevTools protocol, which CSP does not govern, so the pages are checked exactly as served.
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Frame, Page

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
axe = Axe()


def violations(target: Page | Frame) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations in the page or frame as it stands now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
    return axe.run(target, options=options).response["violations"]


def describe(found: list[dict]) -> str:
    """One line per offending element, readable in a failing test's output."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            html = " ".join(node["html"].split())
            html = html if len(html) <= 160 else html[:157] + "..."
            lines.append(f"    at {' '.join(map(str, node['target']))}: {html}")
            summary = node.get("failureSummary", "").splitlines()
            if len(summary) > 1:
                lines.append(f"       {summary[1].strip()}")
    return "\n".join(lines)
