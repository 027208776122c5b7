/**
 * Child processes that must not outlive the keeper (Anvil, a private redis-server), even when
 * the keeper is killed with SIGKILL: the program runs under a small shell guard that holds a
 * pipe from us and kills the program as soon as that pipe closes, which the kernel does for
 * us however the parent dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts `bin args…` under the guard, in a process group of its own: Ctrl-C at a terminal
 * reaches only our process, which then stops its children in order.
 * @example const proc = spawnTiedToParent('/usr/bin/redis-server', ['--port', '6390'], 'redis-guard');
 */
export function spawnTiedToParent(bin: string, args: readonly string[], name: string): ChildProcess {
  // `cat` returns when our end of stdin closes (normal stop or parent death), then the shell
  // kills the program. `exec` is avoided on purpose: the shell must stay alive.
  const guard = 'bin="$1"; shift; "$bin" "$@" & child=$!; cat >/dev/null; kill "$child" 2>/dev/null; wait "$child" 2>/dev/null';
  return spawn('/bin/sh', ['-c', guard, name, bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
}

/** Closes the guard's pipe and waits for the exit; SIGKILL after 3 s. */
export async function stopTiedProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.stdin?.end();
  const timer = setTimeout(() => proc.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
