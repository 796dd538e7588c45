/**
 * Change detection on counts, shared by every spike rule (unauthorized-spike,
 * server-error-spike, client-closed-spike): "did the share of some statuses jump at a
 * moment, and did it stay up?"
 *
 * The statistics, and why:
 *
 * - The quantity is a share (401s / requests per window), never a raw count, so volume
 *   swings (diurnal traffic, an hour's traffic squeezed into one minute by a time-shifted
 *   log) do not look like spikes.
 * - A one-sided Bernoulli CUSUM (log-likelihood ratio of "rate p1" against "rate p0",
 *   reset at 0) finds the excursion. p0 comes only from windows **before** the excursion
 *   began and is frozen while the excursion lasts, so a lasting shift is never absorbed
 *   into its own baseline. p1 is the smallest change worth reporting (`minRatio` × p0 and
 *   at least `minIncrease` above it), so drifts smaller than that never accumulate.
 * - The onset inside an excursion is the split that maximises the binomial likelihood
 *   ratio of the raised segment against p0 (the CUSUM start can lead by a noisy window).
 * - The confirmation is an exact binomial tail, P(X ≥ x | n, p0), computed with the
 *   regularised incomplete beta function: exact for small counts, where a normal
 *   approximation is far too liberal (2 of 3 at night must not be significant).
 * - Requests are not independent (one client sends bursts; the share varies with the
 *   time of day), so counts are divided by a dispersion factor φ ≥ 1 estimated from the
 *   baseline windows (Pearson χ² / degrees of freedom: the quasi-binomial correction).
 * - A scan over windows and routes tests many hypotheses: every window of every series
 *   counts as one test, and candidates are kept by Holm's step-down procedure at a
 *   family-wise α. Series that cannot reach the minimum evidence are not counted
 *   (Tarone: a test that can never reject costs no α).
 * - Minimum evidence besides significance: an excess of at least `minExcess` events over
 *   what the baseline rate predicts, and a baseline of at least `minBaselineWindows`
 *   windows and `minBaselineRequests` requests (no baseline, no claim).
 */

/** a share series: per window, requests (n) and requests with the statuses under test (x) */
export interface CountSeries {
  n: Float64Array;
  x: Float64Array;
}

export interface ChangeOptions {
  /** windows with traffic the baseline needs before any change can be claimed */
  minBaselineWindows: number;
  /** requests the baseline needs before any change can be claimed */
  minBaselineRequests: number;
  /** least excess of events over the baseline prediction in the raised segment */
  minExcess: number;
  /** least raised / baseline rate ratio */
  minRatio: number;
  /** least absolute increase of the share */
  minIncrease: number;
}

export const DEFAULT_CHANGE_OPTIONS: ChangeOptions = {
  minBaselineWindows: 3,
  minBaselineRequests: 30,
  minExcess: 10,
  minRatio: 3,
  minIncrease: 0.02,
};

export interface Rate {
  n: number;
  x: number;
  rate: number;
}

export interface Candidate {
  /** index of the first raised window */
  onset: number;
  /** index one past the last raised window */
  end: number;
  /** the windows before the onset the change is judged against (observed share) */
  baseline: Rate;
  /** the baseline share actually tested against: (x + ½) / (n + 1), never 0 */
  p0: number;
  raised: Rate;
  /** the windows after the raised segment, to the end of the series */
  after: Rate & { windows: number };
  /** raised events beyond what the baseline rate predicts */
  excess: number;
  /** over-dispersion factor applied to the counts (1 = binomial) */
  dispersion: number;
  /** natural log of the one-sided p-value (before the multiple-testing correction) */
  logP: number;
  /** the share fell back after the segment (a spike); false: still raised at the end (a level shift) */
  returned: boolean;
}

export interface ScanResult {
  candidates: Candidate[];
  /** hypotheses this series spent (for the multiple-testing correction) */
  tests: number;
}

const rate = (n: number, x: number): Rate => ({ n, x, rate: n > 0 ? x / n : 0 });

