import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import request from 'supertest';
import { workflowTypes } from '@fullfolj/contracts';
import { ProgrammeProjectionRepository } from '@fullfolj/database';
import { addDays } from '@fullfolj/domain';
import { ApiStack, eventually, startApiStack } from '@fullfolj/testing';

// Export, erasure and retention on the int tier's real PostgreSQL, Temporal and SMTP: one SKR
// programme dated in the past runs to completion over HTTP (a status note, a handover mail and
// gate decisions on the way), then its people export, are erased, and the programme is retained.
describe('personal data: export, erasure and retention', () => {
  const password = 'ett-bra-lösenord'; // the stack's password for everyone it adds
  const today = new Date().toISOString().slice(0, 10);
  const programmeId = randomUUID();
  const base = `/programmes/${programmeId}`;
  let stack: ApiStack;
  let itemId: string;
  let ownerItemId: string;
  // Names unique to this run: the int tier's database is shared by every test file.
  const names = { chair: '', member: '', headTeacher: '', official: '' };
  const mailTo = (email: string) =>
    stack.db.query<Array<{ key: string; to_address: string; subject: string; text_body: string; html_body: string | null }>>(
      `SELECT key, to_address, subject, text_body, html_body FROM mail_outbox WHERE lower(to_address) = lower($1) ORDER BY created_at`,
      [email],
    );
  const programmeMail = () =>
    stack.db.query<Array<{ key: string; to_address: string; subject: string; text_body: string; html_body: string | null; ical_content: string | null }>>(
      `SELECT key, to_address, subject, text_body, html_body, ical_content FROM mail_outbox m
        WHERE m.key LIKE 'gate:' || $1::text || ':%' OR m.key LIKE 'meeting:' || $1::text || ':%'
           OR EXISTS (SELECT 1 FROM assignment a WHERE a.programme_id = $2::uuid AND m.key LIKE 'item:' || a.id::text || ':%')`,
      [programmeId, programmeId],
    );
  const gate = async (phaseKey: string) => (await stack.agents.owner.get(`${base}/gates/${phaseKey}`).expect(200)).body;
  const itemComment = async (id: string) => (await stack.agents.owner.get(base).expect(200)).body.assignments.find((a: { id: string }) => a.id === id).comment;

  beforeAll(async () => {
    stack = await startApiStack();
    names.chair = `Erik Johansson ${stack.run}`;
    names.member = `Fatima Hassan ${stack.run}`;
    names.headTeacher = `Lars Berg ${stack.run}`;
    names.official = `Sara Ek ${stack.run}`;
    for (const [key, name] of Object.entries(names)) await stack.addPerson(key, name);
    const { agents, people } = stack;
    await agents.owner
      .post('/programmes')
      .send({
        id: programmeId,
        templateId: 'skr-fullfoljd-utbildning',
        name: `Fullföljd utbildning ${stack.run}`,
        programmeStart: addDays(today, -450), // every phase of the template then lies in the past
        steeringGroup: { chairId: people.chair.id, memberIds: [people.member.id] },
        responsibles: { head_teachers: people.headTeacher.id },
      })
      .expect(201);
    // An item handed over to the head teacher, who writes a status note.
    const created = await agents.owner
      .post(`${base}/assignments`)
      .send({ phaseKey: 'genomforande', title: 'Kartlägg frånvaro', responsibleId: people.official.id, dueDate: addDays(today, 20) })
      .expect(201);
    itemId = created.body.id;
    await agents.owner.post(`${base}/assignments/${itemId}/responsible`).send({ responsibleId: people.headTeacher.id }).expect(200);
    await agents.headTeacher.post(`${base}/assignments/${itemId}/status`).send({ status: 'in_progress', comment: 'Rektorns anteckning om tre elever' }).expect(200);
    const ownerItem = await agents.owner
      .post(`${base}/assignments`)
      .send({ phaseKey: 'genomforande', title: 'Sammanställ enkäten', responsibleId: people.owner.id, dueDate: addDays(today, 25) })
      .expect(201);
    ownerItemId = ownerItem.body.id;
    await agents.owner.post(`${base}/assignments/${ownerItemId}/status`).send({ status: 'in_progress', comment: 'Ägarens anteckning' }).expect(200);
    await eventually(async () => expect(await itemComment(itemId)).toBe('Rektorns anteckning om tre elever'));

    // The steering group decides both gates; the programme completes.
    await eventually(async () => expect((await gate('forberedelse')).status).toBe('open'));
    await agents.member.post(`${base}/gates/forberedelse/decisions`).send({ decision: 'approve', comment: 'Fatimas motivering' }).expect(200);
    await agents.chair.post(`${base}/gates/forberedelse/decisions`).send({ decision: 'approve', comment: 'Ordförandens motivering' }).expect(200);
    await eventually(async () => expect((await gate('avslutning')).status).toBe('open'));
    await agents.member.post(`${base}/gates/avslutning/decisions`).send({ decision: 'approve' }).expect(200);
    await agents.chair.post(`${base}/gates/avslutning/decisions`).send({ decision: 'approve' }).expect(200);
    await eventually(async () => expect((await agents.owner.get(base).expect(200)).body.programme.status).toBe('completed'));
    // The gates' notices to the steering group.
    await eventually(async () => expect((await mailTo(people.member.email)).length).toBeGreaterThan(0));
  });
  afterAll(() => stack?.close());

  describe('export', () => {
    it('gives a person everything held about them as a JSON attachment, with no secret, and logs the export', async () => {
      const { agents, people, db } = stack;
      const token = (await agents.headTeacher.post('/auth/tokens').send({ name: 'Rapportskript', expiresInDays: 30 }).expect(201)).body.token as string;
      const res = await agents.headTeacher.get('/auth/me/personal-data').expect(200);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="mina-uppgifter-${people.headTeacher.id}.json"`);
      const data = res.body;
      expect(data.person).toMatchObject({ id: people.headTeacher.id, name: names.headTeacher, email: people.headTeacher.email, active: true });
      expect(data.rights).toEqual({ canOwnProgrammes: false, isAdmin: false });
      expect(data.roles).toEqual(expect.arrayContaining([expect.objectContaining({ programmeId, role: 'responsible' })]));
      expect(data.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: itemId, title: 'Kartlägg frånvaro', comment: 'Rektorns anteckning om tre elever', responsibleNow: true })]),
      );
      expect(data.acts).toEqual(
        expect.arrayContaining([expect.objectContaining({ programmeId, type: 'status_recorded', data: expect.objectContaining({ comment: 'Rektorns anteckning om tre elever' }) })]),
      );
      expect(data.sessions.length).toBeGreaterThan(0);
      expect(data.apiTokens).toEqual([expect.objectContaining({ name: 'Rapportskript', revokedAt: null })]);
      // The mail sent to him: subject, times and body, as the outbox holds them.
      const sent = await mailTo(people.headTeacher.email);
      expect(sent.length).toBeGreaterThan(0);
      expect(data.mail.map((m: { subject: string }) => m.subject)).toEqual(sent.map((m) => m.subject));
      expect(data.mail[0]).toEqual({ subject: sent[0].subject, status: expect.any(String), createdAt: expect.any(String), sentAt: expect.any(String), text: expect.any(String) });
      // No secret: not the password hash, the session's id or hash, the token or its hash, nor a signed link.
      const text = JSON.stringify(data);
      const [{ password_hash }] = await db.query(`SELECT password_hash FROM local_credential WHERE person_id = $1`, [people.headTeacher.id]);
      const sessions = await db.query<Array<{ id: string; id_hash: string }>>(`SELECT id::text, id_hash FROM auth_session WHERE person_id = $1`, [people.headTeacher.id]);
      const [{ token_hash }] = await db.query(`SELECT token_hash FROM api_token WHERE person_id = $1`, [people.headTeacher.id]);
      for (const secret of [password_hash, token, token_hash, ...sessions.flatMap((x) => [x.id, x.id_hash])]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/\/l\/(?!\[borttagen\])[A-Za-z0-9._~-]+/);

      // The former responsible still sees the item they were responsible for.
      const official = (await agents.official.get('/auth/me/personal-data').expect(200)).body;
      expect(official.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: itemId, responsibleNow: false })]));

      const member = (await agents.member.get('/auth/me/personal-data').expect(200)).body;
      expect(member.decisions).toEqual(
        expect.arrayContaining([expect.objectContaining({ programmeId, phaseKey: 'forberedelse', decision: 'approve', comment: 'Fatimas motivering' })]),
      );
      // The mail sent to her: subject, times, body (its signed links taken out).
      const toMember = await mailTo(people.member.email);
      expect(member.mail.map((m: { subject: string }) => m.subject)).toEqual(toMember.map((m) => m.subject));
      expect(member.mail[0]).toEqual({ subject: toMember[0].subject, status: expect.any(String), createdAt: expect.any(String), sentAt: expect.any(String), text: expect.any(String) });
      expect(member.mail[0].text.length).toBeGreaterThan(0);
      expect(JSON.stringify(member)).not.toMatch(/\/l\/(?!\[borttagen\])[A-Za-z0-9._~-]+/);

      const log = (await agents.owner.get(`/admin/security-log?personId=${people.headTeacher.id}`).expect(200)).body;
      expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'personal_data_exported', actorPersonId: people.headTeacher.id, subjectPersonId: people.headTeacher.id })]));
      expect(JSON.stringify(log.filter((e: { action: string }) => e.action === 'personal_data_exported'))).not.toMatch(/token|password/i);
    });

    it('lets an administrator export for a person, and no one else', async () => {
      const { agents, people } = stack;
      await agents.chair.get(`/admin/people/${people.headTeacher.id}/personal-data`).expect(403);
      await agents.owner.get(`/admin/people/${randomUUID()}/personal-data`).expect(404);
      const bad = await agents.owner.get('/admin/people/inte-ett-id/personal-data').expect(400);
      expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
      const res = await agents.owner.get(`/admin/people/${people.member.id}/personal-data`).expect(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment;/);
      expect(res.body.person).toMatchObject({ id: people.member.id, name: names.member });
      const log = (await agents.owner.get(`/admin/security-log?personId=${people.member.id}`).expect(200)).body;
      expect(log[0]).toMatchObject({ action: 'personal_data_exported', actorPersonId: people.owner.id, subjectPersonId: people.member.id, detail: { by: 'admin' } });
    });
  });

  describe('erasure', () => {
    it('only an administrator erases, with a reason, never themselves', async () => {
      const { agents, people } = stack;
      await agents.chair.post(`/admin/people/${people.member.id}/erasure`).send({ reason: 'Begäran' }).expect(403);
      const missing = await agents.owner.post(`/admin/people/${people.member.id}/erasure`).send({}).expect(400);
      expect(missing.body.errors).toEqual([{ field: 'reason', code: 'reason_required', message: 'is required' }]);
      const blank = await agents.owner.post(`/admin/people/${people.member.id}/erasure`).send({ reason: '   ' }).expect(400);
      expect(blank.body.errors).toEqual([{ field: 'reason', code: 'reason_required', message: 'must not be empty' }]);
      const self = await agents.owner.post(`/admin/people/${people.owner.id}/erasure`).send({ reason: 'Begäran' }).expect(409);
      expect(self.body).toMatchObject({ code: 'cannot_erase_self' });
      await agents.owner.post(`/admin/people/${randomUUID()}/erasure`).send({ reason: 'Begäran' }).expect(404);
      await agents.member.get('/auth/me').expect(200); // nothing happened to her
    });

    it('pseudonymises the read model and the outbox, keeps the decisions, ends the account and logs the request', async () => {
      const { agents, people, db } = stack;
      const member = people.member;
      const headTeacher = people.headTeacher;
      const reason = 'Begäran om radering enligt artikel 17, dnr 2026/42';
      // She is also responsible for an open item in a programme still running (its first phase open today).
      const running = randomUUID();
      await agents.owner
        .post('/programmes')
        .send({ id: running, templateId: 'skr-fullfoljd-utbildning', name: `Pågående ${stack.run}`, programmeStart: today, steeringGroup: { chairId: people.chair.id, memberIds: [member.id] } })
        .expect(201);
      await eventually(async () => expect((await agents.owner.get(`/programmes/${running}`).expect(200)).body.phases[0].status).toBe('open'));
      await agents.owner
        .post(`/programmes/${running}/assignments`)
        .send({ phaseKey: 'forberedelse', title: 'Samla in elevenkäten', responsibleId: member.id, dueDate: addDays(today, 10) })
        .expect(201);
      await eventually(async () => expect((await agents.owner.get(`/programmes/${running}`).expect(200)).body.assignments.some((a: { title: string }) => a.title === 'Samla in elevenkäten')).toBe(true));
      const erased = await agents.owner.post(`/admin/people/${member.id}/erasure`).send({ reason }).expect(200);
      expect(erased.body).toMatchObject({ personId: member.id, pseudonym: expect.stringMatching(/^Person \d+$/) });
      const pseudonym: string = erased.body.pseudonym;
      const second = await agents.owner.post(`/admin/people/${headTeacher.id}/erasure`).send({ reason }).expect(200);
      const teacherPseudonym: string = second.body.pseudonym;
      expect(teacherPseudonym).not.toBe(pseudonym);
      const again = await agents.owner.post(`/admin/people/${member.id}/erasure`).send({ reason }).expect(409);
      expect(again.body).toMatchObject({ code: 'already_erased' });
      // The account stays closed for good.
      const reactivated = await agents.owner.post(`/admin/people/${member.id}/reactivate`).expect(409);
      expect(reactivated.body).toMatchObject({ code: 'erased' });
      // The owner is told, once and by the pseudonym, that her open item needs a new responsible.
      const [notice] = await eventually(async () => {
        const rows = await db.query<Array<{ to_address: string; text_body: string }>>(`SELECT to_address, text_body FROM mail_outbox WHERE key LIKE 'orphaned:' || $1::text || ':%'`, [member.id]);
        expect(rows).toHaveLength(1);
        return rows;
      });
      expect(notice.to_address).toBe(people.owner.email);
      expect(notice.text_body).toContain(pseudonym);
      expect(notice.text_body).toContain('Samla in elevenkäten');
      expect(notice.text_body).not.toContain(names.member);

      // The decision keeps its meaning: "Person N approved"; her comment is gone.
      const decisions = (await gate('forberedelse')).rounds[0].decisions;
      expect(decisions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ personId: member.id, name: pseudonym, decision: 'approve', comment: '[raderad]' }),
          expect.objectContaining({ personId: people.chair.id, name: names.chair, decision: 'approve', comment: 'Ordförandens motivering' }),
        ]),
      );
      const audit = (await agents.owner.get(`${base}/audit`).expect(200)).body as Array<{ type: string; actorId: string | null; actorName: string | null }>;
      expect(audit.filter((e) => e.type === 'gate_decided' && e.actorId === member.id).map((e) => e.actorName)).toEqual([pseudonym, pseudonym]);
      // His status note is gone from the read model; the owner's own note stays.
      expect(await itemComment(itemId)).toBe('[raderad]');
      expect(await itemComment(ownerItemId)).toBe('Ägarens anteckning');

      // The person rows: pseudonym, an address that cannot receive mail; no way to sign in.
      const [row] = await db.query(`SELECT name, email, organisation_unit, active FROM person WHERE id = $1`, [headTeacher.id]);
      expect(row).toEqual({ name: teacherPseudonym, email: expect.stringMatching(/@erased\.invalid$/), organisation_unit: null, active: false });
      const [memberRow] = await db.query(`SELECT email FROM person WHERE id = $1`, [member.id]);
      await agents.headTeacher.get('/auth/me').expect(401);
      await agents.member.get('/auth/me').expect(401);
      await stack.agents.owner.get('/auth/me').expect(200);
      await request(stack.app.getHttpServer()).post('/auth/login').send({ email: headTeacher.email, password }).expect(401);

      // The outbox: nothing to or about them by name or address.
      expect(await mailTo(headTeacher.email)).toEqual([]);
      expect(await mailTo(member.email)).toEqual([]);
      const rewritten = await mailTo(memberRow.email);
      expect(rewritten.length).toBeGreaterThan(0);
      expect(rewritten.every((m) => m.subject === '[raderad]' && m.text_body === '[raderad]' && m.html_body === null)).toBe(true);
      const all = JSON.stringify(await programmeMail());
      for (const text of [names.member, names.headTeacher, member.email, headTeacher.email, 'Rektorns anteckning']) expect(all).not.toContain(text);
      expect(all).toContain(names.chair); // others keep their names

      // The request is in the security log: who, whom, when, why.
      const log = (await agents.owner.get(`/admin/security-log?personId=${member.id}`).expect(200)).body;
      expect(log).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'person_erased', actorPersonId: people.owner.id, subjectPersonId: member.id, subjectName: pseudonym, detail: { reason, pseudonym } }),
          expect.objectContaining({ action: 'person_deactivated', subjectPersonId: member.id }),
        ]),
      );

      // A rebuild of the read model from the events does not bring anything back.
      await stack.app.get(ProgrammeProjectionRepository).rebuild(programmeId);
      expect((await gate('forberedelse')).rounds[0].decisions.find((d: { personId: string }) => d.personId === member.id)).toMatchObject({
        name: pseudonym,
        decision: 'approve',
        comment: '[raderad]',
      });
      expect(await itemComment(itemId)).toBe('[raderad]');

      // Her export now says only the pseudonym.
      const exported = (await agents.owner.get(`/admin/people/${member.id}/personal-data`).expect(200)).body;
      expect(exported.person).toMatchObject({ name: pseudonym, active: false, erasedAt: expect.any(String) });
      expect(JSON.stringify(exported)).not.toContain(names.member);
    });
  });

  describe('retention', () => {
    const months = (n: number) => {
      const d = new Date();
      d.setUTCMonth(d.getUTCMonth() + n);
      return d.toISOString();
    };
    const runRetention = (asOf: string) =>
      stack.app.get(Client).workflow.execute(workflowTypes.retention, {
        taskQueue: stack.config.temporal.taskQueue,
        workflowId: `retention-test-${randomUUID()}`,
        args: [{ asOf, programmeIds: [programmeId] }],
      }) as Promise<{ applied: number }>;

    it('once the period after completion ends, purges the mail and pseudonymises notes; decisions and reports stay; a second run does nothing', async () => {
      const { agents } = stack;
      const reportBefore = (await agents.owner.get(`${base}/reports/status?format=json`).expect(200)).body;
      expect((await programmeMail()).length).toBeGreaterThan(0);

      // The template's default is 24 months: not due after 23.
      expect(await runRetention(months(23))).toEqual({ applied: 0 });
      expect(await itemComment(ownerItemId)).toBe('Ägarens anteckning');

      expect(await runRetention(months(25))).toEqual({ applied: 1 });
      expect(await programmeMail()).toEqual([]);
      expect(await itemComment(ownerItemId)).toBe('[gallrad]');
      expect(await itemComment(itemId)).toBe('[gallrad]');
      const decisions = (await gate('forberedelse')).rounds[0].decisions;
      expect(decisions.find((d: { personId: string }) => d.personId === stack.people.chair.id)).toMatchObject({ decision: 'approve', comment: 'Ordförandens motivering' });
      expect((await gate('avslutning')).status).toBe('approved');
      const reportAfter = (await agents.owner.get(`${base}/reports/status?format=json`).expect(200)).body;
      expect(reportAfter).toEqual(reportBefore);

      // Idempotent: a second run finds nothing to do and changes nothing; a rebuild keeps it.
      expect(await runRetention(months(26))).toEqual({ applied: 0 });
      const [marker] = await stack.db.query(`SELECT after_completion_months, mail_purged FROM programme_retention WHERE programme_id = $1`, [programmeId]);
      expect(marker).toEqual({ after_completion_months: 24, mail_purged: expect.any(Number) });
      expect(marker.mail_purged).toBeGreaterThan(0);
      await stack.app.get(ProgrammeProjectionRepository).rebuild(programmeId);
      expect(await itemComment(ownerItemId)).toBe('[gallrad]');
    });
  });
});
