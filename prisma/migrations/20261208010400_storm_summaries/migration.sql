-- Storm summaries: when too many new incident messages wait for one Slack channel, one summary message stands for
-- them. Each notification it stands for points at the summary's own outbox row, and is delivered (or failed) with it.
ALTER TABLE public.notification_outbox
  ADD COLUMN summary_id UUID REFERENCES public.notification_outbox (id);
CREATE INDEX notification_outbox_summary_id ON public.notification_outbox (summary_id) WHERE summary_id IS NOT NULL;
-- The backlog of a channel (and the sweeper's stale rows): pending rows are few, the outbox grows.
CREATE INDEX notification_outbox_pending ON public.notification_outbox (channel, target, created_at)
  WHERE status = 'pending';
-- A summary's row has event `summary`; the notifications it stands for are `summarised` until it is delivered.
ALTER TABLE public.notification_outbox DROP CONSTRAINT notification_outbox_event_check,
  ADD CONSTRAINT notification_outbox_event_check CHECK (event IN ('firing', 'resolved', 'digest', 'summary'));
ALTER TABLE public.notification_outbox DROP CONSTRAINT notification_outbox_status_check,
  ADD CONSTRAINT notification_outbox_status_check CHECK (status IN ('pending', 'summarised', 'delivered', 'failed'));
