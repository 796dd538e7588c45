import { hash32 } from '../cube/attribution.js';
import { detach } from '../util/detach.js';
import { FNV_PRIME } from '../util/fnv.js';

/**
 * User-agent families for attribution ("one client release drives the 401s") and a
 * small table of search-engine crawlers. Substring checks only: no regex runs on
 * attacker-controlled user agents beyond fixed, linear ones.
 */

/** search crawlers whose errors cost indexing (not SEO tools or scrapers) */
const SEARCH_CRAWLERS: readonly [token: string, name: string][] = [
  ['Googlebot', 'Googlebot'],
  ['Google-InspectionTool', 'Googlebot'],
  ['Storebot-Google', 'Googlebot'],
  ['AdsBot-Google', 'AdsBot-Google'],
  ['bingbot', 'Bingbot'],
  ['BingPreview', 'Bingbot'],
  ['Baiduspider', 'Baiduspider'],
  ['YandexBot', 'YandexBot'],
  ['DuckDuckBot', 'DuckDuckBot'],
  ['Applebot', 'Applebot'],
  ['Yahoo! Slurp', 'Yahoo Slurp'],
  ['PetalBot', 'PetalBot'],
  ['SeznamBot', 'SeznamBot'],
  ['Qwantbot', 'Qwantbot'],
  ['Yeti/', 'Naver Yeti'],
  ['Sogou web spider', 'Sogou'],
  // older or secondary tokens of the same engines (each a published crawler UA)
  ['msnbot', 'Bingbot'],
  ['adidxbot', 'Bingbot'],
  ['YandexMobileBot', 'YandexBot'],
  ['YandexImages', 'YandexBot'],
  ['coccocbot', 'Coc Coc'],
  ['MojeekBot', 'MojeekBot'],
  ['Exabot', 'Exabot'],
];

/** the family names searchCrawler returns, so rules can pick crawlers out of attribution */
export const SEARCH_CRAWLER_NAMES: ReadonlySet<string> = new Set(SEARCH_CRAWLERS.map(([, name]) => name));

export function searchCrawler(ua: string | null): string | null {
  if (ua === null) return null;
  for (const [token, name] of SEARCH_CRAWLERS) if (ua.includes(token)) return name;
  return null;
}

function versionAfter(ua: string, token: string, parts: number): string | null {
  const i = ua.indexOf(token);
  if (i === -1) return null;
  let j = i + token.length;
  let dots = 0;
  const start = j;
  while (j < ua.length) {
    const c = ua.charCodeAt(j);
    if (c === 46) {
      if (++dots >= parts) break;
    } else if (c < 48 || c > 57) break;
    j++;
  }
  return j > start ? ua.slice(start, j) : '';
}

/**
 * Browsers by engine token and major version (`Chrome 124`); crawlers by name; anything
 * else (apps, SDKs, curl) by its first product token with its full version, because a
 * client release is exactly what attribution needs to name (`AcmeApp/5.3.0`).
 */
export function agentFamily(ua: string | null): string | null {
  if (ua === null) return null;
  const crawler = searchCrawler(ua);
  if (crawler !== null) return crawler;
  if (ua.startsWith('Mozilla/')) {
    const browsers: [string, string][] = [
      ['Edg/', 'Edge'],
      ['OPR/', 'Opera'],
      ['Firefox/', 'Firefox'],
      ['Chrome/', 'Chrome'],
      ['CriOS/', 'Chrome iOS'],
      ['Version/', 'Safari'],
      ['MSIE ', 'Internet Explorer'],
      ['Trident/', 'Internet Explorer'],
    ];
    for (const [token, name] of browsers) {
      const v = versionAfter(ua, token, 1);
      if (v !== null) return v.length > 0 ? `${name} ${v}` : name;
    }
    const compat = ua.indexOf('compatible; ');
    if (compat !== -1) {
      const end = ua.slice(compat + 12).search(/[;)]/);
      return ua.slice(compat + 12, end === -1 ? undefined : compat + 12 + end).slice(0, 60);
    }
    return 'Mozilla (other)';
  }
  const sp = ua.indexOf(' ');
  return (sp === -1 ? ua : ua.slice(0, sp)).slice(0, 60);
}

/** slots of AgentCache's direct-mapped front (a power of two) */
const RECENT_AGENT_SLOTS = 1 << 10;

interface KnownAgent extends AgentInfo {
  /** the agent string, detached from its log chunk */
  readonly userAgent: string;
}

/** a bounded memo: user agents repeat heavily, and family extraction is the costly part */
export class AgentCache {
  private readonly map = new Map<string, KnownAgent>();
  /**
   * A direct-mapped front indexed by a hash of the length and 8 characters sampled along
   * the agent. A Map lookup hashes the whole agent, about 100 characters, and never from a
   * cache (every line cuts a new string): that was 4% of a run. A front hit reads eight
   * characters and compares once; agents that share the sampled characters only share a
   * slot, and a miss falls back to the Map.
   */
  private readonly recent: (KnownAgent | undefined)[] = new Array<KnownAgent | undefined>(RECENT_AGENT_SLOTS).fill(undefined);
  /**
   * One string per family name, shared by every agent of the family: the attribution
   * lists keep it as it is (see Attribution.add), so finding a family among them compares
   * the same string, one pointer compare, where each agent's own copy was compared by content.
   */
  private readonly familyNames = new Map<string, string>();
  constructor(private readonly capacity = 20_000) {}

  get(ua: string | null): AgentInfo {
    if (ua === null) return NO_AGENT;
    const n = ua.length;
    let h = n;
    for (let i = 0; i < 8; i++) h = Math.imul(h ^ ua.charCodeAt((i * n) >> 3), FNV_PRIME);
    const at = (h ^ (h >>> 13)) & (RECENT_AGENT_SLOTS - 1);
    const recent = this.recent[at];
    if (recent !== undefined && recent.userAgent === ua) return recent;
    let v = this.map.get(ua);
    if (v === undefined) {
      // the key and the family (often a slice of it) are kept: detach them from the log chunk
      ua = detach(ua);
      const family = agentFamily(ua);
      v = { userAgent: ua, family: family === null ? null : this.familyName(family), familyTag: family === null ? 0 : hash32(family), crawler: searchCrawler(ua) !== null };
      if (this.map.size >= this.capacity) this.map.clear();
      this.map.set(ua, v);
    }
    this.recent[at] = v;
    return v;
  }

  /** the shared, detached string of a family name (bounded like the agents: family names come from log content) */
  private familyName(family: string): string {
    let name = this.familyNames.get(family);
    if (name === undefined) {
      name = detach(family);
      if (this.familyNames.size >= this.capacity) this.familyNames.clear();
      this.familyNames.set(name, name);
    }
    return name;
  }
}

/** what enrichment needs of a user agent; `familyTag` is hash32(family), so per-line attribution need not hash it again */
export interface AgentInfo {
  readonly family: string | null;
  readonly familyTag: number;
  readonly crawler: boolean;
}

const NO_AGENT: AgentInfo = { family: null, familyTag: 0, crawler: false };
