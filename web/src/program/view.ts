import type { ProgramRecord } from './repository.js';

/** `GET /api/program` (CONTRACT.md): ids as strings, decimals as JSON numbers. */
export interface ProgramView {
  earning: { pointsPerCurrencyUnit: number };
  tiers: { id: string; name: string; threshold: number; multiplier: number }[];
  rewards: { id: string; name: string; kind: ProgramRecord['rewards'][number]['kind']; cost: number; value: number | null; active: boolean }[];
}

export function toProgramView(program: ProgramRecord): ProgramView {
  return {
    earning: { pointsPerCurrencyUnit: Number(program.pointsPerCurrencyUnit) },
    tiers: program.tiers.map((t) => ({
      id: String(t.id),
      name: t.name,
      threshold: t.threshold,
      multiplier: Number(t.multiplier),
    })),
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
