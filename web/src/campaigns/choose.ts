import type { Db } from '../db/client.js';
import { findProgram } from '../program/repository.js';
import { findAudiencePage } from './audience-repository.js';
import type { CampaignInput } from './repository.js';
import { audienceFilter, matchesAudience } from './rules/audience.js';
import { recipientTarget, selectRecipients } from './rules/recipients.js';

/** Members per audience page. @defaultValue 2000 */
const PAGE = 2000;

export interface Chosen {
  audienceSize: number;
  /** The recipients in the order drawn. */
  memberIds: number[];
}

/**
 * The campaign's audience at `now` (the query reads the facts, the pure rules decide) and the recipients drawn from
 * it with `seed`. Only the ids of matching members are kept in memory, page after page.
 */
export async function chooseRecipients(
  db: Db,
  shop: { id: number; timezone: string },
  campaign: Pick<CampaignInput, 'audience' | 'recipients'>,
  seed: number,
  now: Date,
): Promise<Chosen> {
  const tiers = (await findProgram(db, shop.id))?.tiers ?? [];
  const filter = audienceFilter(campaign.audience, { now, timeZone: shop.timezone, tiers });
  const audience: number[] = [];
  let after: string | null = null;
  do {
    const page = await findAudiencePage(db, shop.id, { tierIds: filter.tierIds && [...filter.tierIds], after, limit: PAGE });
    for (const candidate of page.candidates) if (matchesAudience(candidate, filter)) audience.push(candidate.memberId);
    after = page.next;
  } while (after !== null);
  return { audienceSize: audience.length, memberIds: selectRecipients(audience, recipientTarget(audience.length, campaign.recipients), seed) };
}
