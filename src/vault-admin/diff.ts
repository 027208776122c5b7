/**
 * A deployed RestakingVault against what the config needs (`deriveVaultSpec`): which call
 * rules, spenders, counterparties, positions and strategies are missing or surplus on chain,
 * and the loss limits and fees against the ones asked for. Each difference becomes an owner
 * call: surplus entries and lower limits are removed at once (narrowing is immediate), missing
 * ones are queued now and applied after the vault's timelock, with the change ids predicted
 * from the vault's changeNonce (valid if the queue batch is the owner's next queueing).
 * Surplus rules, spenders and counterparties are found from the vault's own events, read in
 * bounded eth_getLogs chunks (providers cap the range of one request).
 */
import { AbiCoder, Contract, Interface, getAddress, keccak256, type InterfaceAbi, type Log, type Provider } from 'ethers';
import { DEFAULT_LOG_CHUNK_BLOCKS, readLogsInChunks, type LogScanProgress } from '../chain/log-chunks.ts';
import { RESTAKING_VAULT_ABI, VAULT_CHANGE_KINDS } from '../protocols/vault/abi.ts';
import { vaultAdminCall, type GovernanceCall } from '../safe/governance.ts';
import { VAULT_FEES_ABI, VAULT_FEE_HOOKS_ABI } from './fee-abi.ts';
import { wordMask, type VaultSpec } from './vault-spec.ts';

export interface VaultOnChain {
  owner: string;
  guardian: string;
  keeper: string;
  paused: boolean;
  setupOpen: boolean;
  timelockSeconds: number;
  maxLossBps: number;
  maxWindowLossBps: number;
  feeController: string;
  fees: { recipient: string; managementBps: number; performanceBps: number; managementCapBps: number; performanceCapBps: number; highWaterMark: bigint; pendingShares: bigint };
}

export interface Difference {
  /** `missing`: the config needs it; `surplus`: on chain, not needed; `limit`/`fees`: a value differs. */
  kind: 'missing' | 'surplus' | 'limit' | 'fees';
  what: string;
}

export interface VaultDiff {
  vault: string;
  chainId: number;
  onChain: VaultOnChain;
  counts: { callRules: number; spenders: number; counterparties: number; positions: number; strategies: number };
  differences: Difference[];
  /** Owner calls to send now (narrowing, and the queueing of widening changes). */
  now: GovernanceCall[];
  /** Owner calls to send once `readyAt` (unix seconds) has passed: applyChange / applyFees. */
  afterTimelock: GovernanceCall[];
  readyAt?: number;
}

export interface Wanted {
  maxLossBps?: number;
  maxWindowLossBps?: number;
  fees?: { recipient: string; managementBps: number; performanceBps: number };
}

export interface EventScan {
  /** First block of the vault's allowlist events (its deployment; default 0). */
  fromBlock?: number;
  /** Blocks per eth_getLogs request (default 10,000), halved when the provider refuses a range. */
  chunkBlocks?: number;
  onProgress?: (progress: LogScanProgress) => void;
}

const vaultIface = new Interface([...RESTAKING_VAULT_ABI, ...VAULT_FEE_HOOKS_ABI, 'function changeNonce() view returns (uint256)'] as unknown as InterfaceAbi);
const feesIface = new Interface(VAULT_FEES_ABI as unknown as InterfaceAbi);
const coder = AbiCoder.defaultAbiCoder();
const kindOf = (name: (typeof VAULT_CHANGE_KINDS)[number]): number => VAULT_CHANGE_KINDS.indexOf(name);

