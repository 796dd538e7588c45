import { Attribution, finishHash32 } from '../cube/attribution.js';
import { CELL_PAGE, Cube, MAX_FOLDED_KEPT, MEASURE_COLUMN, MEASURE_INDEX, OTHER_ROUTE, STATUS_SPACE } from '../cube/cube.js';
import type { BytesField, LogRecord } from '../formats/types.js';
import { detach } from '../util/detach.js';
import { FNV_OFFSET, fnv1a } from '../util/fnv.js';
import { AgentCache } from './agents.js';
import { NOVELTY_NONE, NOVELTY_SHARED_SIZE, SoftNotFoundTracker } from './novelty.js';
import { ID, RouteTemplater, TemplateScan } from './routes.js';
import { clientKey1, clientKey2, DEFAULT_SESSION_BUDGET, hash32Pair, isCredentialPath, SessionTracker } from './session.js';
import { RedirectFollowUps } from './redirects.js';

export const DEFAULT_ROUTE_CAP = 2000;
const threadAgents = new AgentCache();
/** slots of the path → route cache (a power of two), used with user route templates */
const ROUTE_CACHE_SIZE = 1 << 16;
/** log2 of the slots of the direct-mapped method × route × status → attribution cache */
const ROUTE_ATTRIBUTION_BITS = 13;
const ROUTE_ATTRIBUTION_SLOTS = 1 << ROUTE_ATTRIBUTION_BITS;
/** slots of the template → route table at most (a power of two); it is emptied when half full */
const KNOWN_TEMPLATE_SLOTS = 1 << 15;
/** slots it starts with: it doubles while half full, so a small file does not pay for the largest table */
const KNOWN_TEMPLATE_INITIAL_SLOTS = 1 << 10;
export const DEFAULT_WINDOW_MS = 5 * 60_000;
/** past this many distinct windows the cube coarsens to the next window size */
export const DEFAULT_MAX_WINDOWS = 10_000;
/**
 * Past this many cells (≈180 bytes each) the cube also coarsens its windows: memory stays
 * bounded for traffic spread over thousands of routes, at the cost of time resolution.
 */
export const DEFAULT_MAX_CELLS = 500_000;
/** window sizes the cube coarsens through; each divides the next */
export const WINDOW_LADDER_MS = [1_000, 10_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];

export interface BuilderOptions {
  windowMs?: number;
  routeCap?: number;
  routes?: readonly string[];
  sessionBudget?: number;
  maxWindows?: number;
  maxCells?: number;
}

/** the next window size up the ladder from `cur` (a multiple of it) */
export function nextWindowMs(cur: number): number {
  return WINDOW_LADDER_MS.find((w) => w > cur && w % cur === 0) ?? cur * 2;
}

export interface CubeCaps {
  routeCap: number;
  maxWindows?: number;
  maxCells?: number;
}

/**
 * Merges the cube of one input into the cube of the inputs before it, the way analyze
 * combines inputs (in input order, on one thread or from workers): windows are
 * coarsened to the wider of the two, routes past the cap fold into (other), and the
 * result is coarsened again while it exceeds the window or cell cap. Both cubes may be
 * coarsened in place; `b` is spent.
 */
export function mergeCubeInto(acc: Cube, b: Cube, caps: CubeCaps): void {
  const maxWindows = caps.maxWindows ?? DEFAULT_MAX_WINDOWS;
  const maxCells = caps.maxCells ?? DEFAULT_MAX_CELLS;
  while (acc.windowMs < b.windowMs) acc.coarsen(nextWindowMs(acc.windowMs) / acc.windowMs);
  while (b.windowMs < acc.windowMs) b.coarsen(nextWindowMs(b.windowMs) / b.windowMs);
  if (acc.windowMs !== b.windowMs) throw new Error(`cannot align windows of ${acc.windowMs} ms and ${b.windowMs} ms`);
  acc.mergeFrom(b, caps.routeCap);
  while (acc.windows.length > maxWindows || (acc.size > maxCells && acc.windows.length > 1)) {
    acc.coarsen(nextWindowMs(acc.windowMs) / acc.windowMs);
  }
}

