/**
 * The devnet's proof server for an LRT reward stream, on loopback: it serves the newest
 * cumulative tree it was given, GET /<account> → { root, account, cumulativeAmount, proof },
 * 404 for an account not in the tree. `tamper` lets tests make it lie, as a remote service can.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getAddress, isAddress } from 'ethers';
import type { StreamTree } from '../../rewards/streams/merkle-tree.ts';

export interface StreamProofAnswer {
  root: string;
  account: string;
  cumulativeAmount: string;
  proof: string[];
}

export interface StreamProofServer {
  readonly url: string;
  /** Serve this tree from now on (the devnet posts its root on chain separately). */
  publish(tree: StreamTree): void;
  /** Rewrites each answer before it is sent; undefined: honest. */
  tamper: ((answer: StreamProofAnswer) => StreamProofAnswer) | undefined;
  stop(): Promise<void>;
}

/** @example const server = await startStreamProofServer(); server.publish(buildStreamTree(rows)); server.url */
export async function startStreamProofServer(): Promise<StreamProofServer> {
  let tree: StreamTree | undefined;
  const self: StreamProofServer = {
    url: '',
    publish: (next) => {
      tree = next;
    },
    tamper: undefined,
    stop: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const raw = decodeURIComponent((req.url ?? '/').split('?')[0]?.replace(/^\/+/, '') ?? '');
    if (req.method !== 'GET' || !isAddress(raw)) return send(400, { message: 'GET /<account address>' });
    const account = getAddress(raw);
    const row = tree?.rows.find((r) => getAddress(r.account) === account);
    if (tree === undefined || row === undefined) return send(404, { message: `no rewards for ${account}` });
    const honest: StreamProofAnswer = { root: tree.root, account, cumulativeAmount: row.cumulativeAmount.toString(), proof: [...(tree.proofs.get(account) ?? [])] };
    return send(200, self.tamper ? self.tamper(honest) : honest);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(self, { url: `http://127.0.0.1:${port}` });
}
