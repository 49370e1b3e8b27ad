import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { workflowIds, workflowTypes } from '@fullfolj/contracts';
import { freePort } from '@fullfolj/runtime';
import { eventually, startWorkerProcess, testConfig, testDataConverter, testServices, WorkerProcess } from '@fullfolj/testing';

/** The samples of one metric family (name, then the sample suffixes Prometheus adds) in Prometheus text. */
function samples(text: string, family: string): Array<{ name: string; value: number }> {
  return text
    .split('\n')
    .filter((line) => line.startsWith(family) && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{.*\})?\s+(\S+)/.exec(line);
      return { name: m?.[1] ?? '', value: Number(m?.[2]) };
    });
}

// The Temporal SDK's own metrics (issue 20: workflow task latency, activity failures), which
// the compiled worker exports in Prometheus format on TEMPORAL_METRICS_PORT through its
// runtime's telemetry options. Scraped over HTTP after the worker ran a mail delivery.
describe('the worker exports the Temporal SDK metrics on TEMPORAL_METRICS_PORT', () => {
  const services = testServices();
  let worker: WorkerProcess | undefined;
  let connection: Connection | undefined;

  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
  });

  it('counts workflow tasks and activity executions with their latencies', async () => {
    const port = await freePort();
    const config = testConfig({ TEMPORAL_METRICS_PORT: String(port) });
    worker = await startWorkerProcess(config, { name: 'worker-temporal-metrics' });
    connection = await Connection.connect({ address: services.temporalAddress });
    const client = new Client({ connection, dataConverter: testDataConverter(config) });
    const key = `system-check:${randomUUID()}`;
    await client.workflow.execute(workflowTypes.mailDelivery, {
      taskQueue: config.temporal.taskQueue,
      workflowId: workflowIds.mailDelivery(key),
      args: [{ key, to: `matvarden.${randomUUID().slice(0, 8)}@kommun.example`, subject: 'Mätvärden', text: 'Ett meddelande.' }],
    });

    const text = await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      const body = await res.text();
      // The SDK records after the task completes: wait until the scrape has both.
      expect(samples(body, 'temporal_workflow_task_execution_latency_count').reduce((n, s) => n + s.value, 0)).toBeGreaterThanOrEqual(1);
      expect(samples(body, 'temporal_activity_execution_latency_count').reduce((n, s) => n + s.value, 0)).toBeGreaterThanOrEqual(2);
      return body;
    }, 30_000);

    // The mail delivery ran enqueueMail and deliverMail, none failed.
    expect(samples(text, 'temporal_activity_execution_failed_total').reduce((n, s) => n + s.value, 0)).toBe(0);
    expect(samples(text, 'temporal_workflow_completed_total').reduce((n, s) => n + s.value, 0)).toBeGreaterThanOrEqual(1);
    // Labelled by task queue and type, never by a workflow id (which could carry a business key).
    expect(text).toContain(`task_queue="${config.temporal.taskQueue}"`);
    expect(text).not.toContain(key);
  });
});
