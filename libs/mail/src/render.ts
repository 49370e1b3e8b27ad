import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { projectRoot } from '@fullfolj/runtime';

/**
 * E-mail from templates: `libs/mail/src/templates/<name>.<lang>.{subject,text,html}.hbs`,
 * Handlebars, Swedish by default and English for people who prefer it. The HTML part is
 * compiled with Handlebars' escaping ({{x}} escapes & < > " ' ` =), the subject and the
 * plain-text part without it. Partials are files starting with `_`:
 * `_<partial>.<lang>.html.hbs` (HTML only), `_<partial>.<lang>.text.hbs` (text only) and
 * `_<partial>.<lang>.hbs` (both), used as `{{> partial-lang}}`.
 *
 * The templates are read from the project root (like `templates/` of the API), so they
 * are found from source and from dist/ alike, and in the Docker image (see docker/Dockerfile).
 */

export type MailLanguage = 'sv' | 'en';
export type MailItemKind = 'assignment' | 'report' | 'minutes';
/** ISO calendar date 'YYYY-MM-DD', in Europe/Stockholm. */
export type MailDate = string;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailItem {
  title: string;
  kind: MailItemKind;
  dueDate: MailDate;
  description?: string | null;
}

interface Addressed {
  /** The recipient's name, for the greeting. */
  recipientName: string;
  /** Absolute http(s) URL: a signed item link, or the programme or gate in the app. */
  link: string;
}

interface AboutProgramme extends Addressed {
  programmeName: string;
}

export interface ReminderData extends AboutProgramme {
  item: MailItem;
  /** 'before': `workingDays` left; 'due_today'; 'overdue': `workingDays` past the deadline. */
  timing: 'before' | 'due_today' | 'overdue';
  workingDays?: number;
}

export interface EscalationData extends AboutProgramme {
  item: MailItem;
  workingDaysOverdue: number;
  /** Who is responsible; null when nobody is. */
  responsible: { name: string; email?: string | null } | null;
}

export interface HandoverData extends AboutProgramme {
  item: MailItem;
  /** Who was responsible before; null when nobody was. */
  previousResponsibleName: string | null;
}

export interface GateReminderData extends AboutProgramme {
  gateName: string;
  dueDate: MailDate;
  timing: 'before' | 'due_today';
  workingDays?: number;
}

export interface GateEscalationData extends AboutProgramme {
  gateName: string;
  dueDate: MailDate;
  /** Names of the members who have not decided. */
  undecided: string[];
}

export interface GateRejectedData extends AboutProgramme {
  gateName: string;
  reason?: string | null;
}

export interface MailMeeting {
  name: string;
  date: MailDate;
  /** Local time in Europe/Stockholm, 'HH:mm'. */
  time: string;
  durationMinutes: number;
  location?: string | null;
}

export interface MeetingInvitationData extends AboutProgramme {
  meeting: MailMeeting;
  organizerName: string;
}

export interface MeetingUpdateData extends MeetingInvitationData {
  /** When it was before the change, if the time moved. */
  previous?: { date: MailDate; time: string } | null;
}

export interface MeetingCancelledData extends MeetingInvitationData {
  reason?: string | null;
}

export interface MinutesReminderData extends AboutProgramme {
  meeting: { name: string; date: MailDate };
  dueDate: MailDate;
  timing: 'before' | 'due_today' | 'overdue';
  workingDays?: number;
}

export interface DigestItem {
  programmeName: string;
  title: string;
  kind: MailItemKind;
  dueDate: MailDate;
  link: string;
  /** For overdue items. */
  workingDaysOverdue?: number;
}

export interface DigestData extends Addressed {
  /** The day the digest is for. */
  date: MailDate;
  overdue: DigestItem[];
  dueToday: DigestItem[];
  coming: DigestItem[];
}

/** An administrator's reset of a local password: a single-use link (`link`) to choose a new one. */
export interface PasswordResetData extends Addressed {
  /** The administrator who asked for it. */
  requestedByName: string;
  validHours: number;
}

export interface OrphanedItem {
  programmeName: string;
  title: string;
  kind: MailItemKind;
  dueDate: MailDate;
  /** The programme in the app. */
  link: string;
}

/** To a programme owner: a deactivated person's open items need a new responsible; `link` is the programme list. */
export interface OrphanedItemsData extends Addressed {
  /** The deactivated person. */
  personName: string;
  items: OrphanedItem[];
}

/** What an indicator's mail names: the follow-up plan, the indicator and the period whose value (utfall) is asked for. */
interface AboutIndicatorValue extends Addressed {
  planName: string;
  indicatorName: string;
  /** The period as the recipient reads it: "VT 2027", "Spring 2027", "mars 2027" (periodLabel in the domain). */
  periodLabel: string;
  /** The last day to report the value. */
  deadline: MailDate;
}

