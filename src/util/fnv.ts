/** 32-bit FNV-1a: the offset basis to start from, and the prime each character multiplies in */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a hash `h` continued over the characters of `s` from `start` to `end` */
export function fnv1a(h: number, s: string, start: number, end: number): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}