/** binomial log-likelihood ratio of rate p against q for x of n */
function llr(x: number, n: number, p: number, q: number): number {
  if (n <= 0) return 0;
  const a = x > 0 ? x * Math.log(p / q) : 0;
  const b = n - x > 0 ? (n - x) * Math.log((1 - p) / (1 - q)) : 0;
  return a + b;
}

/**
 * Tarone: a series with fewer events (x summed over all its windows) than the minimum
 * excess can never produce a finding, so it spends no tests. Callers that know the total
 * before building a series skip it with this same test.
 */
export function cannotChange(totalX: number, opts: ChangeOptions): boolean {
  return totalX < opts.minExcess;
}

/**
 * Scans one series of windows. Windows with n = 0 are allowed (they carry no evidence).
 */
export function scanChanges(series: CountSeries, opts: ChangeOptions = DEFAULT_CHANGE_OPTIONS, alpha = 0.01): ScanResult {
  const { n: ns, x: xs } = series;
  const T = ns.length;
  let total = 0;
  for (let t = 0; t < T; t++) total += xs[t]!;
  if (cannotChange(total, opts)) return { candidates: [], tests: 0 };

  // baseline accumulators: requests, events, Σx²/n (for Pearson's χ²), windows with traffic
  let Nb = 0;
  let Xb = 0;
  let Ab = 0;
  let Kb = 0;
  const addBaseline = (i: number): void => {
    const n = ns[i]!;
    const x = xs[i]!;
    if (n <= 0) return;
    Nb += n;
    Xb += x;
    Ab += (x * x) / n;
    Kb++;
  };
  const dispersion = (): number => {
    if (Kb < 2 || Nb <= 0) return 1;
    const p = Xb / Nb;
    if (p <= 0 || p >= 1) return 1;
    const chi2 = (Ab - 2 * p * Xb + p * p * Nb) / (p * (1 - p));
    return Math.min(50, Math.max(1, chi2 / (Kb - 1)));
  };

  const candidates: Candidate[] = [];
  let tests = 0;
  let S = 0;
  let start = -1;
  let peak = -1;
  let peakS = 0;
  let p0 = 0;
  let p1 = 0;
  let phi = 1;
  let frozen = { n: 0, x: 0 };

  const closeExcursion = (): void => {
    const c = evaluate(series, start, peak, p0, phi, frozen, opts);
    if (c !== null) {
      candidates.push(c);
      const anomalous = c.logP < Math.log(alpha);
      // noise before the refined onset is ordinary traffic; the raised segment is not
      for (let i = start; i < (anomalous ? c.onset : peak + 1); i++) addBaseline(i);
    } else {
      for (let i = start; i <= peak; i++) addBaseline(i);
    }
  };

  for (let t = 0; t < T; t++) {
    const n = ns[t]!;
    const x = xs[t]!;
    if (Kb < opts.minBaselineWindows || Nb < opts.minBaselineRequests) {
      addBaseline(t);
      continue;
    }
    if (n > 0) tests++;
    if (S === 0) {
      // a possible excursion starts here: freeze the baseline it is judged against
      p0 = (Xb + 0.5) / (Nb + 1);
      p1 = Math.min(0.999, Math.max(p0 * opts.minRatio, p0 + opts.minIncrease));
      phi = dispersion();
      frozen = { n: Nb, x: Xb };
    }
    const step = llr(x, n, p1, p0) / phi;
    const next = Math.max(0, S + step);
    if (S === 0 && next > 0) {
      start = t;
      peak = t;
      peakS = next;
    } else if (next > peakS) {
      peakS = next;
      peak = t;
    }
    if (S > 0 && next === 0) {
      closeExcursion();
      // the windows after the peak up to here were ordinary
      for (let i = peak + 1; i <= t; i++) addBaseline(i);
      start = -1;
      peakS = 0;
    } else if (S === 0 && next === 0) {
      addBaseline(t);
    }
    S = next;
  }
  if (S > 0 && start !== -1) closeExcursion();

  // what happened after each segment, now that the whole series is known
  for (const c of candidates) {
    let n = 0;
    let x = 0;
    let w = 0;
    for (let i = c.end; i < T; i++) {
      n += ns[i]!;
      x += xs[i]!;
      if (ns[i]! > 0) w++;
    }
    c.after = { ...rate(n, x), windows: w };
    c.returned = w >= 2 && c.after.rate < (c.p0 + c.raised.rate) / 2;
  }
  return { candidates, tests };
}

