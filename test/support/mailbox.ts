import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ParsedMail, simpleParser } from 'mailparser';

/** Reads what the test SMTP server received (one .eml file per message). */
export class Mailbox {
  private readonly parsed = new Map<string, ParsedMail>();

  constructor(private readonly dir: string) {}

  async all(): Promise<ParsedMail[]> {
    const files = readdirSync(this.dir).filter((f) => f.endsWith('.eml')).sort();
    for (const file of files) {
      if (!this.parsed.has(file)) this.parsed.set(file, await simpleParser(readFileSync(path.join(this.dir, file))));
    }
    return files.map((f) => this.parsed.get(f)!);
  }

  async find(predicate: (mail: ParsedMail) => boolean): Promise<ParsedMail[]> {
    return (await this.all()).filter(predicate);
  }

  /** Waits until at least `count` messages match (polling the folder, no fixed sleeps). */
  async waitFor(predicate: (mail: ParsedMail) => boolean, count = 1, timeoutMs = 30_000): Promise<ParsedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await this.find(predicate);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`expected ${count} matching message(s), found ${found.length}`);
      await delay(100);
    }
  }
}

export const sentTo = (address: string) => (mail: ParsedMail) =>
  [mail.to].flat().some((to) => to?.value.some((v) => v.address === address));
