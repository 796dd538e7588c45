import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../rules/index.js';
import type { RuleMeta } from '../engine/types.js';

/** where rule docs are published; SARIF helpUri and the HTML/Markdown links point here */
export const RULE_DOCS_URL = 'https://github.com/statuslint/statuslint/blob/main/rules/';

export interface RuleDoc {
  meta: RuleMeta;
  /** the rule's doc (`rules/<id>.md`), Markdown; empty when not found */
  markdown: string;
  helpUri: string;
}

/** rules/<id>.md sits at ../../rules from src/report and at ../../../rules from dist/src/report */
function readDoc(id: string): string {
  for (const rel of ['../../rules/', '../../../rules/']) {
    const p = fileURLToPath(new URL(`${rel}${id}.md`, import.meta.url));
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  return '';
}

/** every built-in rule's metadata and doc, sorted by id */
export function loadRuleDocs(): RuleDoc[] {
  return RULES.map((r) => ({ meta: r.meta, markdown: readDoc(r.meta.id), helpUri: `${RULE_DOCS_URL}${encodeURIComponent(r.meta.id)}.md` }));
}
