// What a malformed frame looks like: the three ways real feeds break, picked at random.
//   invalid-json  the frame with its double quotes turned into single quotes (not JSON at all)
//   wrong-types   valid JSON whose payload has one field of the wrong type ("E": "1699…", "c": 1.5)
//   truncated     the frame cut off part-way, as a broken proxy would deliver it
export type GarbageKind = 'invalid-json' | 'wrong-types' | 'truncated';

export const GARBAGE_KINDS: readonly GarbageKind[] = ['invalid-json', 'wrong-types', 'truncated'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Paths to every leaf (string, number, boolean) of `value`. */
function leaves(
  value: Json,
  path: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  else out.push(path);
  return out;
}

/** A value of another JSON type than `v`, so no schema for the field can accept both. */
function otherType(v: Json): Json {
  if (typeof v === 'string') return Number.isFinite(Number(v)) && v !== '' ? Number(v) : 0;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return 'null';
}

function wrongTypes(text: string, random: () => number): string {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    return text.slice(0, Math.max(1, text.length >> 1));
  }
  // In a combined frame, damage the payload rather than the envelope.
  const root: Json =
    value !== null && typeof value === 'object' && !Array.isArray(value) && 'data' in value
      ? (value.data ?? null)
      : value;
  const paths = leaves(root);
  if (paths.length === 0 || root === null || typeof root !== 'object') return '"garbage"';
  const path = paths[Math.floor(random() * paths.length)]!;
  let parent = root as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  parent[last] = otherType(parent[last]!);
  return JSON.stringify(value);
}

export function garble(text: string, kind: GarbageKind, random: () => number): string {
  switch (kind) {
    case 'invalid-json':
      return text.includes('"') ? text.replaceAll('"', "'") : `${text}}`;
    case 'wrong-types':
      return wrongTypes(text, random);
    case 'truncated':
      return text.slice(0, 1 + Math.floor(random() * Math.max(1, text.length - 2)));
  }
}

export function randomGarbage(text: string, random: () => number): string {
  return garble(text, GARBAGE_KINDS[Math.floor(random() * GARBAGE_KINDS.length)]!, random);
}
