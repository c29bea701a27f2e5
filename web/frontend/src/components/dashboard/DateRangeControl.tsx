import { BlockStack, Button, DatePicker, InlineError, InlineStack, Popover, Select, Text } from '@shopify/polaris';
import { useState } from 'react';
import type { DateRange } from '../../api/types';
import { useI18n } from '../../hooks/useI18n';
import { dayFormatter, MAX_RANGE_DAYS, rangeDays } from './days';
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

const draftOf = (range: DateRange) => ({ start: dayToLocalDate(range.from), end: dayToLocalDate(range.to) });
const monthOf = (day: Date) => ({ month: day.getMonth(), year: day.getFullYear() });

/**
 * Preset ranges (7/30/90 days, in the shop's timezone) and a custom range picked in a calendar, at most
 * MAX_RANGE_DAYS long (the server refuses longer ones).
 */
export function DateRangeControl({ value, timeZone, onChange }: Props) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(() => draftOf(value.range));
  const [month, setMonth] = useState(() => monthOf(draft.end));
  const drafted = { from: localDateToDay(draft.start), to: localDateToDay(draft.end) };
  const tooLong = rangeDays(drafted) > MAX_RANGE_DAYS;
  const day = dayFormatter(locale, true);

  /** Opens the calendar on `range`, the one shown now (not what was picked, or left unapplied, before). */
  const openPicker = (range: DateRange) => {
    const fresh = draftOf(range);
    setDraft(fresh);
    setMonth(monthOf(fresh.end));
    setOpen(true);
  };

  const choosePreset = (preset: string) => {
    if (preset === 'custom') {
      onChange({ preset: 'custom', range: value.range });
      openPicker(value.range);
    } else {
      onChange({ preset: preset as RangePreset, range: lastDays(Number(preset), timeZone) });
    }
  };

  const apply = () => {
    if (tooLong) return;
    onChange({ preset: 'custom', range: drafted });
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
            <Button disclosure onClick={() => (open ? setOpen(false) : openPicker(value.range))}>
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
                {tooLong && <InlineError fieldID="dashboard-range-picker" message={t('dashboard.range.tooLong', { maximum: MAX_RANGE_DAYS })} />}
                <InlineStack align="end">
                  <Button variant="primary" onClick={apply} disabled={tooLong}>
                    {t('common.apply')}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Popover.Section>
          </Popover.Pane>
        </Popover>
      )}
      <Text as="p" tone="subdued" id="dashboard-range-summary">
        {t('dashboard.range.summary', { from: day(value.range.from), to: day(value.range.to) })}
      </Text>
    </InlineStack>
  );
}
