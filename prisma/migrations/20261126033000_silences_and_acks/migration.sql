-- Silences (Alertmanager's model: matchers and a time range; expiring one ends it now) and acknowledgements of
-- alerts (who, when, from where). An acknowledgement belongs to the firing episode it was given in: it counts only
-- while acknowledged_at >= active_at.
CREATE TABLE public.silences (
  id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  matchers    JSONB NOT NULL,
  starts_at   TIMESTAMPTZ(3) NOT NULL,
  ends_at     TIMESTAMPTZ(3) NOT NULL,
  created_by  TEXT NOT NULL,
  comment     TEXT NOT NULL,
  created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  -- Notifications this silence has muted.
  suppressed  INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT silences_period_check CHECK (starts_at <= ends_at)
);
CREATE INDEX silences_ends_at_idx ON public.silences (ends_at);

ALTER TABLE public.alerts
  ADD COLUMN acknowledged_at  TIMESTAMPTZ(3),
  ADD COLUMN acknowledged_by  TEXT,
  ADD COLUMN ack_source       TEXT,
  ADD CONSTRAINT alerts_ack_source_check CHECK (ack_source IN ('slack', 'email', 'api'));