function evaluate(series: CountSeries, start: number, peak: number, p0: number, phi: number, base: { n: number; x: number }, opts: ChangeOptions): Candidate | null {
  const { n: ns, x: xs } = series;
  // the onset: the maximum-likelihood change point inside the excursion (windows before τ
  // at p0, from τ at their own rate: profile likelihood) — the CUSUM start can lead by a
  // noisy window. A gradual ramp rises more slowly than the segment's mean, so the onset is
  // then moved back over the windows just before it that are, each on its own, far above
  // the baseline (binomial tail < 0.001): the ramp is placed where it departs.
  let bestOnset = start;
  let bestL = -Infinity;
  let N = 0;
  let X = 0;
  for (let t = peak; t >= start; t--) {
    N += ns[t]!;
    X += xs[t]!;
    if (ns[t] === 0) continue;
    const r = X / N;
    const l = r > p0 ? llr(X, N, r, p0) : 0;
    if (l > bestL) {
      bestL = l;
      bestOnset = t;
    }
  }
  for (let t = bestOnset - 1; t >= start; t--) {
    const n = ns[t]!;
    const x = xs[t]!;
    if (n === 0) continue;
    if (logBinomialTail(x / phi, n / phi, p0) > Math.log(1e-3)) break;
    bestOnset = t;
  }
  let n = 0;
  let x = 0;
  for (let t = bestOnset; t <= peak; t++) {
    n += ns[t]!;
    x += xs[t]!;
  }
  if (n === 0) return null;
  const r = x / n;
  const excess = x - n * p0;
  if (excess < opts.minExcess || r < p0 * opts.minRatio || r - p0 < opts.minIncrease) return null;
  const logP = logBinomialTail(x / phi, n / phi, p0);
  return {
    onset: bestOnset,
    end: peak + 1,
    baseline: rate(base.n, base.x),
    p0,
    raised: rate(n, x),
    after: { n: 0, x: 0, rate: 0, windows: 0 },
    excess,
    dispersion: phi,
    logP,
    returned: false,
  };
}

/**
 * Holm's step-down procedure over `m` hypotheses, of which `logPs` are the candidates'
 * (all others are assumed not to reject). Returns which candidates are kept.
 */
export function holm(logPs: readonly number[], m: number, alpha = 0.01): boolean[] {
  const order = logPs.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const keep = logPs.map(() => false);
  const total = Math.max(m, logPs.length);
  for (let k = 0; k < order.length; k++) {
    if (order[k]![0] > Math.log(alpha / (total - k))) break;
    keep[order[k]![1]] = true;
  }
  return keep;
}

// ───────────────────────── exact tails ─────────────────────────

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0 (Lanczos, g = 7; relative error ~1e-15) */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  z -= 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < 8; i++) a += LANCZOS[i]! / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** continued fraction for the incomplete beta function (modified Lentz) */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return h;
}

/** ln I_x(a, b), the regularised incomplete beta function */
export function logBetaRegularized(x: number, a: number, b: number): number {
  if (x <= 0) return -Infinity;
  if (x >= 1) return 0;
  const front = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return front + Math.log(betaContinuedFraction(x, a, b)) - Math.log(a);
  const upper = Math.exp(front + Math.log(betaContinuedFraction(1 - x, b, a)) - Math.log(b));
  return Math.log1p(-Math.min(1, upper));
}

/**
 * ln P(X ≥ k) for X ~ Binomial(n, p). Non-integer k and n are allowed (the
 * dispersion-scaled counts): the incomplete beta interpolates smoothly.
 */
export function logBinomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 0;
  if (k > n) return -Infinity;
  if (p <= 0) return -Infinity;
  if (p >= 1) return 0;
  return logBetaRegularized(p, k, n - k + 1);
}