/** @example const diff = await diffVault(provider, vaultAddress, spec, { maxLossBps: 50 }, { fromBlock: deployBlock }); */
export async function diffVault(provider: Provider, address: string, spec: VaultSpec, wanted: Wanted, events: EventScan = {}): Promise<VaultDiff> {
  const vault = new Contract(address, vaultIface, provider);
  const v = <T>(fn: string, ...args: unknown[]): Promise<T> => vault.getFunction(fn)(...args) as Promise<T>;
  const chainId = Number((await provider.getNetwork()).chainId);
  const feeController = getAddress(await v<string>('feeController'));
  const fc = new Contract(feeController, feesIface, provider);
  const f = <T>(fn: string): Promise<T> => fc.getFunction(fn)() as Promise<T>;
  const feeState = await f<[string, bigint, bigint, bigint]>('fees');
  const onChain: VaultOnChain = {
    owner: getAddress(await v<string>('owner')), guardian: getAddress(await v<string>('guardian')), keeper: getAddress(await v<string>('keeper')),
    paused: await v<boolean>('paused'), setupOpen: await v<boolean>('setupOpen'), timelockSeconds: Number(await v<bigint>('timelockDelay')),
    maxLossBps: Number(await v<bigint>('maxLossBps')), maxWindowLossBps: Number(await v<bigint>('maxWindowLossBps')), feeController,
    fees: {
      recipient: getAddress(feeState[0]), managementBps: Number(feeState[1]), performanceBps: Number(feeState[2]),
      managementCapBps: Number(await f<bigint>('managementFeeCapBps')), performanceCapBps: Number(await f<bigint>('performanceFeeCapBps')),
      highWaterMark: await f<bigint>('highWaterMark'), pendingShares: await f<bigint>('pendingShares'),
    },
  };

  const differences: Difference[] = [];
  const now: GovernanceCall[] = [];
  const queued: { kind: number; payload: string; label: string }[] = [];
  const queue = (what: string, fn: string, args: unknown[], kind: number, payload: string): void => {
    differences.push({ kind: 'missing', what });
    now.push(vaultAdminCall(address, fn, args));
    queued.push({ kind, payload, label: what });
  };
  const remove = (what: string, fn: string, args: unknown[]): void => {
    differences.push({ kind: 'surplus', what });
    now.push(vaultAdminCall(address, fn, args));
  };

  // Rules, spenders and counterparties as the vault's events left them.
  const live = await liveSets(provider, address, events);
  const wantedRules = new Set(spec.callRules.map((r) => `${r.target}:${r.selector}`.toLowerCase()));
  for (const r of spec.callRules) {
    const rule = { allowed: true, allowValue: r.allowValue, selfWords: wordMask(r.selfWords), counterpartyWords: wordMask(r.counterpartyWords) };
    const [allowed, allowValue, selfWords, counterpartyWords] = await v<[boolean, boolean, bigint, bigint]>('callRule', r.target, r.selector);
    if (allowed && allowValue === rule.allowValue && Number(selfWords) === rule.selfWords && Number(counterpartyWords) === rule.counterpartyWords) continue;
    const payload = coder.encode(['address', 'bytes4', 'tuple(bool,bool,uint32,uint32)'], [r.target, r.selector, [true, rule.allowValue, rule.selfWords, rule.counterpartyWords]]);
    queue(`rule ${r.label} (${r.target} ${r.selector})${allowed ? ' with other guards' : ''}`, 'queueCallRule', [r.target, r.selector, rule], kindOf('CallRule'), payload);
  }
  for (const key of live.rules) if (!wantedRules.has(key)) {
    const [target, selector] = key.split(':') as [string, string];
    remove(`rule ${getAddress(target)} ${selector} (the keeper never sends it)`, 'removeCallRule', [target, selector]);
  }
  const wantedSpenders = new Set(spec.spenders.map((s) => `${s.token}:${s.spender}`.toLowerCase()));
  for (const s of spec.spenders) {
    if (await v<boolean>('isApprovedSpender', s.token, s.spender)) continue;
    queue(`spender ${s.spenderLabel} for ${s.tokenLabel}`, 'queueSpender', [s.token, s.spender], kindOf('Spender'), coder.encode(['address', 'address'], [s.token, s.spender]));
  }
  for (const key of live.spenders) if (!wantedSpenders.has(key)) {
    const [token, spender] = key.split(':') as [string, string];
    remove(`spender ${getAddress(spender)} for ${getAddress(token)}`, 'removeSpender', [token, spender]);
  }
  const wantedCounterparties = new Set(spec.counterparties.map((c) => c.address.toLowerCase()));
  for (const c of spec.counterparties) {
    if (await v<boolean>('isCounterparty', c.address)) continue;
    queue(`counterparty ${c.label}`, 'queueCounterparty', [c.address], kindOf('Counterparty'), coder.encode(['address'], [c.address]));
  }
  for (const account of live.counterparties) if (!wantedCounterparties.has(account)) remove(`counterparty ${getAddress(account)}`, 'removeCounterparty', [account]);

  const positions = (await v<[string, [string, string]][]>('positions')).map(([token, [target, data]]) => ({ token: getAddress(token), target: getAddress(target), data }));
  for (const p of spec.positions) {
    const have = positions.find((x) => x.token === p.token);
    if (have && have.target === p.rateTarget && have.data.toLowerCase() === p.rateData.toLowerCase()) continue;
    queue(`position ${p.symbol} valued at ${p.rateLabel}`, 'queueSetPosition', [p.token, { target: p.rateTarget, data: p.rateData }], kindOf('SetPosition'), coder.encode(['address', 'tuple(address,bytes)'], [p.token, [p.rateTarget, p.rateData]]));
  }
  const strategies = (await v<string[]>('strategies')).map((s) => getAddress(s));
  // Strategies before positions on removal: the vault refuses to drop a position a strategy uses.
  for (const s of strategies) if (!spec.strategies.some((x) => x.strategy === s)) queueRemoval(`strategy ${s} (not in the config)`, 'queueRemoveStrategy', s, kindOf('RemoveStrategy'));
  for (const p of positions) if (!spec.positions.some((x) => x.token === p.token)) queueRemoval(`position ${p.token} (not in the config)`, 'queueRemovePosition', p.token, kindOf('RemovePosition'));
  for (const s of spec.strategies) {
    if (strategies.includes(s.strategy)) continue;
    queue(`strategy ${s.symbol}`, 'queueAddStrategy', [s.strategy], kindOf('AddStrategy'), coder.encode(['address'], [s.strategy]));
  }
  function queueRemoval(what: string, fn: string, subject: string, kind: number): void {
    differences.push({ kind: 'surplus', what });
    now.push(vaultAdminCall(address, fn, [subject]));
    queued.push({ kind, payload: coder.encode(['address'], [subject]), label: what });
  }

  const perCall = wanted.maxLossBps ?? onChain.maxLossBps;
  const perWindow = wanted.maxWindowLossBps ?? onChain.maxWindowLossBps;
  if (perCall !== onChain.maxLossBps || perWindow !== onChain.maxWindowLossBps) {
    const what = `loss limits ${onChain.maxLossBps}/${onChain.maxWindowLossBps} bps -> ${perCall}/${perWindow} bps`;
    if (perCall <= onChain.maxLossBps && perWindow <= onChain.maxWindowLossBps) {
      differences.push({ kind: 'limit', what: `${what} (lower: at once)` });
      now.push(vaultAdminCall(address, 'lowerLossLimits', [perCall, perWindow]));
    } else {
      differences.push({ kind: 'limit', what: `${what} (higher: after the timelock)` });
      now.push(vaultAdminCall(address, 'queueLossLimits', [perCall, perWindow]));
      queued.push({ kind: kindOf('LossLimits'), payload: coder.encode(['uint16', 'uint16'], [perCall, perWindow]), label: what });
    }
  }

  const afterTimelock: GovernanceCall[] = [];
  let nonce = await v<bigint>('changeNonce');
  for (const q of queued) {
    nonce += 1n;
    const id = keccak256(coder.encode(['uint256', 'address', 'uint256', 'uint8', 'bytes'], [chainId, address, nonce, q.kind, q.payload]));
    afterTimelock.push({ ...vaultAdminCall(address, 'applyChange', [id]), label: `vault.applyChange(${id}) — ${q.label}` });
  }
  const w = wanted.fees;
  if (w && (getAddress(w.recipient) !== onChain.fees.recipient || w.managementBps !== onChain.fees.managementBps || w.performanceBps !== onChain.fees.performanceBps)) {
    differences.push({ kind: 'fees', what: `fees ${onChain.fees.managementBps}/${onChain.fees.performanceBps} bps to ${onChain.fees.recipient} -> ${w.managementBps}/${w.performanceBps} bps to ${getAddress(w.recipient)}` });
    now.push({ to: feeController, value: 0n, data: feesIface.encodeFunctionData('queueFees', [w.recipient, w.managementBps, w.performanceBps]), label: `fees.queueFees(${w.recipient}, ${w.managementBps}, ${w.performanceBps})` });
    afterTimelock.push({ to: feeController, value: 0n, data: feesIface.encodeFunctionData('applyFees', []), label: 'fees.applyFees()' });
  }
  const latest = await provider.getBlock('latest');
  const readyAt = afterTimelock.length > 0 && latest ? latest.timestamp + (onChain.setupOpen ? 0 : onChain.timelockSeconds) : undefined;
  return {
    vault: getAddress(address), chainId, onChain, differences, now, afterTimelock: onChain.setupOpen ? [] : afterTimelock, ...(readyAt !== undefined && !onChain.setupOpen ? { readyAt } : {}),
    counts: { callRules: spec.callRules.length, spenders: spec.spenders.length, counterparties: spec.counterparties.length, positions: spec.positions.length, strategies: spec.strategies.length },
  };
}

