/**
 * Addresses of the web app's pages, for links in e-mail. The app routes by the hash, so a
 * link opens the page for that thing (never an API route that answers JSON).
 */
export function webLinks(baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    myWork: () => `${base}/#/`,
    programmes: () => `${base}/#/programmes`,
    programme: (programmeId: string) => `${base}/#/programmes/${programmeId}`,
    gate: (programmeId: string, phaseKey: string) => `${base}/#/programmes/${programmeId}/gates/${encodeURIComponent(phaseKey)}`,
    followUpPlan: (planId: string) => `${base}/#/follow-up/${planId}`,
    passwordReset: (token: string) => `${base}/#/password-reset?token=${encodeURIComponent(token)}`,
  };
}
