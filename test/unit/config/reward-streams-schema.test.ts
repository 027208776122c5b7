import { describe, expect, it } from 'vitest';
import { rewardStreamsSchema } from '../../../src/config/reward-streams-schema.ts';
import { STATIC_CONTEXT } from '../../../src/config/context.ts';

const schema = rewardStreamsSchema(STATIC_CONTEXT);
const token = {
  name: 'etherfi-avs',
  kind: 'token',
  token: '0x00000000000000000000000000000000000000d1',
  symbol: 'KING',
  rate: { source: 'announced', apr: 0.012 },
  claim: { cumulativeMerkle: { distributor: '0x00000000000000000000000000000000000000d2', proofUrl: 'https://proofs.example.org/king' } },
};

describe('lrts[].rewardStreams', () => {
  it('defaults to none and to paying liquid holdings', () => {
    expect(schema.parse(undefined)).toEqual([]);
    const [parsed] = schema.parse([token, { name: 'loyalty', kind: 'points', unit: 'loyalty points' }]);
    expect(parsed).toMatchObject({ heldAs: ['liquid'], claim: { cumulativeMerkle: { timeoutMs: 10_000 } } });
  });

  it('refuses a measured rate without a price, a repeated name and points with a rate', () => {
    expect(schema.safeParse([{ ...token, rate: { source: 'claims' } }]).error?.issues[0]?.message).toContain('needs a price');
    expect(schema.safeParse([token, token]).error?.issues[0]?.message).toContain('used twice');
    expect(schema.safeParse([{ name: 'p', kind: 'points', unit: 'pts', rate: { source: 'announced', apr: 0.1 } }]).success).toBe(false);
  });
});
