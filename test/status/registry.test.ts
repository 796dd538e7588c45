import { describe, expect, it } from 'vitest';
import {
  allIisSubStatuses,
  allStatuses,
  expectedHeaders,
  explainLink,
  getIisSubStatus,
  getStatus,
  isHeuristicallyCacheable,
  isRegistered,
  mustNotStore,
  nearestKnown,
  statusClass,
  statusKind,
  statusName,
} from '../../src/status/registry.js';
import { specLabel, specUrl } from '../../src/status/types.js';

// Written from the IANA HTTP Status Code Registry, independently of src/status/data-*.ts:
// [code, registered name, kind].
const IANA: ReadonlyArray<[number, string, 'iana' | 'deprecated' | 'reserved']> = [
  [100, 'Continue', 'iana'],
  [101, 'Switching Protocols', 'iana'],
  [102, 'Processing', 'iana'],
  [103, 'Early Hints', 'iana'],
  [200, 'OK', 'iana'],
  [201, 'Created', 'iana'],
  [202, 'Accepted', 'iana'],
  [203, 'Non-Authoritative Information', 'iana'],
  [204, 'No Content', 'iana'],
  [205, 'Reset Content', 'iana'],
  [206, 'Partial Content', 'iana'],
  [207, 'Multi-Status', 'iana'],
  [208, 'Already Reported', 'iana'],
  [226, 'IM Used', 'iana'],
  [300, 'Multiple Choices', 'iana'],
  [301, 'Moved Permanently', 'iana'],
  [302, 'Found', 'iana'],
  [303, 'See Other', 'iana'],
  [304, 'Not Modified', 'iana'],
  [305, 'Use Proxy', 'deprecated'],
  [306, '(Unused)', 'reserved'],
  [307, 'Temporary Redirect', 'iana'],
  [308, 'Permanent Redirect', 'iana'],
  [400, 'Bad Request', 'iana'],
  [401, 'Unauthorized', 'iana'],
  [402, 'Payment Required', 'iana'],
  [403, 'Forbidden', 'iana'],
  [404, 'Not Found', 'iana'],
  [405, 'Method Not Allowed', 'iana'],
  [406, 'Not Acceptable', 'iana'],
  [407, 'Proxy Authentication Required', 'iana'],
  [408, 'Request Timeout', 'iana'],
  [409, 'Conflict', 'iana'],
  [410, 'Gone', 'iana'],
  [411, 'Length Required', 'iana'],
  [412, 'Precondition Failed', 'iana'],
  [413, 'Content Too Large', 'iana'],
  [414, 'URI Too Long', 'iana'],
  [415, 'Unsupported Media Type', 'iana'],
  [416, 'Range Not Satisfiable', 'iana'],
  [417, 'Expectation Failed', 'iana'],
  [418, '(Unused)', 'reserved'],
  [421, 'Misdirected Request', 'iana'],
  [422, 'Unprocessable Content', 'iana'],
  [423, 'Locked', 'iana'],
  [424, 'Failed Dependency', 'iana'],
  [425, 'Too Early', 'iana'],
  [426, 'Upgrade Required', 'iana'],
  [428, 'Precondition Required', 'iana'],
  [429, 'Too Many Requests', 'iana'],
  [431, 'Request Header Fields Too Large', 'iana'],
  [451, 'Unavailable For Legal Reasons', 'iana'],
  [500, 'Internal Server Error', 'iana'],
  [501, 'Not Implemented', 'iana'],
  [502, 'Bad Gateway', 'iana'],
  [503, 'Service Unavailable', 'iana'],
  [504, 'Gateway Timeout', 'iana'],
  [505, 'HTTP Version Not Supported', 'iana'],
  [506, 'Variant Also Negotiates', 'iana'],
  [507, 'Insufficient Storage', 'iana'],
  [508, 'Loop Detected', 'iana'],
  [510, 'Not Extended', 'deprecated'],
  [511, 'Network Authentication Required', 'iana'],
];

const VENDOR: ReadonlyArray<[number, 'nginx' | 'aws-alb' | 'cloudflare']> = [
  [444, 'nginx'],
  [494, 'nginx'],
  [495, 'nginx'],
  [496, 'nginx'],
  [497, 'nginx'],
  [499, 'nginx'],
  [460, 'aws-alb'],
  [463, 'aws-alb'],
  [464, 'aws-alb'],
  [561, 'aws-alb'],
  [520, 'cloudflare'],
  [521, 'cloudflare'],
  [522, 'cloudflare'],
  [523, 'cloudflare'],
  [524, 'cloudflare'],
  [525, 'cloudflare'],
  [526, 'cloudflare'],
  [527, 'cloudflare'],
  [530, 'cloudflare'],
];

