import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { encryptedDataConverter, workflowBundleOptions } from '@fullfolj/runtime';
import { TEST_PAYLOAD_KEYS } from '@fullfolj/testing';

// Replays committed histories of earlier runs against today's workflow code. A change that
// running programmes would replay differently fails here: put it behind patched().
// Record new histories with `RECORD_HISTORIES=<patch id> npm run histories:record` after each patch.
describe('replay of committed workflow histories', () => {
  const dir = path.join(__dirname, 'histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

  it('has histories of full runs of every shipped template, before and after each patch', () => {
    for (const template of ['natverksar', 'skr-fullfoljd-utbildning', 'verksamhetsplan-arscykel']) {
      expect(files).toEqual(
        expect.arrayContaining([
          `programme-${template}-v1.json`,
          `programme-${template}-v1.item-reminders.json`,
          `programme-${template}-v1.meeting-invitations.json`,
          `programme-${template}-v1.minutes-follow-meeting.json`,
          // Recorded after the workflow was split into its parts (assignments, meetings, roles, gates).
          `programme-${template}-v1.workflow-in-parts.json`,
        ]),
      );
    }
  });

  it('replays every history without a determinism error', async () => {
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))),
    }));
    const failures: string[] = [];
    // The production converter: histories recorded before encryption pass through it unchanged,
    // later ones (recorded by the time-skipping harness) are decrypted with its test key.
    for await (const result of Worker.runReplayHistories({ ...workflowBundleOptions(), dataConverter: encryptedDataConverter(TEST_PAYLOAD_KEYS) }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