/** To the person responsible for an indicator: report the period's value. `link` is the plan in the app. */
export interface IndicatorReminderData extends AboutIndicatorValue {
  /** 'before': `workingDays` left; 'due_today'; 'overdue': `workingDays` past the deadline. */
  timing: 'before' | 'due_today' | 'overdue';
  workingDays?: number;
}

/** To a plan's owners: a period's value is overdue. `link` is the plan in the app. */
export interface IndicatorEscalationData extends AboutIndicatorValue {
  workingDaysOverdue: number;
  /** Who is responsible for the indicator; null when nobody is (or their account is closed). */
  responsible: { name: string; email?: string | null } | null;
}

/** The data each template takes. */
export interface MailTemplateData {
  reminder: ReminderData;
  escalation: EscalationData;
  handover: HandoverData;
  'gate-reminder': GateReminderData;
  'gate-escalation': GateEscalationData;
  'gate-rejected': GateRejectedData;
  'meeting-invitation': MeetingInvitationData;
  'meeting-update': MeetingUpdateData;
  'meeting-cancelled': MeetingCancelledData;
  'minutes-reminder': MinutesReminderData;
  digest: DigestData;
  'password-reset': PasswordResetData;
  'orphaned-items': OrphanedItemsData;
  'indicator-reminder': IndicatorReminderData;
  'indicator-escalation': IndicatorEscalationData;
}

export type MailTemplateName = keyof MailTemplateData;

export const MAIL_TEMPLATE_NAMES: MailTemplateName[] = [
  'reminder',
  'escalation',
  'handover',
  'gate-reminder',
  'gate-escalation',
  'gate-rejected',
  'meeting-invitation',
  'meeting-update',
  'meeting-cancelled',
  'minutes-reminder',
  'digest',
  'password-reset',
  'orphaned-items',
  'indicator-reminder',
  'indicator-escalation',
];
export const MAIL_LANGUAGES: MailLanguage[] = ['sv', 'en'];
type Part = 'subject' | 'text' | 'html';

const ZONE = 'Europe/Stockholm';
const LOCALE: Record<MailLanguage, string> = { sv: 'sv-SE', en: 'en-GB' };

export function mailTemplatesDir(): string {
  return path.join(projectRoot(), 'libs', 'mail', 'src', 'templates');
}

/**
 * Renders a template in a language. Throws on an unknown template, a missing part, a
 * link that is not http(s), or a date that is not YYYY-MM-DD.
 */