/** the response header each status calls for, when the log records headers */
export function expectedHeader(status: number): string | null {
  switch (status) {
    case 401: return 'www-authenticate';
    case 407: return 'proxy-authenticate';
    case 405: return 'allow';
    case 201: case 301: case 302: case 303: case 307: case 308: return 'location';
    case 429: case 503: return 'retry-after';
    default: return null;
  }
}

/** columns of the page storage (counts; the *_SUM ones index sums) */
const col = (m: keyof typeof MEASURE_INDEX): number => MEASURE_COLUMN[MEASURE_INDEX[m]]!;
const M_COUNT = col('count');
const M_BODY_KNOWN = col('bodyKnown');
const M_WITH_BODY = col('withBody');
const M_AUTH = col('authenticated');
const M_STREAK = col('retryStreak');
const M_CRAWLER = col('crawler');
const M_DUR_KNOWN = col('durationKnown');
const M_DUR_SUM = col('durationSumMs');
const M_HDR_KNOWN = col('headersKnown');
const M_HDR_EXPECTED = col('withExpectedHeader');
const M_UP_KNOWN = col('upstreamKnown');
const M_UP_SAME = col('upstreamSame');
const M_FIRST_SEEN_200 = col('firstSeen200');
const M_SHARED_SIZE_200 = col('sharedSize200');
const M_SHARED_SIZE_BYTES = col('sharedSizeBytes');
const M_SHARED_SIZE_BYTES_SQ = col('sharedSizeBytesSq');
const M_STORM_STARTS = col('retryStormStarts');
const M_IDENTITY = col('withIdentity');

/**
 * Heuristic template → route id, for the templates met so far, found from a TemplateScan
 * without building the template string: open addressing on the scan's hash, each hit
 * compared in place. Folded templates (past the route cap) are kept too, so that a folded
 * route costs no more than a kept one; the table is emptied when half full, which bounds
 * it (256 KiB of names) whatever the number of distinct templates, and costs one rebuild
 * of each template met again.
 */
class KnownTemplates {
  private names: (string | undefined)[] = new Array<string | undefined>(KNOWN_TEMPLATE_INITIAL_SLOTS).fill(undefined);
  /**
   * per slot: (hash, route id + 1), 0 for an empty slot. Side by side and read first: a probe
   * touches one cache line, and a template's name (another array, then the string) only
   * when its hash matches; every log line probes, and the names read first cost 2% of a run.
   */
  private entries = new Int32Array(2 * KNOWN_TEMPLATE_INITIAL_SLOTS);
  private size = 0;

  /** the route id of the scanned template, or -1 when it is not known */
  find(scan: TemplateScan): number {
    const mask = this.names.length - 1;
    const entries = this.entries;
    for (let at = (scan.hash ^ (scan.hash >>> 15)) & mask; ; at = (at + 1) & mask) {
      const idPlusOne = entries[2 * at + 1]!;
      if (idPlusOne === 0) return -1;
      if (entries[2 * at] === scan.hash && scan.sameAs(this.names[at]!)) return idPlusOne - 1;
    }
  }

  /** `template` is scan.text() detached (see detach), not yet in the table */
  add(scan: TemplateScan, template: string, id: number): void {
    if (this.size >= this.names.length / 2) {
      if (this.names.length < KNOWN_TEMPLATE_SLOTS) this.grow();
      else this.clear();
    }
    this.put(scan.hash, template, id + 1);
    this.size++;
  }

  private put(hash: number, name: string, idPlusOne: number): void {
    const mask = this.names.length - 1;
    let at = (hash ^ (hash >>> 15)) & mask;
    while (this.entries[2 * at + 1] !== 0) at = (at + 1) & mask;
    this.names[at] = name;
    this.entries[2 * at] = hash;
    this.entries[2 * at + 1] = idPlusOne;
  }

  private grow(): void {
    const { names, entries } = this;
    this.names = new Array<string | undefined>(2 * names.length).fill(undefined);
    this.entries = new Int32Array(2 * entries.length);
    for (let at = 0; at < names.length; at++) if (entries[2 * at + 1] !== 0) this.put(entries[2 * at]!, names[at]!, entries[2 * at + 1]!);
  }

