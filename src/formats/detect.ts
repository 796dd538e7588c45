import { FORMATS } from './index.js';
import { emptyRecord, type LogFormat } from './types.js';

/** lines sampled from the start of an input to pick its format */
export const DETECT_SAMPLE_LINES = 200;
/** below this share of parsed sample lines, a format is not accepted */
export const MIN_PARSE_RATE = 0.5;

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
  const scored = formats.map((format) => {
    const parser = format.createParser();
    const rec = emptyRecord();
    let ok = 0;
    let candidates = 0;
    for (const line of sample) {
      const reason = parser.parse(line, rec);
      if (reason === 'blank' || reason === 'directive') continue;
      if (reason === 'no-status') continue;
      candidates++;
      if (reason === undefined) ok++;
    }
    return { format, ok, parseRate: candidates === 0 ? 0 : ok / candidates };
  });
  let best = scored[0];
  for (const s of scored) {
    if (best === undefined || s.parseRate > best.parseRate || (s.parseRate === best.parseRate && s.ok > best.ok)) best = s;
  }
  if (best !== undefined && best.ok > 0 && best.parseRate >= MIN_PARSE_RATE) {
    return { format: best.format, parseRate: best.parseRate, sampled: sample.length };
  }
  const tried = scored
    .filter((s) => s.parseRate > 0)
    .sort((a, b) => b.parseRate - a.parseRate)
    .slice(0, 3)
    .map((s) => ({ id: s.format.id, parseRate: s.parseRate }));
  return { tried, sampled: sample.length };
}

export function isDetection(d: Detection | DetectionFailure): d is Detection {
  return 'format' in d;
}
