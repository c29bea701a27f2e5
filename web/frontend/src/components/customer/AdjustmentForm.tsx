import { Banner, BlockStack, Button, Card, Form, FormLayout, Text, TextField } from '@shopify/polaris';
import { useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency';
import { singleFlight } from '../../api/single-flight';
import type { AdjustmentResult } from '../../api/types';
import { useApi } from '../../hooks/useApi';
import { useI18n } from '../../hooks/useI18n';

/** A whole number as a number; anything else as typed, so the server's validation names the problem. */
function parseDelta(input: string): number | string {
  const trimmed = input.trim();
  return /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

interface Props {
  customerId: string;
  onAdjusted(result: AdjustmentResult): void;
  /** The adjustment may have been booked though no answer said so (a lost answer, a 409): show the balance as it is. */
  onMaybeBooked(): void;
}

export function AdjustmentForm({ customerId, onAdjusted, onMaybeBooked }: Props) {
  const api = useApi();
  const { t } = useI18n();
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Readonly<Record<string, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // One key per intended adjustment: a double submit or a retry after a lost answer books it once. Changed values
  // are another adjustment, so editing takes a new key (with the old one, the server would refuse them: 409).
  const idempotencyKey = useRef(newIdempotencyKey());
  const renewKey = () => {
    idempotencyKey.current = newIdempotencyKey();
  };
  const [oneSubmitAtATime] = useState(() => singleFlight<void>());

  const submit = () =>
    oneSubmitAtATime(async () => {
      setSubmitting(true);
      setFailure(null);
      try {
        const result = await api.adjust(customerId, {
          delta: parseDelta(delta),
          reason,
          idempotencyKey: idempotencyKey.current,
        });
        renewKey();
        setDelta('');
        setReason('');
        setFieldErrors({});
        onAdjusted(result);
      } catch (error) {
        if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
          setFieldErrors(error.fieldErrors);
          return;
        }
        setFailure(t('common.requestFailed', { message: (error as Error).message }));
        // 409: the key was booked with other values; sending these again is a new adjustment.
        if (error instanceof ApiError && error.status === 409) renewKey();
        onMaybeBooked();
      } finally {
        setSubmitting(false);
      }
    });

  return (
    <Card>
      <Form onSubmit={() => void submit()}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t('adjust.title')}
          </Text>
          {failure && (
            <Banner tone="critical" onDismiss={() => setFailure(null)}>
              <p>{failure}</p>
            </Banner>
          )}
          <FormLayout>
            <TextField
              id="adjust-delta"
              // The answer clears the fields: nothing may be typed into them meanwhile.
              disabled={submitting}
              label={t('adjust.delta')}
              type="number"
              step={1}
              value={delta}
              onChange={(value) => {
                setDelta(value);
                renewKey();
                setFieldErrors(({ delta: _removed, ...rest }) => rest);
              }}
              helpText={t('adjust.deltaHelp')}
              error={fieldErrors.delta}
              autoComplete="off"
            />
            <TextField
              id="adjust-reason"
              disabled={submitting}
              label={t('adjust.reason')}
              value={reason}
              onChange={(value) => {
                setReason(value);
                renewKey();
                setFieldErrors(({ reason: _removed, ...rest }) => rest);
              }}
              helpText={t('adjust.reasonHelp')}
              error={fieldErrors.reason}
              multiline={2}
              maxLength={500}
              autoComplete="off"
              requiredIndicator
            />
            <Button submit variant="primary" loading={submitting}>
              {t('adjust.submit')}
            </Button>
          </FormLayout>
        </BlockStack>
      </Form>
    </Card>
  );
}
