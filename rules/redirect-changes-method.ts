import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { isWriteMethod } from '../src/enrich/redirects.js';
import { groupByKey, plural, samplesOf, span, spanText, sum, whoEvidence } from './lib/catalogue.js';

/**
 * 301 and 302 let user agents re-send a POST as a GET (RFC 9110 §15.4.2 and §15.4.3 note
 * it; browsers do it), dropping the body. For PUT, PATCH and DELETE that silently turns a
 * write into a read. 307/308 keep the method and body; 303 says "now GET the result"
 * explicitly (post/redirect/get). The follow-up GET of another path from the same client
 * (counted in enrichment) is the log's proof that the method was changed.
 */

/** share of redirected writes followed by a GET at which the redirect is read as post/redirect/get */
const PRG_SHARE = 0.5;

export default defineRule({
  meta: {
    id: 'redirect-changes-method',
    severity: 'warning',
    description: '301/302 answering POST/PUT/PATCH/DELETE: user agents may re-send it as GET; use 307/308, or 303 for post/redirect/get',
    codes: [301, 302],
    references: ['RFC 9110 §15.4.2', 'RFC 9110 §15.4.3', 'RFC 9110 §15.4.4', 'RFC 9110 §15.4.8', 'RFC 9110 §15.4.9'],
  },
  check(cube) {
    const lack = cube.lacks('count');
    if (lack !== null) return { notApplicable: lack };
    const findings: FindingDraft[] = [];
    const followKnown = cube.available.has('redirectFollowedByGet');
    for (const g of groupByKey(cube.cells((s, method) => (s === 301 || s === 302) && isWriteMethod(method)))) {
      const count = sum(g.cells, 'count');
      const followed = followKnown ? sum(g.cells, 'redirectFollowedByGet') : 0;
      const prg = followed > 0 && followed >= count * PRG_SHARE;
      const where = `${g.method} ${g.route}`;
      const s = span(g.cells, cube.windowMs);
      const who = whoEvidence(cube.whoOnRoute(g.method, g.route, g.status));
      // what to return instead: 303 for post/redirect/get (evidence, or a POST answered 302,
      // which is the classic form flow); otherwise the method-preserving twin
      const keep = g.status === 301 ? 308 : 307;
      const advised = prg || (g.method === 'POST' && g.status === 302) ? 303 : keep;
      const evidenceText =
        followed > 0
          ? ` ${followed} of them ${followed === 1 ? 'was' : 'were'} followed by a GET of another path from the same client: the user agent turned the ${g.method} into a GET.`
          : '';
      const message = `${where} answered ${g.status} to ${plural(count, 'request')}, ${spanText(s)}; user agents may re-send a ${g.status} as GET and drop the body.${evidenceText}`;
      let advice: string;
      if (advised === 303) {
        advice =
          `If the ${g.method} did its work and the client should now fetch a result page (post/redirect/get), answer 303 See Other: it says "GET the Location" explicitly, for every client, instead of relying on the historical rewrite of ${g.status}. ` +
          `If the resource moved and the ${g.method} must be repeated there with its body, answer ${keep} (${keep === 308 ? 'Permanent' : 'Temporary'} Redirect), which keeps the method. (statuslint explain ${g.status} 303)`;
      } else {
        advice =
          `Answer ${keep} ${keep === 308 ? 'Permanent' : 'Temporary'} Redirect: it keeps the method and the body, so the ${g.method} reaches the new location intact. ` +
          `Use 303 See Other only when the client should GET a result after the write (post/redirect/get). (statuslint explain ${g.status} ${keep})`;
      }
      findings.push({
        message,
        advice,
        method: g.method,
        route: g.route,
        status: [g.status],
        window: s,
        count,
        evidence: {
          followedByGet: followKnown ? followed : null,
          advisedStatus: advised,
          ...who,
        },
        samples: samplesOf(g.cells),
      });
    }
    return findings;
  },
});
