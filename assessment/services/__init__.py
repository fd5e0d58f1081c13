"""The application's use cases, which the web views and the commands call.

Each module is one subject: `accounts` (sign-up, sign-in, workspace access), `invitations`,
`password_resets`, `passwords` (the policy), `members`, `workspaces` (branding),
`workshops` (create, join, close, agree), `self_assessment` (start, retake), `answering`
(one answer, a page, a new private link), `peers` (peer files and comparisons) and
`scorekeeping` (stored figures kept current). A service takes the database session as
`db` (or a `WorkspaceScope`, which carries it), changes rows, and leaves the commit to its
caller, so one request or command is one transaction (only `workshops.close_when_due`
commits, because it closes a due workshop in a write transaction of its own before a
request that began by reading goes on). Services import no Flask.
"""
