// A small fetch wrapper for the Fullfölj API (same origin, session cookie).

/** An API answer that was not 2xx: status, the API's message, its code and its per-field errors. */
export class ApiError extends Error {
  constructor(status, body) {
    const message = Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
    super(message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
    /** The API's stable reason (e.g. `last_admin`), for a text in the user's language. */
    this.code = typeof body?.code === 'string' ? body.code : null;
  }
}

let onUnauthorized = () => {};
/** Called when a request answers 401 (the session has ended). */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

export async function request(method, path, body, { quiet401 = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, { message: null });
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message: text };
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !quiet401) onUnauthorized();
    throw new ApiError(res.status, data);
  }
  return data;
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body = {}, options) => request('POST', path, body, options);
export const put = (path, body = {}, options) => request('PUT', path, body, options);
export const patch = (path, body = {}, options) => request('PATCH', path, body, options);
export const del = (path, options) => request('DELETE', path, undefined, options);

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
