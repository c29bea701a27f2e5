import { z } from 'zod';
import type { PerkGrantRecord, TierPerkSetting, TierPerksRecord } from '../../perks/settings-repository.js';
import { domainCheck } from '../../validation/field-errors.js';
import type { Assert, Equals } from '../wire/checks.js';
import type * as Wire from '../wire/index.js';
import { editorVersion, idField } from './common.js';
import { failureJson } from './failure.js';

// The wire's lists are the server's: a new grant status must be added to the wire types too.
type _GrantStatuses = Assert<Equals<PerkGrantRecord['status'], Wire.PerkGrantStatus>>;

/**
 * `PUT /api/tier-perks`: `{ version, perks: [{ tierId, rewardId | null, active }] }`, each tier at most once (10 tiers
 * at most); `version` as the GET gave it.
 */
export const tierPerksBody = z
  .object({
    version: editorVersion,
    perks: z.array(z.object({ tierId: idField, rewardId: idField.nullable(), active: z.boolean() })).max(10),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<number>();
    body.perks.forEach((perk, i) => {
      if (seen.has(perk.tierId)) ctx.addIssue({ code: 'custom', path: ['perks', i, 'tierId'], ...domainCheck('tier_listed_twice') });
      seen.add(perk.tierId);
    });
  })
  .transform((body): { version: number; perks: TierPerkSetting[] } => body);

type _Body = Assert<Equals<z.input<typeof tierPerksBody>, Wire.Versioned<Wire.TierPerksBody>>>;

/** `GET|PUT /api/tier-perks` answer: every tier with its perk, and the rewards a perk may name; ids as strings. */
export function toTierPerksJson({ version, perks, rewards }: TierPerksRecord): Wire.TierPerks {
  return {
    version,
    perks: perks.map((p) => ({
      tierId: String(p.tierId),
      tierName: p.tierName,
      threshold: p.threshold,
      rewardId: p.rewardId === null ? null : String(p.rewardId),
      active: p.active,
    })),
    rewards: rewards.map((r) => ({
      id: String(r.id),
      name: r.name,
      kind: r.kind,
      active: r.active,
      productMissingAt: r.productMissingAt?.toISOString() ?? null,
    })),
  };
}

/** `GET /api/customers/:customerId/perk-grants` answer. */
export function toPerkGrantsJson(grants: readonly PerkGrantRecord[]): Wire.PerkGrantList {
  return {
    grants: grants.map((g) => ({
      id: String(g.id),
      periodKey: g.periodKey,
      tierName: g.tierName,
      rewardName: g.rewardName,
      code: g.code,
      status: g.status,
      expiresAt: g.expiresAt.toISOString(),
      createdAt: g.createdAt.toISOString(),
      ...failureJson(g.failure),
    })),
  };
}