/** Current (target:selector), (token:spender) and counterparty sets, replayed from the vault's events in order. */
async function liveSets(provider: Provider, address: string, events: EventScan): Promise<{ rules: Set<string>; spenders: Set<string>; counterparties: Set<string> }> {
  const names = ['CallRuleSet', 'CallRuleRemoved', 'SpenderSet', 'CounterpartySet'];
  const topics = names.map((n) => vaultIface.getEvent(n)?.topicHash as string);
  // A fixed head: the chunks must end where the scan was planned to, not follow new blocks.
  const head = await provider.getBlockNumber();
  const logs = await readLogsInChunks<Log>({
    what: `allowlist events of vault ${address}`,
    fromBlock: events.fromBlock ?? 0,
    toBlock: head,
    chunkBlocks: events.chunkBlocks ?? DEFAULT_LOG_CHUNK_BLOCKS,
    read: (from, to) => provider.getLogs({ address, fromBlock: from, toBlock: to, topics: [topics] }),
    ...(events.onProgress ? { onProgress: events.onProgress } : {}),
  });
  const rules = new Set<string>();
  const spenders = new Set<string>();
  const counterparties = new Set<string>();
  for (const log of logs) {
    const e = vaultIface.parseLog(log);
    if (!e) continue;
    const a = e.args;
    if (e.name === 'CallRuleSet') rules.add(`${a[0]}:${a[1]}`.toLowerCase());
    if (e.name === 'CallRuleRemoved') rules.delete(`${a[0]}:${a[1]}`.toLowerCase());
    if (e.name === 'SpenderSet') (a[2] ? spenders.add.bind(spenders) : spenders.delete.bind(spenders))(`${a[0]}:${a[1]}`.toLowerCase());
    if (e.name === 'CounterpartySet') (a[1] ? counterparties.add.bind(counterparties) : counterparties.delete.bind(counterparties))(String(a[0]).toLowerCase());
  }
  return { rules, spenders, counterparties };
}
