/** Calendar dates in requests: 'YYYY-MM-DD' (Europe/Stockholm). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const DATE_MESSAGE = 'must be a date YYYY-MM-DD';
