-- Webhook deliveries (Alertmanager webhook payload v4) go through the same outbox as Slack and email.
ALTER TABLE public.notification_outbox DROP CONSTRAINT notification_outbox_channel_check;
ALTER TABLE public.notification_outbox
  ADD CONSTRAINT notification_outbox_channel_check CHECK (channel IN ('slack', 'email', 'webhook'));
