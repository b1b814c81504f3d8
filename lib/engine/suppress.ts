/**
 * Suppressions from the config file: a check id (or '*'), a glob on the resource id, name or ARN,
 * optional account/region filters, and an expiry day. A live suppression hides a failing finding
 * (`suppressedBy`); once expired it stops hiding it and the finding carries `expiredSuppression`
 * so the digest can say so. Only `fail` findings are suppressible: `unknown` and `error` report
 * coverage, and hiding them would make a partial scan look complete.
 */
import type { Finding, Suppression } from '#lib/model/index.js';
import { CHECK_ALIASES } from '#lib/checks/registry.js';

/** Compile a `*` / `?` glob into an anchored, case-sensitive regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

/** The suppression is live until the end of its expiry day (UTC). */
export function suppressionExpired(s: Pick<Suppression, 'expires'>, now: string): boolean {
  const end = Date.parse(`${s.expires}T23:59:59.999Z`);
  if (Number.isNaN(end)) return true; // unreadable date: never hide anything with it
  return Date.parse(now) > end;
}

export function suppressionMatches(
  s: Suppression,
  f: Finding,
  re: RegExp = globToRegExp(s.resource),
): boolean {
  if (s.checkId !== '*' && (CHECK_ALIASES[s.checkId] ?? s.checkId) !== f.checkId) return false;
  if (s.accounts && s.accounts.length > 0 && !s.accounts.includes(f.accountId)) return false;
  if (s.regions && s.regions.length > 0 && !s.regions.includes(f.region)) return false;
  return [f.resourceId, f.resourceName, f.resourceArn].some((v) => v !== undefined && re.test(v));
}

export function applySuppressions(findings: Finding[], suppressions: Suppression[], now: string): Finding[] {
  const compiled = suppressions.map((s) => ({
    s,
    re: globToRegExp(s.resource),
    expired: suppressionExpired(s, now),
  }));
  return findings.map((f) => {
    // Most findings pass and carry no suppression: returned as they are (a copy with `delete` per finding was
    // a large part of a big unit's garbage, and left every finding a slow dictionary-mode object).
    const marked = f.suppressedBy !== undefined || f.expiredSuppression !== undefined;
    if (!marked && (f.status !== 'fail' || compiled.length === 0)) return f;
    const { suppressedBy: _live, expiredSuppression: _expired, ...rest } = f;
    const out: Finding = rest;
    if (f.status !== 'fail') return out;
    const matches = compiled.filter((c) => suppressionMatches(c.s, f, c.re));
    const live = matches.find((m) => !m.expired);
    if (live) {
      out.suppressedBy = live.s;
      return out;
    }
    const expired = matches.find((m) => m.expired);
    if (expired) out.expiredSuppression = expired.s;
    return out;
  });
}
