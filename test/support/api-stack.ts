import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type ServiceConfig } from '@fullfolj/config';
import type { Person } from '@fullfolj/database';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { PeopleService } from '../../apps/api/src/people/people.service';
import { startTestWorker, RunningWorker } from './worker';
import { testConfig } from './services';

export type Agent = ReturnType<typeof request.agent>;

export interface ApiStack {
  config: ServiceConfig;
  app: INestApplication;
  worker: RunningWorker;
  db: DataSource;
  /** A run-unique suffix for e-mail addresses (the test database is shared by the whole run). */
  run: string;
  people: Record<string, Person>;
  agents: Record<string, Agent>;
  /** Adds a person over HTTP as `creator` (who may own programmes) and signs them in. */
  addPerson(key: string, name: string, options?: { canOwnProgrammes?: boolean; creator?: string }): Promise<Person>;
  close(): Promise<void>;
}

const PASSWORD = 'ett-bra-lösenord';

/**
 * A cookie-keeping client that says it comes from the app's own site, as a browser does
 * (Origin on every request): cookie-signed-in writes without it are refused as cross-site.
 */
export function sameOriginAgent(app: INestApplication): Agent {
  const config = app.get<Pick<ServiceConfig, 'api'>>(APP_CONFIG);
  return request.agent(app.getHttpServer()).set('Origin', new URL(config.api.baseUrl).origin);
}

/**
 * The API and a worker on the int tier's real servers, with a first owner who can add
 * everyone else over HTTP. Each person gets a signed-in agent (session cookie).
 */
export async function startApiStack(configOverrides: Record<string, string> = {}): Promise<ApiStack> {
  const config = testConfig(configOverrides);
  const worker = await startTestWorker(config);
  const app = await createApiApp(config);
  await app.init();
  const run = randomUUID().slice(0, 8);
  const people: Record<string, Person> = {};
  const agents: Record<string, Agent> = {};
  const signIn = async (key: string) => {
    agents[key] = sameOriginAgent(app);
    await agents[key].post('/auth/login').send({ email: people[key].email, password: PASSWORD }).expect(200);
  };
  // The first owner exists already (in production: created by an administrator).
  people.owner = await app.get(PeopleService).create({ name: 'Anna Lindqvist', email: `owner.${run}@kommun.example`, canOwnProgrammes: true, isAdmin: true, password: PASSWORD });
  await signIn('owner');
  return {
    config,
    app,
    worker,
    db: app.get(DataSource),
    run,
    people,
    agents,
    async addPerson(key, name, options = {}) {
      const res = await agents[options.creator ?? 'owner']
        .post('/people')
        .send({ name, email: `${key}.${run}@kommun.example`, organisationUnit: 'Utbildningsförvaltningen', canOwnProgrammes: options.canOwnProgrammes ?? false, password: PASSWORD })
        .expect(201);
      people[key] = res.body;
      await signIn(key);
      return res.body;
    },
    async close() {
      await app.close();
      await worker.stop();
    },
  };
}
