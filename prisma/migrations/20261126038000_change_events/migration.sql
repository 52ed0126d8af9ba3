-- Deploys and other changes, pushed by CI/CD (POST /api/v1/events); notifications list those of the alert's service
-- in the 2 hours before it started.
CREATE TABLE public.change_events (
  id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  service     TEXT NOT NULL,
  at          TIMESTAMPTZ(3) NOT NULL,
  version     TEXT,
  commit      TEXT,
  url         TEXT,
  author      TEXT,
  description TEXT,
  created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX change_events_service_at_idx ON public.change_events (service, at);
