/**
 * Reading a file a publisher writes next to the chain (rewards trees, operator-set rates):
 * absent is a normal state (nothing published yet), anything else wrong is an InputError
 * naming the file.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../domain/errors.ts';

/**
 * @param what what the file is, for errors: 'rewards tree file'
 * @returns the parsed JSON, or undefined when the file does not exist
 * @example const json = await readPublishedJson('/tmp/rewards/3.json', 'rewards tree file');
 */
export async function readPublishedJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new InputError(`cannot read the ${what}`, { details: [`file: ${file}`], cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new InputError(`${what} is not JSON`, { details: [`file: ${file}`], cause });
  }
}
