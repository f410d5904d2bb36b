/**
 * Redaction of resident ID numbers and mobile phones from text that leaves the process (logs) or
 * is kept as free text (audit reasons, a user name typed at a failed login). Errs on the side of
 * redacting: an 18-character ID number shape with a plausible birth date is removed whether or not
 * its check digit is right (a mistyped number is still someone's number). Area codes (18 digits too)
 * are not dates at positions 7-14 ("320706001001001001"), so they stay readable.
 *
 * Not covered: 15-digit ID numbers (retired, and indistinguishable from 15-digit grid codes) and
 * passport numbers (indistinguishable from tube barcodes); neither is logged by the request logger
 * because search values (`q`) are dropped from logged URLs whole.
 */
const ID_NUMBER = /(?<!\d)[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)/g;

export const REDACTED = '[redacted]';

export function redactPii(text: string): string {
  if (!/\d{11}|\d[- ]\d{4}[- ]/.test(text)) return text; // fast path: most text has no long digit run
  return text.replace(ID_NUMBER, REDACTED).replace(MOBILE, REDACTED);
}

/** Query parameters whose values are personal whatever they look like (a search may be a name). */
const PERSONAL_PARAMS = new Set(['q', 'idnumber', 'id_number', 'phone', 'name', 'doc']);

/**
 * A request URL fit for the log: values of personal query parameters dropped whole, then ID
 * numbers and phones removed from the path and every other value (after percent-decoding, so
 * `%20320706…` or `%2B86…` cannot slip past).
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const pathPart = decodeLoose(q < 0 ? url : url.slice(0, q));
  if (q < 0) return redactPii(pathPart);
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeLoose(eq < 0 ? pair : pair.slice(0, eq));
      if (eq < 0) return redactPii(name);
      return `${redactPii(name)}=${PERSONAL_PARAMS.has(name.toLowerCase()) ? REDACTED : redactPii(decodeLoose(pair.slice(eq + 1)))}`;
    });
  return `${redactPii(pathPart)}?${params.join('&')}`;
}

function decodeLoose(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
