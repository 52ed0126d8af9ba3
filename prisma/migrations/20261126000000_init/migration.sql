-- forewarn initial schema. Written by hand in Prisma's layout (see README, "Migrations"); keep schema.prisma in sync.
-- Tables are schema-qualified so that a search_path set by another tool (e.g. BullMQ's schema) cannot shadow them.

-- Series: one row per distinct label set. `labels` holds the sorted label set including __name__.
CREATE TABLE public.series (
  id          SERIAL PRIMARY KEY,
  metric      TEXT NOT NULL,
  labels      JSONB NOT NULL,
  fingerprint TEXT NOT NULL,
  created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX series_fingerprint_key ON public.series (fingerprint);
CREATE INDEX series_metric_idx ON public.series (metric);
CREATE INDEX series_labels_idx ON public.series USING GIN (labels jsonb_path_ops);

-- Samples: range-partitioned by day on ts. No foreign key to series: it would cost a lookup per row on ingest,
-- and series rows are never deleted while samples reference them.
CREATE TABLE public.samples (
  series_id INTEGER NOT NULL,
  ts        TIMESTAMPTZ(3) NOT NULL,
  value     DOUBLE PRECISION NOT NULL,
  CONSTRAINT samples_pkey PRIMARY KEY (series_id, ts)
) PARTITION BY RANGE (ts);

-- Creates the daily partition holding `day` (UTC) if it is missing. Safe to call concurrently.
CREATE FUNCTION public.forewarn_ensure_sample_partition(day DATE) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  part TEXT := format('samples_%s', to_char(day, 'YYYYMMDD'));
BEGIN
  IF to_regclass(format('public.%I', part)) IS NOT NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('forewarn_sample_partitions'));
  IF to_regclass(format('public.%I', part)) IS NULL THEN
    EXECUTE format(
      'CREATE TABLE public.%I PARTITION OF public.samples FOR VALUES FROM (%L) TO (%L)',
      part,
      (day::timestamp AT TIME ZONE 'UTC'),
      ((day + 1)::timestamp AT TIME ZONE 'UTC')
    );
  END IF;
END;
$$;

-- API tokens: only the SHA-256 of the token is stored.
CREATE TABLE public.api_tokens (
  id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL,
  scopes       TEXT[] NOT NULL,
  created_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  last_used_at TIMESTAMPTZ(3),
  revoked_at   TIMESTAMPTZ(3),
  CONSTRAINT api_tokens_scopes_check CHECK (scopes <@ ARRAY['ingest', 'read', 'admin']::TEXT[] AND cardinality(scopes) > 0)
);
CREATE UNIQUE INDEX api_tokens_token_hash_key ON public.api_tokens (token_hash);
CREATE UNIQUE INDEX api_tokens_name_key ON public.api_tokens (name);

-- Alert state per rule and label set, as the evaluation state machine left it.
CREATE TABLE public.alerts (
  id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  group_name        TEXT NOT NULL,
  rule_name         TEXT NOT NULL,
  fingerprint       TEXT NOT NULL,
  labels            JSONB NOT NULL,
  annotations       JSONB NOT NULL,
  state             TEXT NOT NULL,
  value             DOUBLE PRECISION NOT NULL,
  active_at         TIMESTAMPTZ(3) NOT NULL,
  fired_at          TIMESTAMPTZ(3),
  resolved_at       TIMESTAMPTZ(3),
  keep_firing_since TIMESTAMPTZ(3),
  last_eval_at      TIMESTAMPTZ(3) NOT NULL,
  updated_at        TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT alerts_state_check CHECK (state IN ('pending', 'firing', 'inactive'))
);
CREATE UNIQUE INDEX alerts_group_name_rule_name_fingerprint_key ON public.alerts (group_name, rule_name, fingerprint);

-- Last evaluated slot per rule group, so an older or repeated slot is never evaluated after a newer one.
CREATE TABLE public.rule_group_evaluations (
  group_name       TEXT PRIMARY KEY,
  last_slot_at     TIMESTAMPTZ(3) NOT NULL,
  last_duration_ms INTEGER NOT NULL,
  last_error       TEXT,
  updated_at       TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- Transactional outbox: written in the same transaction as the alert state change, delivered by a queue job.
CREATE TABLE public.notification_outbox (
  id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id     UUID NOT NULL,
  event        TEXT NOT NULL,
  channel      TEXT NOT NULL,
  target       TEXT NOT NULL,
  payload      JSONB NOT NULL,
  reply_to_id  UUID REFERENCES public.notification_outbox (id),
  status       TEXT NOT NULL DEFAULT 'pending',
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT,
  external_ref JSONB,
  created_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  delivered_at TIMESTAMPTZ(3),
  CONSTRAINT notification_outbox_event_check CHECK (event IN ('firing', 'resolved')),
  CONSTRAINT notification_outbox_channel_check CHECK (channel IN ('slack', 'email')),
  CONSTRAINT notification_outbox_status_check CHECK (status IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX notification_outbox_pending_idx ON public.notification_outbox (created_at) WHERE status = 'pending';
CREATE INDEX notification_outbox_alert_id_idx ON public.notification_outbox (alert_id);
