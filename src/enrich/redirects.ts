import { BoundedMap } from './session.js';

/**
 * Evidence for redirect-changes-method: was a 301/302 answer to a write (POST, PUT, PATCH,
 * DELETE) followed by a GET of another path from the same client? That is what a user
 * agent does when it rewrites the method (RFC 9110 §15.4.2–15.4.3), and what a form's
 * post/redirect/get looks like.
 *
 * Bounded: at most `budget` clients have a pending redirect (two generations, as in
 * SessionTracker); a client's pending entry is consumed by its next request. Nothing is
 * allocated for requests that are not redirected writes, and the per-line cost while no
 * redirect is pending is one size check.
 */

/** a follow-up later than this after the redirect is not counted as following it */
export const REDIRECT_FOLLOW_UP_MS = 30_000;
export const DEFAULT_REDIRECT_BUDGET = 10_000;

export interface PendingRedirect {
  time: number;
  path: string | null;
  methodId: number;
  routeId: number;
  status: number;
}

export function isWriteMethod(m: string | null): boolean {
  return m === 'POST' || m === 'PUT' || m === 'PATCH' || m === 'DELETE';
}

export class RedirectFollowUps {
  private readonly pending: BoundedMap<PendingRedirect>;
  /** pending entries may exist (a cheap guard so ordinary traffic skips the map lookup) */
  private armed = false;

  constructor(budget = DEFAULT_REDIRECT_BUDGET) {
    this.pending = new BoundedMap(budget);
  }

  /**
   * Called once per request. Returns the redirect this request follows up (a GET of
   * another path, soon after), or undefined; then remembers this request if it is itself
   * a redirected write.
   */
  observe(clientKey: string, method: string | null, path: string | null, status: number, time: number, methodId: number, routeId: number): PendingRedirect | undefined {
    let followed: PendingRedirect | undefined;
    if (this.armed) {
      const p = this.pending.get(clientKey);
      if (p !== undefined) {
        this.pending.delete(clientKey);
        if (this.pending.size === 0) this.armed = false;
        if (method === 'GET' && path !== p.path && time >= p.time && time - p.time <= REDIRECT_FOLLOW_UP_MS) followed = p;
      }
    }
    if ((status === 301 || status === 302) && isWriteMethod(method)) {
      this.pending.set(clientKey, { time, path, methodId, routeId, status });
      this.armed = true;
    }
    return followed;
  }
}
