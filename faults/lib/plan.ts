/**
 * What makes a fault run repeatable: one seed for every random choice (kill instants,
 * delays, fuzz inputs), printed in the table so a failure can be run again as it was, and
 * the size (FAULTS_SIZE=ci for the CI-sized run; anything else is the full size).
 */
export const SEED = Number(process.env.FAULTS_SEED ?? 20_261_203);
export const CI_SIZE = process.env.FAULTS_SIZE === 'ci';

/** A size for this run: an explicit variable wins, then the CI or the full size. */
export function sized(variable: string, sizes: { full: number; ci: number }): number {
  const explicit = process.env[variable];
  if (explicit !== undefined && explicit !== '') return Number(explicit);
  return CI_SIZE ? sizes.ci : sizes.full;
}

/** A random number generator (mulberry32) seeded by SEED and a name, so each scenario has its own stream. */
export function seeded(name: string): () => number {
  let state = SEED >>> 0;
  for (const c of name) state = Math.imul(state ^ c.charCodeAt(0), 0x9e3779b1) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
