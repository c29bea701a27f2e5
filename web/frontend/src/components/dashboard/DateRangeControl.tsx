import { BlockStack, Button, DatePicker, InlineStack, Popover, Select, Text } from '@shopify/polaris';
import { useState } from 'react';
import type { DateRange } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';
import { dayToLocalDate, lastDays, localDateToDay } from './range';

export type RangePreset = '7' | '30' | '90' | 'custom';

export interface RangeSelection {
  preset: RangePreset;
  range: DateRange;
}

interface Props {
  value: RangeSelection;
  timeZone: string;
  onChange(value: RangeSelection): void;
}

/** Preset ranges (7/30/90 days, in the shop's timezone) and a custom range picked in a calendar. */
export function DateRangeControl({ value, timeZone, onChange }: Props) {
  const { t, format } = useI18n();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState({ start: dayToLocalDate(value.range.from), end: dayToLocalDate(value.range.to) });
  const [month, setMonth] = useState(() => ({ month: draft.end.getMonth(), year: draft.end.getFullYear() }));

  const choosePreset = (preset: string) => {
    if (preset === 'custom') {
      onChange({ preset: 'custom', range: value.range });
      setOpen(true);
    } else {
      onChange({ preset: preset as RangePreset, range: lastDays(Number(preset), timeZone) });
    }
  };

  const apply = () => {
    onChange({ preset: 'custom', range: { from: localDateToDay(draft.start), to: localDateToDay(draft.end) } });
    setOpen(false);
  };

  return (
    <InlineStack gap="300" blockAlign="end" wrap>
      <Select
        label={t('dashboard.range.label')}
        options={[
          { label: t('dashboard.range.last7'), value: '7' },
          { label: t('dashboard.range.last30'), value: '30' },
          { label: t('dashboard.range.last90'), value: '90' },
          { label: t('dashboard.range.custom'), value: 'custom' },
        ]}
        value={value.preset}
        onChange={choosePreset}
      />
      {value.preset === 'custom' && (
        <Popover
          active={open}
          onClose={() => setOpen(false)}
          activator={
            <Button disclosure onClick={() => setOpen((o) => !o)}>
              {t('dashboard.range.pick')}
            </Button>
          }
        >
          <Popover.Pane fixed>
            <Popover.Section>
              <BlockStack gap="300">
                <DatePicker
                  month={month.month}
                  year={month.year}
                  onMonthChange={(m, y) => setMonth({ month: m, year: y })}
                  selected={draft}
                  onChange={(range) => setDraft({ start: range.start, end: range.end })}
                  allowRange
                  disableDatesAfter={dayToLocalDate(lastDays(1, timeZone).to)}
                />
                <InlineStack align="end">
                  <Button variant="primary" onClick={apply}>
                    {t('common.apply')}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Popover.Section>
          </Popover.Pane>
        </Popover>
      )}
      <Text as="p" tone="subdued">
        {t('dashboard.range.summary', { from: format.day(value.range.from), to: format.day(value.range.to) })}
      </Text>
    </InlineStack>
  );
}
