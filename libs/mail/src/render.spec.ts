import { loadTemplates, MAIL_LANGUAGES, MAIL_TEMPLATE_NAMES, MailTemplateData, MailTemplateName, renderMail } from './render';

const link = 'https://fullfolj.kommun.se/l/AQID.BAUG';
const programmeName = 'Fullföljd utbildning 2027';
const item = { title: 'Nulägesanalys', kind: 'assignment' as const, dueDate: '2027-02-10', description: 'Kartlägg avbrott och frånvaro per skola.' };
const meeting = { name: 'Uppstartsträff', date: '2027-03-29', time: '09:00', durationMinutes: 90, location: 'Stadshuset, sal 3' };

/** One valid input per template, with `title` as the item's (or gate's, or meeting's) name. */
function sample(name: MailTemplateName, title = 'Nulägesanalys'): MailTemplateData[MailTemplateName] {
  const base = { recipientName: 'Lars Berg', programmeName, link };
  const it = { ...item, title };
  switch (name) {
    case 'reminder':
      return { ...base, item: it, timing: 'before', workingDays: 2 };
    case 'escalation':
      return { ...base, recipientName: 'Anna Lindqvist', item: it, workingDaysOverdue: 5, responsible: { name: 'Lars Berg', email: 'lars.berg@kommun.example' } };
    case 'handover':
      return { ...base, item: it, previousResponsibleName: 'Sofia Karlsson' };
    case 'gate-reminder':
      return { ...base, gateName: title, dueDate: '2027-02-10', timing: 'before', workingDays: 2 };
    case 'gate-escalation':
      return { ...base, gateName: title, dueDate: '2027-02-10', undecided: ['Erik Johansson', 'Fatima Hassan'] };
    case 'gate-rejected':
      return { ...base, gateName: title, reason: 'the decision rule can no longer be met' };
    case 'meeting-invitation':
      return { ...base, meeting: { ...meeting, name: title }, organizerName: 'Sara Ek' };
    case 'meeting-update':
      return { ...base, meeting: { ...meeting, name: title }, organizerName: 'Sara Ek', previous: { date: '2027-03-22', time: '13:00' } };
    case 'meeting-cancelled':
      return { ...base, meeting: { ...meeting, name: title }, organizerName: 'Sara Ek', reason: 'För få kunde komma' };
    case 'minutes-reminder':
      return { ...base, meeting: { name: title, date: '2027-03-29' }, dueDate: '2027-04-05', timing: 'before', workingDays: 3 };
    case 'digest':
      return {
        ...base,
        date: '2027-02-10',
        overdue: [{ programmeName, title, kind: 'report', dueDate: '2027-02-01', link: `${link}1`, workingDaysOverdue: 7 }],
        dueToday: [{ programmeName: 'Verksamhetsplan 2027', title: 'Budgetunderlag', kind: 'assignment', dueDate: '2027-02-10', link: `${link}2` }],
        coming: [],
      };
    case 'password-reset':
      return { ...base, requestedByName: title, validHours: 24 };
    case 'orphaned-items':
      return { ...base, personName: 'Sofia Karlsson', items: [{ programmeName, title, kind: 'assignment', dueDate: '2027-02-10', link: `${link}1` }] };
    case 'indicator-reminder':
      return { recipientName: 'Lars Berg', link, planName: programmeName, indicatorName: title, periodLabel: 'VT 2027', deadline: '2027-07-14', timing: 'before', workingDays: 10 };
    case 'indicator-escalation':
      return {
        recipientName: 'Anna Lindqvist',
        link,
        planName: programmeName,
        indicatorName: title,
        periodLabel: 'VT 2027',
        deadline: '2027-07-14',
        workingDaysOverdue: 5,
        responsible: { name: 'Lars Berg', email: 'lars.berg@kommun.example' },
      };
  }
}

