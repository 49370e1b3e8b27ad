import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Connection } from '@temporalio/client';
import { APP_CONFIG, ServiceConfig } from '@fullfolj/config';
import { MAIL_TRANSPORT, MailTransport } from '@fullfolj/mail';
import { withTemporalDeadline } from '../temporal/temporal-calls';
import { TEMPORAL_CONNECTION } from '../temporal/temporal.module';

const TIMEOUT_MS = 3000;
/** /health is public: SMTP is asked at most this often, however many callers there are. */
const SMTP_CHECK_TTL_MS = 5000;

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
      // Also bounds the SDK's retries, which may wait past a plain gRPC deadline.
      await withTemporalDeadline(this.connection, TIMEOUT_MS, () =>
        this.connection.workflowService.describeNamespace({ namespace: this.config.temporal.namespace }),
      );
      return check.up({ namespace: this.config.temporal.namespace });
    } catch (error) {
      return check.down({ message: describe(error) });
    }
  }

  private smtpCheck?: { at: number; result: Promise<string | null> };

  async smtp() {
    const check = this.health.check('smtp');
    // One SMTP handshake per TTL, shared by every caller meanwhile (including callers that arrive mid-check).
    const now = Date.now();
    if (!this.smtpCheck || now - this.smtpCheck.at >= SMTP_CHECK_TTL_MS) {
      this.smtpCheck = {
        at: now,
        result: withTimeout(this.mail.verify(), TIMEOUT_MS).then(
          () => null,
          (error: unknown) => describe(error),
        ),
      };
    }
    const failure = await this.smtpCheck.result;
    return failure === null ? check.up() : check.down({ message: failure });
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
