/**
 * Parses config YAML into plain data, with the one change to YAML 1.2 that an Ethereum config
 * needs: unquoted `0x…` and `0o…` scalars stay strings. The core schema would read an
 * unquoted address as a hex integer and silently round it to a float.
 */
import { LineCounter, parseDocument, type Tags } from 'yaml';
import { InputError } from '../domain/errors.ts';

/**
 * @example parseConfigYaml('weth: 0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2', 'a.yaml') // { weth: '0xC02a…' }
 * @throws InputError with `file:line:col: message` for each syntax problem (duplicate keys included).
 */
export function parseConfigYaml(text: string, source: string): unknown {
  const lineCounter = new LineCounter();
  // prettyErrors would append an excerpt of the source to each message; the source may hold
  // a pasted secret, so positions are computed here instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, customTags: dropRadixInts });
  if (doc.errors.length > 0) {
    const details = doc.errors.map((err) => {
      const { line, col } = lineCounter.linePos(err.pos[0]);
      return `${source}:${line}:${col}: ${err.message}`;
    });
    throw new InputError(`Config file ${source} is not valid YAML`, { details, code: 'CONFIG_YAML' });
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) {
    throw new InputError(`Config file ${source} is empty`, { details: [`file: ${source}`], code: 'CONFIG_YAML' });
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`Config file ${source} must be a mapping of sections`, {
      details: [`file: ${source}`, 'expected top-level keys such as chain:, universe:, vaults:'],
      code: 'CONFIG_YAML',
    });
  }
  return value;
}

function dropRadixInts(tags: Tags): Tags {
  return tags.filter((tag) => typeof tag === 'string' || !(tag.format === 'HEX' || tag.format === 'OCT'));
}
