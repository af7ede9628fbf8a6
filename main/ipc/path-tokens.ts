import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';

export interface PathTokensOptions {
  /** How long a token stays good: a drop is opened at once, so this only bounds what an unused one is worth. */
  ttlMs?: number;
  /** At most this many unused tokens are kept (all windows together); minting past it forgets the oldest. */
  max?: number;
  now?: () => number;
}

interface Grant {
  clientId: string;
  path: string;
  expires: number;
}

const REFUSED =
  'Hapyy opens only what you drop on its window or pick with “Open folder…” (this drop was not recognised, or was already used). Drop the item again or pick it.';

/**
 * One-use tokens for paths the user dropped. The preload turns a dropped file into a path and hands it to main over
 * a channel the page cannot call; main keeps the path here and gives the page only a token, bound to the window the
 * drop landed on. `projects:open` redeems it. A token is good once (it is burnt by any attempt, so one that leaked is
 * worthless), for one window, for a short time; the number kept is bounded.
 */
export class PathTokens {
  private readonly grants = new Map<string, Grant>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(options: PathTokensOptions = {}) {
    this.ttlMs = options.ttlMs ?? 2 * 60_000;
    this.max = options.max ?? 64;
    this.now = options.now ?? Date.now;
  }

  mint(clientId: string, path: string): string {
    this.forgetExpired();
    while (this.grants.size >= this.max) this.grants.delete(this.grants.keys().next().value as string);
    const token = randomBytes(24).toString('base64url');
    this.grants.set(token, { clientId, path, expires: this.now() + this.ttlMs });
    return token;
  }

  /** The path behind the token, if this client minted it and it is unused and unexpired; a `forbidden` error otherwise. */
  redeem(clientId: string, token: string): string {
    const grant = this.grants.get(token);
    this.grants.delete(token);
    if (!grant || grant.clientId !== clientId || grant.expires <= this.now()) throw new AppError('forbidden', REFUSED);
    return grant.path;
  }

  /** A window that closed: its unused tokens go with it. */
  forgetClient(clientId: string): void {
    for (const [token, grant] of this.grants) if (grant.clientId === clientId) this.grants.delete(token);
  }

  get size(): number {
    return this.grants.size;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [token, grant] of this.grants) if (grant.expires <= now) this.grants.delete(token);
  }
}
