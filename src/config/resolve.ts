/**
 * The two substitutions the config loader performs on string fields before validating them:
 * `${NAME}` placeholders filled from the environment (so RPC and relay tokens never sit in
 * the YAML) and `deployment:<dotted.path>` references looked up in the devnet deployment JSON
 * (so devnet addresses are never copied by hand).
 *
 * Both return a result instead of throwing, so the schema can report the failure at the
 * field's YAML path. Messages name the variable or reference, never a filled-in value.
 */
import { DEPLOYMENT_REF_PREFIX, type LoadedDeployment } from './context.ts';

export type Resolution = { ok: true; value: string } | { ok: false; message: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REF_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Whether an environment variable name is well formed (shared with the secrets schema). */
export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** Whether a YAML string is a `deployment:` reference rather than a literal value. */
export function isDeploymentRef(value: string): boolean {
  return value.startsWith(DEPLOYMENT_REF_PREFIX);
}

/**
 * Looks a `deployment:a.b.0.c` reference up in the deployment JSON. Array indices are plain
 * numeric segments. The target must be a string (addresses and URLs are strings).
 *
 * @example resolveDeploymentRef('deployment:lrts.weETH.token', { file, data }) // { ok: true, value: '0x…' }
 */
export function resolveDeploymentRef(ref: string, deployment: LoadedDeployment | undefined): Resolution {
  const path = ref.slice(DEPLOYMENT_REF_PREFIX.length);
  if (!REF_PATH.test(path)) {
    return { ok: false, message: `malformed reference "${ref}": expected deployment:<dotted.path>` };
  }
  if (!deployment) {
    return { ok: false, message: `reference "${ref}" needs a deployment file, and none was loaded` };
  }
  let current: unknown = deployment.data;
  const walked: string[] = [];
  for (const segment of path.split('.')) {
    const next = childOf(current, segment);
    if (next === undefined) {
      const under = walked.length > 0 ? ` under "${walked.join('.')}"` : ' at the top level';
      return { ok: false, message: `cannot resolve "${ref}" in ${deployment.file}: no "${segment}"${under}` };
    }
    walked.push(segment);
    current = next;
  }
  if (typeof current !== 'string') {
    return { ok: false, message: `"${ref}" in ${deployment.file} is a ${describe(current)}, expected a string` };
  }
  return { ok: true, value: current };
}

/**
 * Fills every `${NAME}` in a string from `env`. An unset or empty variable is an error: a URL
 * with an empty token in it would fail later, far from the cause.
 *
 * @example interpolateEnv('https://rpc.example/${RPC_TOKEN}', { RPC_TOKEN: 'abc' }) // { ok: true, value: 'https://rpc.example/abc' }
 */
export function interpolateEnv(template: string, env: Readonly<Record<string, string | undefined>>): Resolution {
  let out = '';
  let index = 0;
  const missing: string[] = [];
  while (index < template.length) {
    const start = template.indexOf('${', index);
    if (start < 0) {
      out += template.slice(index);
      break;
    }
    const end = template.indexOf('}', start + 2);
    const name = end < 0 ? '' : template.slice(start + 2, end);
    if (end < 0 || !isEnvName(name)) {
      return { ok: false, message: 'malformed ${NAME} placeholder (names are letters, digits and _)' };
    }
    const value = env[name];
    if (value === undefined || value === '') missing.push(name);
    out += template.slice(index, start) + (value ?? '');
    index = end + 1;
  }
  if (missing.length > 0) {
    const names = missing.join(', ');
    return { ok: false, message: `environment variable${missing.length > 1 ? 's' : ''} ${names} not set (or empty), needed by a \${…} placeholder` };
  }
  return { ok: true, value: out };
}

/** Whether any string inside a parsed YAML tree is a `deployment:` reference. */
export function containsDeploymentRef(value: unknown): boolean {
  if (typeof value === 'string') return isDeploymentRef(value);
  if (Array.isArray(value)) return value.some(containsDeploymentRef);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsDeploymentRef);
  return false;
}

function childOf(container: unknown, segment: string): unknown {
  if (Array.isArray(container)) {
    return /^\d+$/.test(segment) ? container[Number(segment)] : undefined;
  }
  if (container !== null && typeof container === 'object' && Object.hasOwn(container, segment)) {
    return (container as Record<string, unknown>)[segment];
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'object' : typeof value;
}
