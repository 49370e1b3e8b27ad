/**
 * The status vocabulary of Swedish follow-up reports (uppföljning av verksamhetsplan):
 * Genomfört · Pågående/Pågår · Kvarstår · Pausad · Förskjuten ("Förskjuts till 2023").
 */

export const FOLLOW_UP_STATUSES = ['done', 'in_progress', 'remaining', 'paused', 'postponed'] as const;

export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Enum-like access without a TypeScript `enum`: FollowUpStatus.Done === 'done'. */
export const FollowUpStatus = {
  Done: 'done',
  InProgress: 'in_progress',
  Remaining: 'remaining',
  Paused: 'paused',
  Postponed: 'postponed',
} as const satisfies Record<string, FollowUpStatus>;

export interface StatusLabel {
  readonly sv: string;
  readonly en: string;
}

export const FOLLOW_UP_STATUS_LABELS: Readonly<Record<FollowUpStatus, StatusLabel>> = Object.freeze({
  done: { sv: 'Genomfört', en: 'Done' },
  in_progress: { sv: 'Pågående', en: 'In progress' },
  remaining: { sv: 'Kvarstår', en: 'Remaining (not started)' },
  paused: { sv: 'Pausad', en: 'Paused' },
  postponed: { sv: 'Förskjuten', en: 'Postponed' },
});

export function isFollowUpStatus(value: unknown): value is FollowUpStatus {
  return typeof value === 'string' && (FOLLOW_UP_STATUSES as readonly string[]).includes(value);
}

export function followUpStatusLabel(status: FollowUpStatus, language: 'sv' | 'en' = 'sv'): string {
  return FOLLOW_UP_STATUS_LABELS[status][language];
}

/**
 * Accepted wordings after normalisation (lower case, diacritics removed, separators collapsed
 * to single spaces). Inflections are listed explicitly rather than matched by prefix, so an
 * unfamiliar wording yields undefined instead of a wrong status.
 */
const PHRASES: ReadonlyArray<readonly [string, FollowUpStatus]> = [
  // done
  ['genomfort', 'done'],
  ['genomford', 'done'],
  ['genomforda', 'done'],
  ['genomfort och avslutat', 'done'],
  ['klar', 'done'],
  ['klart', 'done'],
  ['avslutad', 'done'],
  ['avslutat', 'done'],
  ['done', 'done'],
  ['completed', 'done'],
  // in progress
  ['pagaende', 'in_progress'],
  ['pagar', 'in_progress'],
  ['paborjad', 'in_progress'],
  ['paborjat', 'in_progress'],
  ['in progress', 'in_progress'],
  ['in_progress', 'in_progress'],
  ['ongoing', 'in_progress'],
  // remaining / not started
  ['kvarstar', 'remaining'],
  ['ej paborjad', 'remaining'],
  ['ej paborjat', 'remaining'],
  ['inte paborjad', 'remaining'],
  ['inte paborjat', 'remaining'],
  ['ej startad', 'remaining'],
  ['ej startat', 'remaining'],
  ['remaining', 'remaining'],
  ['not started', 'remaining'],
  // paused
  ['pausad', 'paused'],
  ['pausat', 'paused'],
  ['pausade', 'paused'],
  ['vilande', 'paused'],
  ['paused', 'paused'],
  ['on hold', 'paused'],
  // postponed
  ['forskjuten', 'postponed'],
  ['forskjutet', 'postponed'],
  ['forskjutna', 'postponed'],
  ['forskjuts', 'postponed'],
  ['framflyttad', 'postponed'],
  ['framflyttat', 'postponed'],
  ['flyttad', 'postponed'],
  ['flyttat', 'postponed'],
  ['postponed', 'postponed'],
  ['deferred', 'postponed'],
];

const BY_PHRASE = new Map(PHRASES);
const POSTPONED_WORDS = PHRASES.filter(([, status]) => status === 'postponed').map(([phrase]) => phrase);

function normalise(input: string): string {
  return (
    input
      // Decompose and drop diacritics: also handles text pasted in NFD form (macOS, PDFs).
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[\s\-–—:;,.!*()]+/g, ' ')
      .trim()
  );
}

// First word, an optional "till", then the tail without trailing punctuation or asterisks.
const POSTPONED_TAIL = /^\S+\s+(?:(?:till|to|until)\s+)?(.*?)[\s.,;:!*]*$/iu;

export interface ParsedFollowUpStatus {
  readonly status: FollowUpStatus;
  /** For postponed items: what follows the status word, e.g. "till 2023" → "2023". */
  readonly postponedTo?: string;
}

/**
 * Reads a status cell such as " pågår ", "GENOMFÖRT", "Förskjuts till 2023" or "in_progress".
 * Returns undefined for anything it does not recognise rather than guessing.
 */
export function parseFollowUpStatusDetail(input: string | null | undefined): ParsedFollowUpStatus | undefined {
  if (typeof input !== 'string') return undefined;
  const text = normalise(input);
  if (text === '') return undefined;

  const exact = BY_PHRASE.get(text);
  if (exact) return { status: exact };

  // Only a postponement may carry a tail ("Förskjuts till 2023", "Förskjuten till vt 2024");
  // "Genomfört delvis" must not read as done.
  if (POSTPONED_WORDS.some((word) => text.startsWith(`${word} `))) {
    // Take the tail from the original text to keep its spelling ("VT 2024").
    const tail = POSTPONED_TAIL.exec(input.trim())?.[1]?.trim();
    return tail ? { status: 'postponed', postponedTo: tail } : { status: 'postponed' };
  }
  return undefined;
}

export function parseFollowUpStatus(input: string | null | undefined): FollowUpStatus | undefined {
  return parseFollowUpStatusDetail(input)?.status;
}
