import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { loadConfig, temporalPayloadKeys } from '@fullfolj/config';
import { workflowIds, workflowTypes } from '@fullfolj/contracts';
import { encryptedDataConverter, freePort, resolveTemporalCli } from '@fullfolj/runtime';
import { descendants, isAlive, eventually, testDate, testServices } from '@fullfolj/testing';
import type { mailDeliveryWorkflow } from '../workflows/mail-delivery.workflow';

// `npm start` as a user runs it: the compiled orchestrator (npm test builds dist/ first),
// nothing configured but ports and the data folder.
const root = path.resolve(__dirname, '..');
const startScript = path.join(root, 'dist', 'scripts', 'start.js');

interface Started {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [startScript], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const check = setInterval(() => {
      if (output.includes('Ready. Press Ctrl-C to stop.')) {
        clearInterval(check);
        resolve({ process: child, output: () => output, exited });
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(check);
      reject(new Error(`start exited (${code}) before it was ready:\n${output}`));
    });
  });
}

async function ctrlC(started: Started): Promise<number | null> {
  started.process.kill('SIGINT');
  return started.exited;
}

async function health(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  return { status: res.status, body: (await res.json()) as { details: Record<string, { status: string }> } };
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...extra };
  return env;
}

describe('npm start with nothing configured', () => {
  let dataDir: string;
  let ports: Record<string, number>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'fullfolj-start-'));
    chmodSync(dataDir, 0o755);
    ports = {
      API_PORT: await freePort(),
      TEMPORAL_DEV_PORT: await freePort(),
      TEMPORAL_UI_PORT: await freePort(),
      EMBEDDED_POSTGRES_PORT: await freePort(),
      EMBEDDED_SMTP_PORT: await freePort(),
    };
  });

  function env() {
    return baseEnv({ DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) });
  }

  let programmeId: string;

  it('brings up all services, stops without leftovers, and keeps data for the next start', async () => {
    const first = await start(env());
    const processes = descendants(first.process.pid!);
    try {
      expect(first.output()).toMatch(/Temporal: 127\.0\.0\.1:\d+, Web UI http/);
      expect(first.output()).toMatch(/PostgreSQL: postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/);
      expect(first.output()).toMatch(/SMTP: embedded server at smtp:\/\/127\.0\.0\.1/);
      const h = await health(ports.API_PORT);
      expect(h.status).toBe(200);
      expect(h.body.details).toMatchObject({ database: { status: 'up' }, temporal: { status: 'up' }, smtp: { status: 'up' } });
      // temporal, postgres host + server, worker, api at the least
      expect(processes.length).toBeGreaterThanOrEqual(5);

      // Payloads are encrypted with a key generated at the first start and kept in the data folder.
      const keyFile = path.join(dataDir, 'temporal-payload-key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const dataConverter = encryptedDataConverter(temporalPayloadKeys(loadConfig({ DATA_DIR: dataDir })));

      // Real work through the started worker: a mail lands in the data folder.
      const connection = await Connection.connect({ address: `127.0.0.1:${ports.TEMPORAL_DEV_PORT}` });
      try {
        const key = `system-check:${randomUUID()}`;
        await new Client({ connection, dataConverter }).workflow.execute<typeof mailDeliveryWorkflow>(workflowTypes.mailDelivery, {
          taskQueue: 'fullfolj',
          workflowId: workflowIds.mailDelivery(key),
          args: [{ key, to: 'rektor@kommun.example', subject: 'Test', text: 'Hej' }],
        });
      } finally {
        await connection.close();
      }
      expect(readdirSync(path.join(dataDir, 'mail')).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
      // Mail (names, comments, signed links) and the workflow histories are the owner's only, like the secrets.
      const owned = (file: string) => statSync(path.join(dataDir, file)).mode & 0o777;
      const mails = readdirSync(path.join(dataDir, 'mail')).filter((f) => f.endsWith('.eml'));
      expect(mails.map((f) => owned(path.join('mail', f)))).toEqual([0o600]);
      expect([owned('mail'), owned('temporal'), owned(path.join('temporal', 'temporal.db'))]).toEqual([0o700, 0o700, 0o600]);

      // A demo owner starts the SKR programme over HTTP; its workflow is visible to the
      // Temporal CLI and behind the Web UI.
      programmeId = await startDemoProgramme(ports.API_PORT);
      const described = temporalDescribe(ports.TEMPORAL_DEV_PORT, `programme-${programmeId}`);
      expect(described.workflowExecutionInfo.type.name).toBe('programmeWorkflow');
      expect(described.workflowExecutionInfo.status).toMatch(/RUNNING/);
      const ui = await fetch(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/api/v1/namespaces/default/workflows/programme-${programmeId}`);
      expect(ui.status).toBe(200);
    } finally {
      expect(await ctrlC(first)).toBe(0);
    }
    await eventually(() => Promise.resolve(expect(processes.filter(isAlive)).toEqual([])), 10_000);

    const second = await start(env());
    try {
      expect(second.output()).toContain('database: schema is up to date');
      expect((await health(ports.API_PORT)).status).toBe(200);
      // The outbox row and the finished workflow are both still there.
      const password = readFileSync(path.join(dataDir, 'postgres', 'password'), 'utf8');
      const pg = new PgClient({ host: '127.0.0.1', port: ports.EMBEDDED_POSTGRES_PORT, user: 'postgres', password, database: 'fullfolj' });
      await pg.connect();
      const { rows } = await pg.query(`SELECT status FROM mail_outbox`);
      await pg.end();
      expect(rows).toEqual([{ status: 'sent' }]);
      // The programme's workflow survived the restart, still waiting on its timers.
      expect(temporalDescribe(ports.TEMPORAL_DEV_PORT, `programme-${programmeId}`).workflowExecutionInfo.status).toMatch(/RUNNING/);
      const connection = await Connection.connect({ address: `127.0.0.1:${ports.TEMPORAL_DEV_PORT}` });
      try {
        const listed = [];
        for await (const wf of new Client({ connection, dataConverter: encryptedDataConverter(temporalPayloadKeys(loadConfig({ DATA_DIR: dataDir }))) }).workflow.list({ query: `WorkflowType = '${workflowTypes.mailDelivery}'` })) {
          listed.push(wf.status.name);
        }
        expect(listed).toEqual(['COMPLETED']);
      } finally {
        await connection.close();
      }
    } finally {
      expect(await ctrlC(second)).toBe(0);
    }
    expect(existsSync(path.join(dataDir, 'temporal', 'temporal.db'))).toBe(true);
  });

  it('stops with a message naming the variable when the configuration is bad', async () => {
    const child = spawn(process.execPath, [startScript], { cwd: root, env: baseEnv({ API_PORT: 'tretusen' }) });
    let output = '';
    child.stderr.on('data', (c) => (output += c));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('API_PORT must be a number (got "tretusen")');
  });
});

/** Signs in as the seeded demo owner and starts the SKR programme with demo people. */
async function startDemoProgramme(apiPort: number): Promise<string> {
  const base = `http://127.0.0.1:${apiPort}`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'anna.lindqvist@kommun.example', password: 'fullfolj-demo' }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const people = (await (await fetch(`${base}/people`, { headers: { cookie } })).json()) as Array<{ id: string; email: string }>;
  const id = (email: string) => people.find((p) => p.email === email)!.id;
  const programmeId = randomUUID();
  const res = await fetch(`${base}/programmes`, {
    method: 'POST',
    // A cookie-signed-in change must come from the app's own origin (APP_BASE_URL's default).
    headers: { 'content-type': 'application/json', cookie, origin: `http://localhost:${apiPort}` },
    body: JSON.stringify({
      id: programmeId,
      templateId: 'skr-fullfoljd-utbildning',
      name: 'Fullföljd utbildning',
      programmeStart: testDate('01-04'),
      dates: { kickoff: testDate('01-27'), teamMeetings: [testDate('04-05'), testDate('08-18')], closingMeeting: testDate('11-23') },
      steeringGroup: { chairId: id('erik.johansson@kommun.example'), memberIds: [id('fatima.hassan@kommun.example')] },
      referenceGroupIds: [id('karin.holm@kommun.example')],
      secretaryId: id('sara.ek@kommun.example'),
      responsibles: { head_teachers: id('lars.berg@kommun.example') },
    }),
  });
  expect(res.status).toBe(201);
  return programmeId;
}

function temporalDescribe(port: number, workflowId: string) {
  const out = execFileSync(resolveTemporalCli(), ['workflow', 'describe', '--address', `127.0.0.1:${port}`, '-w', workflowId, '-o', 'json'], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as { workflowExecutionInfo: { type: { name: string }; status: string } };
}

describe('npm start against existing servers', () => {
  it('uses DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL instead of starting its own', async () => {
    const services = testServices();
    const apiPort = await freePort();
    const started = await start(
      baseEnv({
        API_PORT: String(apiPort),
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'fullfolj-start-')),
        DATABASE_URL: services.databaseUrl,
        TEMPORAL_ADDRESS: services.temporalAddress,
        SMTP_URL: services.smtpUrl,
        TEMPORAL_TASK_QUEUE: `e2e-${randomUUID()}`,
      }),
    );
    try {
      expect(started.output()).toContain(`Temporal: using ${services.temporalAddress} (TEMPORAL_ADDRESS)`);
      expect(started.output()).toContain('(DATABASE_URL)');
      expect(started.output()).toContain('(SMTP_URL)');
      expect(started.output()).not.toContain('starting embedded PostgreSQL');
      expect((await health(apiPort)).status).toBe(200);
    } finally {
      expect(await ctrlC(started)).toBe(0);
    }
  });
});