const FIRST_DIGIT_CLASS = ['', 'informational', 'success', 'redirection', 'client-error', 'server-error'];

describe('IANA registry coverage', () => {
  it.each(IANA)('%i %s is present with kind %s', (code, name, kind) => {
    const info = getStatus(code);
    expect(info, `missing ${code}`).toBeDefined();
    expect(info!.name).toBe(name);
    expect(info!.kind).toBe(kind);
    expect(statusKind(code)).toBe(kind);
    expect(isRegistered(code)).toBe(true);
    expect(statusName(code)).toBe(name);
  });

  it('lists nothing as IANA that the registry does not have', () => {
    const listed = new Set(IANA.map(([c]) => c));
    const extra = allStatuses()
      .filter((s) => s.kind !== 'vendor' && !listed.has(s.code))
      .map((s) => s.code);
    expect(extra).toEqual([]);
  });

  it.each(VENDOR)('vendor code %i belongs to %s', (code, vendor) => {
    const info = getStatus(code);
    expect(info?.kind).toBe('vendor');
    expect(info?.vendor).toBe(vendor);
    expect(statusKind(code)).toBe('vendor');
    expect(isRegistered(code)).toBe(false);
  });

  it('does not invent nginx 498 or vendor codes outside the lists', () => {
    expect(getStatus(498)).toBeUndefined();
    const vendorCodes = new Set(VENDOR.map(([c]) => c));
    const extra = allStatuses()
      .filter((s) => s.kind === 'vendor' && !vendorCodes.has(s.code))
      .map((s) => s.code);
    expect(extra).toEqual([]);
  });
});

describe('classes and kinds', () => {
  it.each(allStatuses().map((s) => [s.code, s] as const))('%i: class matches the first digit', (code, info) => {
    expect(info.class).toBe(FIRST_DIGIT_CLASS[Math.floor(code / 100)]);
    expect(statusClass(code)).toBe(info.class);
  });

  it.each([
    [419, 'unassigned'],
    [427, 'unassigned'],
    [509, 'unassigned'],
    [512, 'unassigned'],
    [599, 'unassigned'],
    [99, 'out-of-range'],
    [600, 'out-of-range'],
    [0, 'out-of-range'],
    [401.5, 'out-of-range'],
  ] as const)('statusKind(%d) is %s', (code, kind) => {
    expect(statusKind(code)).toBe(kind);
    expect(statusName(code)).toBe('Unknown');
  });

  it('statusClass works for unlisted codes in range and rejects out-of-range', () => {
    expect(statusClass(599)).toBe('server-error');
    expect(statusClass(199)).toBe('informational');
    expect(statusClass(600)).toBeUndefined();
    expect(statusClass(99)).toBeUndefined();
  });

  it('records are frozen so rules cannot corrupt the shared registry', () => {
    const info = getStatus(401)!;
    expect(Object.isFrozen(info)).toBe(true);
    expect(Object.isFrozen(info.headers.required)).toBe(true);
  });
});

