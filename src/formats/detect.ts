import { FORMATS, STATUSLESS_FORMATS } from './index.js';
import { emptyRecord, type LogFormat } from './types.js';

/** lines sampled from the start of an input to pick its format */
export const DETECT_SAMPLE_LINES = 200;
/** below this share of parsed sample lines, a format is not accepted */
export const MIN_PARSE_RATE = 0.5;
/** an earlier (more specific) format within this much of the best parse rate is preferred */
export const SPECIFIC_MARGIN = 0.05;

export interface Detection {
  format: LogFormat;
  /** share of the sample's candidate lines (not blank, directive or status-less by design) that parsed */
  parseRate: number;
  sampled: number;
}

export interface DetectionFailure {
  /** the best candidates, for the error message */
  tried: { id: string; parseRate: number }[];
  sampled: number;
}

/**
 * Picks the format that parses the largest share of the sample; ties go to the
 * earlier (more specific) format in FORMATS. Lines that a format recognises but that
 * carry no request (blank, directives, status-less lines) do not count against it.
 */
export function detectFormat(sample: readonly string[], formats: readonly LogFormat[] = FORMATS): Detection | DetectionFailure {
  if (formats === FORMATS) {
    const known = lastDetected === undefined ? detectFromFirstComplete(sample) : detectFromLast(sample);
    if (known !== undefined) {
      lastDetected = known.format;
      return known;
    }
  }
  const scored = formats.map((format) => score(format, sample));
  let best = scored[0];
  for (const s of scored) {
    if (best === undefined || s.parseRate > best.parseRate || (s.parseRate === best.parseRate && s.ok > best.ok)) best = s;
  }
  if (best !== undefined && best.ok > 0 && best.parseRate >= MIN_PARSE_RATE) {
    // A more specific format (earlier in the list) that reads nearly as much wins over a
    // lenient one: a Traefik or ingress-nginx file with one truncated line is still that
    // format, not `combined` (which ignores the tail and so also reads the broken line).
    for (const s of scored) {
      if (s === best) break;
      if (s.ok > 0 && s.parseRate >= MIN_PARSE_RATE && s.parseRate >= best.parseRate - SPECIFIC_MARGIN) {
        best = s;
        break;
      }
    }
    if (formats === FORMATS) lastDetected = best.format;
    return { format: best.format, parseRate: best.parseRate, sampled: sample.length };
  }
  // No format reads a request. A file can still be recognised when its lines carry no
  // HTTP status by design (CloudFront RTMP, an IIS FTP log, Apache ssl_request_log): the
  // format that recognises most of its non-blank lines as directives or status-less
  // lines, and none as requests, is chosen (ties to the earlier format).
  if (best === undefined || best.ok === 0) {
    const extra = formats === FORMATS ? STATUSLESS_FORMATS.map((f) => score(f, sample)) : [];
    let rec: Scored | undefined;
    for (const s of [...scored, ...extra]) {
      if (s.statusless === 0 || s.ok > 0) continue;
      const share = s.recognised / Math.max(1, s.nonBlank);
      if (share < MIN_PARSE_RATE) continue;
      if (rec === undefined || s.recognised > rec.recognised || (s.recognised === rec.recognised && s.statusless > rec.statusless)) rec = s;
    }
    if (rec !== undefined) return { format: rec.format, parseRate: 0, sampled: sample.length };
  }
  const tried = scored
    .filter((s) => s.parseRate > 0)
    .sort((a, b) => b.parseRate - a.parseRate)
    .slice(0, 3)
    .map((s) => ({ id: s.format.id, parseRate: s.parseRate }));
  return { tried, sampled: sample.length };
}

/** the format the last detection on this thread chose, tried first by the next (inputs of a run tend to share one) */
let lastDetected: LogFormat | undefined;

/** makes the next detection on this thread the first, as in a fresh process (for tests) */
export function forgetLastDetection(): void {
  lastDetected = undefined;
}

