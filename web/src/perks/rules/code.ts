import { createHmac } from 'node:crypto';
import { CODE_ALPHABET } from '../../rewards/code.js';

/** What makes a grant unique: the shop, the perk, the member and the month. */
export interface GrantKey {
  shopId: number;
  perkId: number;
  memberId: number;
  periodKey: string;
}

export const PERK_CODE_PATTERN = new RegExp(`^PERK-[${CODE_ALPHABET}]{5}-[${CODE_ALPHABET}]{5}$`);

/**
 * The discount code of a grant, `PERK-XXXXX-XXXXX`: derived from the grant's key with an HMAC under the app's secret,
 * so a retry (another process, after a crash) computes the same code and can ask the platform whether it exists
 * before creating it; a shopper cannot guess another's code from their own. The prefix keeps perk codes apart from
 * redemption codes (`LOYALE-XXXX-XXXX`). 10 characters of 31: about 50 bits.
 */
export function perkGrantCode(secret: string, key: GrantKey): string {
  const digest = createHmac('sha256', secret)
    .update(`perk-grant:${key.shopId}:${key.perkId}:${key.memberId}:${key.periodKey}`)
    .digest();
  const chars = Array.from(digest.subarray(0, 10), (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
  return `PERK-${chars.slice(0, 5)}-${chars.slice(5)}`;
}
