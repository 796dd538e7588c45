/**
 * Where the data in a cube came from. The report lists these in `summary.sources`, and a
 * cube file keeps the sources it was built from, so a merged fleet report can say which
 * shard read which logs.
 */
export type DataSource = LogsSource | CubeFileSource | PrometheusSource;

/** log files read by this run (the per-file detail is in `summary.files`) */
export interface LogsSource {
  kind: 'logs';
  files: string[];
}

/** a cube file written by `statuslint aggregate` */
export interface CubeFileSource {
  kind: 'cube';
  path: string;
  version: number;
  windowSeconds: number;
  requests: number;
  /** what the cube file itself was built from */
  builtFrom: DataSource[];
}

/** a Prometheus-compatible range query */
export interface PrometheusSource {
  kind: 'prometheus';
  /** the server's base URL, without credentials */
  url: string;
  /** the PromQL as sent (the window placeholder filled in) */
  query: string;
  /** the windows covered: first window start, last window end (ISO 8601 UTC) */
  start: string;
  end: string;
  stepSeconds: number;
  /** query_range calls made (large ranges are split into chunks) */
  queries: number;
  /** series returned, and those dropped because a label the cube needs was missing */
  series: number;
  seriesDropped: Record<string, number>;
  /** warnings the server attached to its answers */
  warnings?: string[];
}
