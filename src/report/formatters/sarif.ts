import { escapeSarifText } from '../escape.js';
import { loadRuleDocs, type RuleDoc } from '../rule-docs.js';
import type { Finding, Report, Severity } from '../types.js';
import { pathUri } from './paths.js';
import type { Formatter } from './types.js';

/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer): one run, the rules from
 * their metadata and docs, one result per finding located at its first sample line (other
 * samples as related locations), `partialFingerprints` from the finding fingerprint so
 * alerts track across runs. No timestamps: the same input gives the same bytes. Result
 * messages are display text (escapeSarifText); `properties` keep the log's strings as data,
 * as the JSON report does.
 */

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

/** fingerprint key versioned so a future change of fingerprint recipe does not mix with this one */
export const SARIF_FINGERPRINT_KEY = 'statuslintFingerprint/v1';

function ruleDescriptor(doc: RuleDoc): Record<string, unknown> {
  const m = doc.meta;
  const refs = m.references.length > 0 ? ` (${m.references.join('; ')})` : '';
  return {
    id: m.id,
    name: m.id.replace(/(^|-)([a-z0-9])/g, (_s, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: m.description },
    fullDescription: { text: `${m.description}${refs}` },
    ...(doc.markdown !== '' ? { help: { text: doc.markdown, markdown: doc.markdown } } : { help: { text: `${m.description}${refs}. See ${doc.helpUri}` } }),
    helpUri: doc.helpUri,
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: { tags: ['http', 'status-codes', ...m.codes.map(String)], precision: 'high' },
  };
}

function location(file: string, line: number, root: string | undefined): Record<string, unknown> {
  const { uri, relative } = pathUri(file, root);
  return {
    physicalLocation: {
      artifactLocation: relative ? { uri, uriBaseId: '%SRCROOT%' } : { uri },
      region: { startLine: Math.max(1, line) },
    },
  };
}

function result(f: Finding, ruleIndex: number, report: Report, root: string | undefined, withBaseline: boolean): Record<string, unknown> {
  const [first, ...rest] = f.samples;
  // code scanning needs a location on every result: a finding without samples points at the first input
  const primary = first ?? { file: report.summary.files[0]?.path ?? '(stdin)', line: 1 };
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: escapeSarifText(`${f.message}\n\nFix: ${f.advice}`) },
    locations: [location(primary.file, primary.line, root)],
    ...(rest.length > 0 ? { relatedLocations: rest.map((s, i) => ({ id: i + 1, ...location(s.file, s.line, root), message: { text: 'another request of this finding' } })) } : {}),
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
    ...(withBaseline ? { baselineState: f.known === true ? 'unchanged' : 'new' } : {}),
    properties: {
      method: f.method,
      route: f.route,
      status: f.status,
      window: f.window,
      count: f.count,
      evidence: f.evidence,
    },
  };
}

export const formatSarif: Formatter = (report, ctx) => {
  const docs = [...(ctx.rules ?? loadRuleDocs())];
  for (const f of report.findings) {
    if (!docs.some((d) => d.meta.id === f.ruleId)) {
      docs.push({ meta: { id: f.ruleId, severity: f.severity, description: f.ruleId, codes: f.status, references: [] }, markdown: '', helpUri: `https://github.com/statuslint/statuslint/blob/main/rules/${encodeURIComponent(f.ruleId)}.md` });
    }
  }
  docs.sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  const index = new Map(docs.map((d, i) => [d.meta.id, i]));
  const withBaseline = report.summary.baseline !== undefined;
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'statuslint',
            semanticVersion: report.tool.version,
            version: report.tool.version,
            informationUri: 'https://github.com/statuslint/statuslint',
            rules: docs.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: !report.summary.partial,
            ...(report.summary.notApplicable.length > 0
              ? {
                  toolExecutionNotifications: report.summary.notApplicable.map((n) => ({
                    level: 'note',
                    message: { text: `${n.ruleId} not applicable: ${n.reason}` },
                    descriptor: { id: n.ruleId },
                  })),
                }
              : {}),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => result(f, index.get(f.ruleId)!, report, ctx.root, withBaseline)),
        properties: {
          requests: report.summary.requests,
          timeRange: report.summary.timeRange,
          statusCounts: report.summary.statusCounts,
        },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
};
