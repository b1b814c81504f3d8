/**
 * Instance type naming rules used by the EC2 checks. Which types are current generation and which
 * arm64 families a region offers come from DescribeInstanceTypes (the snapshot); only the naming
 * convention and the like-for-like class list below are static.
 *
 * Naming convention (source: https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html,
 * checked 2025-06): `<class><generation><attributes>.<size>`, e.g. `m6id.large` = class m, generation 6,
 * attributes `id` (i = Intel, d = local NVMe). Processor attributes: `a` = AMD, `i` = Intel, `g` = Graviton.
 */

export interface InstanceTypeParts {
  type: string;
  family: string; // m6id
  size: string; // large
  cls: string; // m
  generation: number; // 6
  attributes: string; // id
}

const FAMILY_RE = /^([a-z]+?)(\d+)([a-z-]*)$/;

/** Parses `m6id.large`; undefined for names outside the convention (u-6tb1.metal, mac2-m2pro.metal). */
export function parseInstanceType(type: string): InstanceTypeParts | undefined {
  const dot = type.indexOf('.');
  const family = dot < 0 ? type : type.slice(0, dot);
  const size = dot < 0 ? '' : type.slice(dot + 1);
  const m = FAMILY_RE.exec(family);
  if (!m) return undefined;
  const [, cls = '', gen = '', attributes = ''] = m;
  return { type, family, size, cls, generation: Number(gen), attributes };
}

export function familyOf(type: string): string {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
}

/**
 * Classes whose arm64 sibling is a like-for-like replacement: general purpose (m, t), compute (c),
 * memory (r, x) and storage (i) optimized. Accelerated classes (g, p, inf, trn, dl, f, vt) and
 * special ones (hpc, mac, u, z) are left out: their arm64 namesakes carry different accelerators or
 * none, so suggesting them would be a false alarm. (AWS instance type docs, checked 2025-06.)
 */
export const GRAVITON_COMPARABLE_CLASSES: readonly string[] = ['m', 't', 'c', 'r', 'x', 'i'];

/**
 * The arm64 attribute string an x86 family's Graviton sibling would carry: drop the processor letter
 * (`a` AMD, `i` Intel) and the `-flex` variant, prefix `g`. `m5` -> `g` (m6g, m7g), `m6id` -> `gd`
 * (m6gd), `c6in` -> `gn` (c6gn, c7gn), `t3a` -> `g` (t4g). Undefined when the family is already Graviton.
 */
export function gravitonAttributesFor(parts: InstanceTypeParts): string | undefined {
  let attrs = parts.attributes.replace(/-flex$/, '');
  if (attrs.startsWith('g')) return undefined;
  if (attrs.startsWith('a') || attrs.startsWith('i')) attrs = attrs.slice(1);
  return `g${attrs}`;
}

/**
 * Rule: an x86 family has an arm64 counterpart when a family with the same class and the Graviton
 * form of its attributes (see gravitonAttributesFor) is among the region's arm64 families.
 * Returns the matching families, newest generation first.
 */
export function gravitonCounterparts(instanceType: string, gravitonFamilies: readonly string[]): string[] {
  const parts = parseInstanceType(instanceType);
  if (!parts || !GRAVITON_COMPARABLE_CLASSES.includes(parts.cls)) return [];
  const want = gravitonAttributesFor(parts);
  if (want === undefined) return [];
  return gravitonFamilies
    .map((f) => parseInstanceType(f))
    .filter((p): p is InstanceTypeParts => p !== undefined && p.cls === parts.cls && p.attributes === want)
    .sort((a, b) => b.generation - a.generation || a.family.localeCompare(b.family))
    .map((p) => p.family);
}
