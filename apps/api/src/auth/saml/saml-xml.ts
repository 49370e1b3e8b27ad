import { DOMParser } from '@xmldom/xmldom';
import { toPem, type SamlIdp } from '@fullfolj/config';

// Reading SAML XML that node-saml has already verified (assertion) or that IT configured
// (IdP metadata). Namespace-aware lookups, so prefixes do not matter.
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const METADATA = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

function parse(xml: string): Document {
  return new DOMParser({ errorHandler: { warning: () => undefined } }).parseFromString(xml, 'text/xml');
}

/** What the replay and recipient checks need from a verified assertion. */
export interface AssertionFacts {
  id: string;
  /** The latest moment the assertion is valid: SubjectConfirmationData or Conditions NotOnOrAfter. */
  validUntil: Date;
  /** SubjectConfirmationData Recipient values. */
  recipients: string[];
}

export function assertionFacts(assertionXml: string): AssertionFacts | null {
  const assertion = parse(assertionXml).getElementsByTagNameNS(SAML, 'Assertion')[0];
  const id = assertion?.getAttribute('ID');
  if (!assertion || !id) return null;
  const confirmations = Array.from(assertion.getElementsByTagNameNS(SAML, 'SubjectConfirmationData'));
  const conditions = assertion.getElementsByTagNameNS(SAML, 'Conditions')[0];
  const times = [...confirmations.map((c) => c.getAttribute('NotOnOrAfter')), conditions?.getAttribute('NotOnOrAfter')]
    .filter((t): t is string => !!t)
    .map((t) => new Date(t).getTime())
    .filter((t) => Number.isFinite(t));
  if (times.length === 0) return null;
  return { id, validUntil: new Date(Math.max(...times)), recipients: confirmations.map((c) => c.getAttribute('Recipient') ?? '').filter((r) => r !== '') };
}

/** The Destination of a (base64) SAML Response, if it names one. */
export function responseDestination(samlResponse: string): string | null {
  const response = parse(Buffer.from(samlResponse, 'base64').toString('utf8')).getElementsByTagNameNS(PROTOCOL, 'Response')[0];
  return response?.getAttribute('Destination') || null;
}

/** Entity id, HTTP-Redirect SSO URL and signing certificates from IdP metadata (Entra ID, ADFS, Skolfederation). */
export function idpFromMetadata(xml: string): SamlIdp {
  const doc = parse(xml);
  const entity = Array.from(doc.getElementsByTagNameNS(METADATA, 'EntityDescriptor')).find((e) => e.getElementsByTagNameNS(METADATA, 'IDPSSODescriptor').length > 0);
  const descriptor = entity?.getElementsByTagNameNS(METADATA, 'IDPSSODescriptor')[0];
  if (!entity || !descriptor) throw new Error('the metadata has no IDPSSODescriptor');
  const sso = Array.from(descriptor.getElementsByTagNameNS(METADATA, 'SingleSignOnService')).find((s) => s.getAttribute('Binding') === REDIRECT);
  if (!sso?.getAttribute('Location')) throw new Error('the metadata has no HTTP-Redirect SingleSignOnService');
  const certs = Array.from(descriptor.getElementsByTagNameNS(METADATA, 'KeyDescriptor'))
    .filter((k) => (k.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((k) => Array.from(k.getElementsByTagNameNS(DSIG, 'X509Certificate')))
    .map((c) => toPem(c.textContent ?? ''));
  if (certs.length === 0) throw new Error('the metadata has no signing certificate');
  return { entryPoint: sso.getAttribute('Location')!, idpIssuer: entity.getAttribute('entityID') ?? '', idpCerts: [...new Set(certs)] };
}
