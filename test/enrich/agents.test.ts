import { describe, expect, it } from 'vitest';
import { hash32 } from '../../src/cube/attribution.js';
import { AgentCache, agentFamily, searchCrawler } from '../../src/enrich/agents.js';

function expected(ua: string): { family: string | null; familyTag: number; crawler: boolean } {
  const family = agentFamily(ua);
  return { family, familyTag: family === null ? 0 : hash32(family), crawler: searchCrawler(ua) !== null };
}

describe('AgentCache', () => {
  it('answers what the family and crawler readers answer, on a hit and a miss alike', () => {
    const agents = [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'curl/8.4.0',
      'python-requests/2.31.0',
      '',
    ];
    const cache = new AgentCache();
    for (let round = 0; round < 3; round++) {
      for (const ua of agents) {
        const got = cache.get(ua);
        expect({ family: got.family, familyTag: got.familyTag, crawler: got.crawler }).toEqual(expected(ua));
      }
    }
    expect(cache.get(null)).toEqual({ family: null, familyTag: 0, crawler: false });
  });

  it('keeps agents apart that share the sampled characters and the length (one slot of the front)', () => {
    // same length, same characters at every eighth of the string: only the unsampled
    // characters differ, so both land in the same slot of the direct-mapped front
    const a = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    const b = 'Mozilla/5.0 (compatible; Xooglebot/2.1; +http://www.google.com/bot.html)';
    expect(a.length).toBe(b.length);
    for (let i = 0; i < 8; i++) expect(a.charCodeAt((i * a.length) >> 3)).toBe(b.charCodeAt((i * b.length) >> 3));
    const cache = new AgentCache();
    for (let round = 0; round < 3; round++) {
      expect(cache.get(a).crawler).toBe(true);
      expect(cache.get(b).crawler).toBe(false);
      expect(cache.get(b).family).toBe(expected(b).family);
    }
  });

  it('answers the same after the memo was emptied at its capacity', () => {
    const cache = new AgentCache(4);
    for (let i = 0; i < 50; i++) {
      const ua = `tool-${i % 9}/1.${i}`;
      expect(cache.get(ua).family).toBe(expected(ua).family);
    }
  });
});