const render = <N extends MailTemplateName>(name: N, lang: 'sv' | 'en', data: MailTemplateData[N]) => renderMail(name, lang, data);

describe('renderMail: every template, in Swedish and English', () => {
  describe.each(MAIL_TEMPLATE_NAMES.flatMap((name) => MAIL_LANGUAGES.map((lang) => [name, lang] as const)))('%s (%s)', (name, lang) => {
    it('has a one-line subject, a plain-text part and an accessible HTML part, each with the programme and the link', () => {
      const mail = renderMail(name, lang, sample(name));
      expect(mail.subject).not.toMatch(/\n/);
      expect(mail.subject.length).toBeGreaterThan(10);
      expect(mail.text).toContain(link);
      if (name !== 'password-reset') expect(mail.text).toContain(name === 'digest' ? 'Verksamhetsplan 2027' : programmeName);
      expect(mail.text).toMatch(lang === 'sv' ? /^Hej Lars Berg!|^Hej Anna Lindqvist!/ : /^Hello (Lars Berg|Anna Lindqvist),/);
      expect(mail.text).not.toMatch(/[<>]|&[a-z]+;|\{\{/);
      expect(mail.html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${lang}">`));
      expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
      expect(mail.html).toMatch(/<main[ >][\s\S]*<h1[ >][\s\S]*<\/main>/);
      expect(mail.html).toContain(`href="${link.replace(/=/g, '&#x3D;')}`);
      expect(mail.html).not.toMatch(/<img|<script|\{\{/);
    });

    it('escapes user text in the HTML part: <script> in a title stays text', () => {
      const evil = '<script>alert("x")</script> & co';
      const mail = renderMail(name, lang, sample(name, evil));
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
      expect(mail.text).toContain(evil); // plain text is not HTML: shown as written
      // The digest's subject only counts; the account mails name no item in theirs.
      if (!['digest', 'password-reset', 'orphaned-items'].includes(name)) expect(mail.subject).toContain(evil);
    });
  });
});

describe('reminder', () => {
  it('sv: N working days left, due today, overdue, with the deadline in Swedish and what is expected', () => {
    const before = render('reminder', 'sv', { ...(sample('reminder') as MailTemplateData['reminder']), workingDays: 10 });
    expect(before.subject).toBe('Påminnelse: ”Nulägesanalys” – sista dag onsdag 10 februari 2027 (Fullföljd utbildning 2027)');
    expect(before.text).toContain('Om 10 arbetsdagar, onsdag 10 februari 2027, är sista dagen för ”Nulägesanalys” i Fullföljd utbildning 2027');
    expect(before.text).toContain('Uppdrag: Nulägesanalys');
    expect(before.text).toContain('Beskrivning: Kartlägg avbrott och frånvaro per skola.');
    expect(before.text).toContain('Vad som förväntas: Genomför uppdraget och markera det som genomfört i Fullfölj.');
    expect(before.text).toContain(`Öppna i Fullfölj: ${link}`);
    expect(before.html).toContain('<time datetime="2027-02-10">onsdag 10 februari 2027</time>');

    const one = render('reminder', 'sv', { ...(sample('reminder') as MailTemplateData['reminder']), workingDays: 1 });
    expect(one.text).toContain('Om 1 arbetsdag,');

    const today = render('reminder', 'sv', { ...(sample('reminder') as MailTemplateData['reminder']), timing: 'due_today' });
    expect(today.subject).toBe('Sista dag i dag: ”Nulägesanalys” (Fullföljd utbildning 2027)');
    expect(today.text).toContain('I dag, onsdag 10 februari 2027, är sista dagen');

    const late = render('reminder', 'sv', { ...(sample('reminder') as MailTemplateData['reminder']), timing: 'overdue', workingDays: 3 });
    expect(late.subject).toBe('Försenat: ”Nulägesanalys” – sista dag var onsdag 10 februari 2027 (Fullföljd utbildning 2027)');
    expect(late.text).toContain('för 3 arbetsdagar sedan');
  });

  it('en: the same in English, with an English date', () => {
    const data = sample('reminder') as MailTemplateData['reminder'];
    expect(render('reminder', 'en', data).subject).toBe('Reminder: "Nulägesanalys" is due Wednesday 10 February 2027 (Fullföljd utbildning 2027)');
    expect(render('reminder', 'en', data).text).toContain('is due in 2 working days, on Wednesday 10 February 2027');
    expect(render('reminder', 'en', { ...data, timing: 'due_today' }).subject).toBe('Due today: "Nulägesanalys" (Fullföljd utbildning 2027)');
    const late = render('reminder', 'en', { ...data, timing: 'overdue', workingDays: 1 });
    expect(late.subject).toBe('Overdue: "Nulägesanalys" was due Wednesday 10 February 2027 (Fullföljd utbildning 2027)');
    expect(late.text).toContain('1 working day ago');
  });

  it('says what is expected for a report and for minutes', () => {
    const data = sample('reminder') as MailTemplateData['reminder'];
    expect(render('reminder', 'sv', { ...data, item: { ...data.item, kind: 'report', title: 'Lägesrapport' } }).text).toContain('Rapport: Lägesrapport');
    expect(render('reminder', 'sv', { ...data, item: { ...data.item, kind: 'report' } }).text).toContain('Lämna in rapporten');
    expect(render('reminder', 'en', { ...data, item: { ...data.item, kind: 'minutes' } }).text).toContain('Record the minutes in Fullfölj');
  });
});

describe('escalation', () => {
  it('names the item, how late it is and who is responsible', () => {
    const data = sample('escalation') as MailTemplateData['escalation'];
    const sv = render('escalation', 'sv', data);
    expect(sv.subject).toBe('Försenat 5 arbetsdagar: ”Nulägesanalys” (Fullföljd utbildning 2027)');
    expect(sv.text).toContain('Ansvarig är Lars Berg (lars.berg@kommun.example)');
    expect(sv.text).toContain('Sista dagen för ”Nulägesanalys” i Fullföljd utbildning 2027 var onsdag 10 februari 2027');
    expect(sv.html).toContain('Ansvarig är Lars Berg (lars.berg@kommun.example)');
    const en = render('escalation', 'en', { ...data, responsible: null });
    expect(en.subject).toBe('Overdue by 5 working days: "Nulägesanalys" (Fullföljd utbildning 2027)');
    expect(en.text).toContain('Nobody is responsible for it at the moment.');
  });
});

describe('handover', () => {
  it('tells the new person what they now own and who had it before', () => {
    const data = sample('handover') as MailTemplateData['handover'];
    const sv = render('handover', 'sv', data);
    expect(sv.subject).toBe('Du är nu ansvarig för ”Nulägesanalys” (Fullföljd utbildning 2027)');
    expect(sv.text).toContain('som tidigare låg hos Sofia Karlsson. Sista dag är onsdag 10 februari 2027.');
    const en = render('handover', 'en', { ...data, previousResponsibleName: null });
    expect(en.subject).toBe('You are now responsible for "Nulägesanalys" (Fullföljd utbildning 2027)');
    expect(en.text).toContain('You are now responsible for "Nulägesanalys" in Fullföljd utbildning 2027. It is due Wednesday 10 February 2027.');
    expect(en.text).not.toContain('previously');
  });
});

describe('gate mails', () => {
  it('remind an undecided member before and on the day', () => {
    const data = sample('gate-reminder', 'Förberedelse klar') as MailTemplateData['gate-reminder'];
    const sv = render('gate-reminder', 'sv', data);
    expect(sv.subject).toBe('Påminnelse: ditt beslut om ”Förberedelse klar” – senast onsdag 10 februari 2027 (Fullföljd utbildning 2027)');
    expect(sv.text).toContain('senast onsdag 10 februari 2027, om 2 arbetsdagar. Du har inte lämnat ditt beslut ännu.');
    expect(render('gate-reminder', 'en', { ...data, timing: 'due_today' }).subject).toBe(
      'Due today: your decision on "Förberedelse klar" (Fullföljd utbildning 2027)',
    );
  });

  it('escalate naming who has not decided', () => {
    const data = sample('gate-escalation', 'Förberedelse klar') as MailTemplateData['gate-escalation'];
    const sv = render('gate-escalation', 'sv', data);
    expect(sv.subject).toBe('Försenat grindbeslut: ”Förberedelse klar” (Fullföljd utbildning 2027)');
    expect(sv.text).toContain('Följande har inte beslutat: Erik Johansson och Fatima Hassan.');
    expect(sv.html).toContain('<li>Erik Johansson</li>');
    expect(render('gate-escalation', 'en', data).text).toContain('Not decided yet: Erik Johansson and Fatima Hassan.');
  });

  it('tell the owner a gate was rejected, with the reason', () => {
    const data = sample('gate-rejected', 'Avslutning') as MailTemplateData['gate-rejected'];
    expect(render('gate-rejected', 'sv', data).subject).toBe('Grinden ”Avslutning” gick inte igenom (Fullföljd utbildning 2027)');
    expect(render('gate-rejected', 'en', data).text).toContain('Reason: the decision rule can no longer be met');
  });
});

describe('meeting mails', () => {
  it('invite with date, Stockholm time range and place', () => {
    const data = sample('meeting-invitation', 'Uppstartsträff') as MailTemplateData['meeting-invitation'];
    const sv = render('meeting-invitation', 'sv', data);
    expect(sv.subject).toBe('Inbjudan: Uppstartsträff måndag 29 mars 2027 kl. 09.00 (Fullföljd utbildning 2027)');
    expect(sv.text).toContain('När: måndag 29 mars 2027 kl. 09.00–10.30');
    expect(sv.text).toContain('Var: Stadshuset, sal 3');
    expect(sv.text).toContain('Sammankallande: Sara Ek');
    const en = render('meeting-invitation', 'en', data);
    expect(en.subject).toBe('Invitation: Uppstartsträff, Monday 29 March 2027 09:00 (Fullföljd utbildning 2027)');
    expect(en.text).toContain('When: Monday 29 March 2027, 09:00–10:30 (Stockholm time)');
  });

  it('say what moved in an update and why a meeting is cancelled', () => {
    const update = render('meeting-update', 'sv', sample('meeting-update', 'Uppstartsträff') as MailTemplateData['meeting-update']);
    expect(update.subject).toBe('Ändrat: Uppstartsträff måndag 29 mars 2027 kl. 09.00 (Fullföljd utbildning 2027)');
    expect(update.text).toContain('har ändrats och flyttats från måndag 22 mars 2027 kl. 13.00. Det gäller nu måndag 29 mars 2027 kl. 09.00–10.30.');
    const cancelled = render('meeting-cancelled', 'en', sample('meeting-cancelled', 'Uppstartsträff') as MailTemplateData['meeting-cancelled']);
    expect(cancelled.subject).toBe('Cancelled: Uppstartsträff, Monday 29 March 2027 09:00 (Fullföljd utbildning 2027)');
    expect(cancelled.text).toContain('Reason: För få kunde komma');
  });

  it('remind the secretary about the minutes', () => {
    const data = sample('minutes-reminder', 'Uppstartsträff') as MailTemplateData['minutes-reminder'];
    const sv = render('minutes-reminder', 'sv', data);
    expect(sv.subject).toBe('Påminnelse: protokollet från Uppstartsträff – senast måndag 5 april 2027 (Fullföljd utbildning 2027)');
    expect(sv.text).toContain('Protokollet från Uppstartsträff måndag 29 mars 2027 ska registreras senast måndag 5 april 2027, om 3 arbetsdagar.');
    expect(render('minutes-reminder', 'en', { ...data, timing: 'overdue', workingDays: 2 }).text).toContain('were due Monday 5 April 2027, 2 working days ago');
  });
});

describe('digest', () => {
  it('lists overdue, due today and coming items, each with its programme, deadline and own link', () => {
    const data = { ...(sample('digest') as MailTemplateData['digest']) };
    data.coming = [{ programmeName, title: 'Lägesrapport', kind: 'report', dueDate: '2027-06-10', link: `${link}3` }];
    const sv = render('digest', 'sv', data);
    expect(sv.subject).toBe('Att göra onsdag 10 februari 2027: 1 försenad, 1 med sista dag i dag, 1 kommande');
    expect(sv.text).toContain(`Försenat (1):\n- Rapport: Nulägesanalys (Fullföljd utbildning 2027), sista dag måndag 1 februari 2027, 7 arbetsdagar försenat\n  ${link}1`);
    expect(sv.text).toContain(`Sista dag i dag (1):\n- Uppdrag: Budgetunderlag (Verksamhetsplan 2027), sista dag onsdag 10 februari 2027\n  ${link}2`);
    expect(sv.text).toContain('Kommande (1):\n- Rapport: Lägesrapport (Fullföljd utbildning 2027), sista dag torsdag 10 juni 2027');
    expect(sv.html.match(/<section>/g)).toHaveLength(3);
    expect(sv.html).toContain(`<a href="${link.replace(/=/g, '&#x3D;')}2">Budgetunderlag</a>`);
    const en = render('digest', 'en', { ...data, overdue: [], dueToday: [], coming: [] });
    expect(en.subject).toBe('To do on Wednesday 10 February 2027: 0 overdue, 0 due today, 0 coming up');
    expect(en.text).toContain('Nothing is overdue or due today.');
    expect(en.html).not.toContain('<section>');
  });
});

describe('indicator mails', () => {
  const reminder = (over: Partial<MailTemplateData['indicator-reminder']> = {}) => ({
    ...(sample('indicator-reminder', 'Andel elever med gymnasiebehörighet') as MailTemplateData['indicator-reminder']),
    planName: 'Verksamhetsplan 2027',
    ...over,
  });

  it('sv: ask the responsible person for the period\'s value, with the deadline in Swedish long form and the plan\'s link', () => {
    const before = render('indicator-reminder', 'sv', reminder());
    expect(before.subject).toBe('Påminnelse: utfall för ”Andel elever med gymnasiebehörighet” VT 2027 – sista dag onsdag 14 juli 2027 (Verksamhetsplan 2027)');
    expect(before.text).toContain(
      'Om 10 arbetsdagar, onsdag 14 juli 2027, är sista dagen att rapportera utfallet för ”Andel elever med gymnasiebehörighet” för VT 2027 i Verksamhetsplan 2027, som du är ansvarig för.',
    );
    expect(before.text).toContain('Uppföljningsplan: Verksamhetsplan 2027\nIndikator: Andel elever med gymnasiebehörighet\nPeriod: VT 2027\nSista dag att rapportera: onsdag 14 juli 2027');
    expect(before.text).toContain('Vad som förväntas: Registrera periodens utfall');
    expect(before.text).toContain(`Öppna uppföljningsplanen i Fullfölj: ${link}`);
    expect(before.html).toContain('<time datetime="2027-07-14">onsdag 14 juli 2027</time>');
    // The link opens the plan for a signed-in person; it is not a personal link.
    expect(before.text).not.toContain('Länken är personlig');

    const today = render('indicator-reminder', 'sv', reminder({ timing: 'due_today', workingDays: undefined }));
    expect(today.subject).toBe('Sista dag i dag: utfall för ”Andel elever med gymnasiebehörighet” VT 2027 (Verksamhetsplan 2027)');
    expect(today.text).toContain('I dag, onsdag 14 juli 2027, är sista dagen att rapportera utfallet');

    const late = render('indicator-reminder', 'sv', reminder({ timing: 'overdue', workingDays: 1 }));
    expect(late.subject).toBe('Försenat: utfall för ”Andel elever med gymnasiebehörighet” VT 2027 – sista dag var onsdag 14 juli 2027 (Verksamhetsplan 2027)');
    expect(late.text).toContain('för 1 arbetsdag sedan, och inget utfall är registrerat ännu');
  });

  it('en: the same in English, with the period as English readers name it', () => {
    const en = render('indicator-reminder', 'en', reminder({ periodLabel: 'Spring 2027', workingDays: 2 }));
    expect(en.subject).toBe('Reminder: the value of "Andel elever med gymnasiebehörighet" for Spring 2027 is due Wednesday 14 July 2027 (Verksamhetsplan 2027)');
    expect(en.text).toContain('is due in 2 working days, on Wednesday 14 July 2027.');
    expect(en.text).toContain('Follow-up plan: Verksamhetsplan 2027\nIndicator: Andel elever med gymnasiebehörighet\nPeriod: Spring 2027\nReport by: Wednesday 14 July 2027');
    expect(render('indicator-reminder', 'en', reminder({ timing: 'overdue', workingDays: 3 })).text).toContain('was due Wednesday 14 July 2027, 3 working days ago, and none has been recorded yet');
  });

  it("escalation: tells a plan owner how late the value is and who is responsible", () => {
    const data = sample('indicator-escalation', 'Andel elever med gymnasiebehörighet') as MailTemplateData['indicator-escalation'];
    const sv = render('indicator-escalation', 'sv', data);
    expect(sv.subject).toBe('Försenat 5 arbetsdagar: utfall för ”Andel elever med gymnasiebehörighet” VT 2027 (Fullföljd utbildning 2027)');
    expect(sv.text).toContain('Ansvarig för indikatorn är Lars Berg (lars.berg@kommun.example), som har fått påminnelser.');
    expect(sv.text).toContain('Du får det här som ägare av uppföljningsplanen.');
    const en = render('indicator-escalation', 'en', { ...data, responsible: null, periodLabel: 'Spring 2027' });
    expect(en.subject).toBe('Overdue by 5 working days: the value of "Andel elever med gymnasiebehörighet" for Spring 2027 (Fullföljd utbildning 2027)');
    expect(en.text).toContain('Nobody is responsible for the indicator at the moment.');
  });
});

describe('renderMail refuses bad input', () => {
  it('a link that is not http(s), anywhere in the data', () => {
    expect(() => renderMail('reminder', 'sv', { ...(sample('reminder') as MailTemplateData['reminder']), link: 'javascript:alert(1)' })).toThrow(/link must be an absolute http\(s\) URL/);
    const digest = sample('digest') as MailTemplateData['digest'];
    expect(() => renderMail('digest', 'sv', { ...digest, coming: [{ ...digest.overdue[0], link: '/relative' }] })).toThrow(/digest\.coming\[0\]\.link/);
  });

  it('a date that is not YYYY-MM-DD, and an unknown template', () => {
    const data = sample('reminder') as MailTemplateData['reminder'];
    expect(() => renderMail('reminder', 'sv', { ...data, item: { ...data.item, dueDate: '10/2/2027' } })).toThrow(/expected a date YYYY-MM-DD/);
    expect(() => renderMail('nope' as MailTemplateName, 'sv', data as never)).toThrow(/no mail template nope\.sv\.subject\.hbs/);
  });
});

describe('loadTemplates', () => {
  it('reads and compiles the files once, then serves them from the cache', () => {
    const first = loadTemplates();
    expect(loadTemplates()).toBe(first);
    expect([...first.keys()].length).toBe(MAIL_TEMPLATE_NAMES.length * MAIL_LANGUAGES.length * 3);
  });
});

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/=/g, '&#x3D;');
}
