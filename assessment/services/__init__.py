"""The application's use cases, which the web views and the commands call.

Each module is one subject: `accounts` (sign-up, sign-in, workspace access), `invitations`,
`password_resets`, `passwords` (the policy), `members`, `workspaces` (branding),
`workshops` (create, join, close, agree), `self_assessment` (start, retake), `answering`
(one answer, a page, a new private link), `peers` (peer files and comparisons) and
`scorekeeping` (stored figures kept current). A service takes the database session as
`db` (or a `WorkspaceScope`, which carries it), changes rows, and leaves the commit to its
caller, so one request or command is one transaction. Services import no Flask.
"""
