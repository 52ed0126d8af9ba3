-- What each anomaly rule's detector has learned about each series (JSON state, see src/core/detectors), so that
-- evaluations and worker restarts resume instead of learning again. config_hash changes when the rule's detector
-- settings do; state with another hash is discarded.
CREATE TABLE public.anomaly_detector_state (
  group_name  TEXT NOT NULL,
  rule_name   TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  labels      JSONB NOT NULL,
  config_hash TEXT NOT NULL,
  last_ts     TIMESTAMPTZ(3) NOT NULL,
  state       JSONB NOT NULL,
  updated_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT anomaly_detector_state_pkey PRIMARY KEY (group_name, rule_name, fingerprint)
);
