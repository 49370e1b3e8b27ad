import { ApiStack, startApiStack } from '@fullfolj/testing';
import { binary, csvRows, docxText, pdfText, squash } from '../fixtures/report-files';

// Issue 18: Halmstad's development plan (seed 003) expects each intervention (insats) to move
// four indicators, "redovisade i kvantitativ eller kvalitativ form". Followed over three terms.
const PLAN_TABLE = [
  'Perspektiv;Nämndmål;Strategiskt utvecklingsuppdrag;Aktivitet;Nämnd;Slutfört;Status',
  'Medarbetare;Tillgången på kompetens ska motsvara verksamhetens behov;Kompetensförsörjning;Lärarspecialisering med stöd av elevkoordinatörer;BUN;December;Pågår',
  'Medarbetare;Tillgången på kompetens ska motsvara verksamhetens behov;Kompetensförsörjning;Introduktionsperiod för nyexaminerade lärargrupper;BUN;December;Pågår',
  'Medarbetare;Tillgången på kompetens ska motsvara verksamhetens behov;Ledarförsörjning;Attrahera, identifiera och rekrytera ledare;BUN;December;Pågår',
].join('\n');

const TERMS = ['2022-VT', '2022-HT', '2023-VT'] as const;
/** When each term's values and analyses were written: after the term, before the next report. */
const WRITTEN: Record<(typeof TERMS)[number], string> = { '2022-VT': '2022-08-15', '2022-HT': '2023-01-20', '2023-VT': '2023-08-14' };
const SECOND_REPORT = '2023-02-28';

const INDICATORS = [
  {
    name: 'Kvantitativ kompetens',
    description: 'Antal och mängd kompetens inom en yrkesgrupp: andel legitimerade lärare',
    unit: { kind: 'percent' },
    baseline: { period: '2021-HT', value: 78 },
    targets: { '2022-VT': 80, '2022-HT': 82, '2023-VT': 84 },
    values: [79.5, 82.5, 83.1],
  },
  {
    name: 'Kvalitativ kompetens',
    description: 'Kvaliteten på kompetens inom en yrkesgrupp',
    unit: { kind: 'scale', min: 1, max: 5 },
    baseline: { period: '2021-HT', value: 3 },
    targets: { '2022-VT': 3, '2022-HT': 4, '2023-VT': 4 },
    values: [3, 3, 4],
  },
  {
    name: 'Engagemang/motivation',
    description: 'Yrkesgruppens engagemang/motivation till sitt uppdrag',
    unit: { kind: 'scale', min: 1, max: 5 },
    baseline: { period: '2021-HT', value: 4 },
    targets: { '2022-VT': 4, '2022-HT': 4, '2023-VT': 5 },
    values: [4, 3, 4],
  },
  {
    name: 'Upplevda förutsättningar',
    description: 'Yrkesgruppens upplevda förutsättningar att lyckas i uppdraget',
    unit: { kind: 'scale', min: 1, max: 5 },
    baseline: { period: '2021-HT', value: 2 },
    targets: { '2022-VT': 3, '2022-HT': 3, '2023-VT': 4 },
    values: [2, 3, 3],
  },
];

interface Figure {
  period: string;
  target: number | null;
  value: number | null;
  valueLabel: string;
  attainment: string;
  trend: string;
}

