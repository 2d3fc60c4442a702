/**
 * Work to undo when the process is interrupted (SIGINT, SIGTERM): child processes to stop and
 * temporary folders or git worktrees to remove, which `finally` blocks cannot do because a signal
 * ends the process without running them. Modules register an undo step while the thing exists and
 * unregister it once they cleaned up themselves; the CLI (src/cli/main.ts) runs what is left when
 * a signal arrives, newest first (a child process stops before the folder it runs in is removed),
 * and then exits 130 or 143. Undo steps are synchronous: nothing asynchronous runs after a signal.
 *
 * @example
 * const forget = onInterrupt(() => child.kill('SIGKILL'));
 * try { await finished; } finally { forget(); }
 */
const pending: Array<() => void> = [];

/** Registers `undo` to run if the process is interrupted; returns the function that unregisters it. */
export function onInterrupt(undo: () => void): () => void {
  pending.push(undo);
  return () => {
    const index = pending.lastIndexOf(undo);
    if (index >= 0) pending.splice(index, 1);
  };
}

/** Runs every registered undo step, newest first; a failing step does not stop the others. */
export function runInterruptCleanups(): void {
  while (pending.length > 0) {
    const undo = pending.pop();
    try {
      undo?.();
    } catch {
      // Best effort: the process is about to exit.
    }
  }
}

type Signal = 'SIGINT' | 'SIGTERM';
let takeover: ((signal: Signal) => void) | undefined;

/**
 * A long-running command (`holdfast serve`) handles SIGINT/SIGTERM itself (a graceful shutdown)
 * instead of the CLI's exit; returns the function that gives them back.
 */
export function takeOverSignals(handler: (signal: Signal) => void): () => void {
  takeover = handler;
  return () => {
    if (takeover === handler) takeover = undefined;
  };
}

/** Called by the CLI's signal handler: true when a command took the signal over (and was told). */
export function signalTakenOver(signal: Signal): boolean {
  if (takeover === undefined) return false;
  takeover(signal);
  return true;
}
