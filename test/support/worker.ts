import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ServiceConfig } from '@fullfolj/config';
import { TemporalWorkerService } from '../../apps/worker/src/temporal-worker.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';

export interface RunningWorker {
  app: INestApplicationContext;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** Temporal's runtime, once per test process, logging only warnings (workers share it). */
export function installTestRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // installed by an earlier test file in this jest worker (modules are reloaded per file, the runtime is not)
  }
}

/** Runs the real worker module (same wiring as apps/worker) until stop(). */
export async function startTestWorker(config: ServiceConfig): Promise<RunningWorker> {
  installTestRuntime();
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { logger: ['error', 'warn'] });
  const service = app.get(TemporalWorkerService);
  const running = service.run();
  running.catch(() => undefined);
  await Promise.race([service.running, running]);
  return {
    app,
    async stop() {
      service.shutdown();
      await running;
      await app.close();
    },
  };
}
