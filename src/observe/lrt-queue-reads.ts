/**
 * Reads of the holder's LRT-queue requests in flight (ether.fi withdraw NFTs, Renzo and Kelp
 * requests, Swell NFTs), in two phases. Phase one rides in the tick's batch: how many requests
 * the chain holds for the holder (and the ether.fi NFT's address). Phase two, only when a
 * request is in flight or tracked, reads each request at the same block: Renzo and Kelp are
 * enumerable by index; the NFT queues are read per tracked ticket, and their NFT balance says
 * whether any ticket is not tracked. Every read here is a view that does not revert for a
 * ticket that is gone (it answers zeros), so a request claimed by someone else cannot make a
 * whole tick unreadable.
 */
import { Interface } from 'ethers';
import { firstAddress, firstUint, read, type Read } from '../chain/read.ts';
import type { Address } from '../domain/types.ts';

const ETH_MARKER = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';

const etherfiPool = new Interface(['function withdrawRequestNFT() view returns (address)']);
const etherfiNft = new Interface([
  'function balanceOf(address owner) view returns (uint256)',
  'function getRequest(uint256 requestId) view returns ((uint96 amountOfEEth, uint96 shareOfEEth, bool isValid, uint32 feeGwei))',
  'function getClaimableAmount(uint256 requestId) view returns (uint256)',
  'function isFinalized(uint256 requestId) view returns (bool)',
]);
const renzoQueue = new Interface([
  'function getOutstandingWithdrawRequests(address user) view returns (uint256)',
  'function withdrawRequests(address user, uint256 index) view returns (address collateralToken, uint256 withdrawRequestID, uint256 amountToRedeem, uint256 ezETHLocked, uint256 createdAt)',
]);
const renzoQueueCooldown = new Interface(['function coolDownPeriod() view returns (uint256)']);
const kelpManager = new Interface([
  'function getUserWithdrawalRequestCount(address asset, address user) view returns (uint256)',
  'function getUserWithdrawalRequest(address asset, address user, uint256 index) view returns (uint256 rsETHAmount, uint256 expectedAssetAmount, uint256 withdrawalStartBlock, uint256 userNonce)',
  'function nextLockedNonce(address asset) view returns (uint256)',
]);
const swellNft = new Interface([
  'function balanceOf(address owner) view returns (uint256)',
  'function withdrawalRequests(uint256 tokenId) view returns (uint256 amount, uint256 lastTokenIdProcessed, uint256 rateWhenCreated)',
  'function getProcessedRateForTokenId(uint256 tokenId) view returns (bool isProcessed, uint256 processedRate)',
]);

const uintAt = (i: number) => (v: ArrayLike<unknown>): bigint => {
  const x = v[i];
  if (typeof x !== 'bigint' || x < 0n) throw new TypeError(`expected a uint at ${i}, got ${String(x)}`);
  return x;
};
const boolAt = (i: number) => (v: ArrayLike<unknown>): boolean => {
  const x = v[i];
  if (typeof x !== 'boolean') throw new TypeError(`expected a bool at ${i}, got ${String(x)}`);
  return x;
};

export const etherfiNftAddress = (pool: Address): Read<`0x${string}`> => read(pool, etherfiPool, 'withdrawRequestNFT', [], 'etherfi.withdrawRequestNFT', firstAddress);
export const nftBalance = (nft: string, holder: Address, label: string): Read<bigint> => read(nft, etherfiNft, 'balanceOf', [holder], `${label}.balanceOf`, firstUint);

export const etherfiRequest = (nft: string, id: bigint): Read<{ valid: boolean }> =>
  read(nft, etherfiNft, 'getRequest', [id], `etherfi.getRequest(${id})`, (v) => ({ valid: boolAt(2)(v[0] as ArrayLike<unknown>) }));
export const etherfiClaimable = (nft: string, id: bigint): Read<bigint> => read(nft, etherfiNft, 'getClaimableAmount', [id], `etherfi.getClaimableAmount(${id})`, firstUint);
export const etherfiFinalized = (nft: string, id: bigint): Read<boolean> => read(nft, etherfiNft, 'isFinalized', [id], `etherfi.isFinalized(${id})`, boolAt(0));

export const renzoCooldown = (queue: Address): Read<number> => read(queue, renzoQueueCooldown, 'coolDownPeriod', [], 'renzo.coolDownPeriod', (v) => Number(firstUint(v)));
export const renzoCount = (queue: Address, holder: Address): Read<bigint> => read(queue, renzoQueue, 'getOutstandingWithdrawRequests', [holder], 'renzo.getOutstandingWithdrawRequests', firstUint);
export const renzoRow = (queue: Address, holder: Address, index: number): Read<{ requestId: bigint; amountWei: bigint; createdAt: number }> =>
  read(queue, renzoQueue, 'withdrawRequests', [holder, index], `renzo.withdrawRequests(${index})`, (v) => ({ requestId: uintAt(1)(v), amountWei: uintAt(2)(v), createdAt: Number(uintAt(4)(v)) }));

export const kelpCount = (manager: Address, holder: Address): Read<bigint> => read(manager, kelpManager, 'getUserWithdrawalRequestCount', [ETH_MARKER, holder], 'kelp.getUserWithdrawalRequestCount', firstUint);
export const kelpNextLocked = (manager: Address): Read<bigint> => read(manager, kelpManager, 'nextLockedNonce', [ETH_MARKER], 'kelp.nextLockedNonce', firstUint);
export const kelpRow = (manager: Address, holder: Address, index: number): Read<{ nonce: bigint; amountWei: bigint }> =>
  read(manager, kelpManager, 'getUserWithdrawalRequest', [ETH_MARKER, holder, index], `kelp.getUserWithdrawalRequest(${index})`, (v) => ({ nonce: uintAt(3)(v), amountWei: uintAt(1)(v) }));

export const swellRequest = (nft: Address, id: bigint): Read<{ amount: bigint; rateWhenCreated: bigint }> =>
  read(nft, swellNft, 'withdrawalRequests', [id], `swell.withdrawalRequests(${id})`, (v) => ({ amount: uintAt(0)(v), rateWhenCreated: uintAt(2)(v) }));
export const swellProcessed = (nft: Address, id: bigint): Read<{ processed: boolean; rate: bigint }> =>
  read(nft, swellNft, 'getProcessedRateForTokenId', [id], `swell.getProcessedRateForTokenId(${id})`, (v) => ({ processed: boolAt(0)(v), rate: uintAt(1)(v) }));
