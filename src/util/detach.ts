/**
 * A copy of `s` that shares no memory with the string it was cut from.
 *
 * V8 makes `slice`/`substring` results of 13+ characters "sliced strings" that point into
 * their parent. Every field a parser cuts out of a log line points into the line, and
 * every line into the decoded piece of text (up to 60 KiB) it was split from; so a path,
 * client or user agent kept as a map key (caches, session state, top clients) keeps its
 * whole piece alive. Kept keys from thousands of pieces made peak RSS grow with the input. Concatenating and
 * slicing again forces V8 to flatten into a new string of the key's own length. Call it
 * only where a string is stored for longer than the line (on insert, not on lookup).
 */
export function detach(s: string): string {
  return (' ' + s).slice(1);
}
