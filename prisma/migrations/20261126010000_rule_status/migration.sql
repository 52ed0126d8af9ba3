-- Per-rule evaluation status, written by the worker in the evaluation transaction and read by GET /api/v1/rules.
CREATE TABLE public.rule_status (
  group_name       TEXT NOT NULL,
  rule_name        TEXT NOT NULL,
  health           TEXT NOT NULL,
  last_error       TEXT,
  last_eval_at     TIMESTAMPTZ(3) NOT NULL,
  last_duration_ms DOUBLE PRECISION NOT NULL,
  -- Times of the rule's firing transitions in the last hour (epoch ms), for flap detection.
  recent_firings   JSONB NOT NULL DEFAULT '[]',
  flapping         BOOLEAN NOT NULL DEFAULT false,
  CONSTRAINT rule_status_pkey PRIMARY KEY (group_name, rule_name),
  CONSTRAINT rule_status_health_check CHECK (health IN ('ok', 'err'))
);