describe('every record is complete', () => {
  it.each(allStatuses().map((s) => [s.code, s] as const))('%i has all text fields', (_code, s) => {
    for (const text of [
      s.name,
      s.summary,
      s.whenToUse,
      s.clients.browsers,
      s.clients.apiClients,
      s.clients.automated,
      s.seo,
      s.retry.when,
    ]) {
      expect(text.trim().length).toBeGreaterThan(0);
    }
    expect(['heuristic', 'explicit-only', 'never']).toContain(s.cacheable);
    expect([true, false, 'conditional']).toContain(s.retry.safe);
    expect(specUrl(s.spec)).toMatch(/^https:\/\//);
    if (s.kind === 'vendor') expect(s.vendor).toBeDefined();
    else expect('rfc' in s.spec).toBe(true);
  });
});

describe('caching', () => {
  it.each([428, 429, 431, 511])('%i must not be stored (RFC 6585)', (code) => {
    expect(mustNotStore(code)).toBe(true);
    expect(getStatus(code)!.cacheNote).toMatch(/RFC 6585/);
  });

  // RFC 9110 §15.1: 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501
  it.each([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501])(
    '%i is heuristically cacheable (RFC 9110 §15.1)',
    (code) => {
      expect(isHeuristicallyCacheable(code)).toBe(true);
      expect(mustNotStore(code)).toBe(false);
    },
  );

  it.each([201, 302, 303, 307, 400, 401, 403, 500, 502, 503, 504])('%i is not heuristically cacheable', (code) => {
    expect(getStatus(code)!.cacheable).toBe('explicit-only');
  });

  it('308 is cacheable by default, like 301', () => {
    expect(getStatus(308)!.cacheable).toBe(getStatus(301)!.cacheable);
    expect(getStatus(308)!.cacheable).toBe('heuristic');
  });

  it('unknown codes are not claimed as must-not-store', () => {
    expect(mustNotStore(512)).toBe(false);
  });
});

describe('headers', () => {
  it.each([
    [401, 'WWW-Authenticate'],
    [405, 'Allow'],
    [407, 'Proxy-Authenticate'],
    [426, 'Upgrade'],
    [206, 'Content-Range'],
    [301, 'Location'],
    [302, 'Location'],
    [303, 'Location'],
    [307, 'Location'],
    [308, 'Location'],
  ])('%i requires %s', (code, header) => {
    expect(expectedHeaders(code).required).toContain(header);
  });

  it.each([
    [201, 'Location'],
    [300, 'Location'],
    [416, 'Content-Range'],
    [429, 'Retry-After'],
    [503, 'Retry-After'],
  ])('%i is expected to carry %s', (code, header) => {
    expect(expectedHeaders(code).expected).toContain(header);
    expect(expectedHeaders(code).required).not.toContain(header);
  });

  it('304 does not require Location; 511 requires nothing but points to the portal link', () => {
    expect(expectedHeaders(304).required).not.toContain('Location');
    expect(expectedHeaders(511)).toMatchObject({ required: [], expected: [] });
    expect(getStatus(511)!.headers.note).toMatch(/link/i);
  });

  it('unknown codes have no header expectations', () => {
    expect(expectedHeaders(512)).toEqual({ required: [], expected: [] });
  });
});

describe('the corrections statuslint exists to make', () => {
  const text511 = (() => {
    const s = getStatus(511)!;
    return [s.summary, s.whenToUse, s.seo, s.retry.when, s.cacheNote, ...(s.notes ?? []), ...Object.values(s.clients)].join(
      '\n',
    );
  })();

  it('511 cites RFC 6585 §6 and intercepting proxies / captive portals', () => {
    expect(getStatus(511)!.spec).toEqual({ rfc: 6585, section: '6' });
    expect(specLabel(getStatus(511)!.spec)).toBe('RFC 6585 §6');
    expect(specUrl(getStatus(511)!.spec)).toBe('https://www.rfc-editor.org/rfc/rfc6585#section-6');
    expect(text511).toMatch(/RFC 6585 §6/);
    expect(text511).toMatch(/captive portal/i);
    expect(text511).toMatch(/intercepting prox/i);
    expect(text511).toMatch(/origin servers .*should not send it/i);
  });

  it('511 is never described as a generic server error or an unhandled exception', () => {
    expect(text511).not.toMatch(/(?<!not a )generic server error/i);
    expect(text511).not.toMatch(/unhandled (server-side )?exception/i);
    expect(text511).toMatch(/not a (generic )?server (error|failure)/i);
    expect(getStatus(511)!.retry.safe).not.toBe(true);
  });

  it('401 is about authentication and must carry a challenge', () => {
    const s = getStatus(401)!;
    expect(s.summary).toMatch(/authentication/i);
    expect(s.summary).toMatch(/not permission|not authorization/i);
    expect(s.headers.required).toEqual(['WWW-Authenticate']);
    expect(s.retry.safe).toBe('conditional');
  });
});

describe('helpers', () => {
  it('explainLink builds the CLI command', () => {
    expect(explainLink(511, 401)).toBe('statuslint explain 511 401');
    expect(explainLink(401)).toBe('statuslint explain 401');
  });

  it('nearestKnown orders by distance, then lower code', () => {
    expect(nearestKnown(512)).toEqual([511, 510, 508]);
    expect(nearestKnown(419)).toEqual([418, 417, 421]);
  });

  it.each([
    ['403.14', 403, 14, /directory listing/i],
    ['404.4', 404, 4, /no handler/i],
    ['401.1', 401, 1, /logon failed/i],
    ['401.2', 401, 2, /server configuration/i],
  ])('IIS sub-status %s', (code, status, sub, meaning) => {
    const s = getIisSubStatus(code);
    expect(s).toMatchObject({ code, status, subStatus: sub });
    expect(s!.meaning).toMatch(meaning);
  });

  it('every IIS sub-status belongs to a registered base code', () => {
    for (const s of allIisSubStatuses()) {
      expect(`${s.status}.${s.subStatus}`).toBe(s.code);
      expect(statusKind(s.status)).toBe('iana');
    }
    expect(getIisSubStatus('403.99')).toBeUndefined();
  });
});