/**
 * detectFormat's answer, found by scoring fewer formats, when the format of the last
 * detection reads every candidate line of this sample; otherwise undefined. Then the best
 * rate is 1, and detectFormat answers the first format in FORMATS order that reads
 * something and has a rate within SPECIFIC_MARGIN of it (the best itself qualifies, so
 * the first qualifying one is never after it): the formats past that one need no scoring.
 * A run over 1,000 small files spent a tenth of its time scoring all twenty per file.
 */
function detectFromLast(sample: readonly string[]): Detection | undefined {
  const last = lastDetected;
  if (last === undefined) return undefined;
  const lastScore = score(last, sample);
  if (lastScore.ok === 0 || lastScore.parseRate !== 1) return undefined;
  const within = lastScore.parseRate - SPECIFIC_MARGIN;
  for (const format of FORMATS) {
    // a format that cannot reach `within` is not the answer: its scoring stops early
    const s = format === last ? lastScore : score(format, sample, within);
    if (s !== undefined && s.ok > 0 && s.parseRate >= MIN_PARSE_RATE && s.parseRate >= within) return { format, parseRate: s.parseRate, sampled: sample.length };
  }
  return undefined;
}

/**
 * detectFormat's answer when a format reads every candidate line, found by scoring fewer
 * formats; otherwise undefined. With a best rate of 1 the answer is the first format in
 * FORMATS order that reads something and is within SPECIFIC_MARGIN of 1 (see
 * detectFromLast). So formats are scored in that order, each given up once it cannot reach
 * 1 − SPECIFIC_MARGIN, and the first that reaches it is the answer if it reads every line;
 * if it reads fewer, the answer depends on the best rate, which only scoring all tells.
 * For the first input of a run, which has no last detection: scoring all twenty formats in
 * full took 12–19 ms of a run's start, most of it running each parser's code the first time.
 */
function detectFromFirstComplete(sample: readonly string[]): Detection | undefined {
  const within = 1 - SPECIFIC_MARGIN;
  for (const format of FORMATS) {
    const s = score(format, sample, within);
    if (s === undefined || s.ok === 0 || s.parseRate < within) continue;
    // within reach but not complete: which format wins depends on the best rate, so score all
    return s.parseRate === 1 ? { format, parseRate: 1, sampled: sample.length } : undefined;
  }
  return undefined;
}

interface Scored {
  format: LogFormat;
  ok: number;
  parseRate: number;
  /** lines the format recognised without a request: directives and status-less lines */
  recognised: number;
  /** of which status-less lines (a file of directives alone says nothing) */
  statusless: number;
  nonBlank: number;
}

function score(format: LogFormat, sample: readonly string[]): Scored;
function score(format: LogFormat, sample: readonly string[], atLeast: number): Scored | undefined;
/**
 * With `atLeast`: undefined as soon as the parse rate can no longer reach it (were every
 * line left a request it reads), which a format of another kind shows within a few lines.
 */
function score(format: LogFormat, sample: readonly string[], atLeast = 0): Scored | undefined {
  const parser = format.createParser();
  const rec = emptyRecord();
  let ok = 0;
  let candidates = 0;
  let recognised = 0;
  let statusless = 0;
  let nonBlank = 0;
  for (let i = 0; i < sample.length; i++) {
    const line = sample[i]!;
    const left = sample.length - i;
    if (candidates > 0 && (ok + left) / (candidates + left) < atLeast) return undefined;
    const reason = parser.parse(line, rec);
    if (reason === 'blank') continue;
    nonBlank++;
    if (reason === 'directive' || reason === 'no-status') {
      recognised++;
      if (reason === 'no-status') statusless++;
      continue;
    }
    candidates++;
    if (reason === undefined) ok++;
  }
  return { format, ok, parseRate: candidates === 0 ? 0 : ok / candidates, recognised, statusless, nonBlank };
}

export function isDetection(d: Detection | DetectionFailure): d is Detection {
  return 'format' in d;
}
