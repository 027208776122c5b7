/**
 * JSON Schema of the config file for editors (VS Code's YAML extension reads it through a
 * `# yaml-language-server: $schema=…` comment), generated from the same zod schema the loader
 * uses so the two never disagree.
 *
 * With a strategy registry, `strategy` blocks get per-strategy params schemas (one `anyOf`
 * branch per registered name), so the editor completes params too.
 *
 * @example writeFileSync('keeper.schema.json', JSON.stringify(configJsonSchema(), null, 2));
 */
import { z } from 'zod';
import type { StrategyRegistryView } from './context.ts';
import { STATIC_CONTEXT } from './context.ts';
import { configObjectSchema } from './schema.ts';

type JsonSchema = Record<string, unknown>;

export function configJsonSchema(strategies?: StrategyRegistryView): JsonSchema {
  const schema = configObjectSchema(STATIC_CONTEXT);
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  json.title = 'restake-keeper config';
  if (strategies) {
    const choice = strategyChoiceJson(strategies);
    const props = json.properties as Record<string, JsonSchema>;
    props.strategy = choice;
    const vaultProps = ((props.vaults?.items as JsonSchema | undefined)?.properties ?? {}) as Record<string, JsonSchema>;
    vaultProps.strategy = choice;
  }
  return json;
}

function strategyChoiceJson(strategies: StrategyRegistryView): JsonSchema {
  const branches = strategies.names.map((name) => {
    const params = strategies.paramsSchema(name);
    const paramsJson = params ? stripMeta(z.toJSONSchema(params, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : {};
    return {
      type: 'object',
      properties: { name: { const: name }, params: paramsJson },
      required: ['name'],
      additionalProperties: false,
    };
  });
  return { description: 'Strategy by name with its params', anyOf: branches };
}

function stripMeta(json: JsonSchema): JsonSchema {
  const { $schema: _ignored, ...rest } = json;
  return rest;
}
