// Names of people: everyone for those who may list people, else one by one (GET /people/:id).
import { get } from './api.js';

const cache = new Map();

export async function loadPeople(me, ids = []) {
  if (me.canOwnProgrammes) {
    const all = await get('/people');
    for (const p of all) cache.set(p.id, p);
    return all;
  }
  const missing = [...new Set(ids)].filter((id) => id && !cache.has(id));
  await Promise.all(missing.map((id) => get(`/people/${id}`).then((p) => cache.set(p.id, p), () => null)));
  return [...new Set(ids)].map((id) => cache.get(id)).filter(Boolean);
}

export function personName(id) {
  if (!id) return '–';
  return cache.get(id)?.name ?? id.slice(0, 8);
}