export function renderMail<N extends MailTemplateName>(name: N, lang: MailLanguage, data: MailTemplateData[N]): RenderedMail {
  const language: MailLanguage = lang === 'en' ? 'en' : 'sv';
  const templates = loadTemplates();
  const part = (p: Part) => {
    const template = templates.get(`${name}.${language}.${p}`);
    if (!template) throw new Error(`no mail template ${name}.${language}.${p}.hbs in ${mailTemplatesDir()}`);
    return template;
  };
  checkLinks(data, name);
  const options = { data: { lang: language } };
  const subject = part('subject')(data, options).replace(/\s+/g, ' ').trim();
  const context = { ...data, subject };
  const text = `${part('text')(context, options)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
  const html = part('html')(context, options)
    .replace(/^\s*\n/gm, '')
    .trim();
  return { subject, text, html: `${html}\n` };
}

let cache: Map<string, Handlebars.TemplateDelegate> | undefined;
let cachedDir: string | undefined;

/** Reads and compiles every template once; later calls use the cache. */
export function loadTemplates(dir: string = mailTemplatesDir()): Map<string, Handlebars.TemplateDelegate> {
  if (cache && cachedDir === dir) return cache;
  const html = environment();
  const text = environment();
  const htmlOptions: CompileOptions = { strict: false };
  const textOptions: CompileOptions = { noEscape: true };
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const files = readdirSync(dir).filter((f) => f.endsWith('.hbs'));
  // Partials first, so templates can use them.
  for (const file of files.filter((f) => f.startsWith('_'))) {
    const m = /^_([a-z][a-z-]*)\.(sv|en)(?:\.(html|text))?\.hbs$/.exec(file);
    if (!m) throw new Error(`mail partial ${file}: expected _<name>.<sv|en>[.html|.text].hbs`);
    const [, partial, lang, only] = m;
    // A partial used inside a line ends with `~}}` so that its file's final newline is not output.
    const source = readFileSync(path.join(dir, file), 'utf8');
    if (only !== 'text') html.registerPartial(`${partial}-${lang}`, html.compile(source, htmlOptions));
    if (only !== 'html') text.registerPartial(`${partial}-${lang}`, text.compile(source, textOptions));
  }
  for (const file of files.filter((f) => !f.startsWith('_'))) {
    const m = /^([a-z][a-z-]*)\.(sv|en)\.(subject|text|html)\.hbs$/.exec(file);
    if (!m) throw new Error(`mail template ${file}: expected <name>.<sv|en>.<subject|text|html>.hbs`);
    const [, , , part] = m;
    const source = readFileSync(path.join(dir, file), 'utf8');
    compiled.set(file.replace(/\.hbs$/, ''), part === 'html' ? html.compile(source, htmlOptions) : text.compile(source, textOptions));
  }
  cache = compiled;
  cachedDir = dir;
  return compiled;
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

/** A Handlebars environment of its own with Fullfölj's helpers. */
function environment(): typeof Handlebars {
  const env = Handlebars.create();
  const lang = (options: Handlebars.HelperOptions): MailLanguage => ((options?.data as { lang?: string } | undefined)?.lang === 'en' ? 'en' : 'sv');
  const dayOf = (value: unknown): DateTime => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`mail template: expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    const day = DateTime.fromISO(value, { zone: ZONE });
    if (!day.isValid) throw new Error(`mail template: ${value} is not a date`);
    return day;
  };
  const timeOf = (date: unknown, time: unknown): DateTime => {
    if (typeof time !== 'string' || !/^\d{2}:\d{2}$/.test(time)) throw new Error(`mail template: expected a time HH:mm, got ${JSON.stringify(time)}`);
    return DateTime.fromISO(`${dayOf(date).toISODate()}T${time}`, { zone: ZONE });
  };
  const clock = (t: DateTime, l: MailLanguage) => (l === 'sv' ? t.toFormat('HH.mm') : t.toFormat('HH:mm'));

  /** `{{date dueDate}}` → "onsdag 10 februari 2027" / "Wednesday 10 February 2027". */
  env.registerHelper('date', (value: unknown, options: Handlebars.HelperOptions) =>
    dayOf(value).setLocale(LOCALE[lang(options)]).toFormat('cccc d LLLL yyyy'),
  );
  /** `{{time meeting.date meeting.time}}` → "kl. 09.00" / "09:00". */
  env.registerHelper('time', (date: unknown, time: unknown, options: Handlebars.HelperOptions) => {
    const l = lang(options);
    return `${l === 'sv' ? 'kl. ' : ''}${clock(timeOf(date, time), l)}`;
  });
  /** `{{timeRange meeting}}` → "kl. 09.00–10.30" / "09:00–10:30" (end = start + durationMinutes, in Stockholm time). */
  env.registerHelper('timeRange', (meeting: MailMeeting, options: Handlebars.HelperOptions) => {
    const l = lang(options);
    const start = timeOf(meeting.date, meeting.time);
    const end = start.plus({ minutes: meeting.durationMinutes });
    return `${l === 'sv' ? 'kl. ' : ''}${clock(start, l)}–${clock(end, l)}`;
  });
  /** `{{plural n "arbetsdag" "arbetsdagar"}}` → "1 arbetsdag", "3 arbetsdagar". */
  env.registerHelper('plural', (n: unknown, one: string, other: string) => {
    const count = Number(n);
    if (!Number.isFinite(count)) throw new Error(`mail template: expected a number, got ${JSON.stringify(n)}`);
    return `${count} ${count === 1 ? one : other}`;
  });
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  /** `(concat "Öppna ”" item.title "”")`: a plain string, escaped where it is output. */
  env.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map((a) => (a == null ? '' : String(a as string | number | boolean))).join(''));
  env.registerHelper('count', (...args: unknown[]) => args.slice(0, -1).reduce<number>((n, list) => n + (Array.isArray(list) ? list.length : 0), 0));
  /** `{{list names}}` → "A, B och C" / "A, B and C". */
  env.registerHelper('list', (names: unknown, options: Handlebars.HelperOptions) => {
    const items = Array.isArray(names) ? names.map(String) : [];
    return new Intl.ListFormat(LOCALE[lang(options)], { style: 'long', type: 'conjunction' }).format(items);
  });
  return env;
}

/** Every `link` in the data must be an absolute http(s) URL (no javascript: or relative links in mail). */
function checkLinks(value: unknown, where: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkLinks(v, `${where}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'link') {
        if (typeof v !== 'string' || !/^https?:\/\/[^\s]+$/i.test(v)) throw new Error(`${where}.link must be an absolute http(s) URL`);
      } else {
        checkLinks(v, `${where}.${key}`);
      }
    }
  }
}
