/**
 * A validation problem reported to a caller instead of being thrown.
 *
 * `path` names the offending field in the caller's input, e.g.
 * `phases[1].meetings[0].participants[2]` or `dates.teamMeetings[1]`, so that an API can
 * point a form field or a YAML line at it. `code` is a stable machine-readable reason
 * (planning issues always carry one; schema issues may not).
 */
export interface DomainIssue {
  readonly path: string;
  readonly message: string;
  readonly code?: string;
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ['phases', 1, 'meetings', 0, 'key'] → 'phases[1].meetings[0].key'; the root is ''. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (IDENTIFIER.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else {
      out += `[${JSON.stringify(segment)}]`;
    }
  }
  return out;
}

/** One line per issue, `path: message`, for logs and exception messages. */
export function formatIssues(issues: readonly DomainIssue[]): string {
  return issues.map((issue) => `${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`).join('\n');
}

/** Inverse of formatPath: 'phases[1].meetings[0]' → ['phases', 1, 'meetings', 0]. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  // Sticky: each token must start where the previous one ended.
  const token = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([A-Za-z_$][A-Za-z0-9_$]*)/y;
  while (token.lastIndex < path.length) {
    const start = token.lastIndex;
    const match = token.exec(path);
    if (!match) throw new SyntaxError(`Cannot parse path ${JSON.stringify(path)} at ${start}`);
    if (match[1] !== undefined) segments.push(Number(match[1]));
    else if (match[2] !== undefined) segments.push(JSON.parse(match[2]) as string);
    else segments.push(match[3]);
  }
  return segments;
}
