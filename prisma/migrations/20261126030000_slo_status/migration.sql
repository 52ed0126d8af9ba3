-- Latest evaluation of each SLO (objective, SLI, budget, burn rates, forecast), written by the worker in the
-- evaluation transaction and read by GET /api/v1/slos.
CREATE TABLE public.slo_status (
  group_name   TEXT NOT NULL,
  slo_name     TEXT NOT NULL,
  evaluated_at TIMESTAMPTZ(3) NOT NULL,
  status       JSONB NOT NULL,
  CONSTRAINT slo_status_pkey PRIMARY KEY (group_name, slo_name)
);
