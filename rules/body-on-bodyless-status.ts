import { Cube, type Cell } from '../src/cube/cube.js';
import { defineRule, type FindingDraft } from '../src/engine/types.js';
import { findFormat } from '../src/formats/index.js';
import { pct, samplesOf, span, spanText, sum, whoEvidence } from './lib/catalogue.js';

/**
 * 204 and 304 responses end after their header section (RFC 9110 §15.3.5, §15.4.5), 1xx are
 * interim responses without content (§15.2), and a HEAD response never has content (§9.3.2).
 * A server that writes bytes after them corrupts a kept-alive connection: the client reads
 * those bytes as the start of the next response. Only body byte counts can show it; sizes
 * that include headers (W3C sc-bytes, nginx $bytes_sent, Apache %O) are never used.
 *
 * 101 Switching Protocols is left out: after the switch the connection carries another
 * protocol (WebSocket), and nginx counts those bytes in $body_bytes_sent.
 */

/** a status whose response never has content, whatever the method */
function bodylessStatus(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200 && status !== 101);
}

export default defineRule({
  meta: {
    id: 'body-on-bodyless-status',
    severity: 'error',
    description: '204, 304 or 1xx with a body, or a HEAD answered with a body',
    codes: [100, 102, 103, 204, 304],
    references: ['RFC 9110 §15.3.5', 'RFC 9110 §15.4.5', 'RFC 9110 §15.2', 'RFC 9110 §9.3.2', 'RFC 9112 §6.3'],
  },
  check(cube, ctx) {
    const lack = cube.lacks('bodyKnown', 'withBody');
    if (lack !== null) return { notApplicable: lack };
    const bodyKnown = cube.measureTotal('bodyKnown');
    const withBody = cube.measureTotal('withBody');
    if (bodyKnown === 0) {
      const inclusive = ctx.formats.filter((f) => findFormat(f)?.bytesField === 'total');
      return {
        notApplicable:
          inclusive.length > 0
            ? `the log's size field includes response headers (${inclusive.join(', ')}), so a body cannot be told from headers`
            : 'the log records no body byte counts',
      };
    }
    // Grouped by slot ids, and a cell view built only for the groups that hold a body:
    // 304 alone is a fifth of a big log's cells, and a view plus a "method route status"
    // string per cell was most of this rule's time
    const order = cube.sortedSlots();
    const headId = cube.methods.indexOf('HEAD');
    /** HEAD's slots by status, the other slots by cell key; each in cells() order */
    const headSlots = new Map<number, number[]>();
    const keySlots = new Map<number, number[]>();
    let anyBody = false;
    for (let i = 0; i < order.length; i++) {
      const slot = order[i]!;
      const status = cube.statusAt(slot);
      const methodId = cube.methodIdAt(slot);
      if (methodId !== headId && !bodylessStatus(status)) continue;
      if (!anyBody && cube.measure(slot, 'withBody') > 0) anyBody = true;
      const into = methodId === headId ? headSlots : keySlots;
      const key = methodId === headId ? status : Cube.routeStatusKey(methodId, cube.routeIdAt(slot), status);
      let l = into.get(key);
      if (l === undefined) into.set(key, (l = []));
      l.push(slot);
    }
    if (!anyBody) return [];
    // A log where not one response has 0 bytes, not even its 204/304/HEAD answers, is almost
    // certainly logging sizes with headers under a body-bytes name (nginx $bytes_sent in a
    // combined-looking format): every response has headers, so none is ever 0.
    if (withBody === bodyKnown) {
      return {
        notApplicable:
          'every response in this log has a size > 0, even its 204/304/HEAD answers: the size field looks header-inclusive ($bytes_sent, %O), not body bytes; log $body_bytes_sent or %b to use this rule',
      };
    }
    const findings: FindingDraft[] = [];
    const withBodyIn = (slots: readonly number[]): number => slots.reduce((n, slot) => n + cube.measure(slot, 'withBody'), 0);
    const cellsOf = (slots: readonly number[]): Cell[] => slots.map((slot) => cube.cellAt(slot));
    // HEAD is handled by the framework or server for every route at once, and HEAD traffic
    // (link checkers, monitors) spreads over many one-off routes: one finding per status,
    // the heaviest routes as evidence, instead of one per product page.
    const groups = [
      ...[...headSlots].sort((a, b) => a[0] - b[0]).map(([status, slots]) => ({ method: 'HEAD', route: null as string | null, status, slots })),
      ...[...keySlots.values()].map((slots) => ({ method: cube.methodAt(slots[0]!), route: cube.routeAt(slots[0]!) as string | null, status: cube.statusAt(slots[0]!), slots })),
    ];
    for (const group of groups) {
      const withB = withBodyIn(group.slots);
      if (withB === 0) continue;
      const g = { ...group, cells: cellsOf(group.slots) };
      const known = sum(g.cells, 'bodyKnown');
      const head = g.method === 'HEAD';
      const routes = new Map<string, number>();
      for (const c of g.cells) if (c.m.withBody > 0) routes.set(c.route, (routes.get(c.route) ?? 0) + c.m.withBody);
      const topRoutes = [...routes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const where = g.route !== null ? `${g.method} ${g.route}` : topRoutes.length === 1 ? `HEAD ${topRoutes[0]![0]}` : `HEAD on ${topRoutes.length} routes`;
      const bodyCells = g.cells.filter((c) => c.m.withBody > 0);
      const s = span(bodyCells, cube.windowMs);
      const what = head ? `HEAD answered ${g.status} with a body` : g.status === 204 ? '204 No Content with a body' : g.status === 304 ? '304 Not Modified with a body' : `${g.status} (interim) logged with a body`;
      // Some loggers record the Content-Length header rather than the bytes written (morgan's
      // :res[content-length], several Java and Rails loggers). For 204 and 1xx that is wrong
      // either way (RFC 9110 §8.6: no Content-Length on 1xx/204); for HEAD and 304 a
      // Content-Length equal to the GET's is allowed (§8.6, §9.3.2), so those are warnings
      // with the caveat, not errors.
      const contentLengthAllowed = head || g.status === 304;
      const message =
        `${where}: ${what} in ${withB} of ${known} responses (${pct(withB / known)}), ${spanText(s)}.` +
        (contentLengthAllowed
          ? ` If this log's size field records the Content-Length header rather than the bytes written (morgan's :res[content-length], some Java/Rails loggers), the body may not have been sent: check one with \`curl -sI\`.`
          : '');
      let advice: string;
      if (head) {
        advice =
          'A response to HEAD is the GET response without content (RFC 9110 §9.3.2): send the same headers, including Content-Length, but no body. ' +
          'Bytes after a HEAD response are read as the start of the next response on a kept-alive connection. Let the framework handle HEAD (most drop the body) or stop writing the body when the method is HEAD.';
      } else if (g.status === 204) {
        advice =
          'A 204 ends after its headers (RFC 9110 §15.3.5): drop the body, or answer 200 with the content if there is something to return. ' +
          'Bytes written after a 204 desynchronise kept-alive connections and proxies. (statuslint explain 204 200)';
      } else if (g.status === 304) {
        advice =
          'A 304 ends after its headers (RFC 9110 §15.4.5): the client already holds the body. Send only the validators and caching headers (ETag, Cache-Control, Expires, Vary). ' +
          'Bytes after a 304 are read as the next response. (statuslint explain 304)';
      } else {
        advice = `A ${g.status} is an interim response without content (RFC 9110 §15.2); the final response carries the body. If this is logged as the final status, the server or proxy is answering with an interim code.`;
      }
      findings.push({
        severity: contentLengthAllowed ? 'warning' : undefined,
        message,
        advice,
        method: g.method,
        route: g.route,
        status: [g.status],
        window: s,
        count: withB,
        evidence: {
          withBody: withB,
          bodyKnown: known,
          requests: sum(g.cells, 'count'),
          ...(g.route === null ? { routes: topRoutes.slice(0, 5) } : whoEvidence(cube.whoOnRoute(g.method, g.route, g.status))),
        },
        // samples from the cells that held a body (a cell's samples are its first lines, with or without one)
        samples: samplesOf(bodyCells),
      });
    }
    return findings;
  },
});
