import type { Cell } from '../src/cube/cube.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';
import type { Severity } from '../src/report/types.js';
import { explainLink, getStatus, nearestKnown, statusKind, statusName } from '../src/status/index.js';
import { plural, samplesOf, span, spanText, whoEvidence } from './lib/catalogue.js';

/**
 * Clients understand a status by its class when they do not know the code (RFC 9110 §15):
 * an unregistered code is read as x00 of its class, and a number outside 100–599 is not a
 * valid status at all (§15: "three-digit integer", first digit 1–5). Deprecated (305, 510)
 * and reserved (306, 418) codes are in the IANA registry only so nobody reuses them.
 *
 * Vendor codes that products log on purpose (nginx 444/494–499, AWS ALB 460/463/464/561,
 * Cloudflare 520–530) are explained, as info: most of them are never sent to a client.
 * One finding per status code (all routes), the heaviest routes as evidence.
 */

const SEVERITY: Readonly<Record<string, Severity>> = {
  vendor: 'info',
  deprecated: 'warning',
  reserved: 'warning',
  unassigned: 'warning',
  'out-of-range': 'warning',
};

export default defineRule({
  meta: {
    id: 'unregistered-status',
    severity: 'warning',
    description: 'status codes outside the IANA registry or 100–599, deprecated/reserved codes (305, 306, 418); vendor codes explained',
    codes: [305, 306, 418, 510],
    references: ['RFC 9110 §15', 'RFC 9110 §16.2.1', 'IANA HTTP Status Code Registry'],
  },
  check(cube) {
    const byStatus = new Map<number, Cell[]>();
    // 0 is no HTTP answer at all (Envoy TCP proxying, a connection closed before a status):
    // not a request, which parsers skip; ignored here too should one get through
    for (const c of cube.cells((s) => s !== 0 && statusKind(s) !== 'iana')) {
      let l = byStatus.get(c.status);
      if (l === undefined) byStatus.set(c.status, (l = []));
      l.push(c);
    }
    const findings: FindingDraft[] = [];
    for (const [status, cells] of [...byStatus].sort((a, b) => a[0] - b[0])) {
      const kind = statusKind(status);
      const info = getStatus(status);
      const count = cells.reduce((n, c) => n + c.count, 0);
      const sp = span(cells, cube.windowMs);
      const routes = new Map<string, number>();
      for (const c of cells) routes.set(`${c.method} ${c.route}`, (routes.get(`${c.method} ${c.route}`) ?? 0) + c.count);
      const topRoutes = [...routes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const single = topRoutes.length === 1 ? cells[0]! : undefined;
      const where = single !== undefined ? `${single.method} ${single.route}` : plural(topRoutes.length, 'route');
      const name = info !== undefined ? `${status} ${info.name}` : `${status}`;
      const cls = Math.floor(status / 100);
      let message: string;
      let advice: string;
      switch (kind) {
        case 'vendor':
          message = `${name} (${info?.vendor ?? 'vendor'} code, not an HTTP status) on ${where}, ${plural(count, 'time')}, ${spanText(sp)}: ${info?.summary ?? ''}`;
          advice = `${info?.whenToUse ?? ''} An application should never send it itself. (${explainLink(status)})`.trim();
          break;
        case 'deprecated':
          message = `${name} is deprecated in the IANA registry, yet ${where} answered it ${plural(count, 'time')}, ${spanText(sp)}.`;
          advice = `${info?.whenToUse ?? ''} ${status === 305 ? 'Clients ignore 305 for security reasons (RFC 9110 §15.4.6); configure the proxy on the client or redirect with 307.' : 'Answer with a current code of the same meaning.'} (${explainLink(status)})`.trim();
          break;
        case 'reserved':
          message = `${status} is reserved and unused in the IANA registry${status === 418 ? ' (the "I\'m a teapot" joke code)' : ''}, yet ${where} answered it ${plural(count, 'time')}, ${spanText(sp)}.`;
          advice = `${info?.whenToUse ?? ''} Clients treat it as a generic ${cls}xx. (${explainLink(status)})`.trim();
          break;
        case 'unassigned': {
          const near = nearestKnown(status, 3).map((c) => `${c} ${statusName(c)}`).join(', ');
          message = `${status} is not a registered HTTP status code nor a known vendor code; ${where} answered it ${plural(count, 'time')}, ${spanText(sp)}. Clients will read it as ${cls}00 ${statusName(cls * 100)}.`;
          advice = `Use a registered code with the meaning you want (nearest registered or known: ${near}); put details in the body (RFC 9457 problem details) rather than in a private number. (statuslint explain ${cls}00)`;
          break;
        }
        default:
          if (status < 100) {
            // no server sends a one- or two-digit status: the line was cut or corrupted (e.g. `" 30` then `4 0` on the next line)
            message = `${where} logged status ${status}, which has fewer than three digits: no HTTP server sends that, so ${count === 1 ? 'this line is' : 'these lines are'} most likely truncated or corrupted, ${spanText(sp)}.`;
            advice = 'Check the log for broken line breaks or partial writes (a full disk, log rotation mid-write) around the sample lines; the request itself cannot be judged.';
            break;
          }
          message = `${status} is outside 100–599, so it is not a valid HTTP status code (RFC 9110 §15); ${where} logged it ${plural(count, 'time')}, ${spanText(sp)}.`;
          advice =
            'Clients reject or misread responses with such a code. If the server really sends it, pick a registered code; if it is a logging artefact (a proxy logging its own pseudo-code), check the log format or the upstream status field.';
      }
      findings.push({
        message,
        advice,
        severity: SEVERITY[kind],
        // a two-digit status is a damaged line, not a server's choice: informational
        ...(kind === 'out-of-range' && status < 100 ? { severity: 'info' as const } : {}),
        // one finding per code whatever the routes, so the fingerprint stays stable as routes come and go
        method: null,
        route: null,
        status: [status],
        window: sp,
        count,
        evidence: {
          kind,
          name: info?.name ?? null,
          vendor: info?.vendor ?? null,
          routes: topRoutes.slice(0, 5),
          ...(single !== undefined ? whoEvidence(cube.whoOnRoute(single.method, single.route, status)) : {}),
        },
        samples: samplesOf(cells),
      });
    }
    return findings;
  },
});
