/**
 * JSON with bigints, for Redis records: bigints are written as `{"$big":"123"}` and read back
 * as bigint, so amounts survive a round trip exactly (plain JSON.stringify throws on bigint).
 */

/** @example toJson({ wei: 5n }) // '{"wei":{"$big":"5"}}' */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { $big: v.toString() } : v));
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const big = (v as { $big?: unknown }).$big;
      if (keys.length === 1 && typeof big === 'string' && /^-?\d+$/.test(big)) return BigInt(big);
    }
    return v;
  }) as T;
}
