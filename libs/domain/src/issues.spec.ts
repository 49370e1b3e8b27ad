import { formatIssues, formatPath, parsePath } from './issues';

describe('issue paths', () => {
  it.each([
    [[], ''],
    [['id'], 'id'],
    [['phases', 1, 'meetings', 0, 'participants', 2], 'phases[1].meetings[0].participants[2]'],
    [['dates', 'teamMeetings', 1], 'dates.teamMeetings[1]'],
    [['dates', 'odd key', 'x'], 'dates["odd key"].x'],
    [[0, 'a'], '[0].a'],
  ] as const)('formats %j as %j and parses it back', (segments, path) => {
    expect(formatPath(segments)).toBe(path);
    expect(parsePath(path)).toEqual(segments);
  });

  it('rejects malformed paths', () => {
    expect(() => parsePath('phases[x]')).toThrow(SyntaxError);
  });

  it('formats issues one per line, naming the root', () => {
    expect(
      formatIssues([
        { path: '', message: 'expected object' },
        { path: 'phases[0].key', message: 'is required' },
      ]),
    ).toBe('(root): expected object\nphases[0].key: is required');
  });
});