  private clear(): void {
    this.names.fill(undefined);
    this.entries.fill(0);
    this.size = 0;
  }
}

/**
 * CubeBuilder.credentialRoutes: not judged yet; a credential route or not; the same for a
 * route with `:id`, when the line's `:id` segments cannot hide a word; judged per path
 */
const CREDENTIAL_UNJUDGED = 0;
const CREDENTIAL_YES = 1;
const CREDENTIAL_NO = 2;
const CREDENTIAL_ID_YES = 3;
const CREDENTIAL_ID_NO = 4;
const CREDENTIAL_BY_PATH = 5;

/**
 * Enrichment: turns records into cube cells and measures. Holds the only per-request
 * state (session tracker, caches), all of it bounded.
 */
export class CubeBuilder {
  cube: Cube;
  private readonly routeCap: number;
  private readonly maxWindows: number;
  private readonly maxCells: number;
  private readonly templater: RouteTemplater;
  /** shared by the builders of a thread: a pure memo of the agent string, which a run over many files would otherwise rebuild per file */
  private readonly agents = threadAgents;
  private readonly sessions: SessionTracker;
  /**
   * path → route id when user templates are set, a direct-mapped cache indexed by a hash
   * of the path: fixed memory (paths can be unbounded, ids are not), no rehashing or
   * clearing. It replaced a Map of up to 100k paths that was dropped when full. Without
   * user templates, KnownTemplates finds the route from the path's scan instead.
   */
  private readonly cachedPath: (string | undefined)[];
  private readonly cachedRoute: Int32Array;
  private readonly scan = new TemplateScan();
  private readonly knownTemplates = new KnownTemplates();
  /** redirect-changes-method evidence: which redirected writes the same client followed with a GET */
  private readonly redirects = new RedirectFollowUps();
  /** soft-404 evidence: fixed 1 MiB path table + 64 size counters, whatever the traffic */
  private readonly softNotFound = new SoftNotFoundTracker();
  private finished = false;
  private lastWindowIndex = NaN;
  private lastWindowId = -1;
  /**
   * The attributions a line adds to, cached so that the hot path skips two map lookups:
   * the current window's by status (valid where windowAttrWindow holds that window's id),
   * and route × status ones direct-mapped by cell key. Caches of a fixed size: arrays of
   * one attribution per cell slot took 6-9 MB at 3M lines (375k cells), growing with them.
   */
  private readonly windowAttr = new Array<Attribution | undefined>(STATUS_SPACE).fill(undefined);
  private readonly windowAttrWindow = new Int32Array(STATUS_SPACE).fill(-1);
  private readonly routeAttr = new Array<Attribution | undefined>(ROUTE_ATTRIBUTION_SLOTS).fill(undefined);
  private readonly routeAttrKey = new Int32Array(ROUTE_ATTRIBUTION_SLOTS).fill(-1);
  /**
   * Per route id, whether a request on it is to a credential path (CREDENTIAL_*): judged
   * once per route where its template tells, instead of scanning the path of every 2xx
   * line (2–4% of a run). A heuristic template keeps every segment start and every
   * credential word of its paths, except where `:id` replaced a segment: a replaced hex
   * run is 12+ hex characters in a row, and the hex letters of a word at a segment start
   * sit between non-hex ones (r-ef-r, k-e-n, a-u), none ends one. So isCredentialPath
   * gives the same answer on the template as on a path whose `:id` segments start with no
   * word's first letter (test/enrich/session.test.ts holds it to that); the scan tells
   * which paths those are. A user template can hide anything, and (other) stands for many
   * routes: those are judged per path.
   */
  private credentialRoutes = new Uint8Array(256);
  /** FNV-1a of the line's path (unfinished), left by routeIdFor, which reads the path anyway */
  private pathFnv = 0;
  /** hash32b of the line's client, from hash32Pair */
  private readonly clientHashB = new Int32Array(1);

