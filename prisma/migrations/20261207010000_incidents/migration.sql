-- Incidents are notification groups (Alertmanager's aggregation groups): the alerts that share a route and the values
-- of its `group_by` labels. One incident is open per group key at a time; when all its alerts have resolved and
-- the resolution is notified it closes, and the next firing alert of that key starts a new incident.
CREATE TABLE public.incidents (
  id              UUID NOT NULL DEFAULT gen_random_uuid(),
  -- Route id, receiver and group labels: the stable identity of the group (Alertmanager's group key).
  group_key       TEXT NOT NULL,
  route_id        TEXT NOT NULL,
  receiver        TEXT NOT NULL,
  group_labels    JSONB NOT NULL,
  title           TEXT NOT NULL,
  service         TEXT,
  team            TEXT,
  -- The highest severity any of its alerts had (critical > warning > info).
  severity        TEXT,
  started_at      TIMESTAMPTZ(3) NOT NULL,
  acknowledged_at TIMESTAMPTZ(3),
  acknowledged_by TEXT,
  ack_source      TEXT,
  resolved_at     TIMESTAMPTZ(3),
  -- When the group is next flushed (group_wait after it starts, then every group_interval); NULL once closed.
  next_flush_at   TIMESTAMPTZ(3),
  last_flush_at   TIMESTAMPTZ(3),
  created_at      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT incidents_pkey PRIMARY KEY (id),
  CONSTRAINT incidents_ack_source_check CHECK (ack_source IN ('slack', 'email', 'api', 'page')),
  CONSTRAINT incidents_severity_check CHECK (severity IN ('critical', 'warning', 'info'))
);
CREATE UNIQUE INDEX incidents_open_group_key ON public.incidents (group_key) WHERE resolved_at IS NULL;
CREATE INDEX incidents_next_flush_at ON public.incidents (next_flush_at) WHERE next_flush_at IS NOT NULL;
CREATE INDEX incidents_started_at ON public.incidents (started_at);

-- The alerts of each incident, with their latest state and notification. A snapshot, not a reference: alerts rows
-- go 15 minutes after they resolve, incidents and their alerts stay for the reports (an alert that matches several
-- routes is in several incidents).
CREATE TABLE public.incident_alerts (
  incident_id  UUID NOT NULL REFERENCES public.incidents (id) ON DELETE CASCADE,
  fingerprint  TEXT NOT NULL,
  alert_id     UUID NOT NULL,
  group_name   TEXT NOT NULL,
  rule_name    TEXT NOT NULL,
  labels       JSONB NOT NULL,
  state        TEXT NOT NULL,
  fired_at     TIMESTAMPTZ(3) NOT NULL,
  resolved_at  TIMESTAMPTZ(3),
  -- The alert's latest notification (AlertNotification): what a flush of the group renders.
  notification JSONB NOT NULL,
  -- Why the last flush left it out, when it did: "silenced by <id>", "inhibited by <labels>", "muted by <interval>".
  muted        TEXT,
  added_at     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT incident_alerts_pkey PRIMARY KEY (incident_id, fingerprint),
  CONSTRAINT incident_alerts_state_check CHECK (state IN ('firing', 'resolved'))
);
CREATE INDEX incident_alerts_alert_id ON public.incident_alerts (alert_id);
CREATE INDEX incident_alerts_rule ON public.incident_alerts (group_name, rule_name);

-- The notification log (Alertmanager's nflog): per incident and receiver integration, what was last notified.
-- Dedup compares a flush against it; `external_ref` keeps the Slack message (channel, ts) updated in place.
CREATE TABLE public.notification_log (
  incident_id  UUID NOT NULL REFERENCES public.incidents (id) ON DELETE CASCADE,
  integration  TEXT NOT NULL,
  firing       JSONB NOT NULL,
  resolved     JSONB NOT NULL,
  sent_at      TIMESTAMPTZ(3) NOT NULL,
  sends        INTEGER NOT NULL DEFAULT 1,
  external_ref JSONB,
  CONSTRAINT notification_log_pkey PRIMARY KEY (incident_id, integration)
);

-- Notifications are now per incident: a row holds the group's alerts and says why it was sent.
ALTER TABLE public.notification_outbox ALTER COLUMN alert_id DROP NOT NULL;
ALTER TABLE public.notification_outbox ADD COLUMN incident_id UUID REFERENCES public.incidents (id) ON DELETE CASCADE;
ALTER TABLE public.notification_outbox ADD COLUMN integration TEXT;
ALTER TABLE public.notification_outbox ADD COLUMN reason TEXT;
CREATE INDEX notification_outbox_incident_id ON public.notification_outbox (incident_id);
