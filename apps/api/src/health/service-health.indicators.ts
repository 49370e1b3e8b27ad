import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Connection } from '@temporalio/client';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { MAIL_TRANSPORT, MailTransport } from '@fullfolj/mail';
import { TEMPORAL_CONNECTION } from '../temporal/temporal.module';

const TIMEOUT_MS = 3000;

/** Health of the two services terminus has no indicator for: Temporal and SMTP. */
@Injectable()
export class ServiceHealthIndicators {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(TEMPORAL_CONNECTION) private readonly connection: Connection,
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async temporal() {
    const check = this.health.check('temporal');
    try {
      await this.connection.withDeadline(Date.now() + TIMEOUT_MS, () =>
        this.connection.workflowService.describeNamespace({ namespace: this.config.temporal.namespace }),
      );
      return check.up({ namespace: this.config.temporal.namespace });
    } catch (error) {
      return check.down({ message: describe(error) });
    }
  }

  async smtp() {
    const check = this.health.check('smtp');
    try {
      await withTimeout(this.mail.verify(), TIMEOUT_MS);
      return check.up();
    } catch (error) {
      return check.down({ message: describe(error) });
    }
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Never echo credentials that a driver might put in an error.
  return message.replace(/\/\/[^@\s]+@/g, '//***@').slice(0, 300);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}
