/**
 * JSON for scripts: bigints become decimal strings (JSON has no integer type wide enough for
 * wei), everything else is left as it is.
 * @example toJson({ wei: 10n ** 18n }) // '{"wei":"1000000000000000000"}'
 */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent);
}