  constructor(opts: BuilderOptions = {}) {
    this.cube = new Cube(opts.windowMs ?? DEFAULT_WINDOW_MS);
    this.routeCap = opts.routeCap ?? DEFAULT_ROUTE_CAP;
    this.maxWindows = opts.maxWindows ?? DEFAULT_MAX_WINDOWS;
    this.maxCells = opts.maxCells ?? DEFAULT_MAX_CELLS;
    this.templater = new RouteTemplater(opts.routes ?? []);
    const cacheSlots = this.templater.hasUserTemplates ? ROUTE_CACHE_SIZE : 0;
    this.cachedPath = new Array<string | undefined>(cacheSlots).fill(undefined);
    this.cachedRoute = new Int32Array(cacheSlots);
    this.sessions = new SessionTracker(opts.sessionBudget ?? DEFAULT_SESSION_BUDGET);
  }

  private routeIdFor(path: string | null): number {
    if (path === null) return this.routeIdOf('-');
    if (this.templater.hasUserTemplates) return this.cachedRouteIdFor(path);
    const scan = this.scan;
    scan.scan(path);
    this.pathFnv = scan.pathHash;
    let id = this.knownTemplates.find(scan);
    if (id === -1) {
      // detached once for the table, the cube's route names and the folded set: built from
      // slices of a log line, it would keep its piece of the log alive
      const template = detach(scan.text());
      id = this.routeIdOf(template, true);
      this.knownTemplates.add(scan, template, id);
    }
    return id;
  }

  private cachedRouteIdFor(path: string): number {
    // FNV-1a over the path; the low bits index the cache (a collision only costs a miss)
    const h = fnv1a(FNV_OFFSET, path, 0, path.length);
    this.pathFnv = h;
    const at = (h ^ (h >>> 16)) & (ROUTE_CACHE_SIZE - 1);
    if (this.cachedPath[at] === path) return this.cachedRoute[at]!;
    const id = this.routeIdOf(this.templater.template(path));
    // detached: a cached path must not keep its piece of the log alive (see detach)
    this.cachedPath[at] = detach(path);
    this.cachedRoute[at] = id;
    return id;
  }

  /** the id of a route template, or of (other) once the route cap is reached; `detached`: `template` may be kept as it is */
  private routeIdOf(template: string, detached = false): number {
    const existing = this.cube.findRoute(template);
    if (existing !== undefined) return existing;
    if (this.cube.routeCount < this.routeCap) return this.cube.routeId(detached ? template : detach(template));
    const folded = this.cube.foldedRoutes;
    if (folded.size < MAX_FOLDED_KEPT && !folded.has(template)) folded.add(detached ? template : detach(template));
    this.cube.pathsFolded = folded.size;
    return this.cube.routeId(OTHER_ROUTE);
  }

  /** whether `path`, whose route is `routeId`, obtains or refreshes credentials (isCredentialPath) */
  private isCredentialRequest(routeId: number, path: string | null): boolean {
    const judged = routeId < this.credentialRoutes.length ? this.credentialRoutes[routeId]! : CREDENTIAL_UNJUDGED;
    if (judged === CREDENTIAL_NO || judged === CREDENTIAL_YES) return judged === CREDENTIAL_YES;
    // a route judged CREDENTIAL_ID_* is heuristic, so the scan is of this line's path
    if (judged === CREDENTIAL_BY_PATH || (judged !== CREDENTIAL_UNJUDGED && this.scan.idMayHideCredentialWord)) return isCredentialPath(path);
    if (judged !== CREDENTIAL_UNJUDGED) return judged === CREDENTIAL_ID_YES;
    return this.judgeCredentialRoute(routeId, path);
  }

  /** judges a route met for the first time (see credentialRoutes), and answers for `path` */
  private judgeCredentialRoute(routeId: number, path: string | null): boolean {
    if (routeId >= this.credentialRoutes.length) {
      const bigger = new Uint8Array(Math.max(routeId + 1, 2 * this.credentialRoutes.length));
      bigger.set(this.credentialRoutes);
      this.credentialRoutes = bigger;
    }
    const route = this.cube.routes[routeId]!;
    const byTemplate = isCredentialPath(route);
    this.credentialRoutes[routeId] =
      this.templater.hasUserTemplates || route === OTHER_ROUTE ? CREDENTIAL_BY_PATH
      : route.includes(ID) ? (byTemplate ? CREDENTIAL_ID_YES : CREDENTIAL_ID_NO)
      : byTemplate ? CREDENTIAL_YES : CREDENTIAL_NO;
    return this.isCredentialRequest(routeId, path);
  }

