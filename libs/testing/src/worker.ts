import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ServiceConfig } from '@fullfolj/config';
import { TemporalWorkerService } from '../../../apps/worker/src/temporal-worker.service';
import { WorkerModule } from '../../../apps/worker/src/worker.module';

export interface RunningWorker {
  app: INestApplicationContext;
  stop(): Promise<void>;
}

/** Runs the real worker module (same wiring as apps/worker) until stop(). */
let runtimeInstalled = false;

export async function startTestWorker(config: ServiceConfig): Promise<RunningWorker> {
  if (!runtimeInstalled) {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed by another helper in this process
    }
    runtimeInstalled = true;
  }
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
