-- Every stretch of time an alert of an incident was held back, and why: incident_alerts.muted only holds the
-- latest reason, so a silence that ended (or an inhibition that lifted) left no trace for the alert history.
CREATE TABLE public.alert_mutes (
  incident_id  UUID NOT NULL,
  fingerprint  TEXT NOT NULL,
  -- silenced, inhibited or time-interval
  kind         TEXT NOT NULL,
  -- As incident_alerts.muted: "silenced by <ids>", "inhibited by <labels>", "muted by time interval <names>".
  reason       TEXT NOT NULL,
  started_at   TIMESTAMPTZ(3) NOT NULL,
  -- Null while it lasts.
  ended_at     TIMESTAMPTZ(3),
  PRIMARY KEY (incident_id, fingerprint, started_at),
  FOREIGN KEY (incident_id, fingerprint) REFERENCES public.incident_alerts (incident_id, fingerprint) ON DELETE CASCADE,
  CONSTRAINT alert_mutes_kind_check CHECK (kind IN ('silenced', 'inhibited', 'time-interval'))
);
CREATE INDEX alert_mutes_kind_idx ON public.alert_mutes (kind, started_at);

-- Alerts held back when this migration runs: their mute began no later than their snapshot's last update.
INSERT INTO public.alert_mutes (incident_id, fingerprint, kind, reason, started_at)
SELECT incident_id, fingerprint,
       CASE WHEN muted LIKE 'silenced by %' THEN 'silenced'
            WHEN muted LIKE 'inhibited by %' THEN 'inhibited'
            ELSE 'time-interval' END,
       muted, updated_at
  FROM public.incident_alerts WHERE muted IS NOT NULL;
