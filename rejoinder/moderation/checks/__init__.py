"""The policy's checks, one module each. Each exposes `check(submission) -> Verdict | None`;
`moderation.policy.CHECKS` lists them in the order they run."""
