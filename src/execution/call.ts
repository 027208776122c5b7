/**
 * One contract call of a plan, before any backend decides how to send it (a transaction of
 * its own for the eoa backend, an entry of RestakingVault.execute for the vault backend).
 */
export interface Call {
  readonly to: string;
  readonly data: string;
  readonly value: bigint;
  /** Human-readable, for logs and `keeper execute` output, e.g. `approve ezETH → router`. */
  readonly label: string;
  /** Index of the plan action this call serves. */
  readonly action: number;
}

/** A transaction the signer will sign (nonce, fees and gas limit are added later). */
export interface UnsignedTx {
  readonly to: string;
  readonly data: string;
  readonly value: bigint;
  readonly label: string;
  /** Gas the planner budgeted for it, used as a generous limit for the first simulation. */
  readonly gasBudget: number;
}
