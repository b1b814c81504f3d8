/**
 * Which of the estate's resources could move to a newly offered type (the release radar's rules, pure).
 * Named like EC2 types (`<class><generation><attributes>.<size>`, lib/checks/instance-families.ts), RDS classes
 * (`db.` + that) and ElastiCache node types (`cache.` + that). A resource could move when the new type has the
 * same class and size, and either:
 * - `generation`: a newer generation with the same attributes on the same processor maker (m5 -> m7i, m6g -> m8g,
 *   m5a -> m7a; the `i`/`a` letters name Intel/AMD, a family without one is Intel), or
 * - `graviton`: the Graviton counterpart (x86 -> the `g` form of its attributes, m5 -> m8g, c6in -> c8gn) of the
 *   same or a newer generation, for the like-for-like classes only (m, t, c, r, x, i) and never for Windows.
 * Lambda: `architecture` (x86_64 functions when arm64 is new) and `runtime` (a newer version of the language in use).
 */
import {
  GRAVITON_COMPARABLE_CLASSES,
  gravitonAttributesFor,
  parseInstanceType,
  type InstanceTypeParts,
} from '#lib/checks/instance-families.js';

export type MoveKind = 'generation' | 'graviton' | 'architecture' | 'runtime';

/** The processor letter an x86 family's attributes carry: `a` AMD, else Intel (`i` or none). */
function x86Maker(parts: InstanceTypeParts): 'AMD' | 'Intel' {
  return parts.attributes.startsWith('a') ? 'AMD' : 'Intel';
}

/** Attributes without the processor letter and the -flex variant (`id` -> `d`, `gd` -> `d`, `a` -> ``). */
function otherAttributes(parts: InstanceTypeParts): string {
  const a = parts.attributes.replace(/-flex$/, '');
  return /^[aig]/.test(a) ? a.slice(1) : a;
}

const isGraviton = (p: InstanceTypeParts) => p.attributes.startsWith('g');

/**
 * How a resource on `from` could move to the new `to` (names without the `db.`/`cache.` prefix), or undefined.
 * `fromOs`: the Price List operating system of an EC2 instance (Windows has no arm64 types).
 */
export function moveKind(from: string, to: string, fromOs?: string): 'generation' | 'graviton' | undefined {
  const f = parseInstanceType(from);
  const t = parseInstanceType(to);
  if (!f || !t || f.cls !== t.cls || f.size !== t.size || f.family === t.family) return undefined;
  if (isGraviton(t) && !isGraviton(f)) {
    if (fromOs === 'Windows' || !GRAVITON_COMPARABLE_CLASSES.includes(f.cls)) return undefined;
    return gravitonAttributesFor(f) === t.attributes && t.generation >= f.generation ? 'graviton' : undefined;
  }
  if (t.generation <= f.generation || otherAttributes(f) !== otherAttributes(t)) return undefined;
  if (isGraviton(f)) return isGraviton(t) ? 'generation' : undefined;
  return x86Maker(f) === x86Maker(t) ? 'generation' : undefined;
}

/** `db.m5.large` -> `m5.large`, `cache.r6g.xlarge` -> `r6g.xlarge`; other names unchanged. */
export function withoutPrefix(name: string): string {
  return name.replace(/^(db|cache)\./, '');
}

/** A runtime as language + numeric version (`nodejs22.x` -> nodejs [22], `python3.13` -> python [3, 13]). */
export function parseRuntime(runtime: string): { language: string; version: number[] } | undefined {
  const m = /^([a-z]+)(\d+(?:\.\d+)*)(\.x)?$/.exec(runtime);
  if (!m) return undefined; // provided.al2023, java17.al2023, nodejs4.3-edge: no like-for-like version
  return { language: m[1] as string, version: (m[2] as string).split('.').map(Number) };
}

function newerVersion(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return false;
}

/** Whether functions on `from` could move to the new runtime `to` (same language, newer version). */
export function runtimeUpgrade(from: string, to: string): boolean {
  const f = parseRuntime(from);
  const t = parseRuntime(to);
  return (
    f !== undefined && t !== undefined && f.language === t.language && newerVersion(t.version, f.version)
  );
}
