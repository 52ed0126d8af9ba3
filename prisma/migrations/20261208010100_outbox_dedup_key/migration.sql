-- Notifications that must go out once per something, whoever writes them: the weekly digest is one row per ISO week
-- (dedup_key 'digest:2026-W47'), however many schedulers and restarts ask for it.
ALTER TABLE public.notification_outbox ADD COLUMN dedup_key TEXT;
CREATE UNIQUE INDEX notification_outbox_dedup_key_key ON public.notification_outbox (dedup_key);
ALTER TABLE public.notification_outbox DROP CONSTRAINT notification_outbox_event_check;
ALTER TABLE public.notification_outbox
  ADD CONSTRAINT notification_outbox_event_check CHECK (event IN ('firing', 'resolved', 'digest'));