describe('indicators, values and analyses of a follow-up plan over HTTP', () => {
  let stack: ApiStack;
  let planId: string;
  const ids: Record<string, string> = {};
  let activities: Array<{ activityId: string; activity: string }>;
  const api = (path: string) => `/follow-up/plans/${planId}${path}`;
  const owner = () => stack.agents.owner;

  beforeAll(async () => {
    stack = await startApiStack();
    await stack.addPerson('hr', 'Avdelningschef HR');
    await stack.addPerson('reader', 'Karin Holm');
    planId = (
      await owner()
        .post('/follow-up/plans')
        .send({ name: `Verksamhetsplan 2022 ${stack.run}`, municipality: 'Halmstads kommun', year: 2022, boards: [{ code: 'BUN', name: 'Barn- och ungdomsnämnden' }] })
        .expect(201)
    ).body.id;
    await owner().post(api('/imports')).field('asOf', '2022-02-01').attach('file', Buffer.from(PLAN_TABLE), 'plan.csv').expect(200);
    activities = (await owner().get(api('/report?asOf=2022-02-01')).expect(200)).body.rows;
  });
  afterAll(() => stack?.close());

  it('defines the four indicators, linked to the interventions they are expected to move', async () => {
    const competence = activities.filter((a) => !a.activity.startsWith('Attrahera')).map((a) => a.activityId);
    for (const def of INDICATORS) {
      const { values: _v, ...body } = def;
      const res = await owner()
        .post(api('/indicators'))
        .send({ ...body, direction: 'higher', periodicity: 'term', responsibleId: stack.people.hr.id, activityIds: competence })
        .expect(201);
      ids[def.name] = res.body.id;
      expect(res.body).toMatchObject({ name: def.name, periodicity: 'term', responsibleName: 'Avdelningschef HR', targets: def.targets });
      expect([...res.body.figures.linkedActivities].sort()).toEqual(['Introduktionsperiod för nyexaminerade lärargrupper', 'Lärarspecialisering med stöd av elevkoordinatörer']);
    }
    const list = (await stack.agents.reader.get(api('/indicators')).expect(200)).body;
    expect(list.indicators.map((i: { name: string }) => i.name)).toEqual(INDICATORS.map((i) => i.name));
    expect(list.canEdit).toBe(false);
  });

  it('refuses a bad definition with a code per field, and changes by people who may not', async () => {
    const bad = await owner()
      .post(api('/indicators'))
      .send({ name: 'Kvalitativ kompetens', unit: { kind: 'scale', min: 5, max: 2 }, direction: 'higher', periodicity: 'term', targets: { '2022': 3, '2022-HT': 9 }, activityIds: [stack.people.hr.id] })
      .expect(400);
    const codes = Object.fromEntries((bad.body.errors as Array<{ field: string; code: string }>).map((e) => [e.field, e.code]));
    expect(codes).toEqual({
      'unit.max': 'scale_range',
      'targets.2022': 'invalid_period',
      'targets.2022-HT': 'invalid_value',
      'activityIds[0]': 'activity_not_found',
      name: 'name_taken',
    });
    const refused = await stack.agents.reader.post(api('/indicators')).send({ name: 'X', unit: { kind: 'count' }, direction: 'higher', periodicity: 'year' }).expect(403);
    expect(refused.body.code).toBe('plan_editor_required');
    const value = await stack.agents.reader.post(api(`/indicators/${ids['Kvalitativ kompetens']}/values`)).send({ period: '2022-VT', value: 3 }).expect(403);
    expect(value.body.code).toBe('indicator_reporter_required');
    await owner().get(api(`/indicators/${planId}`)).expect(404);
    const count = await stack.db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM follow_up_indicator WHERE plan_id = $1`, [planId]);
    expect(count[0].n).toBe(4);
  });

  it('records values over three terms and an analysis per term, drafted, marked ready and approved', async () => {
    for (const [t, term] of TERMS.entries()) {
      for (const def of INDICATORS) {
        // The responsible person reports; the value takes effect when it was written.
        const res = await stack.agents.hr
          .post(api(`/indicators/${ids[def.name]}/values`))
          .send({ period: term, value: def.values[t], comment: `Enkät ${term}`, effectiveOn: WRITTEN[term] })
          .expect(200);
        expect(res.body).toMatchObject({ period: term, value: def.values[t], recorded: true });
      }
      const analysis = await owner()
        .post(api('/analyses'))
        .send({ subjectKind: 'indicator', subject: ids['Kvantitativ kompetens'], period: term, text: `Andelen legitimerade lärare ${term}.`, status: 'partly', effectiveOn: WRITTEN[term] })
        .expect(200);
      expect(analysis.body.current).toMatchObject({ version: 1, state: 'draft' });
      const goal = await owner()
        .post(api('/analyses'))
        .send({ subjectKind: 'goal', subject: 'tillgången på kompetens ska motsvara  verksamhetens behov', period: term, text: `Målet ${term}.`, status: 'on_track', effectiveOn: WRITTEN[term] })
        .expect(200);
      expect(goal.body.subject).toBe('Tillgången på kompetens ska motsvara verksamhetens behov');
      for (const a of [analysis.body, goal.body]) {
        await stack.agents.owner.post(api(`/analyses/${a.id}/approve`)).send({ version: 1, effectiveOn: WRITTEN[term] }).expect(409);
        await owner().post(api(`/analyses/${a.id}/ready`)).send({ version: 1, effectiveOn: WRITTEN[term] }).expect(200);
        const approved = await owner().post(api(`/analyses/${a.id}/approve`)).send({ version: 1, effectiveOn: WRITTEN[term] }).expect(200);
        expect(approved.body.approved).toMatchObject({ version: 1, state: 'approved', approvedBy: stack.people.owner.id });
      }
    }
    // A later draft of the second term's analysis, written after the second report.
    await owner()
      .post(api('/analyses'))
      .send({ subjectKind: 'indicator', subject: ids['Kvantitativ kompetens'], period: '2022-HT', text: 'Omarbetad analys.', status: 'on_track', effectiveOn: '2023-03-15' })
      .expect(200);
    const history = (await owner().get(api(`/indicators/${ids['Engagemang/motivation']}/values`)).expect(200)).body;
    expect(history.map((v: { period: string; value: number; actorName: string }) => [v.period, v.value, v.actorName])).toEqual([
      ['2022-VT', 4, 'Avdelningschef HR'],
      ['2022-HT', 3, 'Avdelningschef HR'],
      ['2023-VT', 4, 'Avdelningschef HR'],
    ]);
  });

  it('reports as of the second term only what was known then: its values and its analysis, not later ones', async () => {
    const report = (await stack.agents.reader.get(api(`/report?asOf=${SECOND_REPORT}`)).expect(200)).body;
    // The interventions name the indicators they are expected to move (förväntad effekt).
    const rows = report.rows as Array<{ activity: string; indicators: string[] }>;
    expect(rows.find((r) => r.activity.startsWith('Lärarspecialisering'))?.indicators).toEqual(INDICATORS.map((i) => i.name));
    expect(rows.find((r) => r.activity.startsWith('Attrahera'))?.indicators).toEqual([]);
    const quantitative = report.indicators.indicators.find((i: { name: string }) => i.name === 'Kvantitativ kompetens');
    expect(quantitative.baseline).toMatchObject({ period: '2021-HT', value: 78, valueLabel: '78 %' });
    expect(quantitative.periods.map((p: Figure) => [p.period, p.target, p.value, p.attainment, p.trend])).toEqual([
      ['2022-VT', 80, 79.5, 'near', 'improving'],
      ['2022-HT', 82, 82.5, 'met', 'improving'],
      // The third term had begun, but its value was not known yet.
      ['2023-VT', 84, null, 'no_value', 'none'],
    ]);
    const engagement = report.indicators.indicators.find((i: { name: string }) => i.name === 'Engagemang/motivation');
    expect(engagement.periods.slice(0, 2).map((p: Figure) => [p.valueLabel, p.attainment, p.trend])).toEqual([
      ['4 av 5', 'met', 'unchanged'],
      ['3 av 5', 'missed', 'worsening'],
    ]);
    const analyses = report.indicators.analyses.map((a: { subjectKind: string; period: string; text: string; state: string }) => [a.subjectKind, a.period, a.text, a.state]);
    expect(analyses).toEqual([
      ['goal', '2022-VT', 'Målet 2022-VT.', 'approved'],
      ['goal', '2022-HT', 'Målet 2022-HT.', 'approved'],
      ['indicator', '2022-VT', 'Andelen legitimerade lärare 2022-VT.', 'approved'],
      ['indicator', '2022-HT', 'Andelen legitimerade lärare 2022-HT.', 'approved'],
    ]);

    // Today: every term's value, and the newer draft is a version of its own beside the approved one.
    const now = (await owner().get(api('/analyses')).expect(200)).body;
    const ht = now.analyses.find((a: { subjectKind: string; period: string }) => a.subjectKind === 'indicator' && a.period === '2022-HT');
    expect([ht.current.version, ht.current.state, ht.approved.version]).toEqual([2, 'draft', 1]);
    const latest = (await owner().get(api('/report')).expect(200)).body;
    expect(latest.indicators.indicators[0].periods.map((p: Figure) => p.value)).toEqual([79.5, 82.5, 83.1]);
  });

  it('gives the board the same figures in Word (read back through LibreOffice), in the PDF, and in the CSV of values', async () => {
    const file = (format: string, extra: Record<string, string> = {}) =>
      stack.agents.reader.get(api('/report')).query({ asOf: SECOND_REPORT, format, ...extra }).buffer(true).parse(binary).expect(200);
    const docx = await file('docx');
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const word = squash(await docxText(docx.body as Buffer));
    const pdf = await pdfText((await file('pdf')).body as Buffer);
    const printed = squash(pdf.text.join(' '));
    // As of the second term: its outcomes, wording and analysis; nothing recorded or written later.
    const shown = ['Kvantitativ kompetens', '79,5 %', '82,5 %', '84 %', 'Nära målet', 'Uppnått', 'Försämring', 'Andelen legitimerade lärare 2022-HT.', 'Målet 2022-HT.', 'Analys och bedömning'];
    const hidden = ['83,1 %', 'Omarbetad analys.', 'Andelen legitimerade lärare 2023-VT.'];
    for (const text of shown) {
      expect(word).toContain(squash(text));
      expect(printed).toContain(squash(text));
    }
    for (const text of hidden) {
      expect(word).not.toContain(squash(text));
      expect(printed).not.toContain(squash(text));
    }
    pdf.text.forEach((page, i) => expect(squash(page)).toContain(squash(`Sida ${i + 1} av ${pdf.pages}`)));

    const csv = csvRows((await file('csv', { table: 'indicators' })).body.toString('utf8'));
    expect(csv[0].slice(0, 4)).toEqual(['Indikator', 'Period', 'Målvärde', 'Värde']);
    expect(csv.filter((r) => r[0] === 'Kvantitativ kompetens').map((r) => [r[1], r[2], r[3]])).toEqual([
      ['2022-VT', '80', '79.5'],
      ['2022-HT', '82', '82.5'],
      ['2023-VT', '84', ''],
    ]);
  });

  it("locks a period's analyses once an owner approves its report", async () => {
    const refused = await stack.agents.hr.post(api('/periods/2022-VT/approval')).send({}).expect(403);
    expect(refused.body.code).toBe('plan_owner_required');
    const approval = await owner().post(api('/periods/2022-VT/approval')).send({ effectiveOn: '2022-09-01' }).expect(200);
    expect(approval.body).toMatchObject({ period: '2022-VT', approvedOn: '2022-09-01', approvedBy: stack.people.owner.id });
    const locked = await owner()
      .post(api('/analyses'))
      .send({ subjectKind: 'indicator', subject: ids['Kvantitativ kompetens'], period: '2022-VT', text: 'För sent.', status: 'partly' })
      .expect(409);
    expect(locked.body.code).toBe('period_locked');
    const list = (await owner().get(api('/analyses')).expect(200)).body;
    expect(list.analyses.filter((a: { period: string; locked: boolean }) => a.period === '2022-VT').every((a: { locked: boolean }) => a.locked)).toBe(true);
  });

  describe('imports of values', () => {
    let importPlan: string;
    let kpi: string;
    const iapi = (path: string) => `/follow-up/plans/${importPlan}${path}`;
    const send = (csv: string, asOf = '2023-02-15') => owner().post(iapi('/indicator-imports')).field('asOf', asOf).attach('file', Buffer.from(csv, 'utf8'), 'utfall.csv');
    const stored = async () =>
      (
        await stack.db.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM follow_up_indicator_value v JOIN follow_up_indicator i ON i.id = v.indicator_id WHERE i.plan_id = $1`,
          [importPlan],
        )
      )[0].n;

    beforeAll(async () => {
      importPlan = (
        await owner()
          .post('/follow-up/plans')
          .send({ name: `Fullföljd utbildning ${stack.run}`, municipality: 'Halmstads kommun', year: 2022, boards: [{ code: 'BUN', name: 'Barn- och ungdomsnämnden' }] })
          .expect(201)
      ).body.id;
      // Seed 002: the share of pupils who complete upper-secondary school, a Kolada key figure.
      kpi = (
        await owner()
          .post(iapi('/indicators'))
          .send({ name: 'Gymnasieexamen inom 4 år', unit: { kind: 'percent' }, direction: 'higher', periodicity: 'year', source: { kind: 'kolada', kpiId: 'N60960' }, targets: { '2022': 75 } })
          .expect(201)
      ).body.id;
      for (const name of ['Engagemang/motivation', 'Kvalitativ kompetens']) {
        await owner()
          .post(iapi('/indicators'))
          .send({ name, unit: { kind: 'scale', min: 1, max: 5 }, direction: 'higher', periodicity: 'term' })
          .expect(201);
      }
    });

    it('stores nothing from a file with one bad row, and says which row and why', async () => {
      const res = await send(['Indikator;Period;Värde;Kommentar', 'Engagemang/motivation;VT 2022;4;Enkät', 'Engagemang/motivation;HT 2022;7;Enkät'].join('\n')).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'Värde', value: '7', field: 'row 3: Värde', code: 'invalid_value' })]);
      expect(res.body.errors[0].message).toContain('1–5');
      expect(await stored()).toBe(0);
    });

    it('imports a good file once: the same file again records nothing', async () => {
      // Two indicators with values for the same terms: each is compared with its own.
      const csv = [
        'Indikator;Period;Värde;Text;Kommentar',
        'Engagemang/motivation;VT 2022;4;Hög grad;Enkät vår',
        'Engagemang/motivation;2022-HT;3,0;;Enkät höst',
        'Kvalitativ kompetens;VT 2022;2;;Enkät vår',
        'Kvalitativ kompetens;2022-HT;3;;Enkät höst',
      ].join('\n');
      const first = (await send(csv).expect(200)).body;
      expect(first).toMatchObject({ shape: 'fullfolj', rows: 4, recorded: 4, unchanged: 0 });
      expect(first.importId).toEqual(expect.any(String));
      const again = (await send(csv).expect(200)).body;
      expect(again).toMatchObject({ importId: null, recorded: 0, unchanged: 4 });
      expect(await stored()).toBe(4);
    });

    it("imports Kolada's export shape: the municipality's total, matched by key figure", async () => {
      // As downloaded from Kolada: key figure, municipality, period, value per gender (T = total).
      const csv = [
        'kpi,municipality,period,gender,value',
        'N60960,1380,2021,T,71.2',
        'N60960,1380,2021,K,74.0',
        'N60960,1380,2021,M,68.5',
        'N60960,1380,2022,T,73.4',
        'N60960,1380,2022,K,76.1',
        'N60960,1380,2022,M,70.9',
      ].join('\n');
      const res = (await send(csv, '2023-03-01').expect(200)).body;
      expect(res).toMatchObject({ shape: 'kolada', rows: 2, recorded: 2, skipped: 4 });
      const figures = (await owner().get(iapi(`/indicators/${kpi}`)).expect(200)).body.figures.periods;
      expect(figures.map((p: Figure) => [p.period, p.value, p.attainment])).toEqual([
        ['2021', 71.2, 'no_target'],
        ['2022', 73.4, 'missed'],
      ]);
      const unknown = await send(['kpi,municipality,period,gender,value', 'N99999,1380,2022,T,50'].join('\n'), '2023-03-01').expect(400);
      expect(unknown.body.errors[0]).toMatchObject({ row: 2, column: 'kpi', value: 'N99999', code: 'kpi_not_found' });
    });
  });
});
