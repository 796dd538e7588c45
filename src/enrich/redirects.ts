import { hash32 } from '../cube/attribution.js';
import { GenTable, hash32b } from './session.js';

/**
 * Evidence for redirect-changes-method: was a 301/302 answer to a write (POST, PUT, PATCH,
 * DELETE) followed by a GET of another path from the same client? That is what a user
 * agent does when it rewrites the method (RFC 9110 §15.4.2–15.4.3), and what a form's
 * post/redirect/get looks like.
 *
 * Bounded: at most `budget` clients have a pending redirect (two generations of a GenTable
 * keyed by the client's session key, as in SessionTracker: 40 B a slot, at most 16,384
 * slots a generation for the default budget, so ≤ 1.25 MiB); a client's pending entry is
 * consumed by its next request. Nothing is allocated for requests that are not redirected
 * writes, and the per-line cost while no redirect is pending is one size check.
 *
 * The redirect's path is kept as a hash pair (hash32, hash32b forced odd; (0, 0) for no
 * path), not a string: two different paths compare equal with probability ≈2^-63, and
 * then a follow-up is not counted (towards "not seen").
 */

/** a follow-up later than this after the redirect is not counted as following it */
export const REDIRECT_FOLLOW_UP_MS = 30_000;
export const DEFAULT_REDIRECT_BUDGET = 10_000;

/** slot words after the client key: time (f64 words 2–3), method, route, status, path hash pair */
const F_TIME = 1;
const W_METHOD = 4;
const W_ROUTE = 5;
const W_STATUS = 6;
const W_PATH1 = 7;
const W_PATH2 = 8;
const STRIDE = 10;

/** the cell of a redirected write that a request followed up */
export interface PendingRedirect {
  time: number;
  methodId: number;
  routeId: number;
  status: number;
}

export function isWriteMethod(m: string | null): boolean {
  return m === 'POST' || m === 'PUT' || m === 'PATCH' || m === 'DELETE';
}

export class RedirectFollowUps {
  private readonly pending: GenTable;
  /** pending entries may exist (a cheap guard so ordinary traffic skips the table lookup) */
  private armed = false;
  /** what observe returns, reused (no object per follow-up) */
  private readonly followed: PendingRedirect = { time: 0, methodId: 0, routeId: 0, status: 0 };

  constructor(budget = DEFAULT_REDIRECT_BUDGET) {
    this.pending = new GenTable(budget, STRIDE);
  }

  /**
   * Called once per request, with the client's session key (clientKey1, clientKey2).
   * Returns the redirect this request follows up (a GET of another path, soon after), or
   * null; then remembers this request if it is itself a redirected write. The returned
   * object is reused: read it before the next call.
   */
  observe(k1: number, k2: number, method: string | null, path: string | null, status: number, time: number, methodId: number, routeId: number): PendingRedirect | null {
    let followed: PendingRedirect | null = null;
    if (this.armed) {
      const t = this.pending;
      const at = t.find(k1, k2);
      if (at !== -1) {
        const w = t.i32;
        const then = t.f64[(at >> 1) + F_TIME]!;
        if (method === 'GET' && time >= then && time - then <= REDIRECT_FOLLOW_UP_MS && !samePath(path, w[at + W_PATH1]!, w[at + W_PATH2]!)) {
          followed = this.followed;
          followed.time = then;
          followed.methodId = w[at + W_METHOD]!;
          followed.routeId = w[at + W_ROUTE]!;
          followed.status = w[at + W_STATUS]!;
        }
        t.remove(at);
        if (t.size === 0) this.armed = false;
      }
    }
    if ((status === 301 || status === 302) && isWriteMethod(method)) {
      const t = this.pending;
      const at = t.insert(k1, k2);
      const w = t.i32;
      t.f64[(at >> 1) + F_TIME] = time;
      w[at + W_METHOD] = methodId;
      w[at + W_ROUTE] = routeId;
      w[at + W_STATUS] = status;
      if (path !== null) {
        w[at + W_PATH1] = hash32(path);
        w[at + W_PATH2] = hash32b(path) | 1;
      }
      this.armed = true;
    }
    return followed;
  }
}

/** `path` hashes to the stored pair (no path: (0, 0), which no string hashes to) */
function samePath(path: string | null, h1: number, h2: number): boolean {
  return path === null ? h2 === 0 : (hash32b(path) | 1) === h2 && (hash32(path) | 0) === h1;
}