  /**
   * The cube, with this builder's scratch tables handed to the next builder of the thread
   * (see SeenPaths.release): call it once the input has been read. The builder must not be
   * used afterwards.
   */
  finish(): Cube {
    this.finished = true;
    this.softNotFound.release();
    return this.cube;
  }

  add(rec: LogRecord, fileIndex: number, line: number, bytesField: BytesField): void {
    if (this.finished) throw new Error('CubeBuilder.add after finish()');
    let cube = this.cube;
    const windowIndex = Math.floor(rec.time / cube.windowMs);
    let wid = this.lastWindowId;
    if (windowIndex !== this.lastWindowIndex) {
      wid = cube.windowId(windowIndex);
      if (cube.windows.length > this.maxWindows) {
        this.coarsen();
        cube = this.cube;
        wid = cube.windowId(Math.floor(rec.time / cube.windowMs));
        this.lastWindowIndex = Math.floor(rec.time / cube.windowMs);
      } else {
        this.lastWindowIndex = windowIndex;
      }
      this.lastWindowId = wid;
    }
    const routeId = this.routeIdFor(rec.path);
    if (routeId === cube.otherRouteId) cube.requestsFolded++;
    const methodId = cube.methodId(rec.method ?? '-');
    const status = rec.status;
    let slot = cube.slot(wid, methodId, routeId, status);
    if (cube.size > this.maxCells && cube.windows.length > 1) {
      this.coarsen();
      cube = this.cube;
      this.lastWindowIndex = Math.floor(rec.time / cube.windowMs);
      this.lastWindowId = wid = cube.windowId(this.lastWindowIndex);
      slot = cube.slot(wid, methodId, routeId, status);
    }
    const page = cube.pageOf(slot);
    const o = slot & (CELL_PAGE - 1);
    page.counts.add(M_COUNT, o, 1);

    const agent = this.agents.get(rec.userAgent);
    if (agent.crawler) page.counts.add(M_CRAWLER, o, 1);
    if (bytesField === 'body' && rec.bytes !== null) {
      page.counts.add(M_BODY_KNOWN, o, 1);
      if (rec.bytes > 0) page.counts.add(M_WITH_BODY, o, 1);
    }
    if (rec.durationMs !== null) {
      page.counts.add(M_DUR_KNOWN, o, 1);
      page.sums.add(M_DUR_SUM, o, rec.durationMs);
    }
    if (rec.headers !== null) {
      page.counts.add(M_HDR_KNOWN, o, 1);
      const h = expectedHeader(status);
      if (h !== null && rec.headers[h] !== undefined && rec.headers[h] !== '') page.counts.add(M_HDR_EXPECTED, o, 1);
    }
    if (rec.upstreamStatus !== null) {
      page.counts.add(M_UP_KNOWN, o, 1);
      if (rec.upstreamStatus === status) page.counts.add(M_UP_SAME, o, 1);
    }
    // soft-not-found: only GET 200s with a real body size reach the (allocation-free) tracker
    if (status === 200 && bytesField === 'body' && rec.bytes !== null && rec.bytes > 0 && rec.path !== null && rec.method === 'GET') {
      const novelty = this.softNotFound.observe(rec.path, rec.bytes, finishHash32(this.pathFnv));
      if (novelty !== NOVELTY_NONE) {
        page.counts.add(M_FIRST_SEEN_200, o, 1);
        if (novelty === NOVELTY_SHARED_SIZE) {
          page.counts.add(M_SHARED_SIZE_200, o, 1);
          page.sums.add(M_SHARED_SIZE_BYTES, o, rec.bytes);
          page.sums.add(M_SHARED_SIZE_BYTES_SQ, o, rec.bytes * rec.bytes);
        }
      }
    }

    const client = rec.client;
    // hashed once, both ways in one pass: the attribution below and the session key use them
    const h = client === null ? 0 : hash32Pair(client, this.clientHashB);
    const k1 = clientKey1(client, h, agent.familyTag);
    const k2 = clientKey2(client, this.clientHashB[0]!, agent.familyTag);
    const credential = status >= 200 && status < 300 && this.isCredentialRequest(routeId, rec.path);
    const verdict = this.sessions.observe(k1, k2, methodId, routeId, credential, status, rec.time, rec.user !== null);
    if (verdict.authenticated) page.counts.add(M_AUTH, o, 1);
    if (rec.user !== null) page.counts.add(M_IDENTITY, o, 1);
    if (verdict.retryStreak) page.counts.add(M_STREAK, o, 1);
    if (verdict.stormStart) page.counts.add(M_STORM_STARTS, o, 1);
    // credit the earlier refusals' own cells (their windows still exist, if coarser)
    for (let i = 0; i < verdict.refusals; i++) {
      const measure = verdict.confirmed[i] === 1 ? MEASURE_INDEX.credentialsValid : MEASURE_INDEX.refusalExplained;
      this.creditCell(verdict.time[i]!, verdict.methodId[i]!, verdict.routeId[i]!, verdict.status[i]!, measure);
    }

    // redirect-changes-method: a GET of another path right after a redirected write is
    // counted on the redirect's cell. The cell is found again from its key parts (not a
    // remembered slot), because coarsening renumbers slots; method and route ids survive
    // coarsening, the window index is recomputed from the time.
    const followed = this.redirects.observe(k1, k2, rec.method, rec.path, status, rec.time, methodId, routeId);
    if (followed !== null) this.creditCell(followed.time, followed.methodId, followed.routeId, followed.status, MEASURE_INDEX.redirectFollowedByGet);

    let wa = this.windowAttr[status];
    if (this.windowAttrWindow[status] !== wid || wa === undefined) {
      wa = cube.attributionFor(cube.byWindowStatus, Cube.windowStatusKey(wid, status));
      this.windowAttr[status] = wa;
      this.windowAttrWindow[status] = wid;
    }
    const routeKey = Cube.routeStatusKey(methodId, routeId, status);
    const at = Math.imul(routeKey, 0x9e3779b1) >>> (32 - ROUTE_ATTRIBUTION_BITS);
    let ra = this.routeAttr[at];
    if (this.routeAttrKey[at] !== routeKey || ra === undefined) {
      ra = cube.attributionFor(cube.byRouteStatus, routeKey);
      this.routeAttr[at] = ra;
      this.routeAttrKey[at] = routeKey;
    }
    // top clients for every status: the spike rules ask whether a refused client was served before
    wa.add(client, h, agent.family, agent.familyTag);
    ra.add(client, h, agent.family, agent.familyTag);

    cube.addSample(slot, fileIndex, line);
    cube.noteTime(rec.time);
  }

  /** adds 1 to a measure of an earlier request's cell, found again from its key parts */
  private creditCell(time: number, methodId: number, routeId: number, status: number, measure: number): void {
    const cube = this.cube;
    const s = cube.slot(cube.windowId(Math.floor(time / cube.windowMs)), methodId, routeId, status);
    cube.add(s, measure, 1);
  }

  /** widens the cube's windows to the next size up the ladder (its slots are renumbered) */
  private coarsen(): void {
    const cur = this.cube.windowMs;
    this.cube.coarsen(nextWindowMs(cur) / cur);
    // window ids are renumbered and attributions of merged windows released (the route ×
    // status attributions are keyed by ids that coarsening keeps: their cache stays)
    this.windowAttrWindow.fill(-1);
    this.lastWindowIndex = NaN;
    this.lastWindowId = -1;
    // the path and template tables stay: the coarsened cube keeps every route id (so does creditCell)
    // coarsening can repeat while windows or cells still exceed their caps
    if (this.cube.windows.length > this.maxWindows || (this.cube.size > this.maxCells && this.cube.windows.length > 1)) this.coarsen();
  }
}
