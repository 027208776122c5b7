/**
 * `keeper config validate --rpc` for an LRT's reward streams (lrts[].rewardStreams): the token
 * answers its symbol, the distributor pays that token and has a root view, and the price pair
 * is the token's pair against WETH made by the configured factory: the sale of a claimed stream
 * goes through the router's path [token, WETH], which trades in exactly that factory's pair, so
 * a pair from another factory would price one pool and sell into another.
 */
import { answersAddress, pairCalls, tokenCalls, view, type AddressProbe } from './chain-probes.ts';
import type { KeeperConfig, LrtConfig } from './schema.ts';

/** @example streamProbes(config.lrts[0], 'lrts.0', config) */
export function streamProbes(lrt: LrtConfig, at: string, config: KeeperConfig): AddressProbe[] {
  const probes: AddressProbe[] = [];
  lrt.rewardStreams.forEach((stream, i) => {
    if (stream.kind !== 'token') return;
    const path = `${at}.rewardStreams.${i}`;
    const [symbol] = tokenCalls(stream.symbol);
    probes.push(
      // Any decimals: the claim and its valuation read them from the token.
      { path: `${path}.token`, address: stream.token, what: `${stream.symbol} token`, calls: [...(symbol ? [symbol] : []), view('function decimals() view returns (uint8)')] },
      {
        path: `${path}.claim.cumulativeMerkle.distributor`, address: stream.claim.cumulativeMerkle.distributor, what: `${stream.name} distributor`,
        calls: [answersAddress('function token() view returns (address)', stream.token, `${path}.token`), view('function merkleRoot() view returns (bytes32)')],
      },
    );
    if (stream.price !== undefined && 'uniswapV2Pair' in stream.price) {
      probes.push({ path: `${path}.price.uniswapV2Pair`, address: stream.price.uniswapV2Pair, what: `${stream.symbol}/WETH pair`, calls: pairCalls(stream.token, stream.symbol, config.universe.weth, config.universe.uniswap.factory) });
    }
  });
  return probes;
}
