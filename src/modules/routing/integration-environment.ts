import { AppConfig } from 'src/config/app-config';
import { IntegrationEnvironment } from 'src/core/dispatch/integrations';

/**
 * An environment variable's value, also when it was given to the parsed config rather than the process (tests and
 * the demo pass SLACK_BOT_TOKEN and friends that way). The one place receivers' `*_env` names are looked up.
 */
export function environmentValue(config: AppConfig, name: string): string | undefined {
  const fromConfig = (config as unknown as Record<string, unknown>)[name];
  return process.env[name] ?? (typeof fromConfig === 'string' ? fromConfig : undefined);
}

/** What resolving a receiver's integrations needs from the environment. */
export function integrationEnvironment(config: AppConfig): IntegrationEnvironment {
  return {
    slackChannel: config.SLACK_CHANNEL,
    emailTo: config.EMAIL_TO,
    smtp: config.SMTP_HOST !== undefined,
    has: (name) => environmentValue(config, name) !== undefined,
  };
}
