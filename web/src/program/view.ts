import type { ProgramRecord } from './repository.js';

/** `GET /api/program` (CONTRACT.md): ids as strings, decimals as JSON numbers. */
export interface ProgramView {
  earning: { pointsPerCurrencyUnit: number };
  tiers: { id: string; name: string; threshold: number; multiplier: number }[];
  rewards: { id: string; name: string; kind: ProgramRecord['rewards'][number]['kind']; cost: number; value: number | null; active: boolean }[];
}

/** A tier as the contract shows it (`GET /api/program`, `GET /proxy/customer`). */
export function toTierView(tier: ProgramRecord['tiers'][number]): ProgramView['tiers'][number] {
  return { id: String(tier.id), name: tier.name, threshold: tier.threshold, multiplier: Number(tier.multiplier) };
}

export function toProgramView(program: ProgramRecord): ProgramView {
  return {
    earning: { pointsPerCurrencyUnit: Number(program.pointsPerCurrencyUnit) },
    tiers: program.tiers.map(toTierView),
    rewards: program.rewards.map((r) => ({
      id: String(r.id),
      name: r.name,
      kind: r.kind,
      cost: r.cost,
      value: r.value === null ? null : Number(r.value),
      active: r.active,
    })),
  };
}
