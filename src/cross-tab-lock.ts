interface LockManagerLike {
  request<T>(name: string, options: { mode: 'exclusive' }, callback: () => Promise<T>): Promise<T>;
}

/**
 * Runs `task` under the Web Locks API lock `name` when the runtime has one (browsers),
 * so that tabs of one origin never refresh the same session at once; elsewhere it just
 * runs `task`. Two parallel refreshes of one refresh token end the session (reuse
 * detection), so this is a correctness guard, not an optimisation.
 */
export function withExclusiveLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks === undefined || typeof locks.request !== 'function') return task();
  return locks.request(name, { mode: 'exclusive' }, task);
}
