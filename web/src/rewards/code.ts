import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for each other when read aloud or typed (no 0/O, 1/I/L). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A fresh discount code `LOYALE-XXXX-XXXX`: 8 random characters of 31, about 40 bits. */
export function generateRedemptionCode(random: (max: number) => number = randomInt): string {
  const block = () => Array.from({ length: 4 }, () => CODE_ALPHABET[random(CODE_ALPHABET.length)]).join('');
  return `LOYALE-${block()}-${block()}`;
}

export const REDEMPTION_CODE_PATTERN = new RegExp(`^LOYALE-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`);
