import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { PathTokens } from '../../../main/ipc/path-tokens';

/** The refusal a redeem gives, or null when it returned a path. */
function refusal(tokens: PathTokens, clientId: string, token: string): string | null {
  try {
    tokens.redeem(clientId, token);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
}

describe('PathTokens: one-use tokens for dropped paths', () => {
  it('gives the path back once, to the window that minted it', () => {
    const tokens = new PathTokens();
    const token = tokens.mint('window:1', '/home/user/project');
    expect(token).not.toContain('project');
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(tokens.redeem('window:1', token)).toBe('/home/user/project');
    expect(refusal(tokens, 'window:1', token)).toBe('forbidden');
    expect(tokens.size).toBe(0);
  });

  it('refuses another window, and the token is burnt by that attempt', () => {
    const tokens = new PathTokens();
    const token = tokens.mint('window:1', '/home/user/project');
    expect(refusal(tokens, 'window:2', token)).toBe('forbidden');
    expect(refusal(tokens, 'window:1', token)).toBe('forbidden');
  });

  it('refuses a path or anything else it did not mint, with a message that says what to do', () => {
    const tokens = new PathTokens();
    tokens.mint('window:1', '/home/user/project');
    expect(refusal(tokens, 'window:1', '/home/user/project')).toBe('forbidden');
    expect(() => tokens.redeem('window:1', 'made-up')).toThrow(/drop .* or pick|Open folder/);
  });

  it('expires', () => {
    let now = 1_000;
    const tokens = new PathTokens({ ttlMs: 500, now: () => now });
    const early = tokens.mint('window:1', '/a');
    const late = tokens.mint('window:1', '/b');
    now += 499;
    expect(tokens.redeem('window:1', early)).toBe('/a');
    now += 1;
    expect(refusal(tokens, 'window:1', late)).toBe('forbidden');
    // Expired ones are forgotten on the next mint, so they do not take room.
    tokens.mint('window:1', '/c');
    now += 1_000;
    tokens.mint('window:1', '/d');
    expect(tokens.size).toBe(1);
  });

  it('keeps a bounded number: past it, the oldest is forgotten', () => {
    const tokens = new PathTokens({ max: 3 });
    const minted = ['/1', '/2', '/3', '/4', '/5'].map((p) => tokens.mint('window:1', p));
    expect(tokens.size).toBe(3);
    expect(refusal(tokens, 'window:1', minted[0]!)).toBe('forbidden');
    expect(refusal(tokens, 'window:1', minted[1]!)).toBe('forbidden');
    expect(minted.slice(2).map((t) => tokens.redeem('window:1', t))).toEqual(['/3', '/4', '/5']);
  });

  it("forgets a closed window's tokens and no other's", () => {
    const tokens = new PathTokens();
    const gone = tokens.mint('window:1', '/a');
    const kept = tokens.mint('window:2', '/b');
    tokens.forgetClient('window:1');
    expect(refusal(tokens, 'window:1', gone)).toBe('forbidden');
    expect(tokens.redeem('window:2', kept)).toBe('/b');
  });

  it('never mints the same token twice', () => {
    const tokens = new PathTokens({ max: 5_000 });
    const seen = new Set(Array.from({ length: 5_000 }, (_, i) => tokens.mint('window:1', `/p${i}`)));
    expect(seen.size).toBe(5_000);
  });
});
