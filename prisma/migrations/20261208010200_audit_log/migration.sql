-- Who changed what, from where: silences created and expired (API, pages, CLI, Slack buttons). Rows are only added.
CREATE TABLE public.audit_log (
  id      UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  at      TIMESTAMPTZ(3) NOT NULL,
  -- The API token's name, the Slack user or the shell user.
  actor   TEXT NOT NULL,
  source  TEXT NOT NULL,
  -- e.g. silence.create, silence.expire
  action  TEXT NOT NULL,
  -- The id of what was changed.
  target  TEXT NOT NULL,
  detail  JSONB NOT NULL DEFAULT '{}',
  CONSTRAINT audit_log_source_check CHECK (source IN ('api', 'page', 'cli', 'slack'))
);
CREATE INDEX audit_log_at_idx ON public.audit_log (at);
CREATE INDEX audit_log_target_idx ON public.audit_log (target);
